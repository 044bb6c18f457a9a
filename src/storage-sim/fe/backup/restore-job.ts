// A RESTORE job, state by state (StarRocks' RestoreJob):
//   PENDING      plan (schema checks), mark existing tables RESTORE, create new tablets for every
//                restored partition (new tables are registered in state RESTORE)
//   SNAPSHOTING  nothing to snapshot here: restored partitions always go to new tablets
//   DOWNLOAD -> DOWNLOADING   each new replica's BE downloads its tablet's files, MD5-checked
//   COMMIT -> COMMITTING      the BEs take the staged files into the new tablets; then ONE catalogue
//                entry publishes every restored partition at its backed-up version (replacing the
//                existing partition of that name, if any), recreates materialized views and marks
//                the job FINISHED.
// Until that entry nothing restored is visible and existing partitions are untouched, so a job
// cancelled in any state (or interrupted by an FE restart) leaves the database as it was: created
// tables are dropped again, existing ones go back to NORMAL, new tablets and staged files go away.
import { tabletDir } from '../../common/object-store/repository-layout.js';
import type { TabletStats } from '../../common/be-api.js';
import type { EditOp } from '../catalog/edit-op.js';
import type { JobStatus, RestoreJobMeta, RestorePartition, RestoreTable } from '../catalog/backup-model.js';
import type { DatabaseMeta, OlapTableMeta, PartitionMeta, TableLike } from '../catalog/model.js';
import { randomInt } from 'node:crypto';
import { createPartitions, dropTablets, type TableShape } from '../ddl/partition-factory.js';
import { databaseById, findTable, olapTableById, type FeContext } from '../fe-context.js';
import { DYNAMIC } from '../dynamic-partition/dynamic-properties.js';
import type { JobContext } from './job-context.js';
import { JobFailure } from './job-status.js';
import type { Repositories } from './repositories.js';
import { planRestore, type PlannedTable, type RestorePlan, type RestoreSelection } from './restore-plan.js';
import type { SnapshotInfoDoc, SnapshotMetaDoc } from './snapshot-documents.js';

export interface RestoreSource {
  meta: SnapshotMetaDoc;
  info: SnapshotInfoDoc;
  selection: RestoreSelection;
}

function fail(code: 'COMMON_ERROR' | 'NOT_FOUND', message: string): never {
  throw JobFailure.of(code, message);
}

export class RestoreRunner {
  private plan: RestorePlan | undefined;
  /** Partitions created on the BEs but not yet recorded in the job (dropped again if the job fails first). */
  private created: PartitionMeta[] = [];

  constructor(
    private readonly job: JobContext<RestoreJobMeta>,
    private readonly repositories: Repositories,
    private readonly source: RestoreSource,
  ) {}

  private get ctx(): FeContext {
    return this.job.ctx;
  }

  private database(): DatabaseMeta {
    return databaseById(this.ctx, this.job.job.dbId) ?? fail('NOT_FOUND', `database ${this.job.job.dbName} has been dropped`);
  }

  async run(): Promise<void> {
    const job = this.job;
    await job.enter('PENDING');
    await this.ctx.ddlLock.run(() => this.prepare());
    await job.enter('SNAPSHOTING');
    job.save({ snapshotFinishedTime: Date.now() });
    await job.enter('DOWNLOAD');
    await job.enter('DOWNLOADING');
    await this.download();
    job.save({ downloadFinishedTime: Date.now() });
    await job.enter('COMMIT');
    await job.enter('COMMITTING');
    await this.commit();
  }

  private async prepare(): Promise<void> {
    const job = this.job;
    const meta = job.job;
    const db = this.database();
    const alive = this.ctx.backends.aliveIds().length;
    if (meta.replicationNum > alive) {
      fail('COMMON_ERROR', `replication num should be less than the number of available backends. replication num is ${meta.replicationNum}, available backend num is ${alive}`);
    }
    const plan = planRestore(db, this.source.meta, this.source.info, this.source.selection, meta.replicationNum);
    this.plan = plan;
    const running = this.ctx.txns.running(db.id);
    for (const table of plan.tables) {
      if (table.existing && running.some((t) => t.tableIds.includes(table.existing!.id))) {
        fail('COMMON_ERROR', `Table ${table.name} has unfinished load transactions: restore it when they have finished`);
      }
    }
    // From here on the job owns the existing tables: loads, queries and ALTERs are refused.
    const owned: RestoreTable[] = plan.tables.flatMap((t) => (t.existing ? [{ sourceName: t.sourceName, name: t.name, tableId: t.existing.id, created: false, partitions: [] }] : []));
    this.ctx.store.write({
      op: 'batch',
      ops: [
        ...plan.tables.flatMap((t): EditOp[] => (t.existing ? [{ op: 'putTable', dbId: db.id, table: { ...t.existing, state: 'RESTORE' } }] : [])),
        { op: 'putBackupRestoreJob', job: { ...job.job, tables: owned } },
      ],
    });

    const tables: RestoreTable[] = [];
    const newTables: OlapTableMeta[] = [];
    for (const planned of plan.tables) {
      if (planned.existing) {
        const restored = await this.createPartitions(planned, planned.existing);
        tables.push({ sourceName: planned.sourceName, name: planned.name, tableId: planned.existing.id, created: false, partitions: restored });
        continue;
      }
      const shape = { ...planned.definition, name: planned.name, schemaHash: randomInt(1, 2 ** 31 - 1) };
      const restored = await this.createPartitions(planned, shape);
      const table = this.newTable(planned, shape.schemaHash, restored);
      newTables.push(table);
      tables.push({ sourceName: planned.sourceName, name: planned.name, tableId: table.id, created: true, partitions: restored });
    }
    for (const table of newTables) if (findTable(db, table.name)) fail('COMMON_ERROR', `Table ${table.name} already exist in db: ${db.name}`);
    this.ctx.store.write({
      op: 'batch',
      ops: [...newTables.map((table): EditOp => ({ op: 'putTable', dbId: db.id, table })), { op: 'putBackupRestoreJob', job: { ...job.job, tables, metaPreparedTime: Date.now() } }],
    });
    this.created = [];
  }

  /** New tablets (replicas placed on alive BEs) for each restored partition, paired with the snapshot's tablets by position. */
  private async createPartitions(planned: PlannedTable, shape: TableShape): Promise<RestorePartition[]> {
    const meta = this.job.job;
    const unpartitioned = planned.definition.partitionScheme.type === 'UNPARTITIONED';
    const partitions = await createPartitions(
      this.ctx,
      shape,
      planned.partitions.map(({ source, replaces }) => ({
        // An unpartitioned table's one partition is named after the table.
        name: replaces?.name ?? (unpartitioned ? planned.name : source.name),
        ...(source.range ? { range: source.range } : {}),
        buckets: source.buckets,
        replicationNum: meta.replicationNum,
        storageMedium: source.storageMedium,
      })),
    );
    this.created.push(...partitions);
    const tableInfo = this.source.info.backup_objects[planned.sourceName]!;
    return planned.partitions.map(({ info, replaces }, i) => {
      const partition = partitions[i]!;
      const index = Object.values(info.indexes)[0]!;
      const sourceTablets = [...index.tablets].sort((a, b) => a.id - b.id);
      if (sourceTablets.length !== partition.tablets.length) {
        fail('COMMON_ERROR', `Partition ${partition.name} of table ${planned.name}: the snapshot holds ${sourceTablets.length} tablets, the partition has ${partition.tablets.length} buckets`);
      }
      return {
        partition,
        ...(replaces ? { replaces: replaces.id } : {}),
        version: info.version,
        versionEpoch: info.version_epoch,
        sources: sourceTablets.map((tablet) => ({
          remoteDir: tabletDir(meta.repoName, meta.label, { dbId: this.source.info.id, tableId: tableInfo.id, partitionId: info.id, indexId: index.id, tabletId: tablet.id, schemaHash: index.schema_hash }),
          files: tablet.files,
        })),
      };
    });
  }

  private newTable(planned: PlannedTable, schemaHash: number, restored: RestorePartition[]): OlapTableMeta {
    const [tableId, indexId] = this.ctx.store.allocateIds(2) as [number, number];
    const now = Date.now();
    return {
      ...structuredClone(planned.definition),
      id: tableId,
      name: planned.name,
      indexId,
      schemaHash,
      properties: restoredProperties(planned.definition.properties, this.job.job.replicationNum),
      partitions: restored.map((r) => r.partition),
      state: 'RESTORE',
      createTime: now,
      updateTime: now,
    };
  }

  private replicaTasks() {
    return this.job.job.tables.flatMap((table) =>
      table.partitions.flatMap((restored) =>
        restored.partition.tablets.flatMap((tablet, i) => tablet.replicas.map((replica) => ({ tabletId: tablet.id, backendId: replica.backendId, source: restored.sources[i]! }))),
      ),
    );
  }

  private async download(): Promise<void> {
    const job = this.job;
    const meta = job.job;
    const connection = this.repositories.connection(this.repositories.byId(meta.repoId)!);
    const tasks = this.replicaTasks();
    const ids = this.ctx.store.allocateIds(tasks.length);
    job.startPhase(tasks.map((t, i) => ({ taskId: ids[i]!, tabletId: t.tabletId })));
    // Every download is sent at once: each BE runs download_worker_count files at a time.
    await job.guard(
      Promise.all(
        tasks.map((task, i) =>
          job.task(ids[i]!, async () => {
            const result = await this.ctx.backends.client(task.backendId).downloadSnapshot({ jobId: meta.jobId, connection, tabletId: task.tabletId, remoteDir: task.source.remoteDir, files: task.source.files });
            job.phase.bytes += result.bytes;
          }),
        ),
      ),
    );
  }

  private async commit(): Promise<void> {
    const job = this.job;
    const meta = job.job;
    const perBackend = new Map<number, number[]>();
    for (const task of this.replicaTasks()) perBackend.set(task.backendId, [...(perBackend.get(task.backendId) ?? []), task.tabletId]);
    job.startPhase([...perBackend].map(([backendId], i) => ({ taskId: i + 1, tabletId: backendId })));
    const stats = new Map<number, TabletStats>();
    await Promise.all(
      [...perBackend].map(([backendId, tabletIds], i) =>
        job.task(i + 1, async () => {
          const result = await this.ctx.backends.client(backendId).commitRestore({ jobId: meta.jobId, tabletIds });
          for (const s of result.tablets) if (!stats.has(s.tabletId)) stats.set(s.tabletId, s);
        }),
      ),
    );
    job.check();
    const replaced = await this.ctx.ddlLock.run(async () => this.publish(stats));
    await dropTablets(this.ctx, replaced);
    await Promise.allSettled([...perBackend.keys()].map((id) => this.ctx.backends.client(id).abortBackup({ jobId: meta.jobId })));
  }

  /** The one catalogue entry that makes the restore visible. Returns the partitions it replaced. */
  private publish(stats: Map<number, TabletStats>): PartitionMeta[] {
    this.job.check();
    const meta = this.job.job;
    const db = this.database();
    const now = Date.now();
    const ops: EditOp[] = [];
    const replaced: PartitionMeta[] = [];
    for (const restoredTable of meta.tables) {
      const table = olapTableById(db, restoredTable.tableId) ?? fail('NOT_FOUND', `table ${restoredTable.name} has been dropped`);
      const published = restoredTable.partitions.map(({ partition, version, versionEpoch }): PartitionMeta => {
        const tablets = partition.tablets.map((t) => stats.get(t.id));
        return {
          ...partition,
          visibleVersion: version,
          visibleVersionTime: now,
          nextVersion: version + 1,
          dataVersion: version,
          // The partition now holds exactly the backed-up data, which the source's (version, epoch)
          // pair identifies; like a replicated partition, a load here then starts a new epoch.
          versionEpoch,
          versionTxnType: 'TXN_REPLICATION',
          dataSize: tablets.reduce((n, s) => n + (s?.dataSize ?? 0), 0),
          rowCount: tablets.reduce((n, s) => n + (s?.rowCount ?? 0), 0),
        };
      });
      const byReplaced = new Map(restoredTable.partitions.map((r, i) => [r.replaces, published[i]!]));
      const partitions = restoredTable.created
        ? published
        : [...table.partitions.map((p) => byReplaced.get(p.id) ?? p), ...published.filter((_, i) => restoredTable.partitions[i]!.replaces === undefined)];
      replaced.push(...table.partitions.filter((p) => byReplaced.has(p.id)));
      ops.push({ op: 'putTable', dbId: db.id, table: { ...table, partitions, state: 'NORMAL', updateTime: now } });
    }
    for (const view of this.plan?.materializedViews ?? []) {
      if (findTable(db, view.name)) continue;
      const [id] = this.ctx.store.allocateIds(1);
      ops.push({ op: 'putTable', dbId: db.id, table: { ...view, id: id!, createTime: now } satisfies TableLike });
    }
    ops.push({ op: 'putBackupRestoreJob', job: { ...meta, state: 'FINISHED', finishedTime: now } });
    this.ctx.store.write({ op: 'batch', ops });
    return replaced;
  }

  async cleanup(status: JobStatus): Promise<void> {
    await cleanupRestore(this.ctx, this.job.job, status, this.created);
  }
}

/** Also what an FE restart does to a restore it finds unfinished. */
export async function cleanupRestore(ctx: FeContext, job: RestoreJobMeta, status: JobStatus, created: PartitionMeta[] = []): Promise<void> {
  // The BEs stop downloading and drop what they staged before the tablets go.
  await Promise.allSettled(ctx.backends.list().map((b) => ctx.backends.client(b.id).abortBackup({ jobId: job.jobId })));
  const latest = (ctx.store.state.backupRestoreJobs.find((j) => j.jobId === job.jobId) as RestoreJobMeta | undefined) ?? job;
  const partitions = [...created, ...latest.tables.flatMap((t) => t.partitions.map((p) => p.partition))];
  await ctx.ddlLock.run(async () => {
    const db = databaseById(ctx, job.dbId);
    const ops: EditOp[] = [];
    for (const restored of latest.tables) {
      const table = db && olapTableById(db, restored.tableId);
      if (!table) continue;
      if (restored.created) ops.push({ op: 'dropTable', dbId: db.id, tableId: table.id });
      else if (table.state === 'RESTORE') ops.push({ op: 'putTable', dbId: db.id, table: { ...table, state: 'NORMAL' } });
    }
    ops.push({ op: 'putBackupRestoreJob', job: { ...latest, state: 'CANCELLED', status, finishedTime: Date.now() } });
    ctx.store.write({ op: 'batch', ops });
  });
  await dropTablets(ctx, partitions);
}

/**
 * A table the restore creates takes the restore's replication_num, and its dynamic partitioning
 * comes back switched off (StarRocks' TableProperty.resetPropertiesForRestore): the scheduler must
 * not start dropping restored history on its own.
 */
function restoredProperties(backedUp: Record<string, string>, replicationNum: number): Record<string, string> {
  const properties = { ...backedUp, replication_num: String(replicationNum) };
  if (DYNAMIC.enable in properties) properties[DYNAMIC.enable] = 'false';
  return properties;
}
