// The reference BE node: tablet storage on disk, its internal API on be_port (called by the FE and
// by other BEs) and its public HTTP port (health, and snapshot downloads for replication).
import http from 'node:http';
import { statfsSync } from 'node:fs';
import { join } from 'node:path';
import {
  BE_API,
  type AbortLoadRequest,
  type AlterSchemaRequest,
  type BackendStatus,
  type CompactRequest,
  type CreateTabletsRequest,
  type DropTabletsRequest,
  type FaultsRequest,
  type HeartbeatRequest,
  type LoadBatch,
  type PublishRequest,
  type ScanRequest,
  type SetConfigRequest,
  type StatsRequest,
  type TabletSchema as WireSchema,
  type TabletStats,
} from '../common/be-api.js';
import { HttpRouter } from '../common/http-router.js';
import { HttpError, jsonLineBatches, readJsonBody, sendJson, sendJsonLines } from '../common/internal-http.js';
import { REPLICATION_API, type MakeSnapshotRequest, type ReleaseSnapshotRequest, type RemoteSnapshotRequest, type ReplicateSnapshotRequest, type ReplicationAbortRequest, type ReleaseRemoteRequest, type TaskBatch } from '../common/replication-api.js';
import { BACKUP_API, type BackupAbortRequest, type CommitRequest, type DownloadRequest, type UploadRequest } from '../common/backup-api.js';
import { listen } from '../util/listen.js';
import { RateLimiter } from '../util/throttle.js';
import { BackupTasks } from './backup-tasks.js';
import { BeConfig } from './be-config.js';
import { LakeTablets } from './lake/lake-tablets.js';
import { PacedMeasure } from './disk-usage-pace.js';
import { ReplicationTasks } from './replication-tasks.js';
import { SnapshotService } from './snapshot-service.js';
import { StorageError, TabletNotFound, TabletStore, type StorageColumn, type TabletSchema } from './storage/index.js';

export interface BackendOptions {
  storageDir: string;
  bindHost?: string;
  advertiseHost?: string;
  bePort?: number;
  httpPort?: number;
  /** Reported in SHOW BACKENDS; no heartbeat service listens on it. */
  heartbeatPort?: number;
  brpcPort?: number;
  backendId?: number;
  /** Disk capacity to report and enforce; the file system's when absent. */
  capacityBytes?: number;
}

export function storageSchema(tabletId: number, schemaHash: number, wire: WireSchema): TabletSchema {
  return {
    tabletId,
    schemaHash,
    keysType: wire.keysType,
    columns: wire.columns.map(
      (c): StorageColumn => ({
        name: c.name,
        type: c.type,
        isKey: c.isKey,
        ...(c.defaultValue !== undefined ? { defaultValue: c.defaultValue } : {}),
        ...(c.aggregation ? { aggregation: c.aggregation as StorageColumn['aggregation'] } : {}),
      }),
    ),
    keyColumns: wire.columns.filter((c) => c.isKey).map((c) => c.name),
  };
}

/**
 * Disk usage is measured by walking the data directory: at most this often (tablet changes force a
 * new walk, paced by its cost). Five seconds, as a StarRocks BE refreshes its disk state
 * (disk_stat_monitor_interval): every replication download asks whether the disk is full, and
 * walking each second cost a busy BE a thirtieth of its time.
 */
const DISK_USAGE_TTL_MS = 5_000;

export class Backend {
  readonly store: TabletStore;
  readonly startTime = Date.now();
  private readonly internal: http.Server;
  private readonly public: http.Server;
  private readonly diskUsage = new PacedMeasure(() => this.store.diskUsage().totalBytes, DISK_USAGE_TTL_MS);
  readonly config = new BeConfig();
  /** The cluster token, learnt from the FE's heartbeats: what snapshot downloads must present. */
  private token: string | undefined;
  readonly faults: { corruptDownloads: number; failObjectStoreWrites: number; capacityBytes?: number } = { corruptDownloads: 0, failObjectStoreWrites: 0 };
  /** Shared-data tablets: the object store is their home, the tablet store their cache. */
  readonly lake: LakeTablets;
  private readonly snapshots: SnapshotService;
  readonly replication: ReplicationTasks;
  readonly backup: BackupTasks;
  bePort = 0;
  httpPort = 0;
  backendId: number;

  private constructor(readonly options: BackendOptions) {
    this.store = new TabletStore(join(options.storageDir, 'storage'));
    this.backendId = options.backendId ?? -1;
    this.lake = new LakeTablets({ store: this.store, dir: join(options.storageDir, 'lake'), config: this.config, faults: this.faults });
    this.snapshots = new SnapshotService({ store: this.store, token: () => this.token, faults: this.faults });
    // max_download_speed_kbps bounds replication and restore downloads together.
    const bandwidth = new RateLimiter(() => this.config.downloadBytesPerSecond());
    const diskFull = () => this.usedBytes() > this.capacityBytes();
    this.replication = new ReplicationTasks({
      store: this.store,
      config: this.config,
      stagingRoot: join(options.storageDir, 'replication'),
      diskFull,
      bandwidth,
      // A shared-data tablet's snapshot goes on to the object store within the task.
      staged: (txnId, tabletId, staging) => (this.lake.isLake(tabletId) ? this.lake.stageSnapshot(txnId, tabletId, staging) : Promise.resolve()),
    });
    this.backup = new BackupTasks({
      store: this.store,
      config: this.config,
      stagingRoot: join(options.storageDir, 'restore'),
      bandwidth,
      diskFull,
      stats: (tabletId, version) => this.tabletStats(tabletId, version),
    });
    const internal = new HttpRouter();
    this.routeInternal(internal);
    this.internal = http.createServer(internal.handle);
    const external = new HttpRouter()
      .on('GET', '/api/health', (_req, res) => sendJson(res, 200, { status: 'OK', msg: 'To Be Added' }))
      .on('GET', REPLICATION_API.download, (req, res, _params, url) => this.snapshots.download(req, res, url));
    this.public = http.createServer(external.handle);
  }

  static async start(options: BackendOptions): Promise<Backend> {
    const be = new Backend(options);
    const host = options.bindHost ?? '127.0.0.1';
    be.bePort = await listen(be.internal, options.bePort ?? 0, host);
    be.httpPort = await listen(be.public, options.httpPort ?? 0, host);
    return be;
  }

  get advertiseHost(): string {
    return this.options.advertiseHost ?? this.options.bindHost ?? '127.0.0.1';
  }

  usedBytes(): number {
    return this.diskUsage.get();
  }

  capacityBytes(): number {
    if (this.faults.capacityBytes !== undefined) return this.faults.capacityBytes;
    if (this.options.capacityBytes !== undefined) return this.options.capacityBytes;
    const fs = statfsSync(this.options.storageDir);
    return fs.blocks * fs.bsize;
  }

  status(): BackendStatus {
    const total = this.capacityBytes();
    const used = this.usedBytes();
    const avail = this.options.capacityBytes !== undefined || this.faults.capacityBytes !== undefined ? Math.max(0, total - used) : (() => {
      const fs = statfsSync(this.options.storageDir);
      return fs.bavail * fs.bsize;
    })();
    return {
      backendId: this.backendId,
      tabletNum: this.store.tabletCount,
      dataUsedBytes: used,
      totalCapacityBytes: total,
      availCapacityBytes: avail,
      startTime: this.startTime,
      config: this.config.all(),
      replicationDownloadedBytes: this.replication.downloadedBytes,
    };
  }

  private async tabletStats(tabletId: number, version: number): Promise<TabletStats> {
    const info = this.store.tabletInfo(tabletId);
    const readable = Math.min(version, info.maxContinuousVersion);
    return {
      tabletId,
      rowCount: await this.store.rowCount(tabletId, readable),
      dataSize: this.store.dataSize(tabletId, readable),
      version: info.maxContinuousVersion,
      rowsetCount: info.rowsetCount,
    };
  }

  private routeInternal(router: HttpRouter): void {
    const json = <T>(handler: (body: T) => Promise<unknown> | unknown) => async (req: http.IncomingMessage, res: http.ServerResponse) => {
      const body = await readJsonBody<T>(req);
      try {
        sendJson(res, 200, (await handler(body)) ?? {});
      } catch (error) {
        if (error instanceof TabletNotFound) throw new HttpError(404, error.message, 'TabletNotFound');
        if (error instanceof StorageError) throw new HttpError(400, error.message, error.name);
        throw error;
      }
    };
    router
      .on('POST', BE_API.status, json<Partial<HeartbeatRequest>>((body) => {
        if (body.token) this.token = body.token;
        this.lake.learnVolumes(body.volumes);
        if (body.backendId !== undefined && body.backendId > 0) this.backendId = body.backendId;
        return this.status();
      }))
      .on('POST', BE_API.setConfig, json<SetConfigRequest>((body) => {
        try {
          this.config.set(body.key, body.value);
        } catch (error) {
          throw new HttpError(400, (error as Error).message);
        }
      }))
      .on('POST', BE_API.faults, json<FaultsRequest>((body) => {
        if (body.corruptDownloads !== undefined) this.faults.corruptDownloads = body.corruptDownloads;
        if (body.failObjectStoreWrites !== undefined) this.faults.failObjectStoreWrites = body.failObjectStoreWrites;
        if (body.capacityBytes === null) delete this.faults.capacityBytes;
        else if (body.capacityBytes !== undefined) this.faults.capacityBytes = body.capacityBytes;
      }))
      .on('POST', REPLICATION_API.makeSnapshot, json<MakeSnapshotRequest>((body) => this.snapshots.make(body)))
      .on('POST', REPLICATION_API.releaseSnapshot, json<ReleaseSnapshotRequest>((body) => this.snapshots.release(body)))
      .on('POST', REPLICATION_API.remoteSnapshot, json<TaskBatch<RemoteSnapshotRequest>>((body) => this.replication.remoteSnapshotBatch(body)))
      .on('POST', REPLICATION_API.replicateSnapshot, json<TaskBatch<ReplicateSnapshotRequest>>((body) => this.replication.runBatch(body, (task) => this.replication.replicateSnapshot(task))))
      .on('POST', REPLICATION_API.releaseRemote, json<ReleaseRemoteRequest>((body) => this.replication.releaseRemote(body)))
      .on('POST', REPLICATION_API.abort, json<ReplicationAbortRequest>(async (body) => {
        this.replication.abort(body.txnId);
        await this.lake.discardStaged(body.txnId);
      }))
      .on('POST', BACKUP_API.upload, json<UploadRequest>((body) => this.backup.upload(body)))
      .on('POST', BACKUP_API.download, json<DownloadRequest>((body) => this.backup.download(body)))
      .on('POST', BACKUP_API.commit, json<CommitRequest>(async (body) => {
        const result = await this.backup.commit(body);
        this.diskUsage.invalidate();
        return result;
      }))
      .on('POST', BACKUP_API.abort, json<BackupAbortRequest>((body) => this.backup.abort(body.jobId)))
      .on('POST', BE_API.createTablets, json<CreateTabletsRequest>(async (body) => {
        // A retried create names tablets that exist already: those are left as they are.
        this.lake.learnVolumes(body.volumes);
        const fresh = [...new Map(body.tablets.filter((spec) => !this.store.hasTablet(spec.tabletId) && !this.lake.isLake(spec.tabletId)).map((spec) => [spec.tabletId, spec])).values()];
        const lake = fresh.filter((spec): spec is typeof spec & { lake: NonNullable<typeof spec.lake> } => spec.lake !== undefined);
        const local = fresh.filter((spec) => spec.lake === undefined);
        this.store.createTablets(local.map((spec) => storageSchema(spec.tabletId, spec.schemaHash, spec.schema)));
        if (lake.length > 0) await this.lake.create(lake, () => this.store.createTablets(lake.map((spec) => storageSchema(spec.tabletId, spec.schemaHash, spec.schema))));
        this.diskUsage.invalidate();
      }))
      .on('POST', BE_API.dropTablets, json<DropTabletsRequest>(async (body) => {
        await this.lake.drop(body.tabletIds, (id) => this.store.forgetTablet(id));
        for (const id of body.tabletIds) if (this.store.hasTablet(id)) this.store.dropTablet(id);
        this.diskUsage.invalidate();
      }))
      .on('POST', BE_API.alterSchema, json<AlterSchemaRequest>(async (body) => {
        await this.lake.ensureCached(body.tabletIds);
        for (const id of body.tabletIds) {
          const info = this.store.tabletInfo(id);
          this.store.updateSchema(id, storageSchema(id, info.schemaHash, body.schema).columns);
          if (this.lake.isLake(id)) await this.lake.persist(id);
        }
      }))
      .on('PUT', BE_API.load, async (req, res, _params, url) => {
        const txnId = Number(url.searchParams.get('txn'));
        const tabletId = Number(url.searchParams.get('tablet'));
        if (!Number.isSafeInteger(txnId) || !Number.isSafeInteger(tabletId)) throw new HttpError(400, 'load needs numeric txn and tablet parameters');
        if (this.usedBytes() > this.capacityBytes()) throw new HttpError(507, 'Disk reach capacity limit');
        await this.lake.ensureCached([tabletId]).catch((error: Error) => {
          throw new HttpError(503, error.message);
        });
        let writer;
        try {
          writer = this.store.openPendingWriter(tabletId, txnId);
        } catch (error) {
          throw new HttpError(error instanceof TabletNotFound ? 404 : 400, (error as Error).message);
        }
        let rows = 0;
        let bytes = 0;
        try {
          for await (const batches of jsonLineBatches<LoadBatch>(req)) {
            for (const batch of batches) {
              let ops: ('UPSERT' | 'DELETE')[] | undefined;
              if (batch.deletes && batch.deletes.length > 0) {
                ops = new Array<'UPSERT' | 'DELETE'>(batch.rows.length).fill('UPSERT');
                for (const i of batch.deletes) ops[i] = 'DELETE';
              }
              await writer.write(batch.rows, ops);
              rows += batch.rows.length;
            }
          }
          bytes = (await writer.close())?.size ?? 0;
          if (this.lake.isLake(tabletId)) await this.lake.persist(tabletId);
        } catch (error) {
          await writer.abort().catch(() => undefined);
          throw new HttpError(400, `load into tablet ${tabletId} failed: ${(error as Error).message}`);
        }
        sendJson(res, 200, { rows, bytes });
      })
      .on('POST', BE_API.abortLoad, json<AbortLoadRequest>(async (body) => {
        const tablets = body.tabletIds.length > 0 ? body.tabletIds : this.store.tabletIds();
        await this.lake.ensureCached(tablets).catch(() => undefined); // a tablet out of reach keeps its pending rows, never published
        for (const id of tablets) {
          const had = this.store.hasTablet(id) && this.store.pendingTxns(id).includes(body.txnId);
          this.store.abortPending(id, body.txnId);
          if (had && this.lake.isLake(id)) await this.lake.persist(id).catch(() => undefined);
        }
      }))
      .on('POST', BE_API.publish, json<PublishRequest>(async (body) => {
        await this.lake.ensureCached(body.tablets.map((t) => t.tabletId));
        const tablets: TabletStats[] = [];
        for (const t of body.tablets) {
          const lake = this.lake.isLake(t.tabletId);
          if (body.replication) {
            // A shared-data tablet's publish counts once its metadata is in the object store; until
            // then the staged snapshot stays, so a publish retried after a failed write still has it.
            await this.replication.publish(body.txnId, t.tabletId, t.version, lake ? { rowsetIdFor: this.lake.rowsetIdFor(body.txnId), persisted: () => this.lake.persist(t.tabletId) } : {});
            if (lake) await this.lake.publishedReplication(body.txnId, t.tabletId);
          } else if (body.compaction) {
            // A lake compaction's version: the merged rowset is the new metadata object.
            const before = this.store.tabletInfo(t.tabletId).maxVersion;
            await this.store.publishCompaction(t.tabletId, t.version);
            if (lake && this.store.tabletInfo(t.tabletId).maxVersion !== before) await this.lake.persist(t.tabletId);
          } else {
            const before = this.store.hasTablet(t.tabletId) ? this.store.tabletInfo(t.tabletId).maxVersion : 0;
            this.store.publish(t.tabletId, body.txnId, t.version);
            if (lake && this.store.tabletInfo(t.tabletId).maxVersion !== before) await this.lake.persist(t.tabletId);
          }
          tablets.push(await this.tabletStats(t.tabletId, t.version));
        }
        return { tablets };
      }))
      .on('POST', BE_API.scan, async (req, res) => {
        const body = await readJsonBody<ScanRequest>(req);
        await this.lake.ensureCached([body.tabletId]).catch((error: Error) => {
          throw new HttpError(503, error.message);
        });
        if (!this.store.hasTablet(body.tabletId)) throw new HttpError(404, `tablet ${body.tabletId} does not exist`, 'TabletNotFound');
        await sendJsonLines(res, this.store.scanBatches(body.tabletId, body.version, body.columns));
      })
      .on('POST', BE_API.stats, json<StatsRequest>(async (body) => {
        await this.lake.ensureCached(body.tablets.map((t) => t.tabletId)).catch(() => undefined);
        const tablets: TabletStats[] = [];
        for (const t of body.tablets) if (this.store.hasTablet(t.tabletId)) tablets.push(await this.tabletStats(t.tabletId, t.version));
        return { tablets };
      }))
      .on('POST', BE_API.compact, json<CompactRequest>(async (body) => {
        await this.lake.ensureCached([body.tabletId]);
        // In-place merges are the shared-nothing kind; the FE compacts shared-data tablets through a
        // LAKE_COMPACTION publish. Should one be asked here, its result is still persisted.
        if ((await this.store.compact(body.tabletId, body.version)) && this.lake.isLake(body.tabletId)) await this.lake.persist(body.tabletId);
      }));
  }

  async stop(): Promise<void> {
    const closing = [new Promise((resolve) => this.internal.close(resolve)), new Promise((resolve) => this.public.close(resolve))];
    this.internal.closeAllConnections();
    this.public.closeAllConnections();
    await Promise.all(closing);
  }
}
