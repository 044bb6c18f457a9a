// Per-table history behind "Sync table progress" (pure). StarRocks' migration tool defines:
//   finished   = at least one sync job for the table succeeded;
//   unfinished = none has yet;
//   expired    = finished, but the source has since moved ahead of the target.
// A table the catalogues show in sync counts as finished as well, though no job ran for it (empty
// tables, or a target already migrated before a restart): nothing is left to do for it.
//
// "Moved ahead since" needs a "since": the last time the table was caught up, i.e. seen in sync
// in a plan, or a job finished leaving none of the table's jobs to do. A table is expired when a
// plan read after that moment shows it out of sync. A plan read before it is stale (it predates
// the data that arrived) and says nothing; a table never caught up yet (the first of several jobs
// split by size is done) is still on its way, not expired.
import type { ReplicationPlan } from '../replication/candidate.js';
import type { TableJobHistory } from '../replication/job-tracker.js';
import { tableKey, type TableKey } from '../meta/table-key.js';

export interface TableRecord {
  readonly db: string;
  readonly table: string;
  /** When the table first counted as finished. */
  readonly finishedAt?: number;
  /** When the table was last known caught up with the source. */
  readonly caughtUpAt?: number;
  /** What the latest plan said. */
  readonly synced: boolean;
  /** When the latest plan's catalogues were read. */
  readonly asOf: number;
}

export interface TableProgressModel {
  /** The tables of the latest plan: every selected OLAP source table. */
  readonly tables: ReadonlyMap<TableKey, TableRecord>;
}

export interface TableCounts {
  total: number;
  finished: number;
  unfinished: number;
  expired: number;
}

export const EMPTY_TABLE_PROGRESS: TableProgressModel = { tables: new Map() };

const earliest = (a: number | undefined, b: number | undefined): number | undefined => (a === undefined ? b : b === undefined ? a : Math.min(a, b));
const latest = (a: number | undefined, b: number | undefined): number | undefined => (a === undefined ? b : b === undefined ? a : Math.max(a, b));

/**
 * A new plan sets which tables count (tables dropped from the source or deselected leave the
 * report) and whether each is in sync; the history of the tables that stay is kept.
 */
export function withPlan(model: TableProgressModel, plan: Pick<ReplicationPlan, 'tables' | 'asOf'>): TableProgressModel {
  const tables = new Map<TableKey, TableRecord>();
  for (const { db, table, synced } of plan.tables) {
    const key = tableKey(db, table);
    const before = model.tables.get(key);
    tables.set(key, {
      db,
      table,
      finishedAt: synced ? earliest(before?.finishedAt, plan.asOf) : before?.finishedAt,
      caughtUpAt: synced ? latest(before?.caughtUpAt, plan.asOf) : before?.caughtUpAt,
      synced,
      asOf: plan.asOf,
    });
  }
  return { tables };
}

/**
 * Folds in the tracker's finished jobs. The tracker keeps its history for the daemon's lifetime,
 * so folding it in again is harmless and a table planned after its job finished still gets it.
 */
export function withFinishedJobs(model: TableProgressModel, history: ReadonlyMap<TableKey, TableJobHistory>): TableProgressModel {
  const tables = new Map<TableKey, TableRecord>();
  for (const [key, record] of model.tables) {
    const jobs = history.get(key);
    tables.set(
      key,
      jobs
        ? { ...record, finishedAt: earliest(record.finishedAt, jobs.lastFinishedAt), caughtUpAt: latest(record.caughtUpAt, jobs.caughtUpAt) }
        : record,
    );
  }
  return { tables };
}

export function isExpired(record: TableRecord): boolean {
  return record.finishedAt !== undefined && !record.synced && record.caughtUpAt !== undefined && record.caughtUpAt < record.asOf;
}

export function countTables(model: TableProgressModel): TableCounts {
  const counts: TableCounts = { total: 0, finished: 0, unfinished: 0, expired: 0 };
  for (const record of model.tables.values()) {
    counts.total++;
    if (record.finishedAt === undefined) counts.unfinished++;
    else counts.finished++;
    if (isExpired(record)) counts.expired++;
  }
  return counts;
}
