// What the DDL diff decides: the statements to run on the target (as data, never SQL, so names
// with any character travel safely to the executor, which quotes them), and the drops a switch
// kept from happening, so the log can say what was left alone and which key would change that.
import type { DropSwitch } from './diff-options.js';

export type { DropSwitch };

interface TaskBase {
  db: string;
  /** Why the task exists, for the log line that runs it. */
  reason: string;
}

interface TableTaskBase extends TaskBase {
  table: string;
}

/** Every drop names the setting that allowed it: the drop audit (log/drops.log) records it. */
interface DropBase {
  allowedBy: DropSwitch;
}

interface PartitionTaskBase extends TableTaskBase {
  partition: string;
}

export interface CreateDatabaseTask extends TaskBase {
  kind: 'create_database';
}

export interface DropDatabaseTask extends TaskBase, DropBase {
  kind: 'drop_database';
}

/** The executor fetches the source's SHOW CREATE TABLE and runs it through rewriteCreateTable. */
export interface CreateTableTask extends TableTaskBase {
  kind: 'create_table';
}

export interface DropTableTask extends TableTaskBase, DropBase {
  kind: 'drop_table';
  /** True when a create of the same name follows in the same plan (schema change, kind change). */
  recreate: boolean;
  /** For a drop that re-creates: what differed, without changing numbers (drop-ledger.ts). */
  cause?: string;
}

export interface PartitionDistribution {
  /** HASH or RANDOM, as information_schema.tables_config.DISTRIBUTE_TYPE prints it. */
  type: string;
  columns: string[];
  buckets: number;
}

/** Everything partitionClause needs, so the executor does not look anything up again. */
export interface AddPartitionTask extends PartitionTaskBase {
  kind: 'add_partition';
  /** The source partition's range as partitions_meta.PARTITION_VALUE prints it. */
  range: string;
  /** Types of the partition columns, in order (COLUMN_TYPE text, e.g. date, int(11)). */
  partitionColumnTypes: string[];
  /** The source partition's distribution: its bucket count may differ from the table default. */
  distribution: PartitionDistribution;
}

export interface DropPartitionTask extends PartitionTaskBase, DropBase {
  kind: 'drop_partition';
  recreate: boolean;
  /** For a drop that re-adds: what differed, without changing numbers (drop-ledger.ts). */
  cause?: string;
}

/** The executor fetches the source's SHOW CREATE VIEW and runs it through rewriteCreateView. */
export interface CreateViewTask extends TableTaskBase {
  kind: 'create_view';
}

export interface DropViewTask extends TableTaskBase, DropBase {
  kind: 'drop_view';
  recreate: boolean;
}

export interface CreateMaterializedViewTask extends TableTaskBase {
  kind: 'create_materialized_view';
}

export interface DropMaterializedViewTask extends TableTaskBase, DropBase {
  kind: 'drop_materialized_view';
  recreate: boolean;
}

export type DdlTask =
  | CreateDatabaseTask
  | DropDatabaseTask
  | CreateTableTask
  | DropTableTask
  | AddPartitionTask
  | DropPartitionTask
  | CreateViewTask
  | DropViewTask
  | CreateMaterializedViewTask
  | DropMaterializedViewTask;

export type DdlTaskKind = DdlTask['kind'];

export type DropTaskKind = Extract<DdlTaskKind, `drop_${string}`>;

/** A drop the diff would have planned, had its switch allowed it. */
export interface BlockedItem {
  db: string;
  table?: string;
  partition?: string;
  /** The task that was not planned. */
  wouldBe: DropTaskKind;
  /**
   * The key that, set to true, would let the drop happen; or comparison-unstable: the same
   * difference came back after the object was dropped and re-created, so it is not dropped again.
   */
  blockedBy: DropSwitch | 'comparison-unstable';
  /** For the log: what differs and which switch keeps it, e.g. "exists only on the target; ...=false keeps it". */
  reason: string;
}

export interface DdlPlan {
  /** In execution order (see task-order.ts). */
  tasks: DdlTask[];
  blocked: BlockedItem[];
}
