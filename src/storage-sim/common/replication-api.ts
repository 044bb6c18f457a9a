// Messages of cross-cluster replication between the engine's nodes (StarRocks' REMOTE_SNAPSHOT and
// REPLICATE_SNAPSHOT tasks, and the source BE's snapshot service). The target FE sends tasks to
// its BEs; a target BE asks a source BE for a snapshot on the source's be_port and downloads it
// from the source's http_port, authorised by the source cluster's token.

export interface SourceBackend {
  host: string;
  bePort: number;
  httpPort: number;
}

export const REPLICATION_API = {
  /** Target BE: take a snapshot of the source tablet (tries the source replicas in order). */
  remoteSnapshot: '/api/internal/replication/remote_snapshot',
  /** Target BE: download a snapshot into the transaction's staging area and verify it. */
  replicateSnapshot: '/api/internal/replication/replicate_snapshot',
  /** Target BE: drop what a transaction staged. */
  abort: '/api/internal/replication/abort',
  /** Source BE: make a snapshot (hard links) of versions of a tablet. */
  makeSnapshot: '/api/internal/snapshot/make',
  /** Source BE: release a snapshot. */
  releaseSnapshot: '/api/internal/snapshot/release',
  /** Source BE public HTTP: list a snapshot directory (name|size per line) or fetch one file. */
  download: '/api/_tablet/_download',
} as const;

export interface RemoteSnapshotRequest {
  txnId: number;
  tabletId: number;
  srcTabletId: number;
  srcSchemaHash: number;
  /** The target replica's visible version: versions after it are missing. */
  visibleVersion: number;
  srcVersion: number;
  srcToken: string;
  srcBackends: SourceBackend[];
}

export interface RemoteSnapshotResult {
  /** Where the snapshot is on the source BE (the path to download from). */
  snapshotPath: string;
  backend: SourceBackend;
  incremental: boolean;
}

export interface ReplicateSnapshotRequest {
  txnId: number;
  tabletId: number;
  srcTabletId: number;
  srcSchemaHash: number;
  srcToken: string;
  snapshot: RemoteSnapshotResult;
  srcVersion: number;
}

export interface ReplicateSnapshotResult {
  /** Bytes of rowset files downloaded (the snapshot's meta file not counted). */
  downloadedBytes: number;
  files: number;
}

export interface MakeSnapshotRequest {
  token: string;
  tabletId: number;
  schemaHash: number;
  /** Present for an incremental snapshot. */
  fromVersion?: number;
  toVersion: number;
}

export interface MakeSnapshotResult {
  snapshotPath: string;
}

export interface ReleaseSnapshotRequest {
  token: string;
  snapshotPath: string;
}

export interface ReplicationAbortRequest {
  txnId: number;
}
