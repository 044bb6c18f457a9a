// What the HTTP API answers, from the sync loop's state alone: the phase, a table's standing and
// next step, the initial copy's ETA.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load-config.js';
import { initialLoopState, type LoopState } from '../../src/daemon/loop-state.js';
import { EMPTY_SYNC_STATE } from '../../src/daemon/sync-state-file.js';
import { phaseOf, statusView, tablesView, tableView } from '../../src/http/views.js';
import { nextLag } from '../../src/report/lag.js';
import { withFinishedJobs, withPlan } from '../../src/report/table-progress.js';
import { track } from '../../src/replication/job-tracker.js';
import { withSample } from '../../src/report/history.js';
import { catalog, everything, partition, replicated, table } from '../helpers/catalog-fixtures.js';
import { MINIMAL_CLUSTERS, writeConf } from '../helpers/config-files.js';
import { scratchDir } from '../helpers/scratch.js';

const dir = scratchDir('views');
const config = loadConfig({ conf: writeConf(dir, MINIMAL_CLUSTERS), hosts: join(dir, 'none') }).config;
const T = 1_700_000_000_000;
const p1 = partition('p1', 5, { dataSize: 4000 });
const source = catalog('source', table('shop', 'orders', [p1]));
const emptyTarget = catalog('target', table('shop', 'orders', [replicated(p1, 1)]));
const syncedTarget = catalog('target', table('shop', 'orders', [replicated(p1, 5)]));
const candidate = { db: 'shop', table: 'orders', partitions: ['p1'], dataSize: 4000, sourceVersions: { p1: 5 } };

/** The state after a meta round over these catalogues, with `candidates` planned. */
function planned(target = emptyTarget, synced = false, candidates = synced ? [] : [candidate]): LoopState {
  const base = initialLoopState(config, EMPTY_SYNC_STATE);
  const lag = nextLag(base.lag, source, target, everything, T);
  return {
    ...base,
    round: 1,
    metaNow: false,
    lastRun: { ...base.lastRun, meta: T },
    catalogs: { source, target },
    lag,
    tracker: track(base.tracker, { type: 'planned', now: T, candidates }),
    tables: withPlan(base.tables, { tables: [{ db: 'shop', table: 'orders', synced }], asOf: T }),
  };
}
const facts = (state: LoopState, now = T + 60_000) => ({
  now,
  startedAt: T,
  oneTime: false,
  ended: false,
  settings: config.settings,
  clusters: { source: { fe: 's:9030', release: '3.3.9' }, target: { fe: 't:9030', release: '3.3.9' } },
  window: { open: true, changesAt: null },
});

test('the phase: starting, initial copy, in sync, catching up, paused, stopped', () => {
  assert.equal(phaseOf(initialLoopState(config, EMPTY_SYNC_STATE), false), 'starting');
  assert.equal(phaseOf(planned(), false), 'initial copy');
  assert.equal(phaseOf(planned(syncedTarget, true), false), 'in sync');
  const caughtUpOnce = planned();
  const later = { ...caughtUpOnce, tables: withPlan(withPlan(caughtUpOnce.tables, { tables: [{ db: 'shop', table: 'orders', synced: true }], asOf: T }), { tables: [{ db: 'shop', table: 'orders', synced: false }], asOf: T + 1 }) };
  assert.equal(phaseOf(later, false), 'catching up');
  const paused = planned();
  assert.equal(phaseOf({ ...paused, remembered: { ...paused.remembered, steering: { ...paused.remembered.steering, pausedAll: true } } }, false), 'paused');
  assert.equal(phaseOf(planned(), true), 'stopped');
});

test('a table behind: its lag, bytes and what comes next; the jobs of many tables are looked up once', () => {
  const state = planned();
  const view = tableView(state, 'shop', 'orders', T + 30_000)!;
  assert.equal(view.state, 'queued');
  assert.equal(view.lagSeconds, 30);
  assert.deepEqual([view.bytesTotal, view.bytesBehind, view.bytesDone], [4000, 4000, 0]);
  assert.equal(view.next, 'replicate p1');
  assert.deepEqual(view.partitions, [{ partition: 'p1', sourceVersion: 5, targetVersion: 1, behindSince: new Date(T).toISOString(), bytes: 4000 }]);
  assert.equal(tableView(state, 'shop', 'nope', T), undefined);
  const sent = { ...state, tracker: track(state.tracker, { type: 'sent', now: T + 1000, jobId: 1, remoteJobId: 'job-1' }) };
  const replicating = tablesView(sent, T + 2000).tables[0]!;
  assert.equal(replicating.state, 'replicating');
  assert.equal(replicating.next, 'wait for job job-1 (sent)');
});

test("throughput and the initial copy's ETA come from the samples of the meta rounds", () => {
  let state = planned(catalog('target', table('shop', 'orders', [replicated(p1, 1)])));
  state = { ...state, history: withSample(withSample([], T, 0, { seconds: 0, bytes: 8000, partitions: 1 }), T + 10_000, 1000, { seconds: 10, bytes: 4000, partitions: 1 }) };
  const view = statusView(state, facts(state, T + 10_000));
  assert.equal(view.phase, 'initial copy');
  assert.equal(view.throughput.bytesPerSecond, 100);
  assert.equal(view.initialCopy.bytesLeft, 4000);
  assert.equal(view.initialCopy.etaSeconds, 40);
  assert.deepEqual(view.lag, { seconds: 10, bytes: 4000, partitions: 1 });
  assert.equal(view.next.meta, 'next in 170.0 s');
  const done = planned(syncedTarget, true);
  const finished = { ...done, tables: withFinishedJobs(done.tables, new Map()) };
  assert.deepEqual(statusView(finished, facts(finished)).initialCopy, { done: true, bytesLeft: 0, etaSeconds: null });
});
