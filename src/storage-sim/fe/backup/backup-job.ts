// A BACKUP job, state by state (StarRocks' BackupJob):
//   PENDING -> SNAPSHOTING      a snapshot (hard links) of each tablet at its partition's planned version
//   -> UPLOAD_SNAPSHOT -> UPLOADING   each snapshot's BE uploads its files to the repository
//   -> SAVE_META                the __meta and __info documents are built
//   -> UPLOAD_INFO -> FINISHED  they are uploaded; the snapshots are released
// Cancelled (CANCEL BACKUP, a failure, the timeout, an FE restart): the BEs stop, the snapshots are
// released and what the job uploaded is deleted, so the snapshot name can be used again.
import pLimit from 'p-limit';
import { snapshotDir, infoFilePrefix, metaFileBase, snapshotTimestamp, tabletDir } from '../../common/object-store/repository-layout.js';
import type { RepositoryFile } from '../../common/backup-api.js';
import type { BackupJobMeta, BackupTable, JobStatus } from '../catalog/backup-model.js';
import type { OlapTableMeta } from '../catalog/model.js';
import { databaseById, olapTableById, type FeContext } from '../fe-context.js';
import type { JobContext } from './job-context.js';
import type { Repositories } from './repositories.js';
import { writeDocument, type PartitionInfo, type SnapshotInfoDoc, type SnapshotMetaDoc } from './snapshot-documents.js';

/** Snapshot requests in flight at once from the FE (make_snapshot_worker_count bounds each BE). */
const SNAPSHOT_CALLS = 16;

interface Snapshot {
  backendId: number;
  path: string;
}

export class BackupRunner {
  /** Definitions as they were when the statement ran, restricted to the planned partitions. */
  private readonly definitions: OlapTableMeta[];
  /** Snapshots made so far (persisted with the job once all are made). */
  private readonly snapshots = new Map<number, Snapshot>();

  constructor(
    private readonly job: JobContext<BackupJobMeta>,
    private readonly repositories: Repositories,
  ) {
    const meta = job.job;
    const db = databaseById(job.ctx, meta.dbId)!;
    this.definitions = meta.tables.map((t) => {
      const table = olapTableById(db, t.id)!;
      const names = new Set(t.partitions.map((p) => p.name));
      return structuredClone({ ...table, partitions: table.partitions.filter((p) => names.has(p.name)) });
    });
  }

  private get ctx(): FeContext {
    return this.job.ctx;
  }

  private tablets(tables: BackupTable[]) {
    return tables.flatMap((table) => table.partitions.flatMap((partition) => partition.tablets.map((tablet) => ({ table, partition, tablet }))));
  }

  async run(): Promise<void> {
    const job = this.job;
    await job.enter('PENDING');
    await this.snapshot();
    await job.enter('UPLOAD_SNAPSHOT');
    await job.enter('UPLOADING');
    const files = await this.upload();
    job.save({ uploadFinishedTime: Date.now() });
    await job.enter('SAVE_META');
    const documents = this.documents(files);
    await job.enter('UPLOAD_INFO');
    const store = this.repositories.store(this.repositories.byId(job.job.repoId)!);
    const { label, repoName, createTime } = job.job;
    await job.guard(writeDocument(store, metaFileBase(repoName, label), JSON.stringify(documents.meta), job.abort.signal));
    await job.guard(writeDocument(store, `${infoFilePrefix(repoName, label)}${snapshotTimestamp(createTime)}`, JSON.stringify(documents.info), job.abort.signal));
    // Released before the job reads FINISHED: whoever sees a finished backup sees no hard links
    // left on the BEs.
    await releaseSnapshots(this.ctx, [...this.snapshots.values()]);
    await job.enter('FINISHED', { finishedTime: Date.now() });
  }

  private async snapshot(): Promise<void> {
    const job = this.job;
    await job.enter('SNAPSHOTING');
    const tablets = this.tablets(job.job.tables);
    const ids = this.ctx.store.allocateIds(tablets.length);
    job.startPhase(tablets.map((t, i) => ({ taskId: ids[i]!, tabletId: t.tablet.tabletId })));
    const limit = pLimit(SNAPSHOT_CALLS);
    const schemaHashes = new Map(this.definitions.map((d) => [d.id, d.schemaHash]));
    await job.guard(
      Promise.all(
        tablets.map(({ table, partition, tablet }, i) =>
          limit(() =>
            job.task(ids[i]!, async () => {
              job.check();
              const made = await this.ctx.backends.client(tablet.backendId).makeSnapshot({
                token: this.ctx.store.identity.token,
                tabletId: tablet.tabletId,
                schemaHash: schemaHashes.get(table.id)!,
                toVersion: partition.version,
              });
              this.snapshots.set(tablet.tabletId, { backendId: tablet.backendId, path: made.snapshotPath });
            }),
          ),
        ),
      ),
    );
    const tables = job.job.tables.map((t) => ({
      ...t,
      partitions: t.partitions.map((p) => ({ ...p, tablets: p.tablets.map((tb) => ({ ...tb, snapshotPath: this.snapshots.get(tb.tabletId)!.path })) })),
    }));
    job.save({ tables, snapshotFinishedTime: Date.now() });
  }

  private async upload(): Promise<Map<number, RepositoryFile[]>> {
    const job = this.job;
    const meta = job.job;
    const connection = this.repositories.connection(this.repositories.byId(meta.repoId)!);
    const tablets = this.tablets(meta.tables);
    const ids = this.ctx.store.allocateIds(tablets.length);
    job.startPhase(tablets.map((t, i) => ({ taskId: ids[i]!, tabletId: t.tablet.tabletId })));
    const definitions = new Map(this.definitions.map((d) => [d.id, d]));
    const files = new Map<number, RepositoryFile[]>();
    // Every upload is sent at once: each BE runs upload_worker_count of them at a time.
    await job.guard(
      Promise.all(
        tablets.map(({ table, partition, tablet }, i) =>
          job.task(ids[i]!, async () => {
            const definition = definitions.get(table.id)!;
            const result = await this.ctx.backends.client(tablet.backendId).uploadSnapshot({
              jobId: meta.jobId,
              connection,
              snapshotPath: tablet.snapshotPath!,
              remoteDir: tabletDir(meta.repoName, meta.label, {
                dbId: meta.dbId,
                tableId: table.id,
                partitionId: partition.id,
                indexId: definition.indexId,
                tabletId: tablet.tabletId,
                schemaHash: definition.schemaHash,
              }),
            });
            job.phase.bytes += result.bytes;
            files.set(tablet.tabletId, result.files);
          }),
        ),
      ),
    );
    return files;
  }

  private documents(files: Map<number, RepositoryFile[]>): { meta: SnapshotMetaDoc; info: SnapshotInfoDoc } {
    const meta = this.job.job;
    const definitions = new Map(this.definitions.map((d) => [d.id, d]));
    const objects: SnapshotInfoDoc['backup_objects'] = {};
    for (const table of meta.tables) {
      const definition = definitions.get(table.id)!;
      const partitions: Record<string, PartitionInfo> = {};
      for (const partition of table.partitions) {
        const tablets = [...partition.tablets].sort((a, b) => a.tabletId - b.tabletId).map((t) => ({ id: t.tabletId, files: files.get(t.tabletId)! }));
        partitions[partition.name] = { id: partition.id, version: partition.version, version_epoch: partition.versionEpoch, indexes: { [table.name]: { id: definition.indexId, schema_hash: definition.schemaHash, tablets } } };
      }
      objects[table.name] = { id: table.id, partitions };
    }
    return {
      meta: { format: 1, tables: this.definitions, materialized_views: meta.materializedViews },
      info: {
        name: meta.label,
        database: meta.dbName,
        id: meta.dbId,
        backup_time: meta.createTime,
        backup_timestamp: snapshotTimestamp(meta.createTime),
        backup_objects: objects,
        materialized_views: meta.materializedViews.map((v) => v.name),
      },
    };
  }

  /** Undoes what the job did; the job then shows CANCELLED with `status`. */
  async cleanup(status: JobStatus): Promise<void> {
    await cleanupBackup(this.ctx, this.repositories, this.job.job, status, [...this.snapshots.values()]);
  }
}

export async function releaseSnapshots(ctx: FeContext, snapshots: Snapshot[]): Promise<void> {
  // A failed release only leaves hard links behind on that BE.
  await Promise.allSettled(snapshots.map((s) => ctx.backends.client(s.backendId).releaseSnapshot({ token: ctx.store.identity.token, snapshotPath: s.path })));
}

/** Also what an FE restart does to a backup it finds unfinished. */
export async function cleanupBackup(ctx: FeContext, repositories: Repositories, job: BackupJobMeta, status: JobStatus, inMemory: Snapshot[] = []): Promise<void> {
  const tablets = job.tables.flatMap((t) => t.partitions.flatMap((p) => p.tablets));
  const backends = [...new Set(tablets.map((t) => t.backendId))];
  await Promise.allSettled(backends.map((id) => ctx.backends.client(id).abortBackup({ jobId: job.jobId })));
  const persisted = tablets.flatMap((t) => (t.snapshotPath ? [{ backendId: t.backendId, path: t.snapshotPath }] : []));
  const byPath = new Map([...persisted, ...inMemory].map((s) => [s.path, s]));
  await releaseSnapshots(ctx, [...byPath.values()]);
  const repo = repositories.byId(job.repoId);
  if (repo) {
    // The name was free when the job started: everything under it is this job's.
    const store = repositories.store(repo);
    const dir = `${snapshotDir(job.repoName, job.label)}/`;
    try {
      const { objects } = await store.list(dir);
      const limit = pLimit(16);
      await Promise.allSettled(objects.map((o) => limit(() => store.delete(o.key))));
    } catch {
      // The store is unreachable: the partial snapshot stays, without an __info it is not restorable.
    }
  }
  const latest = ctx.store.state.backupRestoreJobs.find((j) => j.jobId === job.jobId) ?? job;
  ctx.store.write({ op: 'putBackupRestoreJob', job: { ...latest, state: 'CANCELLED', status, finishedTime: Date.now() } });
}
