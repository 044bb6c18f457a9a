// What the migration turned off on the target and cutover turns back on: the daemon creates
// dynamic-partition tables with dynamic_partition.enable = "false" (rewrite-create-table.ts), or
// switches a target table's scheduler off (ddl-executor.ts), because the target must hold exactly
// the source's partitions. Once the application moves, the target's own scheduler must add and
// drop partitions again, as the source's did: it is turned on for every selected table whose
// source has it on, and for no other.
//
// StarRocks: fe/fe-core/src/main/java/com/starrocks/catalog/DynamicPartitionProperty.java (the
// property "dynamic_partition.enable"), common/util/DynamicPartitionUtil.java (checkEnable takes
// true or false; registerOrRemoveDynamicPartitionTable puts the table back under the scheduler),
// reached through ALTER TABLE ... SET (SchemaChangeHandler -> LocalMetastore.modifyTableDynamicPartition).
import type { FeClient } from '../cluster/fe-client.js';
import { quoteTable } from '../cluster/sql-text.js';
import type { ClusterCatalog } from '../meta/catalog-model.js';
import { DYNAMIC_PARTITION_ENABLE } from '../ddl/rewrite-create-table.js';

export interface TableRef {
  db: string;
  table: string;
}

export interface SchedulerPlan {
  /** The source's scheduler is on and the target's is off: to turn on. */
  toEnable: TableRef[];
  /** Already on on the target (an earlier cutover, or by hand): nothing to do. */
  alreadyOn: TableRef[];
}

/** One change cutover made on the target, as it is listed to the operator. */
export interface TargetChange {
  object: string;
  statement: string;
  what: string;
}

/** Pure: which target tables get their scheduler back. */
export function planDynamicPartitioning(source: ClusterCatalog, target: ClusterCatalog, selected: (db: string, table: string) => boolean): SchedulerPlan {
  const plan: SchedulerPlan = { toEnable: [], alreadyOn: [] };
  for (const [db, model] of source.databases) {
    for (const [name, table] of model.tables) {
      if (table.kind !== 'table' || !table.dynamicPartition || !selected(db, name)) continue;
      const other = target.databases.get(db)?.tables.get(name);
      if (other?.kind !== 'table') continue;
      (other.dynamicPartition ? plan.alreadyOn : plan.toEnable).push({ db, table: name });
    }
  }
  return plan;
}

export function enableStatement(ref: TableRef): string {
  return `ALTER TABLE ${quoteTable(ref.db, ref.table)} SET ("${DYNAMIC_PARTITION_ENABLE}" = "true")`;
}

export interface RestoreResult {
  changes: TargetChange[];
  /** The first table whose statement failed, and why; the tables after it were not touched. */
  failed?: { object: string; statement: string; error: string };
}

/** Runs the statements one table at a time; stops at the first failure, saying what was done before it. */
export async function restoreDynamicPartitioning(target: FeClient, tables: readonly TableRef[]): Promise<RestoreResult> {
  const changes: TargetChange[] = [];
  for (const ref of tables) {
    const object = `${ref.db}.${ref.table}`;
    const statement = enableStatement(ref);
    try {
      await target.runInDatabase(ref.db, [statement], `turn dynamic partitioning of ${object} back on`);
    } catch (error) {
      return { changes, failed: { object, statement, error: (error as Error).message } };
    }
    changes.push({ object, statement, what: `${DYNAMIC_PARTITION_ENABLE} false -> true, as on the source: the target's scheduler adds and drops its partitions again` });
  }
  return { changes };
}
