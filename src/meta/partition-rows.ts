// Partition rows as the clusters print them, into the daemon's PartitionModel: from
// information_schema.partitions_meta (one query per cluster) or, on clusters without it, from
// SHOW PARTITIONS (one per table). partitions_meta is asked for the columns the model needs only,
// among those the cluster has (older versions print no VERSION_EPOCH or VERSION_TXN_TYPE): at
// 100,000 partitions every column read costs time and memory on both ends.
import type { Row } from '../cluster/fe-client.js';
import type { PartitionModel } from './catalog-model.js';

const num = (value: unknown): number => Number(value ?? 0);
const str = (value: unknown): string => (value === null || value === undefined ? '' : String(value));

/** The partitions_meta columns fetchCatalog reads, when the cluster has them. */
export const PARTITIONS_META_COLUMNS = [
  'DB_NAME',
  'TABLE_NAME',
  'PARTITION_NAME',
  'PARTITION_ID',
  'VISIBLE_VERSION',
  'VERSION_EPOCH',
  'VERSION_TXN_TYPE',
  'PARTITION_VALUE',
  'BUCKETS',
  'REPLICATION_NUM',
  'DATA_SIZE',
  'ROW_COUNT',
] as const;

/**
 * The partitions_meta query, given one row of `SELECT *` from it (its keys are the cluster's
 * column names, in any letter case): every wanted column the cluster has; all of them when there
 * is no row to tell.
 */
export function partitionsMetaQuery(sample: Row | undefined): string {
  const present = sample ? new Set(Object.keys(sample).map((name) => name.toUpperCase())) : undefined;
  const columns = PARTITIONS_META_COLUMNS.filter((name) => !present || present.has(name));
  return `SELECT ${columns.join(', ')} FROM information_schema.partitions_meta`;
}

export function partitionFromMeta(row: Row): PartitionModel {
  return {
    id: num(row.PARTITION_ID),
    name: str(row.PARTITION_NAME),
    visibleVersion: num(row.VISIBLE_VERSION),
    versionEpoch: num(row.VERSION_EPOCH),
    versionTxnType: str(row.VERSION_TXN_TYPE) || 'TXN_NORMAL',
    range: str(row.PARTITION_VALUE),
    buckets: num(row.BUCKETS),
    replicationNum: num(row.REPLICATION_NUM),
    dataSize: num(row.DATA_SIZE),
    rowCount: num(row.ROW_COUNT),
  };
}

/** Pretty sizes from SHOW PARTITIONS ("1.234 KB", "0B") as bytes, for clusters without partitions_meta. */
export function parseSize(text: unknown): number {
  const match = /^([\d.]+)\s*([KMGTP]?B)$/i.exec(str(text).trim());
  if (!match) return num(text);
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  return Math.round(Number(match[1]) * 1024 ** units.indexOf(match[2]!.toUpperCase()));
}

export function partitionFromShow(row: Row): PartitionModel {
  return {
    id: num(row.PartitionId),
    name: str(row.PartitionName),
    visibleVersion: num(row.VisibleVersion),
    // Older clusters report no epoch: versions alone are compared.
    versionEpoch: 0,
    versionTxnType: 'TXN_NORMAL',
    range: str(row.Range),
    buckets: num(row.Buckets),
    replicationNum: num(row.ReplicationNum),
    dataSize: parseSize(row.DataSize),
    rowCount: num(row.RowCount),
  };
}
