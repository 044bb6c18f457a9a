// The jobs' setbacks as the sync keeps them: counts per table and in total, the last failure per
// table, and which tables still fail (until a job of theirs finishes).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { currentFailures, EMPTY_FAILURE_RECORD, recordSetbacks } from '../../src/replication/failure-record.js';
import { createTracker, track, type TrackerState } from '../../src/replication/job-tracker.js';
import type { JobSetbacks } from '../../src/replication/job-failures.js';
import { tableKey } from '../../src/meta/table-key.js';

const T0 = Date.UTC(2026, 0, 1);
const abort = (table: string, attempt: number, job: string, reason = 'Source snapshots is empty') =>
  ({ db: 'shop', table, partitions: ['p1'], kind: 'aborted', remoteJobId: job, phase: 'ABORTED', attempt, reason, retryAt: 0 }) as const;
const refusal = (table: string, attempt: number, reason: string) => ({ db: 'shop', table, partitions: ['p1'], kind: 'refused', attempt, reason, retryAt: 0 }) as const;
const busy = (table: string) => ({ db: 'shop', table, reason: 'Replication job of table 12 is already running', retryAt: 0 });
const batch = (change: Partial<JobSetbacks>): JobSetbacks => ({ failures: [], admissions: [], stalePlans: [], ...change });

/** A tracker holding one job per table, as a plan leaves it. */
function trackerFor(...tables: string[]): TrackerState {
  return track(createTracker(), { type: 'planned', now: T0, candidates: tables.map((table) => ({ db: 'shop', table, partitions: ['p1'], dataSize: 1, sourceVersions: { p1: 2 } })) });
}

test('aborts, refusals with an error and admission refusals are counted per table and in total; the last failure is kept', () => {
  let record = recordSetbacks(EMPTY_FAILURE_RECORD, batch({ failures: [abort('orders', 1, 'cs-1-0')], admissions: [busy('users'), busy('users')] }), T0);
  record = recordSetbacks(record, batch({ failures: [refusal('orders', 2, 'Table 12 in database shop not found')] }), T0 + 1_000);
  assert.deepEqual(record.total, { aborts: 1, refusals: 1, admissionRefusals: 2 });
  assert.deepEqual(record.tables.get(tableKey('shop', 'orders')), {
    aborts: 1,
    refusals: 1,
    admissionRefusals: 0,
    lastFailure: { at: T0 + 1_000, kind: 'refused', attempt: 2, reason: 'Table 12 in database shop not found' },
  });
  assert.deepEqual(record.tables.get(tableKey('shop', 'users')), { aborts: 0, refusals: 0, admissionRefusals: 2 });
  // Nothing new: the same record, not a copy.
  assert.equal(recordSetbacks(record, batch({ stalePlans: [{ db: 'shop', table: 'users', reason: 'No data need to replicate' }] }), T0 + 2_000), record);
  // The record given in is not changed.
  assert.deepEqual(EMPTY_FAILURE_RECORD.total, { aborts: 0, refusals: 0, admissionRefusals: 0 });
});

test('a table fails until one of its jobs finishes, and only while it still has work', () => {
  const record = recordSetbacks(EMPTY_FAILURE_RECORD, batch({ failures: [abort('orders', 2, 'cs-1-1'), abort('users', 1, 'cs-2-0', 'the FE restarted while the job was running')] }), T0);
  let tracker = trackerFor('orders', 'users');
  assert.deepEqual(currentFailures(record, tracker), [
    { db: 'shop', table: 'orders', at: T0, kind: 'aborted', attempt: 2, reason: 'Source snapshots is empty', job: 'cs-1-1' },
    { db: 'shop', table: 'users', at: T0, kind: 'aborted', attempt: 1, reason: 'the FE restarted while the job was running', job: 'cs-2-0' },
  ]);
  // orders' next job finishes: orders no longer fails.
  tracker = track(tracker, { type: 'sent', now: T0 + 1_000, jobId: 1 });
  tracker = track(tracker, { type: 'observed', now: T0 + 2_000, jobId: 1, seen: { outcome: 'done', phase: 'COMMITTED' }, targetVersions: { p1: 2 } });
  assert.deepEqual(currentFailures(record, tracker).map((f) => f.table), ['users']);
  // users is no longer planned (dropped on the source, or deselected): nothing fails.
  tracker = track(tracker, { type: 'planned', now: T0 + 3_000, candidates: [] });
  assert.deepEqual(currentFailures(record, tracker), []);
});
