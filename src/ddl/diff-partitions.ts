// Partition-level decisions for a table whose schema matches on both sides: add what the source
// has and the target lacks, drop what only the target has, and drop and re-add what diverged
// (partitionConsistency), each drop only as its switch allows. A table without partitions of its
// own has a single implicit one that StarRocks cannot drop or add alone: there the table is
// dropped and re-created instead, under the same switch.
import type { OlapTableModel, PartitionModel } from '../meta/catalog-model.js';
import type { AddPartitionTask, DropSwitch } from './ddl-plan.js';
import type { DiffSettings } from './diff-options.js';
import { lineageOf, partitionConsistency, type Lineage } from './partition-consistency.js';
import type { SyncedFrom } from './source-partition-ids.js';
import { isTimePartitioned, isUnpartitioned, partitionColumnTypes } from './partition-columns.js';
import type { PlanBuilder } from './plan-builder.js';
import { Phase, Step } from './task-order.js';

function addPartitionTask(source: OlapTableModel, partition: PartitionModel, reason: string): AddPartitionTask {
  return {
    kind: 'add_partition',
    db: source.db,
    table: source.name,
    partition: partition.name,
    reason,
    range: partition.range,
    partitionColumnTypes: partitionColumnTypes(source.schema, partition.range),
    distribution: { type: source.schema.distributionType, columns: [...source.schema.distributionColumns], buckets: partition.buckets },
  };
}

function inconsistentPartitionSwitch(source: OlapTableModel, partition: PartitionModel): DropSwitch {
  return isTimePartitioned(source.schema, partition.range) ? 'ddl_job_allow_drop_inconsistent_time_partition' : 'ddl_job_allow_drop_inconsistent_partition';
}

/** What makes the single implicit partition of an unpartitioned table differ (and its cause), or null. */
function unpartitionedDifference(source: OlapTableModel, target: OlapTableModel, lineage: Lineage, syncedFrom: SyncedFrom | undefined): { difference: string; cause: string } | null {
  const targetByName = new Map(target.partitions.map((p) => [p.name, p]));
  for (const partition of source.partitions) {
    const other = targetByName.get(partition.name);
    if (!other) return { difference: `its partition ${JSON.stringify(partition.name)} is missing on the target`, cause: 'partition-missing' };
    const consistency = partitionConsistency(partition, other, lineage, syncedFrom?.(source.db, source.name, partition.name));
    if (consistency.verdict === 'inconsistent') return { difference: `its only partition is inconsistent: ${consistency.reason}`, cause: `partition-${consistency.cause}` };
  }
  const sourceNames = new Set(source.partitions.map((p) => p.name));
  const extra = target.partitions.find((p) => !sourceNames.has(p.name));
  return extra ? { difference: `its partition ${JSON.stringify(extra.name)} exists only on the target`, cause: 'target-only-partition' } : null;
}

function diffUnpartitioned(source: OlapTableModel, target: OlapTableModel, settings: DiffSettings, plan: PlanBuilder, syncedFrom: SyncedFrom | undefined): void {
  const found = unpartitionedDifference(source, target, lineageOf(settings), syncedFrom);
  if (!found) return;
  const { difference, cause } = found;
  const where = { db: source.db, table: source.name };
  const finding = `unpartitioned table: ${difference}`;
  if (!settings.ddl_job_allow_drop_inconsistent_partition) {
    plan.block({ ...where, wouldBe: 'drop_table', blockedBy: 'ddl_job_allow_drop_inconsistent_partition', finding });
    return;
  }
  plan.add({ kind: 'drop_table', ...where, reason: `${finding}; dropped to be re-created`, recreate: true, cause: `unpartitioned table: ${cause}`, allowedBy: 'ddl_job_allow_drop_inconsistent_partition' }, Phase.DropsBeforeRecreate, Step.Drop);
  plan.add({ kind: 'create_table', ...where, reason: `re-created from the source (${finding})` }, Phase.CreateTables);
}

function diffPartitioned(source: OlapTableModel, target: OlapTableModel, settings: DiffSettings, plan: PlanBuilder, syncedFrom: SyncedFrom | undefined): void {
  const targetByName = new Map(target.partitions.map((p) => [p.name, p]));
  for (const partition of source.partitions) {
    const other = targetByName.get(partition.name);
    if (!other) {
      plan.add(addPartitionTask(source, partition, 'missing on the target'), Phase.AddPartitions);
      continue;
    }
    const consistency = partitionConsistency(partition, other, lineageOf(settings), syncedFrom?.(source.db, source.name, partition.name));
    if (consistency.verdict === 'consistent') continue;
    const where = { db: source.db, table: source.name, partition: partition.name };
    const finding = `inconsistent: ${consistency.reason}`;
    const blockedBy = inconsistentPartitionSwitch(source, partition);
    if (!settings[blockedBy]) {
      plan.block({ ...where, wouldBe: 'drop_partition', blockedBy, finding });
      continue;
    }
    plan.add({ kind: 'drop_partition', ...where, reason: `${finding}; dropped to be re-added`, recreate: true, cause: consistency.cause!, allowedBy: blockedBy }, Phase.DropsBeforeRecreate, Step.Drop);
    plan.add(addPartitionTask(source, partition, `re-added from the source (${finding})`), Phase.AddPartitions);
  }
  const sourceNames = new Set(source.partitions.map((p) => p.name));
  for (const partition of target.partitions) {
    if (sourceNames.has(partition.name)) continue;
    const where = { db: target.db, table: target.name, partition: partition.name };
    const finding = 'exists only on the target';
    if (!settings.ddl_job_allow_drop_partition_target_only) {
      plan.block({ ...where, wouldBe: 'drop_partition', blockedBy: 'ddl_job_allow_drop_partition_target_only', finding });
      continue;
    }
    plan.add({ kind: 'drop_partition', ...where, reason: finding, recreate: false, allowedBy: 'ddl_job_allow_drop_partition_target_only' }, Phase.TargetOnlyDrops, Step.Drop);
  }
}

/** Partition tasks for two tables of the same schema. */
export function diffPartitions(source: OlapTableModel, target: OlapTableModel, settings: DiffSettings, plan: PlanBuilder, syncedFrom?: SyncedFrom): void {
  const ranges = [...source.partitions, ...target.partitions].map((p) => p.range);
  if (isUnpartitioned(source.schema, ranges)) diffUnpartitioned(source, target, settings, plan, syncedFrom);
  else diffPartitioned(source, target, settings, plan, syncedFrom);
}
