// The running configuration's one owner: what it re-reads is in force at once for every reader.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RunningConfig } from '../../src/config/running-config.js';
import type { SyncConfig } from '../../src/config/load-config.js';

test('reload says whether the configuration in force changed, and every reader sees the new one', () => {
  const first = { settings: { meta_job_interval_seconds: 10 } } as unknown as SyncConfig;
  const second = { settings: { meta_job_interval_seconds: 20 } } as unknown as SyncConfig;
  let next = first;
  const running = new RunningConfig(first, () => next);
  const reader = () => running.current.settings.meta_job_interval_seconds;
  assert.equal(running.reload().changed, false, 'the same object: nothing applied');
  assert.equal(reader(), 10);
  next = second;
  assert.equal(running.reload().changed, true);
  assert.equal(reader(), 20);
  assert.equal(new RunningConfig(first).reload().changed, false, 'without files to re-read nothing changes');
});

test('reload passes on what the re-read applied, refused or left for a restart', () => {
  const first = { settings: { meta_job_interval_seconds: 10 } } as unknown as SyncConfig;
  const second = { settings: { meta_job_interval_seconds: 20 } } as unknown as SyncConfig;
  const applying = new RunningConfig(first, () => ({ config: second, applied: ['meta_job_interval_seconds'], needRestart: ['http_port'] }));
  assert.deepEqual(applying.reload(), { changed: true, applied: ['meta_job_interval_seconds'], needRestart: ['http_port'], refused: null });
  const refusing = new RunningConfig(first, (running) => ({ config: running, refused: 'sync.properties: meta_job_interval_seconds: expected an integer' }));
  assert.deepEqual(refusing.reload(), { changed: false, applied: [], needRestart: [], refused: 'sync.properties: meta_job_interval_seconds: expected an integer' });
  assert.equal(refusing.current, first);
});
