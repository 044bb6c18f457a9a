// The FE catalogue: what StarRocks' FE keeps in memory and persists in its edit log and image.
// Plain data (JSON-serialisable, no classes) so the image is the model itself and replaying the
// edit log is a sequence of pure mutations (apply-op.ts).
import type { ColumnType } from '../../common/column-types.js';
import type { BackupRestoreJobMeta, RepositoryMeta } from './backup-model.js';
import type { StorageVolumeState } from './storage-volume-model.js';
import type { BrokerLoadJobMeta } from './load-job-model.js';

export type KeysType = 'DUP_KEYS' | 'PRIMARY_KEYS' | 'UNIQUE_KEYS' | 'AGG_KEYS';

export interface ColumnMeta {
  name: string;
  type: ColumnType;
  nullable: boolean;
  isKey: boolean;
  /** Literal text of the default, or undefined for none (NULL for nullable columns). */
  defaultValue?: string;
  /** SUM / MAX / MIN / REPLACE for aggregate tables. */
  aggregation?: string;
  comment: string;
}

/** Bounds hold the literal text of each partition column's value; null is MINVALUE/MAXVALUE. */
export interface RangeBounds {
  lower: string[] | null;
  upper: string[] | null;
}

export type PartitionScheme = { type: 'UNPARTITIONED' } | { type: 'RANGE'; columns: string[] };

export type Distribution = { type: 'HASH'; columns: string[]; buckets: number } | { type: 'RANDOM'; buckets: number };

export interface ReplicaMeta {
  id: number;
  backendId: number;
  /**
   * The first version this replica did not write (a load that reached only a quorum of the
   * tablet's replicas), as StarRocks' Replica.lastFailedVersion; absent while the replica has every
   * version. Such a replica is never published a version it lacks, so its BE reports what it
   * really holds; loads, reads and snapshots use the other replicas.
   */
  lastFailedVersion?: number;
}

export interface TabletMeta {
  id: number;
  replicas: ReplicaMeta[];
}

export type VersionTxnType = 'TXN_NORMAL' | 'TXN_REPLICATION';

export interface PartitionMeta {
  id: number;
  name: string;
  /** Absent for the single partition of an unpartitioned table. */
  range?: RangeBounds;
  buckets: number;
  replicationNum: number;
  storageMedium: 'HDD' | 'SSD';
  visibleVersion: number;
  visibleVersionTime: number;
  /** The version the next commit gets (visibleVersion + 1 when nothing is committed and unpublished). */
  nextVersion: number;
  /**
   * The version of the partition's data, which replication aligns on (dataVersionOf reads it;
   * absent: equal to visibleVersion). It differs only where a shared-data release's lake compaction
   * published a version of its own (starrocks-release.ts, lakeCompactionKeepsDataVersion).
   */
  dataVersion?: number;
  /** Changes whenever the partition's data stops being a continuation of its history (see protocol doc, section 5). */
  versionEpoch: number;
  versionTxnType: VersionTxnType;
  /** Base index tablets, sorted by id. */
  tablets: TabletMeta[];
  /** Totals at the visible version, as last reported by the BEs. */
  dataSize: number;
  rowCount: number;
  /**
   * Temporary partitions only: the INSERT OVERWRITE job that created this one and will swap it
   * in. Such a partition dies with its job: an FE restart drops it, as StarRocks fails an
   * overwrite job whose FE restarted.
   */
  overwriteJobId?: number;
}

export interface BitmapIndexMeta {
  name: string;
  columns: string[];
  comment: string;
}

export type TableState = 'NORMAL' | 'SCHEMA_CHANGE' | 'RESTORE' | 'BACKUP';

export interface OlapTableMeta {
  kind: 'OLAP';
  id: number;
  name: string;
  /** The base index (StarRocks names it after the table). */
  indexId: number;
  schemaHash: number;
  schemaVersion: number;
  columns: ColumnMeta[];
  keysType: KeysType;
  keyColumns: string[];
  partitionScheme: PartitionScheme;
  distribution: Distribution;
  orderBy?: string[];
  properties: Record<string, string>;
  comment: string;
  bitmapIndexes: BitmapIndexMeta[];
  partitions: PartitionMeta[];
  /**
   * Temporary partitions (ALTER TABLE ADD TEMPORARY PARTITION, INSERT OVERWRITE): tablets on the
   * BEs like any partition, loadable and readable by name, invisible to plain queries. Absent
   * when the table has none (and in images written before they existed).
   */
  tempPartitions?: PartitionMeta[];
  state: TableState;
  createTime: number;
  updateTime: number;
  /**
   * Shared data: the storage volume the table belongs to (a cloud-native table). Its data still
   * lives on the nodes' disks in this engine; the object-store data path is not built yet.
   */
  storageVolumeId?: string;
}

export interface ViewMeta {
  kind: 'VIEW';
  id: number;
  name: string;
  /** Column list as written, parentheses included, if any: `(c1 COMMENT 'x', c2)`. */
  columnsText?: string;
  comment?: string;
  /** The view's SELECT as written. */
  queryText: string;
  createTime: number;
}

export interface MaterializedViewMeta {
  kind: 'MATERIALIZED_VIEW';
  id: number;
  name: string;
  /** Every clause between the name and AS, as written (comment, partitioning, distribution, refresh, properties). */
  clausesText: string;
  queryText: string;
  createTime: number;
}

export type TableLike = OlapTableMeta | ViewMeta | MaterializedViewMeta;

export interface DatabaseMeta {
  id: number;
  name: string;
  tables: TableLike[];
  createTime: number;
  /** Per-database quota of running transactions (max_running_txn_num_per_db applies when absent). */
  properties: Record<string, string>;
  /** Shared data: the storage volume the database was bound to when created (its tables' default). */
  storageVolumeId?: string;
}

export interface BackendMeta {
  id: number;
  /** The host it advertises (SHOW BACKENDS IP); may differ from where it binds. */
  host: string;
  /** Where this FE reaches it (its bind address); clients outside the cluster only see `host`. */
  dialHost: string;
  heartbeatPort: number;
  bePort: number;
  httpPort: number;
  brpcPort: number;
}

export interface CatalogState {
  /** One id sequence for databases, tables, partitions, indexes, tablets and replicas, as in StarRocks. */
  nextId: number;
  databases: DatabaseMeta[];
  backends: BackendMeta[];
  /** FE configuration changed with ADMIN SET FRONTEND CONFIG (persisted like StarRocks' dynamic configs are not: ours survive). */
  frontendConfig: Record<string, string>;
  /** SET GLOBAL variables. */
  globalVariables: Record<string, string>;
  txns: TransactionState;
  /** User -> SHA1(SHA1(password)) in hex ('' for no password), as MySQL stores it. */
  users: Record<string, string>;
  /** Replication jobs: running ones and the most recent finished ones. */
  replicationJobs: ReplicationJobMeta[];
  /** Backup repositories (CREATE REPOSITORY). */
  repositories: RepositoryMeta[];
  /** The last backup or restore job of each database. */
  backupRestoreJobs: BackupRestoreJobMeta[];
  /** Broker Load jobs: unfinished ones, and finished ones within label_keep_max_second. */
  loadJobs: BrokerLoadJobMeta[];
  /** Storage volumes and which one is the default ('' when none is). */
  storageVolumes: StorageVolumeState;
}

export type ReplicationState = 'INITIALIZING' | 'SNAPSHOTING' | 'REPLICATING' | 'COMMITTED' | 'ABORTED';

export interface ReplicationSource {
  host: string;
  bePort: number;
  httpPort: number;
}

/** One target replica's part of a replication job: take a snapshot at the source, then download one. */
export interface ReplicationTask {
  partitionId: number;
  tabletId: number;
  backendId: number;
  srcTabletId: number;
  srcSchemaHash: number;
  /** The source replicas this replica takes its snapshot from, in the order it tries them; none: it makes no snapshot. */
  srcBackends: ReplicationSource[];
  visibleVersion: number;
  srcVersion: number;
  snapshot?: { snapshotPath: string; backend: ReplicationSource; incremental: boolean };
  /** Why this replica's snapshot could not be made (the job may go on with other replicas' snapshots). */
  snapshotError?: string;
  replicated: boolean;
  downloadedBytes: number;
}

export interface ReplicationJobMeta {
  jobId: string;
  dbId: number;
  tableId: number;
  txnId: number;
  state: ReplicationState;
  createdTime: number;
  finishedTime: number;
  error: string;
  srcToken: string;
  srcDataSize: number;
  /**
   * What the job counts against replication_max_parallel_data_size_mb: src_table_data_size minus
   * the target table's size when the job was made. Absent in jobs journaled before it was kept.
   */
  dataSize?: number;
  /** dataVersion: the partition's data version when the job was made (absent in jobs journaled before it was kept: visibleVersion). */
  partitions: { partitionId: number; srcVersion: number; srcVersionEpoch: number; visibleVersion: number; dataVersion?: number }[];
  tasks: ReplicationTask[];
}

export function emptyCatalog(): CatalogState {
  return {
    nextId: 10_001,
    databases: [],
    backends: [],
    frontendConfig: {},
    globalVariables: {},
    txns: { nextTxnId: 1, transactions: [] },
    users: {},
    replicationJobs: [],
    repositories: [],
    backupRestoreJobs: [],
    loadJobs: [],
    storageVolumes: { volumes: [], defaultId: '' },
  };
}

export type TxnStatus = 'PREPARE' | 'COMMITTED' | 'VISIBLE' | 'ABORTED';
export type TxnSourceType = 'FRONTEND' | 'BACKEND_STREAMING' | 'INSERT_STREAMING' | 'BATCH_LOAD_JOB' | 'REPLICATION' | 'RESTORE' | 'LAKE_COMPACTION';

export interface TxnPartitionVersion {
  tableId: number;
  partitionId: number;
  version: number;
  /** Replication only: the source's version epoch, which the partition adopts. */
  epoch?: number;
  /** The data version the partition takes at the publish (absent: version). */
  dataVersion?: number;
}

export interface TransactionMeta {
  id: number;
  label: string;
  dbId: number;
  tableIds: number[];
  status: TxnStatus;
  sourceType: TxnSourceType;
  coordinator: string;
  prepareTime: number;
  commitTime: number;
  publishTime: number;
  finishTime: number;
  timeoutMs: number;
  reason: string;
  /** Set at commit: the version each touched partition becomes when the transaction is published. */
  partitionVersions: TxnPartitionVersion[];
  /** Load statistics, kept for the label's answer (Label Already Exists) and SHOW LOAD-like views. */
  stats?: { totalRows: number; loadedRows: number; filteredRows: number; loadBytes: number };
}

export interface TransactionState {
  nextTxnId: number;
  /** Running transactions and finished ones still within label_keep_max_second. */
  transactions: TransactionMeta[];
}
