// A BE's part in BACKUP and RESTORE (StarRocks' UPLOAD, DOWNLOAD and MOVE tasks): it moves the
// data between its own disk and the repository, so the FE never carries table data.
//   upload:   each file of a snapshot directory goes to <dir>/<file>.part, then <dir>/<file>.<md5>;
//             upload_worker_count files at a time on this BE.
//   download: each file goes into the job's staging area, its MD5 checked against its name on
//             arrival (3 tries per file); download_worker_count at a time, within max_download_speed_kbps.
//   commit:   staged snapshots are taken into their tablets (new tablets the FE created for the
//             restore, which nothing reads until the FE publishes them).
// A job aborted by the FE stops its transfers at once (their requests are cancelled) and its
// staging area is removed; staging areas left by a BE restart are removed when the BE starts.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import pLimit from 'p-limit';
import type { TabletStats } from '../common/be-api.js';
import type { CommitRequest, CommitResult, DownloadRequest, DownloadResult, RepositoryFile, UploadRequest, UploadResult } from '../common/backup-api.js';
import { HttpError } from '../common/internal-http.js';
import { ObjectStore } from '../common/object-store/object-store.js';
import { ObjectStoreError } from '../common/object-store/object-store-error.js';
import { splitChecksum, TEMP_SUFFIX, withChecksum } from '../common/object-store/repository-layout.js';
import type { S3Connection } from '../common/object-store/s3-connection.js';
import type { RateLimiter } from '../util/throttle.js';
import type { BeConfig } from './be-config.js';
import { readSnapshotMeta, SNAPSHOT_META_FILE, type TabletStore } from './storage/index.js';

export interface BackupTasksOptions {
  store: TabletStore;
  config: BeConfig;
  stagingRoot: string;
  /** The BE's download bandwidth (max_download_speed_kbps), shared with replication. */
  bandwidth: RateLimiter;
  diskFull: () => boolean;
  stats: (tabletId: number, version: number) => Promise<TabletStats>;
}

const FILE_ATTEMPTS = 3;
const ABORTED_KEPT = 1_000;
const CLIENTS_KEPT = 16;

export class BackupTasks {
  private readonly uploads = pLimit(1);
  private readonly downloads = pLimit(1);
  private readonly running = new Map<number, AbortController>();
  private readonly aborted = new Set<number>();
  private readonly stores = new Map<string, ObjectStore>();
  /** Bytes moved since the BE started (tests and benchmarks read them). */
  uploadedBytes = 0;
  downloadedBytes = 0;
  /** The most file transfers that ever ran at once on this BE (bounded by the worker counts). */
  peakUploads = 0;
  peakDownloads = 0;
  /** Files that went up as multipart uploads. */
  multipartUploads = 0;

  constructor(private readonly options: BackupTasksOptions) {
    rmSync(options.stagingRoot, { recursive: true, force: true });
  }

  /** One client per repository connection, reused by every task that goes there. */
  private storeFor(connection: S3Connection): ObjectStore {
    const key = JSON.stringify(connection);
    let store = this.stores.get(key);
    if (!store) {
      if (this.stores.size >= CLIENTS_KEPT) {
        for (const old of this.stores.values()) old.destroy();
        this.stores.clear();
      }
      store = new ObjectStore(connection);
      this.stores.set(key, store);
    }
    return store;
  }

  private signalOf(jobId: number): AbortSignal {
    if (this.aborted.has(jobId)) throw new HttpError(409, `job ${jobId} was cancelled`, 'CANCELLED');
    let controller = this.running.get(jobId);
    if (!controller) {
      controller = new AbortController();
      this.running.set(jobId, controller);
    }
    return controller.signal;
  }

  private stagingDir(jobId: number, tabletId?: number): string {
    return tabletId === undefined ? join(this.options.stagingRoot, String(jobId)) : join(this.options.stagingRoot, String(jobId), String(tabletId));
  }

  private sizeSetting(key: 'experimental_s3_max_single_part_size' | 'experimental_s3_min_upload_part_size'): number {
    const bytes = Number(this.options.config.get(key));
    return bytes > 0 ? bytes : 16 * 2 ** 20;
  }

  /** Runs a transfer within the limit, counting how many run at once. */
  private async transfer<T>(kind: 'upload' | 'download', work: () => Promise<T>): Promise<T> {
    const limit = kind === 'upload' ? this.uploads : this.downloads;
    limit.concurrency = this.options.config.workerCount(kind === 'upload' ? 'upload_worker_count' : 'download_worker_count');
    return limit(async () => {
      const active = (kind === 'upload' ? this.uploads : this.downloads).activeCount;
      if (kind === 'upload') this.peakUploads = Math.max(this.peakUploads, active);
      else this.peakDownloads = Math.max(this.peakDownloads, active);
      return work();
    });
  }

  async upload(request: UploadRequest): Promise<UploadResult> {
    const signal = this.signalOf(request.jobId);
    const store = this.storeFor(request.connection);
    let names: string[];
    try {
      names = readdirSync(request.snapshotPath).sort();
    } catch {
      throw new HttpError(404, `snapshot ${request.snapshotPath} does not exist on this backend`);
    }
    const options = { singlePartMaxBytes: this.sizeSetting('experimental_s3_max_single_part_size'), partBytes: this.sizeSetting('experimental_s3_min_upload_part_size'), signal };
    let bytes = 0;
    const files = await Promise.all(
      names.map((name) =>
        this.transfer('upload', async (): Promise<RepositoryFile> => {
          this.signalOf(request.jobId);
          const path = join(request.snapshotPath, name);
          const size = statSync(path).size;
          const temp = `${request.remoteDir}/${name}.${TEMP_SUFFIX}`;
          const sent = await this.transferred(() => store.putFile(temp, path, size, { ...options, onBytes: (n) => (this.uploadedBytes += n) }));
          if (sent.parts > 1) this.multipartUploads++;
          const final = withChecksum(name, sent.md5);
          await this.transferred(() => store.rename(temp, `${request.remoteDir}/${final}`, signal));
          bytes += size;
          return { name: final, size };
        }),
      ),
    );
    return { files, bytes };
  }

  async download(request: DownloadRequest): Promise<DownloadResult> {
    const signal = this.signalOf(request.jobId);
    if (this.options.diskFull()) throw new HttpError(507, 'Disk reach capacity limit');
    const store = this.storeFor(request.connection);
    const staging = this.stagingDir(request.jobId, request.tabletId);
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    let bytes = 0;
    try {
      await Promise.all(
        request.files.map((file) =>
          this.transfer('download', async () => {
            this.signalOf(request.jobId);
            bytes += await this.fetchFile(store, request.remoteDir, file, staging, signal);
          }),
        ),
      );
      if (!existsSync(join(staging, SNAPSHOT_META_FILE))) throw new HttpError(502, `${request.remoteDir} holds no ${SNAPSHOT_META_FILE}: not a tablet snapshot`);
    } finally {
      // A download that was running when its job was aborted must not leave files behind.
      if (this.aborted.has(request.jobId)) rmSync(staging, { recursive: true, force: true });
    }
    return { bytes };
  }

  /** One file, streamed to <name>.part and renamed once its size and MD5 match; retried on mismatch. */
  private async fetchFile(store: ObjectStore, remoteDir: string, file: RepositoryFile, staging: string, signal: AbortSignal): Promise<number> {
    const parsed = splitChecksum(file.name);
    if (!parsed) throw new HttpError(400, `${remoteDir}/${file.name}: a repository file name must end in .<md5>`);
    const target = join(staging, parsed.name);
    const temp = `${target}.${TEMP_SUFFIX}`;
    let failure = '';
    for (let attempt = 1; attempt <= FILE_ATTEMPTS; attempt++) {
      const got = await this.transferred(() =>
        store.getToFile(`${remoteDir}/${file.name}`, temp, {
          signal,
          pace: async (n) => {
            this.downloadedBytes += n;
            const wait = this.options.bandwidth.reserve(n);
            if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
          },
        }),
      );
      if (got.size !== file.size) failure = `${remoteDir}/${file.name}: got ${got.size} bytes, expected ${file.size}`;
      else if (got.md5 !== parsed.md5) failure = `md5sum does not equal. local: ${got.md5}, remote: ${parsed.md5} (${remoteDir}/${file.name})`;
      else {
        renameSync(temp, target);
        return got.size;
      }
      rmSync(temp, { force: true });
      if (signal.aborted) break;
    }
    throw new HttpError(502, failure, 'BAD_FILE');
  }

  /** Object store failures become answers with the repository Status code they stand for. */
  private async transferred<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof ObjectStoreError) throw new HttpError(502, error.message, error.code);
      throw error;
    }
  }

  async commit(request: CommitRequest): Promise<CommitResult> {
    this.signalOf(request.jobId);
    const tablets: TabletStats[] = [];
    for (const tabletId of request.tabletIds) {
      const staging = this.stagingDir(request.jobId, tabletId);
      if (!existsSync(join(staging, SNAPSHOT_META_FILE))) throw new HttpError(409, `tablet ${tabletId}: nothing is staged for job ${request.jobId}`);
      const meta = readSnapshotMeta(staging);
      // Every file's MD5 was checked as it arrived.
      await this.options.store.ingestSnapshot(tabletId, staging, { incremental: false, verified: true });
      rmSync(staging, { recursive: true, force: true });
      tablets.push(await this.options.stats(tabletId, meta.toVersion));
    }
    return { tablets };
  }

  /** Stops a job's transfers and drops what it staged; also how a finished job's staging is cleared. */
  abort(jobId: number): void {
    this.aborted.add(jobId);
    if (this.aborted.size > ABORTED_KEPT) this.aborted.delete(this.aborted.values().next().value!);
    this.running.get(jobId)?.abort();
    this.running.delete(jobId);
    rmSync(this.stagingDir(jobId), { recursive: true, force: true });
  }

  /** Jobs with staged data on this BE (tests check nothing is left behind). */
  stagedJobs(): string[] {
    return existsSync(this.options.stagingRoot) ? readdirSync(this.options.stagingRoot) : [];
  }
}
