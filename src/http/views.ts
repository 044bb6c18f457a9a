// What the HTTP API answers, built from the sync loop's state alone (pure): the daemon's phase,
// lag, throughput and ETA (/status), each table's standing (/tables), the jobs (/jobs). The
// status page and `cluster-sync status --http` read the same JSON.
import type { Side } from '../meta/catalog-model.js';
import { objectName, tableKey, type TableKey } from '../meta/table-key.js';
import { countJobs, inFlight, type TrackedJob } from '../replication/job-tracker.js';
import { etaSeconds, throughput, type HistorySample } from '../report/history.js';
import { lagByTable, summarizeLag, type PartitionLag } from '../report/lag.js';
import { countTables } from '../report/table-progress.js';
import { jobProgress, tableProgress } from '../report/progress.js';
import type { LoopState, StepName } from '../daemon/loop-state.js';
import { isDue, schedule } from '../daemon/loop-schedule.js';
import type { SyncSettings } from '../config/schema.js';
import { pausedReason } from '../daemon/steering.js';
import type { BlockedItem, DdlTask } from '../ddl/ddl-plan.js';
import type { SkippedReplication } from '../replication/candidate.js';
import { currentFailures } from '../replication/failure-record.js';
import type { WindowState } from '../daemon/sync-window.js';

export type Phase = 'starting' | 'initial copy' | 'catching up' | 'in sync' | 'paused' | 'blocked' | 'stopped';

export interface ViewFacts {
  now: number;
  startedAt: number;
  oneTime: boolean;
  /** The loop has ended (stopped, or a one-time run finished). */
  ended: boolean;
  settings: SyncSettings;
  clusters: Record<Side, { fe: string; release: string | null }>;
  window: WindowState;
}

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

/** Findings that will not change by themselves: drops a switch holds, layouts not supported. */
function stuckFindings(state: LoopState): { object: string; reason: string }[] {
  return [
    ...state.ddl.blocked.map((b) => ({ object: objectName(b), reason: b.reason })),
    ...state.sourceSkips.filter((s) => s.code === 'not-supported').map((s) => ({ object: objectName(s), reason: s.reason })),
  ];
}

export function phaseOf(state: LoopState, ended: boolean): Phase {
  if (ended) return 'stopped';
  if (!state.catalogs) return 'starting';
  if (state.remembered.steering.pausedAll) return 'paused';
  const moving = state.ddl.pending.length > 0 || state.tracker.jobs.length > 0;
  if (state.lag.size === 0 && !moving) return stuckFindings(state).length > 0 ? 'blocked' : 'in sync';
  if (!moving && state.held.length === 0 && stuckFindings(state).length > 0) return 'blocked';
  const neverFinished = [...state.tables.tables.values()].some((t) => t.finishedAt === undefined);
  return neverFinished ? 'initial copy' : 'catching up';
}

/** Bytes the initial copy still has to move: the lag of tables never finished yet. */
function initialCopyBytesLeft(state: LoopState, lagTables: Map<TableKey, PartitionLag[]>): number {
  let bytes = 0;
  for (const [key, record] of state.tables.tables) {
    if (record.finishedAt === undefined) bytes += (lagTables.get(key) ?? []).reduce((sum, p) => sum + p.bytes, 0);
  }
  return bytes;
}

const STEPS: StepName[] = ['meta', 'ddl', 'replication', 'report'];

export function statusView(state: LoopState, facts: ViewFacts) {
  const { now } = facts;
  const phase = phaseOf(state, facts.ended);
  const jobs = { ...countJobs(state.tracker), ddlPending: state.ddl.pending.length };
  const tables = countTables(state.tables);
  const lag = summarizeLag(state.lag.values(), now);
  const rate = throughput(state.history, now);
  const lagTables = lagByTable(state.lag);
  const initialLeft = initialCopyBytesLeft(state, lagTables);
  const side = (s: Side) => ({ ...facts.clusters[s], ...state.reads[s] });
  return {
    phase,
    mode: facts.oneTime ? 'one-time' : 'continuous',
    startedAt: iso(facts.startedAt),
    updatedAt: iso(now),
    round: state.round,
    clusters: { source: side('source'), target: side('target') },
    progress: { job: jobProgress(jobs, tables.unfinished), table: tableProgress(tables) },
    jobs,
    tables,
    lag: { seconds: lag.seconds, bytes: lag.bytes, partitions: lag.partitions },
    throughput: { bytesPerSecond: rate, bytesReplicated: state.tracker.finishedBytes },
    initialCopy: { done: phase !== 'initial copy' && phase !== 'starting', bytesLeft: initialLeft, etaSeconds: phase === 'initial copy' ? etaSeconds(initialLeft, rate) : null },
    window: { open: facts.window.open, changesAt: facts.window.changesAt?.toISOString() ?? null },
    steering: {
      pausedAll: state.remembered.steering.pausedAll,
      pausedDatabases: state.remembered.steering.pausedDatabases,
      pausedTables: state.remembered.steering.pausedTables.map((t) => objectName(t)),
      resync: state.remembered.steering.resync.map((t) => objectName(t)),
      held: state.held,
    },
    /** What each step waits for. */
    next: Object.fromEntries(STEPS.map((step) => [step, isDue(step, state, facts.settings, now) ? 'due now' : (schedule(step, state, facts.settings, now) as { reason: string }).reason])),
    blocked: stuckFindings(state),
    /** Tables whose replication keeps failing, with the FE's reason. */
    failures: currentFailures(state.jobFailures, state.tracker).map((f) => ({ object: objectName(f), job: f.job ?? null, attempt: f.attempt, reason: f.reason, at: iso(f.at) })),
    setbacks: state.jobFailures.total,
    errors: state.errors,
  };
}

function jobView(job: TrackedJob) {
  return {
    id: job.id,
    remoteJobId: job.remoteJobId ?? null,
    db: job.candidate.db,
    table: job.candidate.table,
    partitions: job.candidate.partitions,
    bytes: job.candidate.dataSize,
    sourceVersions: job.candidate.sourceVersions,
    status: job.status,
    phase: job.phase ?? null,
    failures: job.failures,
    sentAt: iso(job.sentAt),
    lastSeenAt: iso(job.lastSeenAt),
    retryAt: job.status === 'failed' ? iso(job.notBefore) : null,
    waitingSince: iso(job.waitingSince),
    lastError: job.lastError ?? null,
  };
}

export function jobsView(state: LoopState) {
  return { jobs: state.tracker.jobs.map(jobView), finished: state.tracker.finished, finishedBytes: state.tracker.finishedBytes };
}

export type TableState = 'in sync' | 'behind' | 'creating' | 'queued' | 'replicating' | 'waiting' | 'paused' | 'blocked' | 'not supported';

/** What the table views look up per table, grouped once: a view of many tables must stay linear. */
interface TableIndex {
  lag: Map<TableKey, PartitionLag[]>;
  jobs: Map<TableKey, TrackedJob[]>;
  ddl: Map<TableKey, DdlTask[]>;
  blocked: Map<TableKey, BlockedItem>;
  skips: Map<TableKey, SkippedReplication>;
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => TableKey | undefined): Map<TableKey, T[]> {
  const groups = new Map<TableKey, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === undefined) continue;
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

function indexTables(state: LoopState): TableIndex {
  const first = <T>(groups: Map<TableKey, T[]>) => new Map([...groups].map(([key, list]) => [key, list[0]!]));
  return {
    lag: lagByTable(state.lag),
    jobs: groupBy(state.tracker.jobs, (j) => tableKey(j.candidate.db, j.candidate.table)),
    ddl: groupBy(state.ddl.pending, (t) => ('table' in t ? tableKey(t.db, t.table) : undefined)),
    blocked: first(groupBy(state.ddl.blocked, (b) => (b.table !== undefined ? tableKey(b.db, b.table) : undefined))),
    skips: first(groupBy(state.sourceSkips, (s) => tableKey(s.db, s.table))),
  };
}

function tableEntry(state: LoopState, index: TableIndex, db: string, table: string, now: number) {
  const key = tableKey(db, table);
  const behind = index.lag.get(key) ?? [];
  const source = state.catalogs?.source.databases.get(db)?.tables.get(table);
  const bytesTotal = source?.kind === 'table' ? source.partitions.reduce((sum, p) => sum + p.dataSize, 0) : 0;
  const bytesBehind = behind.reduce((sum, p) => sum + p.bytes, 0);
  const jobs = index.jobs.get(key) ?? [];
  const history = state.tracker.tables.get(key);
  const ddl = index.ddl.get(key) ?? [];
  const blocked = index.blocked.get(key);
  const skip = index.skips.get(key);
  const paused = pausedReason(state.remembered.steering, db, table);
  const flying = jobs.find(inFlight);
  const waiting = jobs.find((j) => j.waitingSince !== undefined);
  const stateOf = (): TableState => {
    if (skip?.code === 'not-supported') return 'not supported';
    if (flying) return 'replicating';
    if (paused && (behind.length > 0 || ddl.length > 0)) return 'paused';
    if (ddl.length > 0) return 'creating';
    if (waiting || skip) return 'waiting';
    if (jobs.length > 0) return 'queued';
    if (blocked) return 'blocked';
    return behind.length > 0 ? 'behind' : 'in sync';
  };
  const lastJob = jobs.at(-1);
  const setbacks = state.jobFailures.tables.get(key);
  const lastFailure = setbacks?.lastFailure;
  const rate = history && history.lastFinishedAt > history.firstSentAt ? history.bytes / ((history.lastFinishedAt - history.firstSentAt) / 1000) : null;
  const next =
    paused && (behind.length > 0 || ddl.length > 0)
      ? `nothing: ${paused}`
      : ddl.length > 0
        ? `run on the target: ${ddl.map((t) => t.kind).join(', ')}`
        : flying
          ? `wait for job ${flying.remoteJobId ?? flying.id} (${flying.phase ?? flying.status})`
          : jobs.length > 0
            ? `replicate ${jobs[0]!.candidate.partitions.join(', ')}`
            : behind.length > 0
              ? `plan replication of ${behind.map((p) => p.partition).join(', ')}`
              : 'nothing';
  return {
    db,
    table,
    state: stateOf(),
    lagSeconds: summarizeLag(behind, now).seconds,
    partitionsBehind: behind.length,
    bytesBehind,
    bytesTotal,
    bytesDone: Math.max(0, bytesTotal - bytesBehind),
    bytesReplicated: history?.bytes ?? 0,
    rateBytesPerSecond: rate,
    lastJob: lastJob ? jobView(lastJob) : history ? { finishedAt: iso(history.lastFinishedAt) } : null,
    lastError: jobs.find((j) => j.lastError)?.lastError ?? lastFailure?.reason ?? null,
    setbacks: {
      aborts: setbacks?.aborts ?? 0,
      refusals: setbacks?.refusals ?? 0,
      admissionRefusals: setbacks?.admissionRefusals ?? 0,
      last: lastFailure ? { at: iso(lastFailure.at), kind: lastFailure.kind, job: lastFailure.job ?? null, attempt: lastFailure.attempt, reason: lastFailure.reason } : null,
    },
    blockedReason: blocked?.reason ?? (skip ? skip.reason : null),
    next,
  };
}

/** Every table of the last plan (the selected OLAP tables of the source). */
export function tablesView(state: LoopState, now: number) {
  const index = indexTables(state);
  return { tables: [...state.tables.tables.values()].map((t) => tableEntry(state, index, t.db, t.table, now)) };
}

/** One table with its partitions behind and its jobs; undefined when the last plan does not have it. */
export function tableView(state: LoopState, db: string, table: string, now: number) {
  if (!state.tables.tables.has(tableKey(db, table))) return undefined;
  const index = indexTables(state);
  const behind = index.lag.get(tableKey(db, table)) ?? [];
  return {
    ...tableEntry(state, index, db, table, now),
    partitions: behind.map((p) => ({
      partition: p.partition,
      sourceVersion: p.sourceVersion,
      targetVersion: p.targetVersion ?? null,
      behindSince: iso(p.sightings[0]?.at),
      bytes: p.bytes,
    })),
    jobs: (index.jobs.get(tableKey(db, table)) ?? []).map(jobView),
  };
}

export type HistoryView = { samples: readonly HistorySample[] };

export function historyView(state: LoopState): HistoryView {
  return { samples: state.history };
}
