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
  assert.equal(running.reload(), false, 'the same object: nothing applied');
  assert.equal(reader(), 10);
  next = second;
  assert.equal(running.reload(), true);
  assert.equal(reader(), 20);
  assert.equal(new RunningConfig(first).reload(), false, 'without files to re-read nothing changes');
});
