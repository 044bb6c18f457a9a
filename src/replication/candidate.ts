// What the planner hands to the replication job: one startTableReplication call to make, and the
// versions that prove it done once the target shows them.

export interface ReplicationCandidate {
  db: string;
  table: string;
  /** Source partition names to send, in the source catalogue's order. */
  partitions: string[];
  /** Sum of the source DATA_SIZE of those partitions, in bytes. */
  dataSize: number;
  /** Source visible version of each partition when planned: the target reaching them is the job's success. */
  sourceVersions: Record<string, number>;
}

/** Why a table (or one of its partitions) is left out of this round's replication. */
export type SkipCode =
  /** The table or its database does not exist on the target yet: the DDL job creates it. */
  | 'missing-on-target'
  /** The target holds a view or materialized view under the table's name. */
  | 'not-olap-on-target'
  /** Columns, keys, partitioning or distribution differ: the DDL job re-creates the table. */
  | 'schema-differs'
  /** A source partition is missing on the target, or its range or bucket count differs. */
  | 'partition-layout-differs'
  /** The target partition left the source's version history: the DDL job drops and re-adds it. */
  | 'inconsistent-partition'
  /** The source table has temporary partitions: an INSERT OVERWRITE is under way; synced after the swap. */
  | 'overwrite-in-progress'
  /** The source table has a partition replication cannot copy whole (several physical partitions). */
  | 'not-supported';

export interface SkippedReplication {
  db: string;
  table: string;
  /** Set when only this partition is skipped; the rest of the table is still planned. */
  partition?: string;
  code: SkipCode;
  /** In words, for the log. */
  reason: string;
}

/** Every selected source table the plan looked at, and whether its target is already in sync. */
export interface TableSyncStatus {
  db: string;
  table: string;
  synced: boolean;
}

export interface ReplicationPlan {
  /** Jobs to run, ordered by database, table, then the source's partition order. */
  candidates: ReplicationCandidate[];
  skipped: SkippedReplication[];
  /** Every selected OLAP source table, in the same order: the report's "total table". */
  tables: TableSyncStatus[];
  /**
   * The earlier of the two catalogues' read times: what the plan says holds as of then. A job that
   * finishes later is newer than the plan, which the progress report has to know.
   */
  asOf: number;
}

/** An own property only: a partition named like an Object.prototype member must not read one. */
export function versionOf(versions: Readonly<Record<string, number>>, partition: string): number | undefined {
  return Object.hasOwn(versions, partition) ? versions[partition] : undefined;
}
