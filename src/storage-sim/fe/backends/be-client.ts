// The FE's calls to one BE's internal API.
import { REPLICATION_API, type MakeSnapshotRequest, type MakeSnapshotResult, type ReleaseSnapshotRequest, type RemoteSnapshotOutcome, type RemoteSnapshotRequest, type ReplicateSnapshotRequest, type ReplicateSnapshotResult, type ReplicationAbortRequest, type ReleaseRemoteRequest, type TaskBatch, type BatchResults } from '../../common/replication-api.js';
import { BE_API, type AbortLoadRequest, type FaultsRequest, type HeartbeatRequest, type AlterSchemaRequest, type BackendStatus, type CompactRequest, type CreateTabletsRequest, type DropTabletsRequest, type LoadResult, type PublishRequest, type PublishResult, type ScanRequest, type StatsRequest, type StatsResult } from '../../common/be-api.js';
import type { Value } from '../../common/column-types.js';
import { BACKUP_API, type BackupAbortRequest, type CommitRequest, type CommitResult, type DownloadRequest, type DownloadResult, type UploadRequest, type UploadResult } from '../../common/backup-api.js';
import { postForJsonLines, postJson, putLines } from '../../common/internal-http.js';

export class BeClient {
  private readonly base: string;

  constructor(host: string, bePort: number) {
    this.base = `http://${host.includes(':') ? `[${host}]` : host}:${bePort}`;
  }

  /** The heartbeat: tells the BE its id and the cluster token, returns its state. */
  status(heartbeat: HeartbeatRequest, timeoutMs = 5_000): Promise<BackendStatus> {
    return postJson(this.base + BE_API.status, heartbeat, { timeoutMs });
  }
  setConfig(key: string, value: string): Promise<void> {
    return postJson(this.base + BE_API.setConfig, { key, value });
  }
  faults(request: FaultsRequest): Promise<void> {
    return postJson(this.base + BE_API.faults, request);
  }
  remoteSnapshots(batch: TaskBatch<RemoteSnapshotRequest>): Promise<BatchResults<RemoteSnapshotOutcome>> {
    return postJson(this.base + REPLICATION_API.remoteSnapshot, batch, { timeoutMs: 600_000 });
  }
  replicateSnapshots(batch: TaskBatch<ReplicateSnapshotRequest>): Promise<BatchResults<ReplicateSnapshotResult>> {
    return postJson(this.base + REPLICATION_API.replicateSnapshot, batch, { timeoutMs: 24 * 3_600_000 });
  }
  abortReplication(request: ReplicationAbortRequest): Promise<void> {
    return postJson(this.base + REPLICATION_API.abort, request);
  }
  releaseRemoteSnapshots(request: ReleaseRemoteRequest): Promise<void> {
    return postJson(this.base + REPLICATION_API.releaseRemote, request, { timeoutMs: 10_000 });
  }
  /** Transfers run for as long as their data takes: the job's own timeout bounds them. */
  uploadSnapshot(request: UploadRequest): Promise<UploadResult> {
    return postJson(this.base + BACKUP_API.upload, request, { timeoutMs: 24 * 3_600_000 });
  }
  downloadSnapshot(request: DownloadRequest): Promise<DownloadResult> {
    return postJson(this.base + BACKUP_API.download, request, { timeoutMs: 24 * 3_600_000 });
  }
  commitRestore(request: CommitRequest): Promise<CommitResult> {
    return postJson(this.base + BACKUP_API.commit, request, { timeoutMs: 3_600_000 });
  }
  abortBackup(request: BackupAbortRequest): Promise<void> {
    return postJson(this.base + BACKUP_API.abort, request);
  }
  /** A snapshot of this BE's tablet (hard links), authorised by the cluster token like a replication source. */
  makeSnapshot(request: MakeSnapshotRequest): Promise<MakeSnapshotResult> {
    return postJson(this.base + REPLICATION_API.makeSnapshot, request, { timeoutMs: 600_000 });
  }
  releaseSnapshot(request: ReleaseSnapshotRequest): Promise<void> {
    return postJson(this.base + REPLICATION_API.releaseSnapshot, request);
  }
  createTablets(request: CreateTabletsRequest): Promise<void> {
    return postJson(this.base + BE_API.createTablets, request);
  }
  dropTablets(request: DropTabletsRequest): Promise<void> {
    return postJson(this.base + BE_API.dropTablets, request);
  }
  alterSchema(request: AlterSchemaRequest): Promise<void> {
    return postJson(this.base + BE_API.alterSchema, request);
  }
  /** Sends a transaction's rows for one tablet: each line an encoded LoadBatch. */
  load(txnId: number, tabletId: number, lines: AsyncIterable<string>): Promise<LoadResult> {
    return putLines(`${this.base}${BE_API.load}?txn=${txnId}&tablet=${tabletId}`, lines);
  }
  abortLoad(request: AbortLoadRequest): Promise<void> {
    return postJson(this.base + BE_API.abortLoad, request);
  }
  publish(request: PublishRequest): Promise<PublishResult> {
    return postJson(this.base + BE_API.publish, request);
  }
  /** Rows in batches, as the BE streams them. */
  scan(request: ScanRequest): AsyncGenerator<Value[][]> {
    return postForJsonLines<Value[][]>(this.base + BE_API.scan, request);
  }
  stats(request: StatsRequest): Promise<StatsResult> {
    return postJson(this.base + BE_API.stats, request);
  }
  compact(request: CompactRequest): Promise<void> {
    return postJson(this.base + BE_API.compact, request, { timeoutMs: 3_600_000 });
  }
}
