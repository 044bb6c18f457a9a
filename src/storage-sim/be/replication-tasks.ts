// The target side of replication on a BE (StarRocks' REMOTE_SNAPSHOT and REPLICATE_SNAPSHOT
// tasks). A remote snapshot asks a source BE for exactly the missing versions, or for everything
// when the replica is empty or the source merged those versions away; source replicas are tried in
// order. Replicating downloads a snapshot into the transaction's staging area, checking every
// file's size and checksum (3 tries per file), within max_download_speed_kbps and
// replication_threads; snapshots are tried in the order given until one arrives whole. Which
// sources and snapshots a task gets is the FE's choice. Nothing reaches the tablet until the
// transaction is published.
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import pLimit from 'p-limit';
import { getText, HttpError, InternalCallError, postJson } from '../common/internal-http.js';
import {
  REPLICATION_API,
  type MakeSnapshotRequest,
  type MakeSnapshotResult,
  type RemoteSnapshotOutcome,
  type RemoteSnapshotRequest,
  type RemoteSnapshotResult,
  type ReplicateSnapshotRequest,
  type ReplicateSnapshotResult,
  type ReleaseRemoteRequest,
  type SourceBackend,
  type TaskBatch,
  type BatchResults,
} from '../common/replication-api.js';
import { RateLimiter } from '../util/throttle.js';
import { downloadBody } from './file-download.js';
import type { BeConfig } from './be-config.js';
import { checksummedLength, RowsetFileReader, readSnapshotMeta, SNAPSHOT_META_FILE, type RowsetMeta, type TabletStore } from './storage/index.js';

export interface ReplicationTasksOptions {
  store: TabletStore;
  config: BeConfig;
  stagingRoot: string;
  /** Refuses downloads when the disk is over its capacity. */
  diskFull: () => boolean;
  /** The BE's download bandwidth, when it is shared with other transfers (restore downloads). */
  bandwidth?: RateLimiter;
  /** Runs within the task once a snapshot is staged whole (a shared-data tablet uploads it); a failure fails the task. */
  staged?: (txnId: number, tabletId: number, staging: string) => Promise<void>;
}

/** How a publish takes in a staged snapshot: the rowset ids, and what must hold before the staging goes. */
export interface ReplicationPublishOptions {
  rowsetIdFor?: (rowset: RowsetMeta) => string;
  /** Awaited after the ingest; the staged snapshot is kept when it fails, for the retried publish. */
  persisted?: () => Promise<void>;
}

const FILE_ATTEMPTS = 3;
/** Aborted transactions remembered, so a task still queued or downloading for one stops. */
const ABORTED_KEPT = 1_000;

/** Pieces of a download when max_download_speed_kbps is set: small enough for a smooth pace. */
const THROTTLED_READ_BYTES = 64 * 1024;
/** A download that brings no data for this long has failed. */
const DOWNLOAD_IDLE_TIMEOUT_MS = 60_000;

/** Writes all of `data` at `offset` (a single write may stop short). */
async function writeAt(file: FileHandle, data: Buffer, offset: number): Promise<void> {
  let done = 0;
  while (done < data.length) {
    const { bytesWritten } = await file.write(data, done, data.length - done, offset + done);
    if (bytesWritten === 0) throw new Error('a write to the staging file made no progress');
    done += bytesWritten;
  }
}

function base(backend: SourceBackend, port: number): string {
  return `http://${backend.host.includes(':') ? `[${backend.host}]` : backend.host}:${port}`;
}

export class ReplicationTasks {
  private readonly limit: ReturnType<typeof pLimit>;
  /** max_download_speed_kbps applies to all of this BE's downloads together. */
  private readonly bandwidth: RateLimiter;
  /** Bytes downloaded by replication since the BE started (the benchmark and tests read it). */
  downloadedBytes = 0;
  /** Tasks running now, and the most that ever ran at once (bounded by replication_threads). */
  active = 0;
  peakActive = 0;
  private readonly aborted = new Set<number>();

  constructor(private readonly options: ReplicationTasksOptions) {
    this.limit = pLimit(options.config.replicationThreads());
    this.bandwidth = options.bandwidth ?? new RateLimiter(() => options.config.downloadBytesPerSecond());
  }

  private run<T>(task: () => Promise<T>): Promise<T> {
    this.limit.concurrency = this.options.config.replicationThreads();
    return this.limit(async () => {
      this.active++;
      this.peakActive = Math.max(this.peakActive, this.active);
      try {
        return await task();
      } finally {
        this.active--;
      }
    });
  }

  /**
   * Runs a batch of tasks from the FE, each within replication_threads like single tasks, and
   * answers their results in order; the first failure fails the batch (the FE aborts the job).
   */
  async runBatch<T, R>(batch: TaskBatch<T>, run: (task: T) => Promise<R>): Promise<BatchResults<R>> {
    if (!Array.isArray(batch?.tasks)) throw new HttpError(400, 'a task batch must be a JSON object {"tasks": [...]}');
    return { results: await Promise.all(batch.tasks.map(run)) };
  }

  /** Remote snapshot tasks of a batch, each answering its own outcome: one source failing fails only its task. */
  async remoteSnapshotBatch(batch: TaskBatch<RemoteSnapshotRequest>): Promise<BatchResults<RemoteSnapshotOutcome>> {
    return this.runBatch(batch, (task) => this.remoteSnapshot(task).catch((error: Error): RemoteSnapshotOutcome => ({ error: error.message })));
  }

  stagingDir(txnId: number, tabletId?: number): string {
    return tabletId === undefined ? join(this.options.stagingRoot, String(txnId)) : join(this.options.stagingRoot, String(txnId), String(tabletId));
  }

  remoteSnapshot(request: RemoteSnapshotRequest): Promise<RemoteSnapshotResult> {
    return this.run(async () => {
      if (request.srcBackends.length === 0) throw new HttpError(400, `tablet ${request.tabletId}: no source replica to take a snapshot from`);
      const errors: string[] = [];
      for (const backend of request.srcBackends) {
        const make = (fromVersion?: number) =>
          postJson<MakeSnapshotResult>(base(backend, backend.bePort) + REPLICATION_API.makeSnapshot, {
            token: request.srcToken,
            tabletId: request.srcTabletId,
            schemaHash: request.srcSchemaHash,
            ...(fromVersion !== undefined ? { fromVersion } : {}),
            toVersion: request.srcVersion,
          } satisfies MakeSnapshotRequest);
        try {
          if (request.visibleVersion > 1) {
            try {
              const incremental = await make(request.visibleVersion + 1);
              return { snapshotPath: incremental.snapshotPath, backend, incremental: true };
            } catch (error) {
              // The source merged the missing versions into older ones: only a full snapshot can serve them.
              if (!(error instanceof InternalCallError && error.code === 'VersionsNotAvailable')) throw error;
            }
          }
          const full = await make();
          return { snapshotPath: full.snapshotPath, backend, incremental: false };
        } catch (error) {
          errors.push(`${backend.host}:${backend.bePort}: ${(error as Error).message}`);
        }
      }
      throw new HttpError(502, `tablet ${request.srcTabletId}: no source replica could make a snapshot (${errors.join('; ')})`);
    });
  }

  private checkNotAborted(txnId: number): void {
    if (this.aborted.has(txnId)) throw new HttpError(409, `replication transaction ${txnId} was aborted`);
  }

  replicateSnapshot(request: ReplicateSnapshotRequest): Promise<ReplicateSnapshotResult> {
    const staging = this.stagingDir(request.txnId, request.tabletId);
    return this.run(async () => {
      let done = false;
      try {
        const result = await this.downloadAny(request, staging);
        this.checkNotAborted(request.txnId);
        await this.options.staged?.(request.txnId, request.tabletId, staging);
        done = true;
        return result;
      } finally {
        // A failed task, or one whose transaction was aborted while it downloaded, leaves nothing behind.
        if (!done || this.aborted.has(request.txnId)) rmSync(staging, { recursive: true, force: true });
      }
    });
  }

  /** The first of the request's snapshots that downloads whole; the last failure when none does. */
  private async downloadAny(request: ReplicateSnapshotRequest, staging: string): Promise<ReplicateSnapshotResult> {
    if (!Array.isArray(request.snapshots) || request.snapshots.length === 0) throw new HttpError(400, `tablet ${request.tabletId}: no snapshot to download`);
    let lastError: unknown;
    for (const snapshot of request.snapshots) {
      try {
        return await this.download(request, snapshot, staging);
      } catch (error) {
        lastError = error;
        // Nothing another source could fix: the job is over, or this BE has no room.
        if (this.aborted.has(request.txnId) || (error instanceof HttpError && error.statusCode === 507)) break;
      }
    }
    throw lastError;
  }

  private async download(request: ReplicateSnapshotRequest, snapshot: RemoteSnapshotResult, staging: string): Promise<ReplicateSnapshotResult> {
    this.checkNotAborted(request.txnId);
    if (this.options.diskFull()) throw new HttpError(507, 'Disk reach capacity limit');
    const { backend, snapshotPath } = snapshot;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    const prefix = `${base(backend, backend.httpPort)}${REPLICATION_API.download}?token=${encodeURIComponent(request.srcToken)}&type=V2&file=`;
    const dirParam = `${snapshotPath}/${request.srcTabletId}/${request.srcSchemaHash}/`;
    const listing = await getText(prefix + encodeURIComponent(dirParam), { timeoutMs: DOWNLOAD_IDLE_TIMEOUT_MS });
    const sizes = new Map(
      listing
        .split('\n')
        .filter((line) => line.includes('|'))
        .map((line) => [line.slice(0, line.lastIndexOf('|')), Number(line.slice(line.lastIndexOf('|') + 1))] as const),
    );
    if (!sizes.has(SNAPSHOT_META_FILE)) throw new HttpError(502, `snapshot ${snapshotPath} on ${backend.host} has no ${SNAPSHOT_META_FILE}`);
    await this.fetchFile(prefix, dirParam, SNAPSHOT_META_FILE, staging, sizes.get(SNAPSHOT_META_FILE)!);
    const meta = readSnapshotMeta(staging);
    // Rowset bytes only: what replication moves is data; the small meta file is bookkeeping.
    let bytes = 0;
    const files = meta.rowsets.flatMap((r: RowsetMeta) => r.files);
    for (const file of files) {
      if (sizes.get(file.name) !== file.size) throw new HttpError(502, `snapshot file ${file.name}: listed size ${sizes.get(file.name)} differs from its recorded size ${file.size}`);
      this.checkNotAborted(request.txnId);
      bytes += await this.fetchFile(prefix, dirParam, file.name, staging, file.size, file);
    }
    this.downloadedBytes += bytes;
    // The source's snapshot stays until the job is over: the FE releases it then (another replica may still download it).
    return { downloadedBytes: bytes, files: files.length + 1 };
  }

  /**
   * Downloads `url` to `path` within the BE's bandwidth, returning the CRC-32 of its first
   * `checksummed` bytes, computed as they arrive (no second pass over the file). Each piece is
   * written at its own offset as soon as it is read, while the next ones are read. `durable`
   * files are fsynced: the rowset files, which the publish links into the tablet; the snapshot's
   * meta file is only read, never published.
   */
  private async receive(url: string, path: string, checksummed: number, durable: boolean): Promise<number> {
    const file = await open(path, 'w');
    let crc = 0;
    try {
      await downloadBody(url, {
        timeoutMs: DOWNLOAD_IDLE_TIMEOUT_MS,
        delayAfter: (bytes) => this.bandwidth.reserve(bytes),
        ...(Number.isFinite(this.options.config.downloadBytesPerSecond()) ? { readBytes: THROTTLED_READ_BYTES } : {}),
        onPiece: (piece, offset) => {
          if (offset < checksummed) crc = crc32(offset + piece.length <= checksummed ? piece : piece.subarray(0, checksummed - offset), crc);
          return writeAt(file, piece, offset);
        },
      });
      // Durable before it may be published: the publish only links the file into the tablet. On
      // the thread pool, so the event loop keeps serving other downloads meanwhile.
      if (durable) await file.sync();
    } finally {
      await file.close();
    }
    return crc;
  }

  /** Downloads one file (streamed, rate-limited) and checks it; retried up to 3 times. */
  private async fetchFile(
    prefix: string,
    dirParam: string,
    name: string,
    staging: string,
    size: number,
    expected?: { size: number; checksum: number },
  ): Promise<number> {
    const target = join(staging, name);
    let lastError: Error | undefined;
    for (let attempt = 1; attempt <= FILE_ATTEMPTS; attempt++) {
      const temp = `${target}.part`;
      try {
        const crc = await this.receive(prefix + encodeURIComponent(dirParam + name), temp, expected ? checksummedLength(expected.size) : 0, expected !== undefined);
        if (statSync(temp).size !== size) throw new Error(`${name}: got ${statSync(temp).size} bytes, expected ${size}`);
        if (expected) {
          if (crc !== expected.checksum) throw new Error(`${name}: checksum mismatch`);
          // Header, footer and trailer must also read back as a rowset file.
          RowsetFileReader.open(temp).close();
        }
        renameSync(temp, target);
        return size;
      } catch (error) {
        lastError = error as Error;
        rmSync(temp, { force: true });
        if (error instanceof InternalCallError && error.statusCode === 401) break; // a wrong token does not get better
      }
    }
    throw new HttpError(502, `downloading ${name} failed after ${FILE_ATTEMPTS} attempts: ${lastError?.message ?? 'unknown error'}`);
  }

  /** Moves a transaction's staged snapshot into the tablet (the publish of a replication). */
  async publish(txnId: number, tabletId: number, version: number, options: ReplicationPublishOptions = {}): Promise<void> {
    const staging = this.stagingDir(txnId, tabletId);
    if (!existsSync(join(staging, SNAPSHOT_META_FILE))) {
      const info = this.options.store.tabletInfo(tabletId);
      if (info.maxContinuousVersion >= version) return; // published before (a retry)
      throw new HttpError(409, `tablet ${tabletId}: nothing staged for replication transaction ${txnId}`);
    }
    const meta = readSnapshotMeta(staging);
    // The snapshot's versions are the source's. A shared-data tablet whose compactions published
    // versions of their own is numbered ahead of them: the FE's version for this publish says by
    // how much (0 everywhere else).
    await this.options.store.ingestSnapshot(tabletId, staging, {
      incremental: meta.incremental,
      verified: true,
      versionShift: version - meta.toVersion,
      ...(options.rowsetIdFor ? { rowsetIdFor: options.rowsetIdFor } : {}),
    });
    await options.persisted?.();
    rmSync(staging, { recursive: true, force: true });
  }

  /** Releases a finished job's snapshots on their source BEs (best effort: one that is down keeps its links). */
  async releaseRemote(request: ReleaseRemoteRequest): Promise<void> {
    await Promise.allSettled(request.snapshots.map(({ backend, snapshotPath }) => postJson(base(backend, backend.bePort) + REPLICATION_API.releaseSnapshot, { token: request.token, snapshotPath }, { timeoutMs: 5_000 })));
  }

  abort(txnId: number): void {
    this.aborted.add(txnId);
    if (this.aborted.size > ABORTED_KEPT) this.aborted.delete(this.aborted.values().next().value!);
    rmSync(this.stagingDir(txnId), { recursive: true, force: true });
  }
}
