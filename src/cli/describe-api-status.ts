// The text `cluster-sync status --http` prints from GET /api/v1/status (pure): what the file-based
// `cluster-sync status` says (src/daemon/status-file.ts describeStatus), in the same style, plus
// the phase, the lag, the throughput and the initial copy's ETA, which only the running daemon knows.
import type { statusView } from '../http/views.js';
import { formatBytes, formatDuration, formatRate } from './human-units.js';
import { THROUGHPUT_WINDOW_MS } from '../report/history.js';
import { clusterStatusLine, failingItem, windowStatusLine } from '../daemon/status-file.js';

/** GET /api/v1/status once the daemon has read the clusters. */
export type ApiStatus = ReturnType<typeof statusView>;
/** GET /api/v1/status before the first catalogue read. */
export type ApiStartingStatus = { phase: 'starting'; updatedAt: string };

/** Items listed per kind before "... and N more". */
const LISTED = 20;
const LISTED_ERRORS = 10;

function listed(label: string, items: readonly string[], max = LISTED): string[] {
  const lines = items.slice(0, max).map((item) => `  ${label}: ${item}`);
  if (items.length > max) lines.push(`  ... and ${items.length - max} more ${label} item(s)`);
  return lines;
}

const clusterLine = (cluster: ApiStatus['clusters']['source']) => clusterStatusLine(cluster.fe, cluster, cluster.release);

function lagLine(lag: ApiStatus['lag']): string {
  if (lag.partitions === 0) return 'lag: none (the target holds every selected source version)';
  return `lag: ${formatDuration(lag.seconds)} (the oldest source change not on the target yet), ${lag.partitions} partition(s), ${formatBytes(lag.bytes)} behind`;
}

function throughputLine(throughput: ApiStatus['throughput']): string {
  const window = `${THROUGHPUT_WINDOW_MS / 60_000} min`;
  const rate = throughput.bytesPerSecond === null ? `not measured yet (fewer than two rounds in the last ${window})` : `${formatRate(throughput.bytesPerSecond)} over the last ${window}`;
  return `throughput: ${rate}; ${formatBytes(throughput.bytesReplicated)} replicated since the daemon started`;
}

function initialCopyLine(copy: ApiStatus['initialCopy']): string {
  if (copy.done) return 'initial copy: done';
  const eta = copy.etaSeconds === null ? 'no estimate yet (nothing replicated recently)' : `about ${formatDuration(copy.etaSeconds)} to go at the current throughput`;
  return `initial copy: ${formatBytes(copy.bytesLeft)} left, ${eta}`;
}

function pausedLines(steering: ApiStatus['steering']): string[] {
  const what = steering.pausedAll
    ? 'the whole daemon (no new jobs or DDL; running jobs finish)'
    : [...steering.pausedDatabases.map((db) => `database ${db}`), ...steering.pausedTables.map((t) => `table ${t}`)].join(', ') || 'nothing';
  return [
    `paused: ${what}`,
    ...listed('held', steering.held.map((h) => `${h.object}: ${h.reason}`)),
    ...listed('resync', steering.resync.map((t) => `${t}: to be dropped on the target and copied afresh`)),
  ];
}

/** The text for the daemon reached at `where` (host:port). */
export function describeApiStatus(status: ApiStatus | ApiStartingStatus, where: string): string {
  if (status.phase === 'starting') return `cluster-sync answers on ${where}: starting, it has not read the clusters yet (at ${status.updatedAt})`;
  const s = status as ApiStatus;
  const lines = [
    `cluster-sync answers on ${where} (${s.mode} mode, since ${s.startedAt}, round ${s.round}, at ${s.updatedAt})`,
    `phase: ${s.phase}`,
    clusterLine(s.clusters.source),
    clusterLine(s.clusters.target),
    s.progress.job,
    s.progress.table,
    lagLine(s.lag),
    throughputLine(s.throughput),
    initialCopyLine(s.initialCopy),
    windowStatusLine(s.window),
    `DDL: ${s.jobs.ddlPending} pending; ${s.blocked.length} item(s) blocked`,
    ...pausedLines(s.steering),
    ...listed('blocked', s.blocked.map((b) => `${b.object}: ${b.reason}`)),
    ...listed('failing', s.failures.map(failingItem)),
    ...listed('error', s.errors, LISTED_ERRORS),
  ];
  return lines.join('\n');
}
