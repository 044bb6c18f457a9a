import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  countJobs,
  createTracker,
  DEFAULT_TRACKER_OPTIONS,
  jobsToObserve,
  needsReplan,
  nextToSend,
  stableJitter,
  track,
  type TrackerEvent,
  type TrackerState,
} from '../../src/replication/job-tracker.js';
import type { ReplicationCandidate } from '../../src/replication/candidate.js';
import { tableKey } from '../../src/meta/table-key.js';

/** No jitter, short delays: backoff times are exact. */
const OPTIONS = { backoff: { initialMs: 1_000, maxMs: 4_000, jitter: 0 }, unknownAfterMs: 60_000 };

function candidate(table: string, versions: Record<string, number>, db = 'shop'): ReplicationCandidate {
  return { db, table, partitions: Object.keys(versions), dataSize: 1, sourceVersions: versions };
}

function run(state: TrackerState, ...events: TrackerEvent[]): TrackerState {
  return events.reduce(track, state);
}

const statuses = (state: TrackerState) => state.jobs.map((j) => `${j.id}:${j.candidate.table}:${j.status}`);

const planned = (now: number, ...candidates: ReplicationCandidate[]): TrackerEvent => ({ type: 'planned', now, candidates });
const sent = (jobId: number, now: number, extra: Partial<Extract<TrackerEvent, { type: 'sent' }>> = {}): TrackerEvent => ({ type: 'sent', jobId, now, ...extra });
const refused = (jobId: number, now: number, message: string): TrackerEvent => ({ type: 'refused', jobId, now, message });
const seen = (jobId: number, now: number, state: string | undefined, targetVersions: Record<string, number> = {}): TrackerEvent => ({
  type: 'observed',
  jobId,
  now,
  // SHOW PROC '/replications' State as the Thrift transport reports it.
  seen:
    state === undefined
      ? undefined
      : state === 'ABORTED'
        ? { outcome: 'failed', phase: state, error: 'source BE unreachable' }
        : { outcome: state === 'COMMITTED' ? 'done' : 'in-progress', phase: state },
  targetVersions,
});
const tick = (now: number): TrackerEvent => ({ type: 'tick', now });

test('a plan queues pending jobs in plan order', () => {
  const state = run(createTracker(OPTIONS), planned(0, candidate('a', { p1: 3 }), candidate('b', { p1: 2 })));
  assert.deepEqual(statuses(state), ['1:a:pending', '2:b:pending']);
  assert.deepEqual(countJobs(state), { jobPending: 2, sent: 0, running: 0, finished: 0, failed: 0, unknown: 0 });
});

test('pending -> sent -> running -> finished, success decided by the target versions only', () => {
  let state = run(createTracker(OPTIONS), planned(0, candidate('a', { p1: 3, p2: 5 })), sent(1, 10, { remoteJobId: 'cs-1' }));
  assert.deepEqual(statuses(state), ['1:a:sent']);
  assert.equal(state.jobs[0]!.sentAt, 10);
  assert.equal(state.jobs[0]!.remoteJobId, 'cs-1');
  assert.deepEqual(jobsToObserve(state).map((j) => j.id), [1]);

  for (const rowState of ['INITIALIZING', 'SNAPSHOTING', 'REPLICATING']) {
    state = track(state, seen(1, 20, rowState, { p1: 1, p2: 1 }));
    assert.deepEqual(statuses(state), ['1:a:running']);
  }
  // COMMITTED but not yet visible: still running, the versions are the proof.
  state = track(state, seen(1, 30, 'COMMITTED', { p1: 3, p2: 1 }));
  assert.deepEqual(statuses(state), ['1:a:running']);
  state = track(state, seen(1, 40, 'COMMITTED', { p1: 3, p2: 5 }));
  assert.deepEqual(state.jobs, []);
  assert.deepEqual(countJobs(state), { jobPending: 0, sent: 0, running: 0, finished: 1, failed: 0, unknown: 0 });
  assert.deepEqual(state.tables.get(tableKey('shop', 'a')), { lastFinishedAt: 40, firstSentAt: 10, bytes: 1, caughtUpAt: 40 });
  // What the metrics and the throughput read: the bytes brought and when the job ran.
  assert.equal(state.finishedBytes, 1);
  assert.deepEqual(state.completions, [{ jobId: 1, db: 'shop', table: 'a', bytes: 1, sentAt: 10, finishedAt: 40 }]);
});

test('a job that completed between two looks is finished straight from sent, row or no row', () => {
  const state = run(createTracker(OPTIONS), planned(0, candidate('a', { p1: 3 })), sent(1, 10), seen(1, 20, undefined, { p1: 3 }));
  assert.equal(countJobs(state).finished, 1);
});

test('versions past the requested ones count; a missing partition does not', () => {
  let state = run(createTracker(OPTIONS), planned(0, candidate('a', { p1: 3, p2: 3 })), sent(1, 10));
  state = track(state, seen(1, 20, 'REPLICATING', { p1: 9 }));
  assert.deepEqual(statuses(state), ['1:a:running']);
  state = track(state, seen(1, 30, undefined, { p1: 9, p2: 4 }));
  assert.equal(countJobs(state).finished, 1);
});

test('the versions actually requested at send time raise the bar', () => {
  let state = run(createTracker(OPTIONS), planned(0, candidate('a', { p1: 3, p2: 3 })), sent(1, 10, { requestedVersions: { p1: 5 } }));
  assert.deepEqual(state.jobs[0]!.candidate.sourceVersions, { p1: 5, p2: 3 });
  state = track(state, seen(1, 20, 'REPLICATING', { p1: 3, p2: 3 }));
  assert.deepEqual(statuses(state), ['1:a:running']);
  state = track(state, seen(1, 30, 'COMMITTED', { p1: 5, p2: 3 }));
  assert.equal(countJobs(state).finished, 1);
});

test('ABORTED -> failed, back to pending after an exponential, capped backoff', () => {
  let state = run(createTracker(OPTIONS), planned(0, candidate('a', { p1: 3 })), sent(1, 0), seen(1, 100, 'ABORTED', { p1: 1 }));
  assert.deepEqual(statuses(state), ['1:a:failed']);
  assert.equal(state.jobs[0]!.failures, 1);
  assert.equal(state.jobs[0]!.notBefore, 1_100);
  assert.equal(state.jobs[0]!.lastError, 'source BE unreachable');
  assert.deepEqual(countJobs(state), { jobPending: 0, sent: 0, running: 0, finished: 0, failed: 1, unknown: 0 });
  assert.deepEqual(jobsToObserve(state), []);

  state = track(state, tick(1_099));
  assert.deepEqual(statuses(state), ['1:a:failed'], 'still backing off');
  assert.deepEqual(nextToSend(state, 10, 1_099), []);
  state = track(state, tick(1_100));
  assert.deepEqual(statuses(state), ['1:a:pending']);
  assert.deepEqual(nextToSend(state, 10, 1_100).map((j) => j.id), [1]);

  // Each failure doubles the delay, up to the cap.
  const delays: number[] = [];
  let now = 1_100;
  for (let i = 0; i < 4; i++) {
    state = run(state, sent(1, now), seen(1, now, 'ABORTED'));
    delays.push(state.jobs[0]!.notBefore - now);
    now = state.jobs[0]!.notBefore;
    state = track(state, tick(now));
  }
  assert.deepEqual(delays, [2_000, 4_000, 4_000, 4_000]);
  assert.equal(state.jobs[0]!.failures, 5);
  assert.equal(state.jobs[0]!.id, 1, 'a retry is the same job, not a new one');
});

test('the default jitter is deterministic and keeps delays within the policy', () => {
  assert.equal(stableJitter(7, 2), stableJitter(7, 2));
  assert.notEqual(stableJitter(7, 2), stableJitter(8, 2));
  const state = run(createTracker(), planned(0, candidate('a', { p1: 3 })), sent(1, 0), seen(1, 0, 'ABORTED'));
  const { initialMs, jitter } = DEFAULT_TRACKER_OPTIONS.backoff;
  const delay = state.jobs[0]!.notBefore;
  assert.ok(delay >= initialMs * (1 - jitter) && delay <= initialMs, `${delay}`);
  const again = run(createTracker(), planned(0, candidate('a', { p1: 3 })), sent(1, 0), seen(1, 0, 'ABORTED'));
  assert.equal(again.jobs[0]!.notBefore, delay);
});

test('admission refusals keep the job pending without counting a failure', () => {
  for (const message of [
    'Replication job of table a is already running',
    'The number of running replication tables 100 reached replication_max_parallel_table_count 100',
  ]) {
    const state = run(createTracker(OPTIONS), planned(0, candidate('a', { p1: 3 })), refused(1, 5, message));
    assert.deepEqual(statuses(state), ['1:a:pending']);
    assert.equal(state.jobs[0]!.failures, 0);
    assert.equal(state.jobs[0]!.lastError, message);
    assert.deepEqual(nextToSend(state, 10, 5).map((j) => j.id), [1], 'sent again on the next tick');
  }
  const waiting = run(createTracker({ ...OPTIONS, busyRetryMs: 30_000 }), planned(0, candidate('a', { p1: 3 })), refused(1, 5, 'is already running'));
  assert.deepEqual(nextToSend(waiting, 10, 30_004), []);
  assert.deepEqual(nextToSend(waiting, 10, 30_005).map((j) => j.id), [1]);
});

test('"No data need to replicate": the target caught up, the job waits for a new plan', () => {
  let state = run(createTracker(OPTIONS), planned(0, candidate('a', { p1: 3 }), candidate('b', { p1: 3 })), refused(1, 5, 'No data need to replicate'));
  assert.deepEqual(statuses(state), ['1:a:pending', '2:b:pending']);
  assert.equal(state.jobs[0]!.awaitingPlan, true);
  assert.equal(state.jobs[0]!.failures, 0);
  assert.equal(needsReplan(state), true);
  assert.deepEqual(nextToSend(state, 10, 1_000_000).map((j) => j.id), [2]);
  // The new plan no longer has table a: its job is gone.
  state = track(state, planned(100, candidate('b', { p1: 3 })));
  assert.deepEqual(statuses(state), ['2:b:pending']);
  assert.equal(needsReplan(state), false);
  // Or it still has it (the source moved on meanwhile): the job is sendable again.
  state = run(state, refused(2, 110, 'Target visible version: 4 is larger than source visible version: 3'), planned(200, candidate('b', { p1: 6 })));
  assert.deepEqual(statuses(state), ['2:b:pending']);
  assert.equal(state.jobs[0]!.awaitingPlan, false);
  assert.deepEqual(state.jobs[0]!.candidate.sourceVersions, { p1: 6 });
});

test('other refusals fail the job', () => {
  const state = run(createTracker(OPTIONS), planned(0, candidate('a', { p1: 3 })), refused(1, 50, 'Table a is not NORMAL'));
  assert.deepEqual(statuses(state), ['1:a:failed']);
  assert.equal(state.jobs[0]!.failures, 1);
  assert.equal(state.jobs[0]!.notBefore, 1_050);
  assert.equal(state.jobs[0]!.lastError, 'Table a is not NORMAL');
});

test('sent, then never shown and the versions short: unknown after the timeout', () => {
  let state = run(createTracker(OPTIONS), planned(0, candidate('a', { p1: 3 })), sent(1, 0), seen(1, 1_000, undefined, { p1: 1 }));
  assert.deepEqual(statuses(state), ['1:a:sent']);
  assert.equal(state.jobs[0]!.missingSince, 1_000);
  state = run(state, seen(1, 30_000, undefined, { p1: 1 }), tick(60_999));
  assert.deepEqual(statuses(state), ['1:a:sent'], 'missing since the first look, not the last');
  state = track(state, tick(61_000));
  assert.deepEqual(statuses(state), ['1:a:unknown']);
  assert.deepEqual(countJobs(state), { jobPending: 0, sent: 0, running: 0, finished: 0, failed: 0, unknown: 1 });
  // Unknown is final; it neither is watched nor holds its table back.
  assert.deepEqual(jobsToObserve(state), []);
  assert.equal(track(state, seen(1, 62_000, 'REPLICATING', { p1: 3 })), state);
  state = track(state, planned(70_000, candidate('a', { p1: 3 })));
  assert.deepEqual(statuses(state), ['1:a:unknown', '2:a:pending']);
  assert.deepEqual(nextToSend(state, 10, 70_000).map((j) => j.id), [2]);
});

test('running, then vanished: unknown after the timeout unless it shows up again', () => {
  let state = run(createTracker(OPTIONS), planned(0, candidate('a', { p1: 3 })), sent(1, 0), seen(1, 10, 'SNAPSHOTING'), seen(1, 20, undefined));
  state = run(state, tick(50_000), seen(1, 50_000, 'REPLICATING'));
  assert.deepEqual(statuses(state), ['1:a:running']);
  assert.equal(state.jobs[0]!.missingSince, undefined, 'seen again: the clock restarts');
  assert.equal(state.jobs[0]!.lastSeenAt, 50_000);
  state = run(state, seen(1, 60_000, undefined), tick(119_999));
  assert.deepEqual(statuses(state), ['1:a:running']);
  state = track(state, tick(120_000));
  assert.deepEqual(statuses(state), ['1:a:unknown']);
  // A job that runs for hours is never timed out while the FE shows it.
  let long = run(createTracker(OPTIONS), planned(0, candidate('a', { p1: 3 })), sent(1, 0));
  for (let now = 0; now <= 10 * 3_600_000; now += 600_000) long = run(long, seen(1, now, 'SNAPSHOTING'), tick(now));
  assert.deepEqual(statuses(long), ['1:a:running']);
});

test('nextToSend: batch size, planning order, one job per table, none for a table in flight', () => {
  let state = run(
    createTracker(OPTIONS),
    planned(0, candidate('a', { p1: 3 }), candidate('a', { p2: 3 }), candidate('b', { p1: 3 }), candidate('c', { p1: 3 }), candidate('d', { p1: 3 })),
  );
  assert.deepEqual(nextToSend(state, 10, 0).map((j) => j.id), [1, 3, 4, 5], 'the second job of a waits for the first');
  assert.deepEqual(nextToSend(state, 2, 0).map((j) => j.id), [1, 3]);
  assert.deepEqual(nextToSend(state, 0, 0), []);
  state = run(state, sent(1, 0), sent(3, 0));
  assert.deepEqual(nextToSend(state, 10, 0).map((j) => j.id), [4, 5]);
  state = track(state, seen(1, 5, 'REPLICATING', { p1: 3 }));
  assert.deepEqual(nextToSend(state, 10, 5).map((j) => j.id), [2, 4, 5], 'a is free again');
});

test('a re-plan updates queued jobs in place, adds new work, drops vanished work, and leaves tables in flight alone', () => {
  let state = run(
    createTracker(OPTIONS),
    planned(0, candidate('a', { p1: 3 }), candidate('a', { p2: 3 }), candidate('b', { p1: 3 }), candidate('c', { p1: 3 }), candidate('d', { p1: 3 })),
    sent(3, 1), // b in flight
    refused(4, 1, 'Table c is not NORMAL'), // c failed, backing off
  );
  state = track(
    state,
    planned(
      100,
      candidate('a', { p1: 5, p2: 5 }), // a now fits one job
      candidate('b', { p1: 4 }), // ignored: b's job is in flight
      candidate('c', { p1: 4 }),
      candidate('e', { p1: 2 }),
      // d caught up: its job goes away
    ),
  );
  assert.deepEqual(statuses(state), ['1:a:pending', '3:b:sent', '4:c:failed', '6:e:pending']);
  assert.deepEqual(state.jobs[0]!.candidate.sourceVersions, { p1: 5, p2: 5 });
  assert.deepEqual(state.jobs[1]!.candidate.sourceVersions, { p1: 3 }, 'the in-flight job is what was sent');
  assert.equal(state.jobs[2]!.failures, 1, 'a re-planned job keeps its failures and backoff');
  assert.equal(state.jobs[2]!.notBefore, 1_001);
  assert.deepEqual(state.jobs[2]!.candidate.sourceVersions, { p1: 4 });
  assert.deepEqual(countJobs(state), { jobPending: 2, sent: 1, running: 0, finished: 0, failed: 1, unknown: 0 });
});

test('a table is caught up when its last outstanding job finishes', () => {
  let state = run(createTracker(OPTIONS), planned(0, candidate('a', { p1: 3 }), candidate('a', { p2: 4 })), sent(1, 0), seen(1, 10, undefined, { p1: 3 }));
  assert.deepEqual(state.tables.get(tableKey('shop', 'a')), { lastFinishedAt: 10, firstSentAt: 0, bytes: 1, caughtUpAt: undefined });
  state = run(state, sent(2, 20), seen(2, 30, 'COMMITTED', { p1: 3, p2: 4 }));
  assert.deepEqual(state.tables.get(tableKey('shop', 'a')), { lastFinishedAt: 30, firstSentAt: 0, bytes: 2, caughtUpAt: 30 });
  assert.equal(countJobs(state).finished, 2);
});

test('events about jobs that are gone or in another state change nothing; the input state is never modified', () => {
  const state = run(createTracker(OPTIONS), planned(0, candidate('a', { p1: 3 })));
  const snapshot = structuredClone({ jobs: state.jobs, finished: state.finished });
  assert.equal(track(state, sent(99, 1)), state);
  assert.equal(track(state, refused(99, 1, 'x')), state);
  assert.equal(track(state, seen(99, 1, 'ABORTED')), state);
  assert.equal(track(state, tick(1)), state);
  assert.equal(track(state, seen(1, 1, 'ABORTED')), state, 'a pending job has no row to abort');
  const inFlight = track(state, sent(1, 1));
  assert.equal(track(inFlight, sent(1, 2)), inFlight, 'sent twice');
  assert.equal(track(inFlight, refused(1, 2, 'No data need to replicate')), inFlight, 'only a pending job can be refused');
  run(state, sent(1, 1), seen(1, 2, 'REPLICATING', { p1: 3 }), planned(3, candidate('b', { p1: 1 })));
  assert.deepEqual({ jobs: state.jobs, finished: state.finished }, snapshot);
});

test('a reset forgets the jobs of a table the DDL job dropped or re-created', () => {
  const source = { db: 'd', table: 't', partitions: ['p'], dataSize: 1, sourceVersions: { p: 3 } };
  const other = { db: 'd', table: 'u', partitions: ['p'], dataSize: 1, sourceVersions: { p: 3 } };
  let state = track(createTracker(), { type: 'planned', now: 0, candidates: [source, other] });
  const [first] = nextToSend(state, 10, 0);
  state = track(state, { type: 'sent', now: 1, jobId: first!.id, remoteJobId: 'r1' });
  state = track(state, { type: 'reset', now: 2, db: 'd', table: 't' });
  assert.deepEqual(state.jobs.map((j) => j.candidate.table), ['u']);
  assert.equal(track(state, { type: 'reset', now: 3, db: 'x', table: 'y' }), state, 'nothing to forget: the same state');
});

test('a job that cannot be built yet waits with its reason: no failure counted, tried again later', () => {
  let state = run(createTracker(OPTIONS), planned(0, candidate('a', { p1: 3 })));
  state = track(state, { type: 'deferred', now: 10, jobId: 1, reason: 'source tablet 41 has no replica on an alive BE', retryAfterMs: 500 });
  assert.deepEqual(statuses(state), ['1:a:pending']);
  assert.equal(state.jobs[0]!.failures, 0);
  assert.equal(state.jobs[0]!.waitingSince, 10);
  assert.equal(state.jobs[0]!.lastError, 'source tablet 41 has no replica on an alive BE');
  assert.deepEqual(nextToSend(state, 10, 509), [], 'not before the retry delay');
  state = track(state, { type: 'deferred', now: 510, jobId: 1, reason: 'still', retryAfterMs: 500 });
  assert.equal(state.jobs[0]!.waitingSince, 10, 'the wait started at the first deferral');
  state = track(state, sent(1, 1020, { remoteJobId: 'cs-1', targetDbId: 42 }));
  assert.equal(state.jobs[0]!.waitingSince, undefined);
  assert.equal(state.jobs[0]!.targetDbId, 42);
});

test('a job in flight whose next step fails (a restore that cannot start) fails and backs off; a pending one is untouched', () => {
  let state = run(createTracker(OPTIONS), planned(0, candidate('a', { p1: 3 }), candidate('b', { p1: 2 })), sent(1, 10, { remoteJobId: 'snap-1' }), seen(1, 20, 'BACKED UP', { p1: 1 }));
  assert.deepEqual(statuses(state), ['1:a:running', '2:b:pending']);
  state = run(state, { type: 'failed', now: 30, jobId: 1, message: 'starting the restore failed: no such snapshot' }, { type: 'failed', now: 30, jobId: 2, message: 'ignored' });
  assert.deepEqual(statuses(state), ['1:a:failed', '2:b:pending']);
  assert.equal(state.jobs[0]!.lastError, 'starting the restore failed: no such snapshot');
  assert.equal(state.jobs[0]!.failures, 1);
  assert.equal(state.jobs[0]!.notBefore, 1_030);
  assert.equal(state.jobs[1]!.lastError, undefined);
});
