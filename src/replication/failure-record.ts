// What the sync remembers of the replication jobs' setbacks: per table, the last failure and how
// many aborts, refusals with an error and admission refusals ("busy") it met, and the same counts
// in total. The status file, and later the HTTP API and the metrics, read it. Pure updates only: a
// record in, a new record out.
import { tableKey, tableOfKey, type TableKey } from '../meta/table-key.js';
import type { JobFailureKind, JobSetbacks } from './job-failures.js';
import type { TrackerState } from './job-tracker.js';

export interface SetbackCounts {
  /** Jobs the target aborted (or whose BACKUP / RESTORE failed). */
  readonly aborts: number;
  /** Requests refused with an error. */
  readonly refusals: number;
  /** Requests refused because the target was busy (its parallel-job limits, a job of the table running). */
  readonly admissionRefusals: number;
}

export interface LastFailure {
  /** When the daemon saw it (ms since the epoch). */
  readonly at: number;
  readonly kind: JobFailureKind;
  /** The id the FE showed for the job; none when the request was refused. */
  readonly job?: string;
  readonly attempt: number;
  readonly reason: string;
}

export interface TableSetbacks extends SetbackCounts {
  readonly lastFailure?: LastFailure;
}

export interface FailureRecord {
  readonly tables: ReadonlyMap<TableKey, TableSetbacks>;
  readonly total: SetbackCounts;
}

const NO_SETBACKS: SetbackCounts = { aborts: 0, refusals: 0, admissionRefusals: 0 };

export const EMPTY_FAILURE_RECORD: FailureRecord = { tables: new Map(), total: NO_SETBACKS };

const add = (counts: SetbackCounts, change: Partial<SetbackCounts>): SetbackCounts => ({
  aborts: counts.aborts + (change.aborts ?? 0),
  refusals: counts.refusals + (change.refusals ?? 0),
  admissionRefusals: counts.admissionRefusals + (change.admissionRefusals ?? 0),
});

/** The record with one event batch's setbacks counted, each failure becoming its table's last. */
export function recordSetbacks(record: FailureRecord, setbacks: JobSetbacks, now: number): FailureRecord {
  if (setbacks.failures.length === 0 && setbacks.admissions.length === 0) return record;
  const tables = new Map(record.tables);
  let total = record.total;
  const change = (db: string, table: string, counts: Partial<SetbackCounts>, lastFailure?: LastFailure) => {
    const key = tableKey(db, table);
    const before = tables.get(key) ?? NO_SETBACKS;
    tables.set(key, { ...before, ...add(before, counts), ...(lastFailure ? { lastFailure } : {}) });
    total = add(total, counts);
  };
  for (const f of setbacks.failures) {
    const lastFailure: LastFailure = { at: now, kind: f.kind, attempt: f.attempt, reason: f.reason, ...(f.remoteJobId !== undefined ? { job: f.remoteJobId } : {}) };
    change(f.db, f.table, f.kind === 'aborted' ? { aborts: 1 } : { refusals: 1 }, lastFailure);
  }
  for (const a of setbacks.admissions) change(a.db, a.table, { admissionRefusals: 1 });
  return { tables, total };
}

export interface CurrentFailure extends LastFailure {
  readonly db: string;
  readonly table: string;
}

/**
 * The tables still failing: their last failure is newer than their last finished job, and the
 * tracker still holds work for them (a table whose work the plan dropped, because it was dropped
 * or deselected, no longer fails). In database, table order.
 */
export function currentFailures(record: FailureRecord, tracker: TrackerState): CurrentFailure[] {
  const withWork = new Set(tracker.jobs.map((job) => tableKey(job.candidate.db, job.candidate.table)));
  const failing: CurrentFailure[] = [];
  for (const [key, setbacks] of record.tables) {
    const last = setbacks.lastFailure;
    if (!last || !withWork.has(key)) continue;
    const finishedAt = tracker.tables.get(key)?.lastFinishedAt;
    // Strictly later: within one step a job is observed finished before the next one is sent (and refused).
    if (finishedAt !== undefined && finishedAt > last.at) continue;
    failing.push({ ...tableOfKey(key), ...last });
  }
  return failing.sort((a, b) => (a.db === b.db ? (a.table < b.table ? -1 : a.table > b.table ? 1 : 0) : a.db < b.db ? -1 : 1));
}
