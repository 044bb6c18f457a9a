// Which step of the sync loop is due, and why not when it is not: decided from the state alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load-config.js';
import { schedule } from '../../src/daemon/loop-schedule.js';
import { initialLoopState, ranAt, type LoopState } from '../../src/daemon/loop-state.js';
import { EMPTY_SYNC_STATE } from '../../src/daemon/sync-state-file.js';
import type { DdlTask } from '../../src/ddl/ddl-plan.js';
import { catalog } from '../helpers/catalog-fixtures.js';
import { MINIMAL_CLUSTERS, writeConf } from '../helpers/config-files.js';
import { scratchDir } from '../helpers/scratch.js';

const dir = scratchDir('loop-schedule');
const config = loadConfig({ conf: writeConf(dir, { ...MINIMAL_CLUSTERS, meta_job_interval_seconds: '60', ddl_job_interval_seconds: '10' }), hosts: join(dir, 'none') }).config;
const settings = config.settings;
const T = 1_000_000_000;
const fresh = initialLoopState(config, EMPTY_SYNC_STATE);
const afterMeta: LoopState = { ...ranAt(fresh, 'meta', T), metaNow: false };
const task: DdlTask = { kind: 'create_database', db: 'shop', reason: 'missing on the target' };

test('the first meta round is due at once; then every meta_job_interval_seconds, or at once when asked', () => {
  assert.deepEqual(schedule('meta', fresh, settings, T), { due: true });
  assert.deepEqual(schedule('meta', afterMeta, settings, T + 15_000), { due: false, reason: 'next in 45.0 s' });
  assert.deepEqual(schedule('meta', afterMeta, settings, T + 60_000), { due: true });
  assert.deepEqual(schedule('meta', { ...afterMeta, metaNow: true }, settings, T + 1), { due: true });
});

test('after failed reads the meta round comes back sooner, backing off, never later than its interval', () => {
  const failing = { ...afterMeta, metaFailures: 2, metaRetryMs: 2_000 };
  assert.deepEqual(schedule('meta', failing, settings, T + 1_000), { due: false, reason: 'next in 1.0 s' });
  assert.deepEqual(schedule('meta', failing, settings, T + 2_000), { due: true });
  assert.deepEqual(schedule('meta', { ...failing, metaRetryMs: 600_000 }, settings, T + 60_000), { due: true });
});

test('DDL runs only with statements pending, every ddl_job_interval_seconds', () => {
  assert.deepEqual(schedule('ddl', afterMeta, settings, T), { due: false, reason: 'no DDL pending' });
  const pending = { ...afterMeta, ddl: { pending: [task], blocked: [] } };
  assert.deepEqual(schedule('ddl', pending, settings, T), { due: true });
  assert.deepEqual(schedule('ddl', ranAt(pending, 'ddl', T), settings, T + 4_000), { due: false, reason: 'next in 6.0 s' });
});

test('replication waits for a first catalogue, and runs at once when a plan found work', () => {
  assert.deepEqual(schedule('replication', fresh, settings, T), { due: false, reason: 'no catalogue read yet' });
  const read = { ...ranAt(afterMeta, 'replication', T), catalogs: { source: catalog('source'), target: catalog('target') } };
  assert.deepEqual(schedule('replication', read, settings, T + 1_000), { due: false, reason: 'next in 9.0 s' });
  assert.deepEqual(schedule('replication', { ...read, replicateNow: true }, settings, T + 1_000), { due: true });
});
