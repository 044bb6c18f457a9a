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
  /** Target BE: take snapshots of source tablets (each tries its source replicas in order). */
  remoteSnapshot: '/api/internal/replication/remote_snapshot',
  /** Target BE: download snapshots into the transaction's staging area and verify them. */
  replicateSnapshot: '/api/internal/replication/replicate_snapshot',
  /** Target BE: drop what a transaction staged. */
  abort: '/api/internal/replication/abort',
  /** Target BE: ask the source BEs to release a finished job's snapshots. */
  releaseRemote: '/api/internal/replication/release_remote',
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

/** A remote snapshot task's outcome in a batch: each task reports on its own, as a BE's finished task does. */
export type RemoteSnapshotOutcome = RemoteSnapshotResult | { error: string };

export interface ReplicateSnapshotRequest {
  txnId: number;
  tabletId: number;
  srcTabletId: number;
  srcSchemaHash: number;
  srcToken: string;
  /** Snapshots to download from, tried in this order until one arrives whole. */
  snapshots: RemoteSnapshotResult[];
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

/** A finished job's snapshots, released by a target BE (which reaches the source BEs, as downloads do). */
export interface ReleaseRemoteRequest {
  token: string;
  snapshots: { backend: SourceBackend; snapshotPath: string }[];
}

/**
 * One BE's tasks of a job in one request, as StarRocks' FE sends agent tasks to a BE in batches:
 * a job of many small tablets would otherwise cost the FE and the BE a request per replica. The
 * results come back in the order of the tasks. A batch of replicate tasks fails with the first
 * task that fails; a batch of remote snapshot tasks answers each task's outcome.
 */
export interface TaskBatch<T> {
  tasks: T[];
}

export interface BatchResults<R> {
  results: R[];
}

export interface ReplicationAbortRequest {
  txnId: number;
}
