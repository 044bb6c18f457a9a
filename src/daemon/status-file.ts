// The daemon's status, rewritten atomically (temp file + rename) after every round to
// <log-dir>/status.json, so `cluster-sync status` (or any tool) can read where a running daemon
// stands without touching either cluster.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomically } from '../util/atomic-file.js';

export interface DaemonStatus {
  pid: number;
  startedAt: string;
  mode: 'continuous' | 'one-time';
  updatedAt: string;
  round: number;
  /** fe: how the daemon names the FE it uses, e.g. "source FE 10.0.0.1:9030" (describeEndpoint). */
  source: { fe: string; connected: boolean; error?: string };
  target: { fe: string; connected: boolean; error?: string };
  /** Quiet hours: whether new replication jobs may start, and when that changes. */
  window: { open: boolean; changesAt: string | null };
  progress: { job: string; table: string };
  jobs: Record<'pending' | 'sent' | 'running' | 'finished' | 'failed' | 'unknown', number>;
  ddl: { pending: number; blocked: { object: string; reason: string }[] };
  /** What the sync waits for, with why (a table whose tablets cannot be read whole, an overwrite under way on the source). */
  waiting?: { object: string; reason: string }[];
  /** Tables the sync cannot copy, with why. */
  notSupported?: { object: string; reason: string }[];
  /** What an operator paused or asked to resync (POST /api/v1/pause, ... /resync), and the work held back. */
  steering?: { pausedAll: boolean; pausedDatabases: string[]; pausedTables: string[]; resync: string[]; held: { object: string; reason: string }[] };
  /**
   * Tables whose replication keeps failing: the last failure of each (the FE's job id, null when the
   * request was refused; the attempt; the FE's reason; when), until a job of the table finishes.
   */
  failures?: { object: string; job: string | null; attempt: number; reason: string; at: string }[];
  /** Each cluster's release as its FE reports it, once known. */
  clusters?: { source: string | null; target: string | null };
  errors: string[];
}

export const STATUS_FILE = 'status.json';

export function writeStatusFile(logDir: string, status: DaemonStatus): void {
  writeFileAtomically(join(logDir, STATUS_FILE), JSON.stringify(status, null, 2) + '\n');
}

export function readStatusFile(logDir: string): DaemonStatus | undefined {
  try {
    return JSON.parse(readFileSync(join(logDir, STATUS_FILE), 'utf8')) as DaemonStatus;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** "source FE 10.0.0.1:9030: connected, StarRocks 3.3.9": one cluster as both status texts print it (fe names the side already). */
export function clusterStatusLine(fe: string, read: { connected: boolean; error?: string }, release: string | null | undefined): string {
  return `${fe}: ${read.connected ? 'connected' : `not connected${read.error ? ` (${read.error})` : ''}`}${release ? `, StarRocks ${release}` : ''}`;
}

/** The quiet-hours window as both status texts print it. */
export function windowStatusLine(window: { open: boolean; changesAt: string | null }): string {
  return `replication window: ${window.open ? 'open' : 'closed'}${window.changesAt ? `, ${window.open ? 'closes' : 'opens'} at ${window.changesAt}` : ''}`;
}

/** A table whose replication keeps failing, as both status texts print it. */
export function failingItem(f: { object: string; job: string | null; attempt: number; at: string | null; reason: string }): string {
  return `${f.object}: ${f.job === null ? 'refused' : `job ${f.job}`}, attempt ${f.attempt}, at ${f.at}: ${f.reason}`;
}

/** The text `cluster-sync status` prints, and whether the daemon is running. */
export function describeStatus(status: DaemonStatus, now: Date, isAlive: (pid: number) => boolean = alive): { running: boolean; text: string } {
  const running = isAlive(status.pid);
  const lines = [
    running
      ? `cluster-sync is running (pid ${status.pid}, ${status.mode} mode, since ${status.startedAt})`
      : `cluster-sync is not running (pid ${status.pid} is gone; last status written ${status.updatedAt})`,
    `round ${status.round} at ${status.updatedAt} (${Math.round((now.getTime() - Date.parse(status.updatedAt)) / 1000)} s ago)`,
    clusterStatusLine(status.source.fe, status.source, status.clusters?.source),
    clusterStatusLine(status.target.fe, status.target, status.clusters?.target),
    status.progress.job,
    status.progress.table,
    windowStatusLine(status.window),
    `DDL: ${status.ddl.pending} pending, ${status.ddl.blocked.length} drop(s) blocked`,
    ...status.ddl.blocked.slice(0, 20).map((b) => `  blocked: ${b.object}: ${b.reason}`),
    ...(status.waiting ?? []).slice(0, 20).map((w) => `  waiting: ${w.object}: ${w.reason}`),
    ...(status.notSupported ?? []).slice(0, 20).map((n) => `  not supported: ${n.object}: ${n.reason}`),
    ...(status.failures ?? []).slice(0, 20).map((f) => `  failing: ${failingItem(f)}`),
    ...status.errors.slice(0, 10).map((e) => `  error: ${e}`),
  ];
  return { running, text: lines.join('\n') };
}
