// The FE's BACKUP and RESTORE (StarRocks' BackupHandler): submits jobs after checking what the
// statement names (one running job per database; statements are submitted one at a time), runs
// them, cancels them (CANCEL, timeout), answers SHOW BACKUP / SHOW RESTORE / SHOW SNAPSHOT, and
// after an FE restart cancels the jobs it finds unfinished, undoing what they did.
import type { BackupStatement, RestoreStatement, ShowSnapshotStatement } from '../../sql/ast.js';
import { snapshotsPrefix } from '../../common/object-store/repository-layout.js';
import { isJobDone, type BackupJobMeta, type BackupRestoreJobMeta, type JobStatus, type RepositoryMeta, type RestoreJobMeta } from '../catalog/backup-model.js';
import type { DatabaseMeta } from '../catalog/model.js';
import { requireDatabase, type FeContext } from '../fe-context.js';
import { SimError } from '../sim-error.js';
import { Mutex } from '../../util/mutex.js';
import type { Cell } from '../show/show-result.js';
import { BackupRunner, cleanupBackup } from './backup-job.js';
import { planBackup } from './backup-plan.js';
import { JobContext, JobStopped, type JobHandle, type StateHolds } from './job-context.js';
import { backupProperties, restoreProperties } from './job-properties.js';
import { backupRow, restoreRow } from './job-rows.js';
import { OK_STATUS, statusOf } from './job-status.js';
import { Repositories } from './repositories.js';
import type { ObjectStoreEndpoints } from './object-store-endpoints.js';
import { cleanupRestore, RestoreRunner } from './restore-job.js';
import { selectRestoreObjects } from './restore-plan.js';
import { showSnapshots } from './show-snapshot.js';
import { readSnapshotInfo, readSnapshotMeta } from './snapshot-documents.js';

interface Runner {
  run(): Promise<void>;
  cleanup(status: JobStatus): Promise<void>;
}

interface Running {
  context: JobHandle;
  done: Promise<void>;
}

interface Hold {
  type: BackupRestoreJobMeta['type'];
  state: string;
  reached: () => void;
  released: Promise<void>;
}

/** StarRocks' label rule: what a snapshot may be called (it becomes part of object keys). */
const SNAPSHOT_NAME = /^[A-Za-z0-9_-]{1,128}$/;
const RESTARTED: JobStatus = { code: 'COMMON_ERROR', message: 'the FE restarted while the job was running; it was cancelled and what it did was undone' };

export class BackupRestoreManager implements StateHolds {
  readonly repositories: Repositories;
  private readonly running = new Map<number, Running>();
  /** One BACKUP or RESTORE statement is submitted at a time (StarRocks' seqlock). */
  private readonly submitting = new Mutex();
  private holds: Hold[] = [];
  private stopped = false;

  constructor(
    private readonly ctx: FeContext,
    objectStoreEndpoints: ObjectStoreEndpoints = {},
    /** The FE's clock for job creation times (which name snapshots) and their timeouts. */
    private readonly now: () => number = Date.now,
  ) {
    this.repositories = new Repositories(ctx, objectStoreEndpoints);
  }

  private jobs(): BackupRestoreJobMeta[] {
    return this.ctx.store.state.backupRestoreJobs;
  }

  private jobOf(db: DatabaseMeta): BackupRestoreJobMeta | undefined {
    return this.jobs().find((j) => j.dbId === db.id);
  }

  private database(name: string | undefined, sessionDb: string | undefined): DatabaseMeta {
    const db = name ?? sessionDb;
    if (!db) throw SimError.noDatabaseSelected();
    return requireDatabase(this.ctx, db);
  }

  private requireNoJob(db: DatabaseMeta): void {
    const job = this.jobOf(db);
    if (job && !isJobDone(job)) throw SimError.common('Can only run one backup or restore job of a database at same time');
  }

  dropRepository(name: string): void {
    this.repositories.drop(name, (repo) => this.jobs().some((j) => !isJobDone(j) && j.repoId === repo.id));
  }

  async backup(stmt: BackupStatement, sessionDb: string | undefined): Promise<void> {
    await this.submitting.run(async () => {
      const repo = this.repositories.require(stmt.repository);
      this.requireNoJob(this.database(stmt.db, sessionDb));
      if (repo.readOnly) throw SimError.common(`Repository ${repo.name} is read only`);
      if (!SNAPSHOT_NAME.test(stmt.snapshot)) throw SimError.common(`Incorrect snapshot name '${stmt.snapshot}': expected 1 to 128 letters, digits, '-' or '_'`);
      const properties = backupProperties(stmt.properties);
      let existing: string[];
      try {
        existing = (await this.repositories.store(repo).list(snapshotsPrefix(repo.name), '/')).prefixes;
      } catch (error) {
        throw SimError.common((error as Error).message);
      }
      if (existing.includes(`${snapshotsPrefix(repo.name)}${stmt.snapshot}/`)) throw SimError.common(`Snapshot with name '${stmt.snapshot}' already exist in repository`);
      // The versions are fixed now, with no wait in between: the snapshot is this moment's data.
      const db = this.database(stmt.db, sessionDb);
      const plan = planBackup(this.ctx, db, stmt.tables);
      const job: BackupJobMeta = {
        type: 'BACKUP',
        ...this.jobBasics(db, repo, stmt.snapshot, properties.timeoutMs),
        state: 'PENDING',
        uploadFinishedTime: -1,
        tables: plan.tables,
        materializedViews: plan.materializedViews,
      };
      this.submit(job, (context) => new BackupRunner(context, this.repositories));
    });
  }

  async restore(stmt: RestoreStatement, sessionDb: string | undefined): Promise<void> {
    await this.submitting.run(async () => {
      const repo = this.repositories.require(stmt.repository);
      this.requireNoJob(this.database(stmt.db, sessionDb));
      const properties = restoreProperties(stmt.properties);
      const store = this.repositories.store(repo);
      let info;
      try {
        info = await readSnapshotInfo(store, repo.name, stmt.snapshot, properties.backupTimestamp);
      } catch (error) {
        throw SimError.common(`Failed to get info of snapshot '${stmt.snapshot}' because: ${(error as Error).message}. Maybe specified wrong backup timestamp`);
      }
      const selection = selectRestoreObjects(info, stmt.tables);
      let meta;
      try {
        meta = await readSnapshotMeta(store, repo.name, stmt.snapshot);
      } catch (error) {
        throw SimError.common(`Failed to read the meta file of snapshot '${stmt.snapshot}': ${(error as Error).message}`);
      }
      const db = this.database(stmt.db, sessionDb);
      const job: RestoreJobMeta = {
        type: 'RESTORE',
        ...this.jobBasics(db, repo, stmt.snapshot, properties.timeoutMs),
        backupTimestamp: properties.backupTimestamp,
        state: 'PENDING',
        allowLoad: false,
        replicationNum: properties.replicationNum ?? this.ctx.config.getInt('default_replication_num'),
        restoreObjs: JSON.stringify({
          name: info.name,
          database: info.database,
          backup_time: info.backup_timestamp,
          tables: Object.fromEntries(selection.tables.map((t) => [t.sourceName === t.name ? t.name : `${t.sourceName} AS ${t.name}`, t.partitions ?? Object.keys(info.backup_objects[t.sourceName]!.partitions)])),
          materialized_views: selection.materializedViews.map((v) => (v.sourceName === v.name ? v.name : `${v.sourceName} AS ${v.name}`)),
        }),
        metaPreparedTime: -1,
        downloadFinishedTime: -1,
        tables: [],
      };
      this.submit(job, (context) => new RestoreRunner(context, this.repositories, { meta, info, selection }));
    });
  }

  /** What every new job starts with: a fresh id, its database and repository, no time reached yet. */
  private jobBasics(db: DatabaseMeta, repo: RepositoryMeta, label: string, timeoutMs: number) {
    const [jobId] = this.ctx.store.allocateIds(1);
    return {
      jobId: jobId!,
      label,
      dbId: db.id,
      dbName: db.name,
      repoId: repo.id,
      repoName: repo.name,
      createTime: this.now(),
      snapshotFinishedTime: -1,
      finishedTime: -1,
      timeoutMs,
      status: OK_STATUS,
    };
  }

  /** Logs the new job, then runs it. */
  private submit<J extends BackupRestoreJobMeta>(job: J, runner: (context: JobContext<J>) => Runner): void {
    this.ctx.store.write({ op: 'putBackupRestoreJob', job });
    const context = new JobContext<J>(this.ctx, job.jobId, this, () => this.stopped);
    this.launch(context, runner(context));
  }

  private launch(context: JobHandle, runner: Runner): void {
    const done = (async () => {
      try {
        await runner.run();
      } catch (error) {
        if (this.stopped || error instanceof JobStopped) return; // the next start cancels it
        const status = context.cancelStatus ?? statusOf(error);
        try {
          await runner.cleanup(status);
        } catch {
          // Undoing failed half-way (the store closing, say): the job must still end, and an FE
          // restart finishes the undoing.
          if (!this.stopped) this.ctx.store.write({ op: 'putBackupRestoreJob', job: { ...context.job, state: 'CANCELLED', status, finishedTime: Date.now() } });
        }
      } finally {
        this.running.delete(context.jobId);
      }
    })();
    this.running.set(context.jobId, { context, done });
  }

  /** CANCEL BACKUP / CANCEL RESTORE: returns once the job shows CANCELLED and its work is undone. */
  async cancel(type: BackupRestoreJobMeta['type'], dbName: string | undefined, sessionDb: string | undefined): Promise<void> {
    const db = this.database(dbName, sessionDb);
    const job = this.jobOf(db);
    if (!job || job.type !== type) throw SimError.common(type === 'RESTORE' ? 'No restore is currently running' : 'No backup job is currently running');
    const cannot = (state: string) => SimError.common(`Failed to cancel job: Job with label ${job.label} can not be cancelled. state: ${state}`);
    if (isJobDone(job)) throw cannot(job.state);
    await this.stopJob(job, { code: 'COMMON_ERROR', message: type === 'RESTORE' ? `user cancelled, current state: ${job.state}` : 'user cancelled' });
    const after = this.jobOf(db);
    if (after?.jobId === job.jobId && after.state === 'FINISHED') throw cannot('FINISHED');
  }

  private async stopJob(job: BackupRestoreJobMeta, status: JobStatus): Promise<void> {
    const running = this.running.get(job.jobId);
    if (!running) return this.undo(job, status);
    running.context.cancelStatus ??= status;
    running.context.abort.abort();
    await running.done;
  }

  private async undo(job: BackupRestoreJobMeta, status: JobStatus): Promise<void> {
    if (job.type === 'BACKUP') await cleanupBackup(this.ctx, this.repositories, job, status);
    else await cleanupRestore(this.ctx, job, status);
  }

  /** After an FE restart: a job found unfinished lost its tasks; it is cancelled and undone. */
  async recover(): Promise<void> {
    for (const job of this.jobs().filter((j) => !isJobDone(j))) await this.undo(job, RESTARTED);
  }

  /** The FE's periodic work: timeouts, repository pings. */
  tick(): void {
    const now = this.now();
    for (const { context } of this.running.values()) {
      const job = context.job;
      if (!context.abort.signal.aborted && now - job.createTime > job.timeoutMs) {
        void this.stopJob(job, { code: 'TIMEOUT', message: `the job did not finish within its timeout of ${job.timeoutMs / 1000} s` });
      }
    }
    void this.repositories.pingAll();
  }

  stop(): void {
    this.stopped = true;
    for (const { context } of this.running.values()) context.abort.abort();
    for (const hold of this.holds) hold.reached();
    this.holds = [];
    this.repositories.close();
  }

  backupRows(dbName: string | undefined, sessionDb: string | undefined): Cell[][] {
    const job = this.jobOf(this.database(dbName, sessionDb));
    return job?.type === 'BACKUP' ? [backupRow(job, this.running.get(job.jobId)?.context.phase)] : [];
  }

  restoreRows(dbName: string | undefined, sessionDb: string | undefined): Cell[][] {
    const job = this.jobOf(this.database(dbName, sessionDb));
    return job?.type === 'RESTORE' ? [restoreRow(job, this.running.get(job.jobId)?.context.phase)] : [];
  }

  showSnapshot(stmt: ShowSnapshotStatement): Promise<{ columns: string[]; rows: Cell[][] }> {
    const repo = this.repositories.require(stmt.repository);
    return showSnapshots(this.repositories.store(repo), repo.name, stmt.snapshot, stmt.timestamp);
  }

  /**
   * For tests: the next job of `type` that enters `state` waits there (visible in SHOW BACKUP /
   * SHOW RESTORE) until released or cancelled.
   */
  holdAt(type: BackupRestoreJobMeta['type'], state: string): { reached: Promise<void>; release: () => void } {
    let reached!: () => void;
    let release!: () => void;
    const reachedPromise = new Promise<void>((resolve) => (reached = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    this.holds.push({ type, state, reached, released });
    return { reached: reachedPromise, release };
  }

  async wait(type: BackupRestoreJobMeta['type'], state: string, signal: AbortSignal): Promise<void> {
    const hold = this.holds.find((h) => h.type === type && h.state === state);
    if (!hold) return;
    this.holds = this.holds.filter((h) => h !== hold);
    hold.reached();
    if (signal.aborted) return;
    await Promise.race([hold.released, new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }))]);
  }
}
