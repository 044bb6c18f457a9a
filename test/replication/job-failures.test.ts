// What went wrong between two tracker states: each failed attempt once (an abort seen in
// SHOW PROC '/replications', a refusal with an error), admission refusals apart, and the line the
// WARN log gets for a failure.
// StarRocks: fe/fe-core/src/main/java/com/starrocks/replication/ReplicationMgr.java (the admission refusals' texts)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTracker, track, type TrackerEvent, type TrackerState } from '../../src/replication/job-tracker.js';
import { failureLine, failureText, jobSetbacks, newFailures } from '../../src/replication/job-failures.js';
import type { ReplicationCandidate } from '../../src/replication/candidate.js';

/** No jitter: the retry times are exact (1 s, then 2 s, ...). */
const OPTIONS = { backoff: { initialMs: 1_000, maxMs: 60_000, jitter: 0 } };
const T0 = Date.UTC(2026, 0, 1);

const candidate = (table: string, versions: Record<string, number>): ReplicationCandidate => ({ db: 'shop', table, partitions: Object.keys(versions), dataSize: 1, sourceVersions: versions });
const run = (state: TrackerState, ...events: TrackerEvent[]) => events.reduce(track, state);
const aborted = (jobId: number, now: number, error: string): TrackerEvent => ({ type: 'observed', now, jobId, seen: { outcome: 'failed', phase: 'ABORTED', error }, targetVersions: {} });
const running = (jobId: number, now: number): TrackerEvent => ({ type: 'observed', now, jobId, seen: { outcome: 'in-progress', phase: 'SNAPSHOTING' }, targetVersions: {} });

const planned = () => run(createTracker(OPTIONS), { type: 'planned', now: T0, candidates: [candidate('orders', { p1: 5, p2: 3 }), candidate('users', { p1: 7 })] });

test('an abort is found once: at the observe round that saw it, with the FE job id, the attempt, the reason and the retry', () => {
  const sent = run(planned(), { type: 'sent', now: T0, jobId: 1, remoteJobId: 'cs-1-0' });
  const seenRunning = run(sent, running(1, T0 + 1_000));
  assert.deepEqual(newFailures(sent, seenRunning), []);
  const seenAborted = run(seenRunning, aborted(1, T0 + 2_000, 'Source snapshots is empty'));
  assert.deepEqual(newFailures(seenRunning, seenAborted), [
    { db: 'shop', table: 'orders', partitions: ['p1', 'p2'], kind: 'aborted', remoteJobId: 'cs-1-0', phase: 'ABORTED', attempt: 1, reason: 'Source snapshots is empty', retryAt: T0 + 3_000 },
  ]);
  // The next rounds still list the aborted job: it is not watched any more, so not found again.
  const later = run(seenAborted, aborted(1, T0 + 2_500, 'Source snapshots is empty'), { type: 'tick', now: T0 + 2_600 });
  assert.deepEqual(newFailures(seenAborted, later), []);
  // Sent again and aborted again: attempt 2, its own job id, a longer backoff.
  const retried = run(later, { type: 'tick', now: T0 + 3_000 }, { type: 'sent', now: T0 + 3_000, jobId: 1, remoteJobId: 'cs-1-1' });
  const again = run(retried, aborted(1, T0 + 4_000, 'Source snapshots is empty'));
  assert.deepEqual(
    newFailures(retried, again).map((f) => [f.remoteJobId, f.attempt, f.retryAt]),
    [['cs-1-1', 2, T0 + 6_000]],
  );
});

test('a refusal with an error is a failure without a job id; busy and stale-plan refusals are not failures', () => {
  const before = planned();
  const refused = run(
    before,
    { type: 'refused', now: T0, jobId: 1, message: 'Table 12 in database shop not found' },
    { type: 'refused', now: T0, jobId: 2, message: 'The replication jobs exceeds the replication_max_parallel_table_count: 1' },
  );
  assert.deepEqual(jobSetbacks(before, refused), {
    failures: [{ db: 'shop', table: 'orders', partitions: ['p1', 'p2'], kind: 'refused', attempt: 1, reason: 'Table 12 in database shop not found', retryAt: T0 + 1_000 }],
    admissions: [{ db: 'shop', table: 'users', reason: 'The replication jobs exceeds the replication_max_parallel_table_count: 1', retryAt: T0 }],
    stalePlans: [],
  });
  // Busy again at the next round: one more admission refusal, still no failure.
  const busyAgain = run(refused, { type: 'refused', now: T0 + 500, jobId: 2, message: 'Replication job of table 12 is already running' });
  assert.deepEqual(jobSetbacks(refused, busyAgain), { failures: [], admissions: [{ db: 'shop', table: 'users', reason: 'Replication job of table 12 is already running', retryAt: T0 + 500 }], stalePlans: [] });
  const stale = run(busyAgain, { type: 'refused', now: T0 + 600, jobId: 2, message: 'No data need to replicate' });
  assert.deepEqual(jobSetbacks(busyAgain, stale), { failures: [], admissions: [], stalePlans: [{ db: 'shop', table: 'users', reason: 'No data need to replicate' }] });
});

test('a job that finishes, or a plan that drops it, is no setback', () => {
  const sent = run(planned(), { type: 'sent', now: T0, jobId: 1, remoteJobId: 'cs-1-0' });
  const finished = run(sent, { type: 'observed', now: T0 + 1_000, jobId: 1, seen: { outcome: 'done', phase: 'COMMITTED' }, targetVersions: { p1: 5, p2: 3 } });
  assert.deepEqual(jobSetbacks(sent, finished), { failures: [], admissions: [], stalePlans: [] });
  const replanned = run(finished, { type: 'planned', now: T0 + 2_000, candidates: [] });
  assert.deepEqual(jobSetbacks(finished, replanned), { failures: [], admissions: [], stalePlans: [] });
});

test('the WARN line names the table, partitions, FE job id, attempt, reason and the retry; or that no retry comes', () => {
  const abort = { db: 'shop', table: 'orders', partitions: ['p1', 'p2'], kind: 'aborted' as const, remoteJobId: 'cs-1-0', phase: 'ABORTED', attempt: 1, reason: 'Source snapshots is empty', retryAt: T0 + 10_000 };
  assert.equal(
    failureLine(abort, T0, true),
    'replication of shop.orders (p1, p2) failed on attempt 1: job cs-1-0 ABORTED: Source snapshots is empty; retried at 2026-01-01T00:00:10.000Z (in 10.0 s)',
  );
  assert.equal(failureLine(abort, T0, false), 'replication of shop.orders (p1, p2) failed on attempt 1: job cs-1-0 ABORTED: Source snapshots is empty; not retried: the run ends');
  const refusal = { db: 'shop', table: 'orders', partitions: ['p1'], kind: 'refused' as const, attempt: 2, reason: 'could not be sent: connect ECONNREFUSED 10.0.0.2:9020', retryAt: T0 + 2_500 };
  assert.equal(failureText(refusal), 'replication of shop.orders (p1) refused on attempt 2: could not be sent: connect ECONNREFUSED 10.0.0.2:9020');
  assert.match(failureLine(refusal, T0, true), /; retried at 2026-01-01T00:00:02\.500Z \(in 2\.5 s\)$/);
});
