// What ALTER TABLE ADD [TEMPORARY] PARTITION creates: the range (a LESS THAN partition starts where
// the highest lower partition of the same kind ends; ranges of the same kind must not overlap),
// the bucket count (the partition's DISTRIBUTED BY, else the table's) and the replication number
// (the partition's property, else the table's).
import type { DistributionDef, PartitionDef } from '../../sql/ast.js';
import type { OlapTableMeta, RangeBounds } from '../catalog/model.js';
import type { NewPartition } from './partition-factory.js';
import { distributionOf, rangesOf } from './table-definition.js';

/** `siblings`: the ranges the new one must fit among (formal partitions for a formal one, temporary for a temporary one). */
export function addedPartitionSpec(table: OlapTableMeta, partition: PartitionDef, distribution: DistributionDef | undefined, siblings: RangeBounds[]): NewPartition {
  const types = table.partitionScheme.type === 'RANGE' ? table.partitionScheme.columns.map((name) => table.columns.find((c) => c.name === name)!.type) : [];
  const [range] = rangesOf([partition], types, siblings);
  const buckets = distribution ? distributionOf(distribution, table.columns, table.keysType, table.keyColumns).buckets : table.distribution.buckets;
  const replicationNum = Number(partition.properties.replication_num ?? table.properties.replication_num ?? '1');
  return { name: range!.name, range: range!.range, buckets, replicationNum, storageMedium: 'HDD' };
}
