// The BE's internal API (on its be_port), called by the FE and by other BEs. Paths and message
// shapes live here so both sides compile against one definition.
import type { ColumnType, Value } from './column-types.js';
import type { S3Connection } from './object-store/s3-connection.js';

export type KeysModel = 'DUP_KEYS' | 'PRIMARY_KEYS' | 'UNIQUE_KEYS' | 'AGG_KEYS';

export interface TabletColumn {
  name: string;
  type: ColumnType;
  isKey: boolean;
  nullable: boolean;
  /** Literal text of the default value, if any. */
  defaultValue?: string;
  aggregation?: string;
}

export interface TabletSchema {
  keysType: KeysModel;
  columns: TabletColumn[];
}

export interface CreateTabletSpec {
  tabletId: number;
  schemaHash: number;
  schema: TabletSchema;
  /** A shared-data tablet: where in which storage volume its data and metas live. */
  lake?: LakeTabletLocation;
}

/** A storage volume as compute nodes reach it (sent by the FE, kept only in memory). */
export interface LakeVolume {
  id: string;
  connection: S3Connection;
}

/** A shared-data tablet's place: the volume, and the path below the volume's location. */
export interface LakeTabletLocation {
  volumeId: string;
  path: string;
}

/**
 * Rows of a load on the wire, one batch per line: values in schema order; PRIMARY KEY loads may
 * mark rows deleted (by index in the batch). One JSON document per batch, not per row: parsing
 * dominated the cost of a load otherwise.
 */
export interface LoadBatch {
  rows: Value[][];
  deletes?: number[];
}

export interface TabletVersion {
  tabletId: number;
  version: number;
}

export interface TabletStats {
  tabletId: number;
  rowCount: number;
  dataSize: number;
  /** Highest version present with no gap below it. */
  version: number;
  rowsetCount: number;
}

export interface BackendStatus {
  backendId: number;
  tabletNum: number;
  dataUsedBytes: number;
  totalCapacityBytes: number;
  availCapacityBytes: number;
  startTime: number;
  /** The BE's dynamic configuration (information_schema.be_configs). */
  config: Record<string, string>;
  /** Bytes downloaded by replication since the BE started. */
  replicationDownloadedBytes: number;
}

/** The FE's heartbeat: it tells the BE its identity and the cluster token downloads are checked against. */
export interface HeartbeatRequest {
  backendId: number;
  token: string;
  /** Shared data: the storage volumes, so a compute node reaches the tablets it caches. */
  volumes?: LakeVolume[];
}

export interface SetConfigRequest {
  key: string;
  value: string;
}

/** Fault injection for tests of the engine (not a StarRocks API). */
export interface FaultsRequest {
  corruptDownloads?: number;
  /** Shared data: the next N writes to the object store fail. */
  failObjectStoreWrites?: number;
  /** The disk capacity the BE reports and enforces from now on (a disk filling up); null: back to its own. */
  capacityBytes?: number | null;
}

export const BE_API = {
  status: '/api/internal/status',
  createTablets: '/api/internal/tablets/create',
  dropTablets: '/api/internal/tablets/drop',
  alterSchema: '/api/internal/tablets/schema',
  /** PUT with ?txn=<id>&tablet=<id>, body: one LoadBatch per line. */
  load: '/api/internal/load',
  abortLoad: '/api/internal/load/abort',
  publish: '/api/internal/publish',
  /** Answers a batch of rows (Value[][]) per line. */
  scan: '/api/internal/scan',
  stats: '/api/internal/stats',
  compact: '/api/internal/compact',
  setConfig: '/api/internal/config',
  faults: '/api/internal/faults',
} as const;

export interface CreateTabletsRequest {
  tablets: CreateTabletSpec[];
  /** The volumes the tablets' `lake` locations name. */
  volumes?: LakeVolume[];
}
export interface DropTabletsRequest {
  tabletIds: number[];
}
export interface AlterSchemaRequest {
  tabletIds: number[];
  schema: TabletSchema;
}
export interface LoadResult {
  rows: number;
  bytes: number;
}
export interface AbortLoadRequest {
  txnId: number;
  tabletIds: number[];
}
export interface PublishRequest {
  txnId: number;
  tablets: TabletVersion[];
  /** A replication transaction: its data is a staged snapshot, not pending load rowsets. */
  replication?: boolean;
  /**
   * A lake compaction transaction (shared-data): each tablet merges its rowsets up to the version
   * before and publishes the merged data as the new version.
   */
  compaction?: boolean;
}
export interface PublishResult {
  tablets: TabletStats[];
}
export interface ScanRequest {
  tabletId: number;
  version: number;
  /** Column names to return, in this order; all columns when absent. */
  columns?: string[];
}
export interface StatsRequest {
  tablets: TabletVersion[];
}
export interface StatsResult {
  tablets: TabletStats[];
}
export interface CompactRequest {
  tabletId: number;
  version: number;
}
