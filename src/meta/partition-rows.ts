// Partition rows as the clusters print them, into the daemon's PartitionModel: from
// information_schema.partitions_meta (one query per cluster) or, on clusters without it (before
// 3.1.9 / 3.2.4), from SHOW PARTITIONS and SHOW TEMPORARY PARTITIONS (per table). partitions_meta
// is asked for the columns the model needs only, among those the cluster has (older releases
// print no DATA_VERSION, VERSION_EPOCH or VERSION_TXN_TYPE): at 100,000 partitions every
// column read costs time and memory on both ends.
//
// partitions_meta prints one row per PHYSICAL partition of every formal and temporary partition
// (PARTITION_NAME is the logical name, IS_TEMP tells the temporary ones), so its rows are put
// together per table (tablePartitions): temporary partitions aside, and partitions with several
// physical partitions named.
import type { Row } from '../cluster/fe-client.js';
import { quoteString } from '../cluster/sql-text.js';
import type { PartitionModel, SubPartitionedPartition } from './catalog-model.js';

const num = (value: unknown): number => Number(value ?? 0);
const str = (value: unknown): string => (value === null || value === undefined ? '' : String(value));

/** The partitions_meta columns fetchCatalog reads, when the cluster has them. */
export const PARTITIONS_META_COLUMNS = [
  'DB_NAME',
  'TABLE_NAME',
  'PARTITION_NAME',
  'PARTITION_ID',
  'VISIBLE_VERSION',
  'DATA_VERSION',
  'VERSION_EPOCH',
  'VERSION_TXN_TYPE',
  'PARTITION_VALUE',
  'BUCKETS',
  'REPLICATION_NUM',
  'IS_TEMP',
  'DATA_SIZE',
  'ROW_COUNT',
] as const;

/**
 * The partitions_meta query for a cluster whose partitions_meta has these columns (upper case):
 * every wanted column it has; all of them when the columns are not known.
 */
export function partitionsMetaQuery(columns: ReadonlySet<string> | undefined, wanted: readonly string[] = PARTITIONS_META_COLUMNS): string {
  const present = wanted.filter((name) => !columns || columns.has(name));
  return `SELECT ${present.join(', ')} FROM information_schema.partitions_meta`;
}

/** The WHERE condition of a partitions_meta read that names some tables. */
export function partitionsMetaTablesWhere(tables: readonly { db: string; table: string }[]): string {
  return tables.map((t) => `(DB_NAME = ${quoteString(t.db)} AND TABLE_NAME = ${quoteString(t.table)})`).join(' OR ');
}

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];

/**
 * A size in bytes, from any form StarRocks prints one in: a number (partitions_meta.DATA_SIZE
 * from 4.0), ByteSizeValue text ("0B", "1.5KB", "237.9MB": partitions_meta before 4.0), or the
 * pretty text of SHOW PARTITIONS ("1.234 KB"). Text sizes are rounded by the FE, so the bytes are
 * approximate; undefined for anything else, never NaN.
 */
export function parseSize(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  const text = str(value).trim();
  if (/^\d+$/.test(text)) return Number(text);
  const match = /^(\d+(?:\.\d+)?)\s*([KMGTP]?B)$/i.exec(text);
  if (!match) return undefined;
  return Math.round(Number(match[1]) * 1024 ** UNITS.indexOf(match[2]!.toUpperCase()));
}

/** One row of partitions_meta (or SHOW [TEMPORARY] PARTITIONS), before it is put with its table's others. */
export interface PartitionRow {
  partition: PartitionModel;
  temp: boolean;
}

/** partitions_meta.DATA_VERSION when the row has it (3.3.9 and later), else undefined: never 0 or NaN from a missing value. */
function dataVersionOf(row: Row): number | undefined {
  const text = str(row.DATA_VERSION).trim();
  if (text === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

export function partitionFromMeta(row: Row): PartitionRow {
  const dataVersion = dataVersionOf(row);
  return {
    partition: {
      id: num(row.PARTITION_ID),
      name: str(row.PARTITION_NAME),
      visibleVersion: num(row.VISIBLE_VERSION),
      ...(dataVersion !== undefined ? { dataVersion } : {}),
      versionEpoch: num(row.VERSION_EPOCH),
      versionTxnType: str(row.VERSION_TXN_TYPE) || 'TXN_NORMAL',
      range: str(row.PARTITION_VALUE),
      buckets: num(row.BUCKETS),
      replicationNum: num(row.REPLICATION_NUM),
      dataSize: parseSize(row.DATA_SIZE) ?? 0,
      rowCount: num(row.ROW_COUNT),
    },
    temp: str(row.IS_TEMP).toLowerCase() === 'true',
  };
}

export function partitionFromShow(row: Row, temp = false): PartitionRow {
  return {
    partition: {
      id: num(row.PartitionId),
      name: str(row.PartitionName),
      visibleVersion: num(row.VisibleVersion),
      // SHOW PARTITIONS prints neither a data version nor an epoch: visible versions alone are compared.
      versionEpoch: 0,
      versionTxnType: 'TXN_NORMAL',
      range: str(row.Range),
      buckets: num(row.Buckets),
      replicationNum: num(row.ReplicationNum),
      dataSize: parseSize(row.DataSize) ?? 0,
      rowCount: num(row.RowCount),
    },
    temp,
  };
}

export interface TablePartitions {
  /** Formal partitions, one per name (the first physical partition listed), in catalogue order. */
  partitions: PartitionModel[];
  /** Names of the temporary partitions. */
  tempPartitions: string[];
  subPartitioned: SubPartitionedPartition[];
}

/** One table's partition rows put together (pure). */
export function tablePartitions(rows: readonly PartitionRow[]): TablePartitions {
  const partitions: PartitionModel[] = [];
  const tempPartitions: string[] = [];
  const physical = new Map<string, number>();
  for (const { partition, temp } of rows) {
    if (temp) {
      if (!tempPartitions.includes(partition.name)) tempPartitions.push(partition.name);
      continue;
    }
    const seen = physical.get(partition.name) ?? 0;
    physical.set(partition.name, seen + 1);
    if (seen === 0) partitions.push(partition);
  }
  const subPartitioned = [...physical].filter(([, count]) => count > 1).map(([partition, physicalPartitions]) => ({ partition, physicalPartitions }));
  return { partitions, tempPartitions, subPartitioned };
}
