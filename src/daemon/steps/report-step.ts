// The report step, pure: the progress lines for the log (every report_interval_seconds and at the
// end) and the status file's content (after every meta round and at the end), both from the state.
import { objectName } from '../../meta/table-key.js';
import { countJobs } from '../../replication/job-tracker.js';
import { currentFailures } from '../../replication/failure-record.js';
import { blockedLine, jobProgress, tableProgress, waitingLine, windowLine } from '../../report/progress.js';
import { countTables } from '../../report/table-progress.js';
import type { Side } from '../../meta/catalog-model.js';
import type { DaemonStatus } from '../status-file.js';
import type { WindowState } from '../sync-window.js';
import type { LoopState } from '../loop-state.js';

type Finding = { object: string; reason: string };

function progressOf(state: LoopState) {
  const counts = { ...countJobs(state.tracker), ddlPending: state.ddl.pending.length };
  const tables = countTables(state.tables);
  return { counts, job: jobProgress(counts, tables.unfinished), table: tableProgress(tables) };
}

/** What the sync waits for: jobs that cannot be built yet, tables whose source is being overwritten. */
function waits(state: LoopState): Finding[] {
  return [
    ...state.tracker.jobs.filter((j) => j.waitingSince !== undefined).map((j) => ({ object: objectName(j.candidate), reason: j.lastError ?? 'waiting' })),
    ...state.sourceSkips.filter((s) => s.code === 'overwrite-in-progress').map((s) => ({ object: objectName(s), reason: s.reason })),
  ];
}

const notSupported = (state: LoopState): Finding[] => state.sourceSkips.filter((s) => s.code === 'not-supported').map((s) => ({ object: objectName(s), reason: s.reason }));

/** What will not change by itself: drops not repeated, tables not supported. */
function stuck(state: LoopState): Finding[] {
  return [...state.ddl.blocked.filter((b) => b.blockedBy === 'comparison-unstable').map((b) => ({ object: objectName(b), reason: b.reason })), ...notSupported(state)];
}

export interface ReportLine {
  level: 'info' | 'warn';
  text: string;
}

export interface QuietHours {
  cron: string;
  minutes: number;
  state: WindowState;
}

export function reportLines(state: LoopState, window: QuietHours): ReportLine[] {
  const { job, table } = progressOf(state);
  const lines: ReportLine[] = [
    { level: 'info', text: job },
    { level: 'info', text: table },
  ];
  const waiting = waitingLine(waits(state));
  if (waiting) lines.push({ level: 'info', text: waiting });
  const blocked = blockedLine(stuck(state));
  if (blocked) lines.push({ level: 'warn', text: blocked });
  const paused = pausedLine(state);
  if (paused) lines.push({ level: 'info', text: paused });
  const quiet = windowLine(window.cron, window.minutes, window.state);
  if (quiet) lines.push({ level: 'info', text: quiet });
  return lines;
}

/** "Paused: the whole daemon" or "Paused: shop, crm.users": what an operator holds back, beside the progress lines. */
function pausedLine(state: LoopState): string | undefined {
  const { pausedAll, pausedDatabases, pausedTables } = state.remembered.steering;
  if (pausedAll) return 'Paused: the whole daemon (no new jobs or DDL; running jobs finish)';
  const names = [...pausedDatabases, ...pausedTables.map((t) => objectName(t))];
  return names.length > 0 ? `Paused: ${names.join(', ')} (no new jobs or DDL for them; running jobs finish)` : undefined;
}

export interface StatusFacts {
  pid: number;
  startedAt: number;
  oneTime: boolean;
  now: number;
  clusters: Record<Side, { fe: string; release: string | null }>;
  window: WindowState;
}

export function statusOf(state: LoopState, facts: StatusFacts): DaemonStatus {
  const { counts, job, table } = progressOf(state);
  return {
    pid: facts.pid,
    startedAt: new Date(facts.startedAt).toISOString(),
    mode: facts.oneTime ? 'one-time' : 'continuous',
    updatedAt: new Date(facts.now).toISOString(),
    round: state.round,
    source: { fe: facts.clusters.source.fe, ...state.reads.source },
    target: { fe: facts.clusters.target.fe, ...state.reads.target },
    window: { open: facts.window.open, changesAt: facts.window.changesAt?.toISOString() ?? null },
    progress: { job, table },
    jobs: { pending: counts.jobPending, sent: counts.sent, running: counts.running, finished: counts.finished, failed: counts.failed, unknown: counts.unknown },
    ddl: { pending: state.ddl.pending.length, blocked: state.ddl.blocked.map((b) => ({ object: objectName(b), reason: b.reason })) },
    waiting: waits(state),
    notSupported: notSupported(state),
    steering: {
      pausedAll: state.remembered.steering.pausedAll,
      pausedDatabases: [...state.remembered.steering.pausedDatabases],
      pausedTables: state.remembered.steering.pausedTables.map((t) => objectName(t)),
      resync: state.remembered.steering.resync.map((t) => objectName(t)),
      held: [...state.held],
    },
    failures: currentFailures(state.jobFailures, state.tracker).map((f) => ({
      object: objectName(f),
      job: f.job ?? null,
      attempt: f.attempt,
      reason: f.reason,
      at: new Date(f.at).toISOString(),
    })),
    clusters: { source: facts.clusters.source.release, target: facts.clusters.target.release },
    errors: [...state.errors],
  };
}
