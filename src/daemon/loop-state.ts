// Everything the sync loop knows between two steps, as one read-only value: each step (steps/)
// takes it and returns the next one, so a step's effect on the daemon is what it returns, and a
// test can look at it. Resources (the FE clients, the quiet-hours timer) stay outside.
import type { Side, ClusterCatalog } from '../meta/catalog-model.js';
import type { BlockedItem, DdlTask } from '../ddl/ddl-plan.js';
import type { SkippedReplication } from '../replication/candidate.js';
import { createTracker, DEFAULT_TRACKER_OPTIONS, type TrackerState } from '../replication/job-tracker.js';
import { EMPTY_FAILURE_RECORD, type FailureRecord } from '../replication/failure-record.js';
import { EMPTY_TABLE_PROGRESS, type TableProgressModel } from '../report/table-progress.js';
import type { SyncConfig } from '../config/load-config.js';
import type { Goal } from './one-time-rules.js';
import type { HeldWork } from './hold-paused.js';
import { NO_LAG, type LagModel } from '../report/lag.js';
import type { HistorySample } from '../report/history.js';
import type { SyncState } from './sync-state-file.js';

/** The loop's steps, each on its own interval. */
export type StepName = 'meta' | 'ddl' | 'replication' | 'report';

/** How a run of the loop ended. */
export type LoopOutcome = { done: true } | { done: false; reason: string };

/** Whether the last read of a cluster's catalogue worked, and why not when it did not. */
export interface ClusterRead {
  readonly connected: boolean;
  readonly error?: string;
}

export interface LoopState {
  /** Meta rounds begun. */
  readonly round: number;
  /** The catalogues of the last meta round that worked. */
  readonly catalogs?: { readonly source: ClusterCatalog; readonly target: ClusterCatalog };
  /** DDL still to run, and drops held back with their reason (from the last plan). */
  readonly ddl: { readonly pending: readonly DdlTask[]; readonly blocked: readonly BlockedItem[] };
  /** Replication jobs: planned, in flight, failed, finished. */
  readonly tracker: TrackerState;
  /** The jobs' setbacks per table and in total: the last failure, counts of aborts, refusals, admission refusals. */
  readonly jobFailures: FailureRecord;
  /** Per table: planned, replicating, caught up (the progress report). */
  readonly tables: TableProgressModel;
  /** Tables the last plan left out for a reason of the source's (an overwrite under way, a layout not supported). */
  readonly sourceSkips: readonly SkippedReplication[];
  /** Partitions behind, with when each missing source version was first seen (lag.ts). */
  readonly lag: LagModel;
  /** One sample per meta round: bytes replicated and lag (history.ts). */
  readonly history: readonly HistorySample[];
  /** Work a pause holds back this round (hold-paused.ts), named with why. */
  readonly held: readonly HeldWork[];
  /** One-time mode: the source versions of the first round, the run's goal. */
  readonly goal?: Goal;
  /** One-time mode: rounds in a row with nothing to do and the goal not reached. */
  readonly idleRounds: number;
  /** Meta rounds failed in a row, and the wait before the next attempt (backing off). */
  readonly metaFailures: number;
  readonly metaRetryMs: number;
  readonly reads: Readonly<Record<Side, ClusterRead>>;
  /** The last errors, newest first, each with its time (the status file shows them). */
  readonly errors: readonly string[];
  /** When each step last ran (ms since the epoch; 0: never). */
  readonly lastRun: Readonly<Record<StepName, number>>;
  /** Read the catalogues at once, not an interval later (the DDL or a job changed the target). */
  readonly metaNow: boolean;
  /** A meta round found work to send: the replication step runs at once. */
  readonly replicateNow: boolean;
  /** What is kept across restarts (sync-state.json): drops made, source partitions followed. */
  readonly remembered: SyncState;
  /**
   * What the log already said, so each finding is said once. `busy`: the admission refusals said,
   * per table and reason, for as long as the table's job keeps being refused for that reason.
   */
  readonly said: { readonly blocked: ReadonlySet<string>; readonly skipped: ReadonlySet<string>; readonly busy: ReadonlySet<string>; readonly windowOpen?: boolean };
  /** Set when the run ends (one-time mode: done or given up). */
  readonly outcome?: LoopOutcome;
}

/** Errors kept for the status file. */
const KEPT_ERRORS = 20;

export function initialLoopState(config: SyncConfig, remembered: SyncState): LoopState {
  return {
    round: 0,
    ddl: { pending: [], blocked: [] },
    // A failed job is sent again after one replication interval, then less and less often.
    tracker: createTracker({ backoff: { ...DEFAULT_TRACKER_OPTIONS.backoff, initialMs: config.settings.replication_job_interval_seconds * 1000 } }),
    jobFailures: EMPTY_FAILURE_RECORD,
    tables: EMPTY_TABLE_PROGRESS,
    sourceSkips: [],
    held: [],
    lag: NO_LAG,
    history: [],
    idleRounds: 0,
    metaFailures: 0,
    metaRetryMs: 0,
    reads: { source: { connected: false }, target: { connected: false } },
    errors: [],
    lastRun: { meta: 0, ddl: 0, replication: 0, report: 0 },
    metaNow: true,
    replicateNow: false,
    remembered,
    said: { blocked: new Set(), skipped: new Set(), busy: new Set() },
  };
}

/** The state with `messages` noted as errors at `now`, newest first. */
export function withErrors(state: LoopState, messages: readonly string[], now: number): LoopState {
  if (messages.length === 0) return state;
  const at = new Date(now).toISOString();
  const noted = messages.map((message) => `${at} ${message}`).reverse();
  return { ...state, errors: [...noted, ...state.errors].slice(0, KEPT_ERRORS) };
}

export function ranAt(state: LoopState, step: StepName, now: number): LoopState {
  return { ...state, lastRun: { ...state.lastRun, [step]: now } };
}
