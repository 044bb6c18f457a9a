// The version two clusters' partitions are compared by: the DATA version where the cluster prints
// one (information_schema.partitions_meta.DATA_VERSION, from 3.3.9), else the visible version.
//
// A partition carries a data version beside its visible version
// (StarRocks: fe/fe-core/src/main/java/com/starrocks/catalog/PhysicalPartition.java). On a
// shared-data cluster from 3.3.10 / 3.4.1, a lake compaction publishes a new visible version but
// leaves the data version alone (transaction/LakeTableTxnLogApplier.java), and replication aligns
// on the data version: the target FE compares the source's version with the target partition's
// data version, and a replication commit sets the data version to the source's version while the
// visible version moves by the same step from wherever compaction left it
// (transaction/DatabaseTransactionMgr.java). So a compacted shared-data target is in sync with a
// visible version above the source's: only the data versions say so. On shared-nothing clusters,
// and on releases before that change, the two are always equal, and clusters that print no
// DATA_VERSION (before 3.3.9, SHOW PARTITIONS) are compared by the visible version they do print.
import type { PartitionModel } from './catalog-model.js';

export function alignedVersion(partition: Pick<PartitionModel, 'visibleVersion' | 'dataVersion'>): number {
  return partition.dataVersion ?? partition.visibleVersion;
}
