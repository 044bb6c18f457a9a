// Temporary partitions (StarRocks: catalog/TempPartitions.java, server/LocalMetastore.java):
//   ALTER TABLE t ADD TEMPORARY PARTITION tp VALUES ... [DISTRIBUTED BY ...] [PROPERTIES (...)]
//   ALTER TABLE t DROP TEMPORARY PARTITION [IF EXISTS] tp
//   ALTER TABLE t REPLACE PARTITION (p, ...) WITH TEMPORARY PARTITION (tp, ...) [PROPERTIES (...)]
// A temporary partition has its own id and tablets; its range may overlap formal partitions but
// not other temporary ones, and its name is unique among both kinds. Every function here runs
// under the FE's DDL lock and changes the catalogue with one entry.
import type { AlterTableAction } from '../../sql/ast.js';
import type { DatabaseMeta, OlapTableMeta, PartitionMeta } from '../catalog/model.js';
import { partitionNameTaken, tempPartitionsOf } from '../catalog/partitions.js';
import type { FeContext } from '../fe-context.js';
import { SimError } from '../sim-error.js';
import { addedPartitionSpec } from './added-partition.js';
import { createPartitions, dropTablets, type NewPartition } from './partition-factory.js';
import { swapInTempPartitions, type SwapResult } from './partition-swap.js';

type Action<K extends AlterTableAction['kind']> = Extract<AlterTableAction, { kind: K }>;

function save(ctx: FeContext, db: DatabaseMeta, table: OlapTableMeta): void {
  ctx.store.write({ op: 'putTable', dbId: db.id, table: { ...table, updateTime: Date.now() } });
}

function withTempPartitions(table: OlapTableMeta, tempPartitions: PartitionMeta[]): OlapTableMeta {
  const { tempPartitions: _old, ...rest } = table;
  return tempPartitions.length > 0 ? { ...rest, tempPartitions } : rest;
}

/** Creates the partitions' tablets, then adds them to the table as temporary partitions. */
export async function createTempPartitions(ctx: FeContext, db: DatabaseMeta, table: OlapTableMeta, specs: NewPartition[], overwriteJobId?: number): Promise<PartitionMeta[]> {
  const created = (await createPartitions(ctx, table, specs)).map((p): PartitionMeta => (overwriteJobId === undefined ? p : { ...p, overwriteJobId }));
  save(ctx, db, withTempPartitions(table, [...tempPartitionsOf(table), ...created]));
  return created;
}

/** Takes the chosen temporary partitions out of the table, then drops their tablets. */
export async function removeTempPartitions(ctx: FeContext, db: DatabaseMeta, table: OlapTableMeta, chosen: (p: PartitionMeta) => boolean): Promise<void> {
  const removed = tempPartitionsOf(table).filter(chosen);
  if (removed.length === 0) return;
  save(ctx, db, withTempPartitions(table, tempPartitionsOf(table).filter((p) => !chosen(p))));
  await dropTablets(ctx, removed);
}

/** Writes a swapped table; the replaced partitions' tablets go once no running scan may read them. */
export function commitSwap(ctx: FeContext, db: DatabaseMeta, swap: SwapResult): void {
  save(ctx, db, swap.table);
  ctx.scans.afterRunningScans(() => dropTablets(ctx, swap.replaced));
}

export async function addTempPartition(ctx: FeContext, db: DatabaseMeta, table: OlapTableMeta, action: Action<'add_temp_partition'>): Promise<void> {
  if (table.partitionScheme.type !== 'RANGE') throw SimError.invalid(`Table '${table.name}' is not partitioned`);
  if (partitionNameTaken(table, action.partition.name)) {
    if (action.ifNotExists) return;
    throw SimError.duplicatePartition(action.partition.name);
  }
  // StarRocks' RangePartitionInfo checks a temporary range against the temporary ranges only.
  const spec = addedPartitionSpec(table, action.partition, action.distribution, tempPartitionsOf(table).map((p) => p.range!));
  await createTempPartitions(ctx, db, table, [spec]);
}

export async function dropTempPartition(ctx: FeContext, db: DatabaseMeta, table: OlapTableMeta, action: Action<'drop_temp_partition'>): Promise<void> {
  if (!tempPartitionsOf(table).some((p) => p.name === action.name)) {
    if (action.ifExists) return;
    // StarRocks: ErrorCode.ERR_DROP_PARTITION_NON_EXISTENT, from LocalMetastore.dropPartition.
    throw new SimError(1507, 'HY000', `Error in list of partitions to ${action.name}`);
  }
  await removeTempPartitions(ctx, db, table, (p) => p.name === action.name);
}

/** StarRocks reads these flags with Boolean.parseBoolean: "true" in any letter case, anything else false. */
function flag(value: string | undefined, fallback: boolean): boolean {
  return value === undefined ? fallback : value.toLowerCase() === 'true';
}

export function replacePartitions(ctx: FeContext, db: DatabaseMeta, table: OlapTableMeta, action: Action<'replace_partition'>): void {
  // StarRocks: sql/analyzer/AlterTableClauseAnalyzer.visitReplacePartitionClause.
  const { strict_range: strictRange, use_temp_partition_name: useTempName, ...unknown } = action.properties;
  if (Object.keys(unknown).length > 0) throw SimError.invalid(`Unknown properties: [${Object.keys(unknown).join(', ')}]`);
  if (action.partitions.temporary || !action.tempPartitions.temporary) throw SimError.invalid('Only support replace partitions with temp partitions');
  const swap = swapInTempPartitions(table, action.partitions.names, action.tempPartitions.names, {
    strictRange: flag(strictRange, true),
    useTempPartitionName: flag(useTempName, false),
  });
  commitSwap(ctx, db, swap);
}
