import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countTables, EMPTY_TABLE_PROGRESS, withFinishedJobs, withPlan, type TableProgressModel } from '../../src/report/table-progress.js';
import { tableProgress } from '../../src/report/progress.js';
import { planReplication } from '../../src/replication/plan.js';
import { countJobs, createTracker, track, type TrackerState } from '../../src/replication/job-tracker.js';
import type { TableSyncStatus } from '../../src/replication/candidate.js';
import type { PartitionModel } from '../../src/meta/catalog-model.js';
import { catalog, everything, partition, replicated, table } from '../helpers/catalog-fixtures.js';

const status = (name: string, synced: boolean): TableSyncStatus => ({ db: 'shop', table: name, synced });

test('finished, unfinished and expired over rounds of plans and jobs', () => {
  let tracker = createTracker();
  let model: TableProgressModel = EMPTY_TABLE_PROGRESS;
  const round = (asOf: number, tables: TableSyncStatus[]) => {
    model = withFinishedJobs(withPlan(model, { tables, asOf }), tracker.tables);
    return countTables(model);
  };

  // Round 1: a and b lag, c is already in sync (an empty table): c counts as finished.
  assert.deepEqual(round(100, [status('a', false), status('b', false), status('c', true)]), { total: 3, finished: 1, unfinished: 2, expired: 0 });

  // a's job finishes at 150.
  tracker = [
    { type: 'planned', now: 100, candidates: [{ db: 'shop', table: 'a', partitions: ['p1'], dataSize: 1, sourceVersions: { p1: 2 } }] },
    { type: 'sent', now: 110, jobId: 1 },
    { type: 'observed', now: 150, jobId: 1, seen: { outcome: 'done', phase: 'COMMITTED' }, targetVersions: { p1: 2 } },
  ].reduce((s, e) => track(s, e as Parameters<typeof track>[1]), tracker);
  model = withFinishedJobs(model, tracker.tables);
  assert.deepEqual(countTables(model), { total: 3, finished: 2, unfinished: 1, expired: 0 });

  // Round 2 was read at 140, before a's job finished: it still shows a behind, which is stale, not expired.
  assert.deepEqual(round(140, [status('a', false), status('b', false), status('c', true)]), { total: 3, finished: 2, unfinished: 1, expired: 0 });

  // Round 3 (read at 200): new data on the source of a and c. Both are finished tables the source moved past.
  assert.deepEqual(round(200, [status('a', false), status('b', false), status('c', false)]), { total: 3, finished: 2, unfinished: 1, expired: 2 });
  assert.equal(
    tableProgress(countTables(model)),
    'Sync table progress: finishedTableRatio: 66.67%, expiredTableRatio: 66.67%, total table: 3, finished table: 2, unfinished table: 1, expired table: 2',
  );

  // Round 4: a and c caught up again, b is in sync too; a new table d appears.
  assert.deepEqual(round(300, [status('a', true), status('b', true), status('c', true), status('d', false)]), { total: 4, finished: 3, unfinished: 1, expired: 0 });

  // Round 5: c was dropped from the source (or deselected): it leaves the report.
  assert.deepEqual(round(400, [status('a', true), status('b', true), status('d', true)]), { total: 3, finished: 3, unfinished: 0, expired: 0 });
  assert.equal(
    tableProgress(countTables(model)),
    'Sync table progress: finishedTableRatio: 100.00%, expiredTableRatio: 0.00%, total table: 3, finished table: 3, unfinished table: 0, expired table: 0',
  );
});

test('a table split into several jobs is finished after its first job, and not expired while the others run', () => {
  let tracker: TrackerState = createTracker();
  const candidates = ['p1', 'p2'].map((p) => ({ db: 'shop', table: 'big', partitions: [p], dataSize: 1, sourceVersions: { [p]: 5 } }));
  tracker = track(tracker, { type: 'planned', now: 0, candidates });
  tracker = track(tracker, { type: 'sent', now: 1, jobId: 1 });
  tracker = track(tracker, { type: 'observed', now: 50, jobId: 1, seen: undefined, targetVersions: { p1: 5, p2: 1 } });
  let model = withFinishedJobs(withPlan(EMPTY_TABLE_PROGRESS, { tables: [status('big', false)], asOf: 100 }), tracker.tables);
  assert.deepEqual(countTables(model), { total: 1, finished: 1, unfinished: 0, expired: 0 });

  tracker = track(tracker, { type: 'sent', now: 110, jobId: 2 });
  tracker = track(tracker, { type: 'observed', now: 150, jobId: 2, seen: undefined, targetVersions: { p1: 5, p2: 5 } });
  model = withFinishedJobs(model, tracker.tables);
  assert.deepEqual(countTables(model), { total: 1, finished: 1, unfinished: 0, expired: 0 });
  // Now caught up at 150: a plan read later that shows it behind makes it expired.
  model = withFinishedJobs(withPlan(model, { tables: [status('big', false)], asOf: 200 }), tracker.tables);
  assert.deepEqual(countTables(model), { total: 1, finished: 1, unfinished: 0, expired: 1 });
});

test('from catalogues to both report lines: progress goes down when new data arrives', () => {
  const p1 = partition('p1', 3);
  const source = (version: number, readAt: number) => catalog('source', [table('shop', 'sales', [{ ...p1, visibleVersion: version }]), table('shop', 'empty', [partition('e', 1)])], readAt);
  const target = (version: number, readAt: number) => {
    const copy: PartitionModel = replicated(p1, version);
    return catalog('target', [table('shop', 'sales', [copy]), table('shop', 'empty', [replicated(partition('e', 1), 1)])], readAt);
  };
  const options = { selected: everything, maxDataSizePerJobGb: -1 };

  let tracker = createTracker();
  let model: TableProgressModel = EMPTY_TABLE_PROGRESS;
  let plan = planReplication(source(3, 100), target(1, 100), options);
  tracker = track(tracker, { type: 'planned', now: 100, candidates: plan.candidates });
  model = withFinishedJobs(withPlan(model, plan), tracker.tables);
  assert.deepEqual(countJobs(tracker), { jobPending: 1, sent: 0, running: 0, finished: 0, failed: 0, unknown: 0 });
  assert.deepEqual(countTables(model), { total: 2, finished: 1, unfinished: 1, expired: 0 });

  tracker = track(tracker, { type: 'sent', now: 110, jobId: 1 });
  tracker = track(tracker, { type: 'observed', now: 120, jobId: 1, seen: { outcome: 'done', phase: 'COMMITTED' }, targetVersions: { p1: 3 } });
  model = withFinishedJobs(model, tracker.tables);
  assert.deepEqual(countJobs(tracker), { jobPending: 0, sent: 0, running: 0, finished: 1, failed: 0, unknown: 0 });
  assert.deepEqual(countTables(model), { total: 2, finished: 2, unfinished: 0, expired: 0 });

  // A load on the source: the next round plans one more job; job and table progress go down.
  plan = planReplication(source(4, 200), target(3, 200), options);
  tracker = track(tracker, { type: 'planned', now: 200, candidates: plan.candidates });
  model = withFinishedJobs(withPlan(model, plan), tracker.tables);
  assert.deepEqual(countTables(model), { total: 2, finished: 2, unfinished: 0, expired: 1 });
  assert.deepEqual(countJobs(tracker), { jobPending: 1, sent: 0, running: 0, finished: 1, failed: 0, unknown: 0 });
});
