// The daemon's model of one cluster's catalogue, as the meta job reads it each round: what the
// diff (DDL) and the plan (replication) compare. Plain data; built by fetch-catalog.ts from a
// handful of queries per cluster, whatever the number of tables.

export type Side = 'source' | 'target';

export interface ColumnModel {
  name: string;
  /** As information_schema.columns.COLUMN_TYPE prints it, e.g. int(11), decimal(10, 2). */
  type: string;
  nullable: boolean;
  isKey: boolean;
  defaultValue: string | null;
}

/** What makes two tables' data layout compatible for replication (the tablet files must match). */
export interface TableSchema {
  columns: ColumnModel[];
  /** DUP_KEYS, PRIMARY_KEYS, UNIQUE_KEYS or AGG_KEYS. */
  keysType: string;
  keyColumns: string[];
  partitionColumns: string[];
  distributionType: string;
  distributionColumns: string[];
}

export interface PartitionModel {
  id: number;
  name: string;
  visibleVersion: number;
  /**
   * partitions_meta.DATA_VERSION, where the cluster prints it (from 3.3.9; never in SHOW PARTITIONS):
   * the version replication aligns on. Equal to visibleVersion except on a shared-data cluster after
   * a compaction. Compare partitions through alignedVersion (aligned-version.ts).
   */
  dataVersion?: number;
  versionEpoch: number;
  /** TXN_NORMAL or TXN_REPLICATION: who wrote the visible version. */
  versionTxnType: string;
  /** The range as partitions_meta.PARTITION_VALUE prints it (compared as text). */
  range: string;
  buckets: number;
  replicationNum: number;
  dataSize: number;
  rowCount: number;
}

/** A partition StarRocks holds as several physical partitions (RANDOM tables from 3.2 split them as they grow). */
export interface SubPartitionedPartition {
  partition: string;
  /** How many physical partitions partitions_meta lists under its name. */
  physicalPartitions: number;
}

export interface OlapTableModel {
  kind: 'table';
  db: string;
  name: string;
  schema: TableSchema;
  /** In catalogue order; temporary partitions are not among them. */
  partitions: PartitionModel[];
  /**
   * Names of the table's temporary partitions: an INSERT OVERWRITE (or a REPLACE PARTITION) is
   * under way on this cluster. They are never synced; the partitions they replace are, after the swap.
   */
  tempPartitions?: string[];
  /** Partitions with more than one physical partition (absent or empty: none). */
  subPartitioned?: SubPartitionedPartition[];
  /** dynamic_partition.enable is true: the cluster's own scheduler adds and drops the table's partitions. */
  dynamicPartition?: boolean;
}

export interface ViewModel {
  kind: 'view';
  db: string;
  name: string;
  definition: string;
}

export interface MaterializedViewModel {
  kind: 'materialized_view';
  db: string;
  name: string;
  definition: string;
}

export type TableModel = OlapTableModel | ViewModel | MaterializedViewModel;

export interface DatabaseModel {
  name: string;
  tables: Map<string, TableModel>;
}

export interface BackendModel {
  id: number;
  /** As the cluster reports it (SHOW BACKENDS IP). */
  host: string;
  bePort: number;
  httpPort: number;
  alive: boolean;
  /** Being emptied for removal (SHOW BACKENDS SystemDecommissioned): its replicas are going away. */
  decommissioned: boolean;
  /** Disk use, 0..100. */
  usedPercent: number;
}

export interface ClusterCatalog {
  side: Side;
  databases: Map<string, DatabaseModel>;
  backends: BackendModel[];
  /** When the catalogue was read (ms since the epoch). */
  readAt: number;
  /**
   * Only on a shared-data cluster whose lake compactions count as data (capabilities.ts,
   * compactionCountsAsData): its lake_compaction_max_tasks as read this round, and its release,
   * for the replication gate.
   */
  lakeCompaction?: { maxTasks: string | undefined; release: string };
}

/** Databases every StarRocks cluster has and that are never synced. */
export const SYSTEM_DATABASES = new Set(['information_schema', '_statistics_', 'sys', '_stats_']);
