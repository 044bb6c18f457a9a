// The two progress lines written to sync.INFO.log every report_interval_seconds. The fields are
// those StarRocks' migration tool documents; the layout is this project's:
//   Sync job progress: 92.31%, total: 130, ddlPending: 0, jobPending: 6, sent: 1, running: 1, finished: 120, failed: 2, unknown: 0
//   Sync table progress: finishedTableRatio: 95.00%, expiredTableRatio: 5.00%, total table: 40, finished table: 38, unfinished table: 2, expired table: 2
import type { JobStatusCounts } from '../replication/job-tracker.js';
import { formatPercent } from './percent.js';
import type { TableCounts } from './table-progress.js';

export interface JobCounts extends JobStatusCounts {
  /** DDL statements planned on the target and not yet run. */
  ddlPending: number;
}

export function totalJobs(counts: JobCounts): number {
  return counts.ddlPending + counts.jobPending + counts.sent + counts.running + counts.finished + counts.failed + counts.unknown;
}

/**
 * finished / total. With nothing to do at all the sync is complete: 100.00%. Tables still short
 * of the source with no job known yet (their DDL has just run, their jobs are not planned yet)
 * are not complete: 0.00%. Progress goes down again when new data on the source brings new jobs.
 */
export function jobProgress(counts: JobCounts, unfinishedTables = 0): string {
  const total = totalJobs(counts);
  const whenNoJob = unfinishedTables > 0 ? '0.00%' : '100.00%';
  return (
    `Sync job progress: ${formatPercent(counts.finished, total, whenNoJob)}, total: ${total}, ddlPending: ${counts.ddlPending}, ` +
    `jobPending: ${counts.jobPending}, sent: ${counts.sent}, running: ${counts.running}, finished: ${counts.finished}, ` +
    `failed: ${counts.failed}, unknown: ${counts.unknown}`
  );
}

/**
 * Expired tables are finished tables whose source has since moved ahead, so they count among the
 * finished ones: finished + unfinished = total. With no table selected nothing is left to do:
 * 100.00% finished, 0.00% expired.
 */
export function tableProgress(counts: TableCounts): string {
  return (
    `Sync table progress: finishedTableRatio: ${formatPercent(counts.finished, counts.total, '100.00%')}, ` +
    `expiredTableRatio: ${formatPercent(counts.expired, counts.total, '0.00%')}, total table: ${counts.total}, ` +
    `finished table: ${counts.finished}, unfinished table: ${counts.unfinished}, expired table: ${counts.expired}`
  );
}

/**
 * The quiet-hours line written beside the progress lines when sync_window_cron is set, so an
 * operator reading the log knows why jobs stay pending and when they start:
 *   Sync window: closed, new replication jobs start at 2026-03-02T01:00:00.000Z (sync_window_cron: 0 1 * * *, 90 minutes); running jobs continue
 *   Sync window: open until 2026-03-01T02:30:00.000Z (sync_window_cron: 0 1 * * *, 90 minutes)
 */
export function windowLine(cron: string, minutes: number, state: { open: boolean; changesAt: Date | null }): string | undefined {
  if (cron.trim() === '') return undefined;
  const setting = `(sync_window_cron: ${cron}, ${minutes} minutes)`;
  if (state.open) return `Sync window: open until ${state.changesAt?.toISOString() ?? 'further notice'} ${setting}`;
  const next = state.changesAt ? `new replication jobs start at ${state.changesAt.toISOString()}` : 'no window opens within 31 days';
  return `Sync window: closed, ${next} ${setting}; running jobs continue`;
}

/** Names shown in one report line before "and N more": a line naming a thousand tables helps no one. */
const NAMED_IN_LINE = 5;

function named(items: readonly string[]): string {
  const shown = items.slice(0, NAMED_IN_LINE).join('; ');
  return items.length > NAMED_IN_LINE ? `${shown}; and ${items.length - NAMED_IN_LINE} more` : shown;
}

/**
 * What the sync waits for, beside the progress lines, so the report says why it is not done:
 *   Sync waiting: 2 table(s): shop.orders (source: source tablet 41 has no replica on an alive BE ...); shop.daily (waits: temporary partitions ...)
 * Undefined when nothing waits.
 */
export function waitingLine(waits: readonly { object: string; reason: string }[]): string | undefined {
  if (waits.length === 0) return undefined;
  return `Sync waiting: ${waits.length} table(s): ${named(waits.map((w) => `${w.object} (${w.reason})`))}`;
}

/**
 * What is blocked and will not change by itself, e.g. a drop the daemon will not repeat:
 *   Sync blocked: 1 object(s): shop.orders (schema comparison unstable: ...)
 * Undefined when nothing is blocked.
 */
export function blockedLine(blocked: readonly { object: string; reason: string }[]): string | undefined {
  if (blocked.length === 0) return undefined;
  return `Sync blocked: ${blocked.length} object(s): ${named(blocked.map((b) => `${b.object} (${b.reason})`))}`;
}
