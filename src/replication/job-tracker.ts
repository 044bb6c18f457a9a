// The replication jobs' lifecycle as a pure state machine: the replication job feeds it what
// happened (a plan, a send, a refusal, what the target showed, the passing of time) and asks it
// what to send next. No clock and no I/O in here: every event carries its `now`.
//
//   pending --sent--> sent --row seen--> running --versions reached--> finished
//      ^  \                \                 \
//      |   refused (busy: stays pending;      ABORTED / refused with an error --> failed
//      |   stale plan: waits for a new plan;                                       |
//      |   deferred: cannot be built yet, stays pending with its reason)           |
//      +------------------------------- backoff elapsed (tick) -------------------+
//   sent / running, missing from SHOW PROC '/replications' for unknownAfterMs --> unknown
//
// Success is decided by the target's partition versions only: a COMMITTED row, or no row at all,
// proves nothing, while versions at the requested source versions prove the data arrived.
import type { BackoffPolicy } from '../util/backoff.js';
import { backoffDelay } from '../util/backoff.js';
import type { ReplicationCandidate } from './candidate.js';
import { versionOf } from './candidate.js';
import { classifyRefusal } from './refusal.js';
import { tableKey, type TableKey } from '../meta/table-key.js';

/** The report's states. A finished job leaves the job list and is counted instead. */
export type JobStatus = 'pending' | 'sent' | 'running' | 'finished' | 'failed' | 'unknown';
export type LiveJobStatus = Exclude<JobStatus, 'finished'>;

export interface TrackerOptions {
  /** Delay before a failed job is sent again, growing with its failures. */
  backoff: BackoffPolicy;
  /**
   * How long a sent or running job may be missing from SHOW PROC '/replications', its target
   * still short of the requested versions, before its fate is declared unknown.
   */
  unknownAfterMs: number;
  /** Wait after an admission refusal ("already running", a parallel limit). 0: the next tick. */
  busyRetryMs: number;
  /**
   * Jitter in [0, 1) for one job's attempt. The default derives it from the job id and attempt,
   * so the machine stays deterministic while retries of many jobs still spread out.
   */
  jitter: (jobId: number, attempt: number) => number;
}

/** Stable pseudo-random fraction of two integers (a 32-bit integer mix). */
export function stableJitter(jobId: number, attempt: number): number {
  let h = (Math.imul(jobId, 0x9e3779b1) ^ Math.imul(attempt + 1, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return ((h ^ (h >>> 16)) >>> 0) / 2 ** 32;
}

export const DEFAULT_TRACKER_OPTIONS: TrackerOptions = {
  // A retry makes the source BEs take snapshots again: start at one replication interval (10 s)
  // and cap at five minutes rather than hammering a cluster that keeps aborting.
  backoff: { initialMs: 10_000, maxMs: 300_000, jitter: 0.2 },
  // The FE registers a job before it answers the request, so a job missing for minutes is lost
  // (e.g. the target FE restarted), not slow.
  unknownAfterMs: 300_000,
  busyRetryMs: 0,
  jitter: stableJitter,
};

export interface TrackedJob {
  /** Unique within one tracker; also the order jobs were planned in. */
  readonly id: number;
  readonly candidate: ReplicationCandidate;
  readonly status: LiveJobStatus;
  /** Failures so far (aborts, refusals with an error): the backoff's attempt number. */
  readonly failures: number;
  /** Admission refusals so far ("busy": the table already replicates, a parallel limit): never failures. */
  readonly admissionRefusals: number;
  /** A pending job is not sent before; a failed job returns to pending then. */
  readonly notBefore: number;
  /** The FE said the plan is stale ("No data need to replicate", target ahead): not sent again until a new plan. */
  readonly awaitingPlan: boolean;
  /** The id SHOW PROC '/replications' shows for it (JobID), when the sender chose one. */
  readonly remoteJobId?: string;
  /** The target database's id when sent: where its transaction is listed (SHOW PROC '/transactions/<dbId>/...'). */
  readonly targetDbId?: number;
  /**
   * Since when the job could not even be built (a source tablet without a replica that can
   * serve, be_tablets not showing every tablet): a wait, not a failure. Cleared once sent.
   */
  readonly waitingSince?: number;
  readonly sentAt?: number;
  /** Last time the target FE showed the job. */
  readonly lastSeenAt?: number;
  /** Since when the target FE has not shown the job while its versions were still short. */
  readonly missingSince?: number;
  readonly lastError?: string;
  /** The transport's word for where the job stood when last seen (a job State, a BACKUP step). */
  readonly phase?: string;
}

/** A finished job, as the metrics count it. */
export interface Completion {
  readonly jobId: number;
  readonly db: string;
  readonly table: string;
  readonly bytes: number;
  readonly sentAt: number;
  readonly finishedAt: number;
}

/** Enough for the metrics to see every completion between two looks at the state. */
export const RECENT_COMPLETIONS = 1_000;

/** What the progress report needs to know about a table's finished jobs. */
export interface TableJobHistory {
  /** When a job of the table last finished. */
  readonly lastFinishedAt: number;
  /** When the first job of the table that finished was sent. */
  readonly firstSentAt: number;
  /** Source data size of the partitions its finished jobs brought (bytes): what replication moved for it. */
  readonly bytes: number;
  /** When a job finished leaving no other job of the table to do: the table was caught up with its plan. */
  readonly caughtUpAt?: number;
}

export interface TrackerState {
  readonly options: TrackerOptions;
  /** Every job not finished, in planning order. */
  readonly jobs: readonly TrackedJob[];
  readonly nextId: number;
  /** Jobs finished since the tracker was created. */
  readonly finished: number;
  /** Source data size of the partitions those jobs brought (bytes). */
  readonly finishedBytes: number;
  /** The latest finished jobs, oldest first (RECENT_COMPLETIONS at most): job durations for the metrics. */
  readonly completions: readonly Completion[];
  readonly tables: ReadonlyMap<TableKey, TableJobHistory>;
}

/**
 * Where a transport found a job in flight, in its own words: `phase` is what an operator reads
 * (a replication job's State, a transaction's status, a BACKUP or RESTORE step). Only `failed` is
 * acted on; `done` and `in-progress` both leave the decision to the target's versions.
 */
export type JobObservation = { outcome: 'in-progress'; phase: string } | { outcome: 'done'; phase: string } | { outcome: 'failed'; phase: string; error: string };

export type TrackerEvent =
  /** A new plan: queued jobs are brought up to date, new work is queued, vanished work is dropped. */
  | { type: 'planned'; now: number; candidates: readonly ReplicationCandidate[] }
  /** startTableReplication answered OK. requestedVersions: the source versions actually sent, when newer than planned. */
  | { type: 'sent'; now: number; jobId: number; remoteJobId?: string; targetDbId?: number; requestedVersions?: Readonly<Record<string, number>> }
  /** The request could not be built yet, for a reason that may pass: tried again after retryAfterMs, not counted as a failure. */
  | { type: 'deferred'; now: number; jobId: number; reason: string; retryAfterMs: number }
  /** startTableReplication answered with an error (or could not be made). */
  | { type: 'refused'; now: number; jobId: number; message: string }
  /** What the transport found of the job (undefined: not listed) and the table's partition versions on the target. */
  | { type: 'observed'; now: number; jobId: number; seen: JobObservation | undefined; targetVersions: Readonly<Record<string, number>> }
  /** A job in flight whose next step could not be taken (through S3: the restore of its snapshot could not start). */
  | { type: 'failed'; now: number; jobId: number; message: string }
  | { type: 'tick'; now: number }
  /**
   * The DDL job dropped or re-created the table (or one of its partitions): whatever was sent for
   * it targeted objects that are gone, so its jobs are forgotten and the next plan starts afresh.
   */
  | { type: 'reset'; now: number; db: string; table: string };

export function createTracker(options: Partial<TrackerOptions> = {}): TrackerState {
  return { options: { ...DEFAULT_TRACKER_OPTIONS, ...options }, jobs: [], nextId: 1, finished: 0, finishedBytes: 0, completions: [], tables: new Map() };
}

const keyOf = (job: TrackedJob): TableKey => tableKey(job.candidate.db, job.candidate.table);

/** Jobs the target FE holds (or should): their table must not get another job meanwhile. */
export const inFlight = (job: TrackedJob): boolean => job.status === 'sent' || job.status === 'running';

function withJob(state: TrackerState, jobId: number, change: (job: TrackedJob) => TrackedJob): TrackerState {
  const index = state.jobs.findIndex((j) => j.id === jobId);
  // Unknown ids are events about a job a newer plan has already replaced: nothing to do.
  if (index < 0) return state;
  const before = state.jobs[index]!;
  const after = change(before);
  if (after === before) return state;
  const jobs = [...state.jobs];
  jobs[index] = after;
  return { ...state, jobs };
}

function failed(state: TrackerState, job: TrackedJob, now: number, error: string): TrackedJob {
  const failures = job.failures + 1;
  const delay = backoffDelay(state.options.backoff, failures, () => state.options.jitter(job.id, failures));
  return { ...job, status: 'failed', failures, notBefore: now + delay, lastError: error, missingSince: undefined };
}

function versionsReached(job: TrackedJob, targetVersions: Readonly<Record<string, number>>): boolean {
  return job.candidate.partitions.every((partition) => {
    const wanted = versionOf(job.candidate.sourceVersions, partition);
    const reached = versionOf(targetVersions, partition);
    // At or past: a later job (or a newer source version sent at send time) may have gone further.
    return wanted !== undefined && reached !== undefined && reached >= wanted;
  });
}

function finish(state: TrackerState, job: TrackedJob, now: number): TrackerState {
  const jobs = state.jobs.filter((j) => j.id !== job.id);
  const key = keyOf(job);
  // Unknown jobs are left out: their fate will never be known, and must not hold the table back.
  const moreToDo = jobs.some((j) => keyOf(j) === key && j.status !== 'unknown');
  const previous = state.tables.get(key);
  const tables = new Map(state.tables);
  const bytes = job.candidate.dataSize;
  tables.set(key, {
    lastFinishedAt: now,
    firstSentAt: Math.min(previous?.firstSentAt ?? now, job.sentAt ?? now),
    bytes: (previous?.bytes ?? 0) + bytes,
    caughtUpAt: moreToDo ? previous?.caughtUpAt : now,
  });
  const completion: Completion = { jobId: job.id, db: job.candidate.db, table: job.candidate.table, bytes, sentAt: job.sentAt ?? now, finishedAt: now };
  const completions = [...state.completions.slice(-(RECENT_COMPLETIONS - 1)), completion];
  return { ...state, jobs, finished: state.finished + 1, finishedBytes: state.finishedBytes + bytes, completions, tables };
}

function applyPlan(state: TrackerState, candidates: readonly ReplicationCandidate[]): TrackerState {
  const planned = new Map<TableKey, ReplicationCandidate[]>();
  for (const candidate of candidates) {
    const key = tableKey(candidate.db, candidate.table);
    planned.set(key, [...(planned.get(key) ?? []), candidate]);
  }
  // A table with a job in flight keeps its queue as it is: the plan was read before that job's
  // data arrived, so it would only repeat it. The next plan after the job ends covers the rest.
  const busy = new Set(state.jobs.filter(inFlight).map(keyOf));
  const paired = new Map<TableKey, number>();
  const jobs: TrackedJob[] = [];
  for (const job of state.jobs) {
    const key = keyOf(job);
    if ((job.status !== 'pending' && job.status !== 'failed') || busy.has(key)) {
      jobs.push(job);
      continue;
    }
    // Queued jobs take the table's new candidates in order, keeping their id, place in the queue
    // and failure count: a re-plan updates the work without counting it as new jobs.
    const index = paired.get(key) ?? 0;
    const candidate = planned.get(key)?.[index];
    if (!candidate) continue; // the work is gone: the target caught up, or the DDL job must act first
    paired.set(key, index + 1);
    jobs.push({ ...job, candidate, awaitingPlan: false });
  }
  let nextId = state.nextId;
  for (const [key, list] of planned) {
    if (busy.has(key)) continue;
    for (const candidate of list.slice(paired.get(key) ?? 0)) {
      jobs.push({ id: nextId++, candidate, status: 'pending', failures: 0, admissionRefusals: 0, notBefore: 0, awaitingPlan: false });
    }
  }
  return { ...state, jobs, nextId };
}

function observe(state: TrackerState, event: Extract<TrackerEvent, { type: 'observed' }>): TrackerState {
  const job = state.jobs.find((j) => j.id === event.jobId);
  // Unknown is final: the job is no longer watched, and a new job for its table may be planned.
  if (!job || job.status === 'unknown') return state;
  if (versionsReached(job, event.targetVersions)) return finish(state, job, event.now);
  if (!inFlight(job)) return state;
  const { seen, now } = event;
  if (!seen) return withJob(state, job.id, (j) => ({ ...j, missingSince: j.missingSince ?? now }));
  if (seen.outcome === 'failed') return withJob(state, job.id, (j) => failed(state, { ...j, phase: seen.phase }, now, seen.error));
  // Running, and done while the new versions become visible: the versions decide.
  return withJob(state, job.id, (j) => ({ ...j, status: 'running', phase: seen.phase, lastSeenAt: now, missingSince: undefined }));
}

function refuse(state: TrackerState, event: Extract<TrackerEvent, { type: 'refused' }>): TrackerState {
  return withJob(state, event.jobId, (job) => {
    if (job.status !== 'pending') return job;
    switch (classifyRefusal(event.message)) {
      case 'busy':
        return { ...job, notBefore: event.now + state.options.busyRetryMs, lastError: event.message, admissionRefusals: job.admissionRefusals + 1 };
      case 'replan':
        return { ...job, awaitingPlan: true, lastError: event.message };
      case 'error':
        return failed(state, job, event.now, event.message);
    }
  });
}

function send(state: TrackerState, event: Extract<TrackerEvent, { type: 'sent' }>): TrackerState {
  return withJob(state, event.jobId, (job) => {
    if (job.status !== 'pending') return job;
    // fromEntries, not assignment: a partition named __proto__ must stay a plain key.
    const sourceVersions = Object.fromEntries(
      job.candidate.partitions.map((partition) => {
        const requested = event.requestedVersions ? versionOf(event.requestedVersions, partition) : undefined;
        return [partition, requested ?? versionOf(job.candidate.sourceVersions, partition) ?? 0];
      }),
    );
    return {
      ...job,
      candidate: { ...job.candidate, sourceVersions },
      status: 'sent',
      sentAt: event.now,
      lastSeenAt: undefined,
      phase: undefined,
      missingSince: undefined,
      waitingSince: undefined,
      ...(event.remoteJobId !== undefined ? { remoteJobId: event.remoteJobId } : {}),
      ...(event.targetDbId !== undefined ? { targetDbId: event.targetDbId } : {}),
    };
  });
}

function defer(state: TrackerState, event: Extract<TrackerEvent, { type: 'deferred' }>): TrackerState {
  return withJob(state, event.jobId, (job) =>
    job.status !== 'pending' ? job : { ...job, notBefore: event.now + event.retryAfterMs, lastError: event.reason, waitingSince: job.waitingSince ?? event.now },
  );
}

function tick(state: TrackerState, now: number): TrackerState {
  let changed = false;
  const jobs = state.jobs.map((job): TrackedJob => {
    if (job.status === 'failed' && job.notBefore <= now) {
      changed = true;
      return { ...job, status: 'pending' };
    }
    if (inFlight(job) && job.missingSince !== undefined && now - job.missingSince >= state.options.unknownAfterMs) {
      changed = true;
      return { ...job, status: 'unknown' };
    }
    return job;
  });
  return changed ? { ...state, jobs } : state;
}

export function track(state: TrackerState, event: TrackerEvent): TrackerState {
  switch (event.type) {
    case 'planned':
      return applyPlan(state, event.candidates);
    case 'sent':
      return send(state, event);
    case 'refused':
      return refuse(state, event);
    case 'deferred':
      return defer(state, event);
    case 'observed':
      return observe(state, event);
    case 'failed':
      return withJob(state, event.jobId, (job) => (inFlight(job) ? failed(state, job, event.now, event.message) : job));
    case 'tick':
      return tick(state, event.now);
    case 'reset': {
      const key = tableKey(event.db, event.table);
      const jobs = state.jobs.filter((job) => keyOf(job) !== key);
      return jobs.length === state.jobs.length ? state : { ...state, jobs };
    }
  }
}

/**
 * The pending jobs to send now, in planning order: at most batchSize (replication_job_batch_size),
 * none still waiting out a delay or a new plan, and at most one per table, never for a table whose
 * job the FE already holds (it would only answer "already running").
 */
export function nextToSend(state: TrackerState, batchSize: number, now: number): TrackedJob[] {
  const busy = new Set(state.jobs.filter(inFlight).map(keyOf));
  const picked: TrackedJob[] = [];
  for (const job of state.jobs) {
    if (picked.length >= batchSize) break;
    if (job.status !== 'pending' || job.awaitingPlan || job.notBefore > now) continue;
    const key = keyOf(job);
    if (busy.has(key)) continue;
    busy.add(key);
    picked.push(job);
  }
  return picked;
}

/** Jobs to look for in SHOW PROC '/replications' and whose target versions to read. */
export function jobsToObserve(state: TrackerState): TrackedJob[] {
  return state.jobs.filter(inFlight);
}

/** True when a refusal said the plan is stale: reading the catalogues again early is worth it. */
export function needsReplan(state: TrackerState): boolean {
  return state.jobs.some((j) => j.awaitingPlan);
}

export interface JobStatusCounts {
  jobPending: number;
  sent: number;
  running: number;
  finished: number;
  failed: number;
  unknown: number;
}

export function countJobs(state: TrackerState): JobStatusCounts {
  const counts: JobStatusCounts = { jobPending: 0, sent: 0, running: 0, finished: state.finished, failed: 0, unknown: 0 };
  for (const job of state.jobs) {
    if (job.status === 'pending') counts.jobPending++;
    else counts[job.status]++;
  }
  return counts;
}
