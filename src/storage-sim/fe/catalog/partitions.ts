// A table's partitions as StarRocks' OlapTable keeps them: the formal ones (what queries see) and
// the temporary ones (catalog/TempPartitions.java). Both are physical partitions with tablets on
// the BEs, so whatever works on storage (publishing a version, listing tablets, dropping the table)
// goes through both; whatever works on the table's logical content uses the formal ones only.
import type { OlapTableMeta, PartitionMeta } from './model.js';

export function tempPartitionsOf(table: OlapTableMeta): PartitionMeta[] {
  return table.tempPartitions ?? [];
}

/** Formal partitions, then temporary ones. */
export function physicalPartitionsOf(table: OlapTableMeta): PartitionMeta[] {
  const temp = tempPartitionsOf(table);
  return temp.length === 0 ? table.partitions : [...table.partitions, ...temp];
}

/**
 * The version of the partition's data, which replication aligns on: its visible version, except
 * after a lake compaction on a release where that publishes a version of its own (model.ts).
 */
export function dataVersionOf(partition: PartitionMeta): number {
  return partition.dataVersion ?? partition.visibleVersion;
}

/** A formal or temporary partition by id: loads and publishes address partitions by id only. */
export function partitionById(table: OlapTableMeta, partitionId: number): PartitionMeta | undefined {
  return table.partitions.find((p) => p.id === partitionId) ?? table.tempPartitions?.find((p) => p.id === partitionId);
}

/** A formal (temporary: false) or temporary (temporary: true) partition by name. */
export function partitionByName(table: OlapTableMeta, name: string, temporary: boolean): PartitionMeta | undefined {
  return (temporary ? tempPartitionsOf(table) : table.partitions).find((p) => p.name === name);
}

/**
 * StarRocks' OlapTable.checkPartitionNameExist(name): a new partition, formal or temporary, may
 * take no name that either kind already has.
 */
export function partitionNameTaken(table: OlapTableMeta, name: string): boolean {
  return table.partitions.some((p) => p.name === name) || tempPartitionsOf(table).some((p) => p.name === name);
}
