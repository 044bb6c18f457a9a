// The target FE's replication jobs: FrontendService.startTableReplication admits a job (limits,
// one job per table), opens a REPLICATION transaction and runs the job:
//   INITIALIZING -> SNAPSHOTING (a remote snapshot per target replica)
//   -> REPLICATING (each replica downloads its snapshot into staging)
//   -> COMMITTED (versions set to the source's, made visible at once)   or ABORTED on any failure.
// Jobs are persisted; after an FE restart an unfinished job is aborted cleanly (its staged data
// dropped) so the migration tool can start it again.
import { randomUUID } from 'node:crypto';
import { TStatusCode, type TTableReplicationRequest, type TTableReplicationResponse } from '../../../protocol/replication-types.js';
import type { FrontendServiceHandler } from '../../../protocol/frontend-service-server.js';
import type { ReplicationJobMeta, ReplicationTask, TxnPartitionVersion } from '../catalog/model.js';
import { databaseById, olapTableById, publishKey, type FeContext } from '../fe-context.js';
import { pickVersionFields, publishTransaction } from '../load/publish.js';
import type { PartitionVersionUpdate } from '../catalog/edit-op.js';
import { planReplication, ReplicationRefused } from './replication-request.js';

const KEEP_FINISHED_JOBS = 1000;
const FINAL = new Set(['COMMITTED', 'ABORTED']);

export class ReplicationManager implements FrontendServiceHandler {
  constructor(
    private readonly ctx: FeContext,
    private readonly checkPassword: (user: string, password: string) => boolean,
  ) {}

  /**
   * Task progress of running jobs, kept in memory and journaled only with the job's next state
   * change: a restart aborts running jobs anyway, and a synced journal write per task made the FE,
   * not the BEs, the limit of a migration of many small tables.
   */
  private readonly progress = new Map<string, ReplicationJobMeta>();

  get jobs(): readonly ReplicationJobMeta[] {
    return this.ctx.store.state.replicationJobs.map((j) => this.progress.get(j.jobId) ?? j);
  }

  running(): ReplicationJobMeta[] {
    return this.jobs.filter((j) => !FINAL.has(j.state));
  }

  private save(job: ReplicationJobMeta): void {
    this.ctx.store.write({ op: 'putReplicationJob', job, keepFinished: KEEP_FINISHED_JOBS });
    this.progress.delete(job.jobId);
  }

  async startTableReplication(request: TTableReplicationRequest): Promise<TTableReplicationResponse> {
    const fail = (message: string): TTableReplicationResponse => ({ status: { status_code: TStatusCode.RUNTIME_ERROR, error_msgs: [message] } });
    if (!this.checkPassword(request.username ?? '', request.password ?? '')) return fail(`Access denied for user '${request.username ?? ''}'`);
    try {
      const job = this.admit(request);
      void this.run(job);
      return { status: { status_code: TStatusCode.OK } };
    } catch (error) {
      if (error instanceof ReplicationRefused) return fail(error.message);
      throw error;
    }
  }

  /** Checks, limits, the transaction and the persisted job; synchronous so two requests cannot both pass the checks. */
  private admit(request: TTableReplicationRequest): ReplicationJobMeta {
    const plan = planReplication(this.ctx.store.state.databases, request);
    const running = this.running();
    if (running.some((j) => j.tableId === plan.table.id)) throw new ReplicationRefused(`Replication job of table ${plan.table.name} is already running`);
    const config = this.ctx.config;
    const tables = config.getInt('replication_max_parallel_table_count');
    if (running.length >= tables) throw new ReplicationRefused(`The number of running replication tables ${running.length} reached replication_max_parallel_table_count ${tables}`);
    const replicas = config.getInt('replication_max_parallel_replica_count');
    const runningReplicas = running.reduce((sum, j) => sum + j.tasks.length, 0);
    if (runningReplicas + plan.tasks.length > replicas) {
      throw new ReplicationRefused(`The number of running replication replicas ${runningReplicas} plus ${plan.tasks.length} exceeds replication_max_parallel_replica_count ${replicas}`);
    }
    const dataMb = config.getInt('replication_max_parallel_data_size_mb');
    const runningMb = running.reduce((sum, j) => sum + j.srcDataSize, 0) / 2 ** 20;
    const jobMb = (request.src_table_data_size ?? 0) / 2 ** 20;
    if (runningMb + jobMb > dataMb) throw new ReplicationRefused(`The running replication data ${runningMb.toFixed(0)} MB plus ${jobMb.toFixed(0)} MB exceeds replication_max_parallel_data_size_mb ${dataMb}`);

    const jobId = request.job_id || randomUUID();
    const txn = this.ctx.txns.begin({
      dbId: plan.db.id,
      label: `REPLICATION_${plan.db.id}_${plan.table.id}_${jobId}`,
      tableIds: [plan.table.id],
      sourceType: 'REPLICATION',
      coordinator: `FE: ${this.ctx.feAddress}`,
      timeoutMs: config.getInt('replication_transaction_timeout_sec') * 1000,
    });
    const job: ReplicationJobMeta = {
      jobId,
      dbId: plan.db.id,
      tableId: plan.table.id,
      txnId: txn.id,
      state: 'INITIALIZING',
      createdTime: Date.now(),
      finishedTime: -1,
      error: '',
      srcToken: request.src_token!,
      srcDataSize: request.src_table_data_size ?? 0,
      partitions: plan.partitions,
      tasks: plan.tasks,
    };
    this.save(job);
    return job;
  }

  private current(jobId: string): ReplicationJobMeta {
    return this.progress.get(jobId) ?? this.ctx.store.state.replicationJobs.find((j) => j.jobId === jobId)!;
  }

  private async run(initial: ReplicationJobMeta): Promise<void> {
    const jobId = initial.jobId;
    try {
      this.save({ ...this.current(jobId), state: 'SNAPSHOTING' });
      await this.perBackend(jobId, async (backendId, tasks) => {
        const job = this.current(jobId);
        const { results } = await this.ctx.backends.client(backendId).remoteSnapshots({
          tasks: tasks.map(({ task }) => ({
            txnId: job.txnId,
            tabletId: task.tabletId,
            srcTabletId: task.srcTabletId,
            srcSchemaHash: task.srcSchemaHash,
            visibleVersion: task.visibleVersion,
            srcVersion: task.srcVersion,
            srcToken: job.srcToken,
            srcBackends: task.srcBackends,
          })),
        });
        this.updateTasks(jobId, tasks.map(({ index }, i) => [index, { snapshot: results[i]! }]));
      });
      this.save({ ...this.current(jobId), state: 'REPLICATING' });
      await this.perBackend(jobId, async (backendId, tasks) => {
        const job = this.current(jobId);
        const { results } = await this.ctx.backends.client(backendId).replicateSnapshots({
          tasks: tasks.map(({ task }) => ({
            txnId: job.txnId,
            tabletId: task.tabletId,
            srcTabletId: task.srcTabletId,
            srcSchemaHash: task.srcSchemaHash,
            srcToken: job.srcToken,
            snapshot: task.snapshot!,
            srcVersion: task.srcVersion,
          })),
        });
        this.updateTasks(jobId, tasks.map(({ index }, i) => [index, { replicated: true, downloadedBytes: results[i]!.downloadedBytes }]));
      });
      await this.commit(jobId);
    } catch (error) {
      await this.abort(jobId, error instanceof Error ? error.message : String(error));
    }
  }

  /**
   * Sends each BE its share of the job's tasks in one request (StarRocks' FE batches agent tasks
   * per BE the same way), all BEs at once.
   */
  private async perBackend(jobId: string, send: (backendId: number, tasks: { task: ReplicationTask; index: number }[]) => Promise<void>): Promise<void> {
    const byBackend = new Map<number, { task: ReplicationTask; index: number }[]>();
    this.current(jobId).tasks.forEach((task, index) => {
      const share = byBackend.get(task.backendId) ?? [];
      share.push({ task, index });
      byBackend.set(task.backendId, share);
    });
    await Promise.all([...byBackend].map(([backendId, tasks]) => send(backendId, tasks)));
  }

  private updateTasks(jobId: string, changes: [index: number, change: Partial<ReplicationTask>][]): void {
    const job = this.current(jobId);
    if (FINAL.has(job.state)) throw new Error(`job ${jobId} is ${job.state}`);
    const byIndex = new Map(changes);
    this.progress.set(jobId, { ...job, tasks: job.tasks.map((t, i) => (byIndex.has(i) ? { ...t, ...byIndex.get(i) } : t)) });
  }

  /** Sets every replicated partition to the source's version and epoch in one transaction. */
  private async commit(jobId: string): Promise<void> {
    await this.ctx.publishLock.run(publishKey([this.current(jobId).tableId]), async () => {
      const job = this.current(jobId);
      if (FINAL.has(job.state)) throw new Error(`job ${jobId} is ${job.state}`);
      const db = databaseById(this.ctx, job.dbId);
      const table = db && olapTableById(db, job.tableId);
      if (!table) throw new Error('the table was dropped during replication');
      const updates: PartitionVersionUpdate[] = [];
      const versions: TxnPartitionVersion[] = [];
      for (const p of job.partitions) {
        const partition = table.partitions.find((x) => x.id === p.partitionId);
        if (!partition) throw new Error(`partition ${p.partitionId} was dropped during replication`);
        if (partition.visibleVersion !== p.visibleVersion || partition.nextVersion !== p.visibleVersion + 1) {
          // A load into the target moved the version: the snapshot no longer continues the data.
          throw new Error(`the data version of partition ${partition.name} moved from ${p.visibleVersion} to ${partition.nextVersion - 1} during replication`);
        }
        versions.push({ tableId: table.id, partitionId: p.partitionId, version: p.srcVersion, epoch: p.srcVersionEpoch });
        updates.push({ ...pickVersionFields(partition), nextVersion: p.srcVersion + 1 });
      }
      this.ctx.store.write({ op: 'partitionVersions', dbId: job.dbId, tableId: job.tableId, partitions: updates });
      const committed = this.ctx.txns.markCommitted(job.txnId, versions);
      // Committed is final: if a BE cannot publish now, the FE's background publisher finishes it.
      let note = '';
      await publishTransaction(this.ctx, committed).catch((error: Error) => (note = `committed; publish will be retried: ${error.message}`));
      this.save({ ...this.current(jobId), state: 'COMMITTED', finishedTime: Date.now(), error: note });
    });
  }

  async abort(jobId: string, reason: string): Promise<void> {
    const job = this.current(jobId);
    if (FINAL.has(job.state)) return;
    const txn = this.ctx.txns.get(job.txnId);
    if (txn?.status === 'COMMITTED') return; // past the point of no return: the publish completes it
    this.ctx.txns.abort(job.txnId, reason);
    // The BEs drop what they staged before the job shows ABORTED: whoever sees that state sees a clean target.
    const backends = [...new Set(job.tasks.map((t) => t.backendId))];
    await Promise.allSettled(backends.map((id) => this.ctx.backends.client(id).abortReplication({ txnId: job.txnId })));
    this.save({ ...this.current(jobId), state: 'ABORTED', finishedTime: Date.now(), error: reason });
  }

  /** After a restart: unfinished jobs lost their tasks; abort them so they can be started again. */
  async recover(): Promise<void> {
    for (const job of this.running()) {
      const txn = this.ctx.txns.get(job.txnId);
      if (txn?.status === 'COMMITTED' || txn?.status === 'VISIBLE') {
        this.save({ ...job, state: 'COMMITTED', finishedTime: Date.now() });
        continue;
      }
      await this.abort(job.jobId, 'the FE restarted while the job was running');
    }
  }

  /** Jobs whose transaction ran past replication_transaction_timeout_sec. */
  async abortExpired(): Promise<void> {
    const now = Date.now();
    for (const job of this.running()) {
      const txn = this.ctx.txns.get(job.txnId);
      if (txn && txn.status === 'PREPARE' && now - txn.prepareTime > txn.timeoutMs) await this.abort(job.jobId, `replication transaction timed out after ${txn.timeoutMs} ms`);
    }
  }

  /** SHOW PROC '/replications'. */
  procRows(): { columns: string[]; rows: (string | number | null)[][] } {
    const time = (ms: number) => (ms > 0 ? new Date(ms).toISOString().replace('T', ' ').slice(0, 19) : null);
    return {
      columns: ['JobID', 'DatabaseID', 'TableID', 'TxnID', 'CreatedTime', 'FinishedTime', 'State', 'Progress', 'Error'],
      rows: this.jobs.map((j) => [j.jobId, j.dbId, j.tableId, j.txnId, time(j.createdTime), time(j.finishedTime), j.state, progress(j), j.error]),
    };
  }
}

function progress(job: ReplicationJobMeta): string {
  const total = job.tasks.length;
  if (job.state === 'COMMITTED') return '100%';
  if (job.state === 'SNAPSHOTING') return `snapshot ${job.tasks.filter((t) => t.snapshot).length}/${total}`;
  if (job.state === 'REPLICATING') return `replicate ${job.tasks.filter((t) => t.replicated).length}/${total}`;
  return `0/${total}`;
}
