// The target FE's replication jobs: FrontendService.startTableReplication admits a job (limits,
// one job per table), opens a REPLICATION transaction and runs the job:
//   INITIALIZING -> SNAPSHOTING (a remote snapshot per target replica)
//   -> REPLICATING (each replica downloads its snapshot into staging)
//   -> COMMITTED (versions set to the source's, made visible at once)   or ABORTED on any failure.
// Jobs are persisted; after an FE restart an unfinished job is aborted cleanly (its staged data
// dropped) so the migration tool can start it again. The order of the admission checks, the
// limits, and which snapshots a replica downloads follow the cluster's release (ctx.release).
// StarRocks: fe/fe-core/src/main/java/com/starrocks/replication/ReplicationMgr.java, ReplicationJob.java
import { randomUUID } from 'node:crypto';
import { TStatusCode, type TTableReplicationRequest, type TTableReplicationResponse } from '../../../protocol/replication-types.js';
import type { FrontendServiceHandler } from '../../../protocol/frontend-service-server.js';
import type { ReplicationJobMeta, ReplicationTask, TxnPartitionVersion } from '../catalog/model.js';
import type { RemoteSnapshotResult } from '../../common/replication-api.js';
import { databaseById, olapTableById, publishKey, type FeContext } from '../fe-context.js';
import { pickVersionFields, publishTransaction } from '../load/publish.js';
import type { PartitionVersionUpdate } from '../catalog/edit-op.js';
import { planReplication, refuse, replicatedVersion, ReplicationRefused, targetTable, type PlannedJob } from './replication-request.js';

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
    const release = this.ctx.release;
    const target = targetTable(this.ctx.store.state.databases, request);
    const { table } = target;
    const running = this.running();
    const refuseIfRunning = () => {
      if (running.some((j) => j.tableId === table.id)) refuse(`Replication job of table ${table.id} is already running`);
    };
    let plan: PlannedJob;
    if (release.replicationChecksTableFirst) {
      if (table.state !== 'NORMAL') refuse(`Table ${table.name} state is not NORMAL: ${table.state}`);
      refuseIfRunning();
      plan = planReplication(target, request, release);
      this.checkParallelism(running);
    } else {
      plan = planReplication(target, request, release);
      // These releases do not look at the table's state; the engine still refuses, as a job would
      // write into tablets a RESTORE or a schema change is building.
      if (table.state !== 'NORMAL') refuse(`Table ${table.name} is in state ${table.state}, not NORMAL: it cannot be replicated into now`);
      this.checkParallelism(running);
      refuseIfRunning();
    }
    const config = this.ctx.config;
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
      dataSize: plan.dataSize,
      partitions: plan.partitions,
      tasks: plan.tasks,
    };
    this.save(job);
    return job;
  }

  /** ReplicationMgr.checkParallelismLimits: the jobs running now (not counting the new one) against the limits. */
  private checkParallelism(running: ReplicationJobMeta[]): void {
    const config = this.ctx.config;
    const tables = config.getInt('replication_max_parallel_table_count');
    if (running.length >= tables) refuse(`The replication jobs exceeds the replication_max_parallel_table_count: ${tables}`);
    if (this.ctx.release.replicationReplicaCountLimit) {
      const replicas = config.getInt('replication_max_parallel_replica_count');
      const runningReplicas = running.reduce((sum, j) => sum + j.tasks.length, 0);
      if (runningReplicas >= replicas) {
        refuse(`The replicating replica count in all running replication jobs ${runningReplicas} exceeds replication_max_parallel_replica_count: ${replicas}`);
      }
    }
    const dataMb = config.getInt('replication_max_parallel_data_size_mb');
    // Whole MB, as Java's long division gives them.
    const runningMb = Math.trunc(running.reduce((sum, j) => sum + (j.dataSize ?? j.srcDataSize), 0) / 1048576);
    if (runningMb >= dataMb) refuse(`The replicating data size in all running replication jobs ${runningMb}(MB) exceeds replication_max_parallel_data_size_mb: ${dataMb}`);
  }

  private current(jobId: string): ReplicationJobMeta {
    return this.progress.get(jobId) ?? this.ctx.store.state.replicationJobs.find((j) => j.jobId === jobId)!;
  }

  private async run(initial: ReplicationJobMeta): Promise<void> {
    const jobId = initial.jobId;
    try {
      this.save({ ...this.current(jobId), state: 'SNAPSHOTING' });
      // A replica given no source replica makes no snapshot of its own.
      const makesSnapshot = (task: ReplicationTask) => task.srcBackends.length > 0;
      if (!this.current(jobId).tasks.some(makesSnapshot)) throw new Error('Running tasks is empty');
      await this.perBackend(jobId, makesSnapshot, async (backendId, tasks) => {
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
        this.updateTasks(
          jobId,
          tasks.map(({ index }, i) => {
            const outcome = results[i]!;
            return [index, 'error' in outcome ? { snapshotError: outcome.error } : { snapshot: outcome }];
          }),
        );
      });
      const snapshots = this.snapshotsToDownload(this.current(jobId));
      this.save({ ...this.current(jobId), state: 'REPLICATING' });
      await this.perBackend(jobId, () => true, async (backendId, tasks) => {
        const job = this.current(jobId);
        const { results } = await this.ctx.backends.client(backendId).replicateSnapshots({
          tasks: tasks.map(({ task, index }) => ({
            txnId: job.txnId,
            tabletId: task.tabletId,
            srcTabletId: task.srcTabletId,
            srcSchemaHash: task.srcSchemaHash,
            srcToken: job.srcToken,
            snapshots: snapshots.get(index)!,
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
   * The snapshots each task (by index) downloads from, in the order it tries them.
   * 'by-position': its own snapshot. A replica whose snapshot failed fails the job here: the
   * releases that do this commit the other replicas when a quorum of them succeeds and leave the
   * failed one to be repaired by cloning, which the engine does not have.
   * 'split': every snapshot made for the tablet, starting at the replica's position among the
   * tablet's replicas, so a failed source is skipped and the replicas start at different
   * sources; a tablet with no snapshot at all fails the job (ReplicationJob.sendReplicateSnapshotTasks).
   */
  private snapshotsToDownload(job: ReplicationJobMeta): Map<number, RemoteSnapshotResult[]> {
    const result = new Map<number, RemoteSnapshotResult[]>();
    if (this.ctx.release.replicationSourceChoice === 'by-position') {
      job.tasks.forEach((task, index) => {
        if (!task.snapshot) throw new Error(`Remote snapshot task of tablet ${task.tabletId} on backend ${task.backendId} failed: ${task.snapshotError ?? 'no snapshot was made'}`);
        result.set(index, [task.snapshot]);
      });
      return result;
    }
    const byTablet = new Map<string, number[]>();
    job.tasks.forEach((task, index) => {
      const key = `${task.partitionId}/${task.tabletId}`;
      byTablet.set(key, [...(byTablet.get(key) ?? []), index]);
    });
    for (const indexes of byTablet.values()) {
      const made = indexes.flatMap((index) => (job.tasks[index]!.snapshot ? [job.tasks[index]!.snapshot!] : []));
      if (made.length === 0) throw new Error('Source snapshots is empty');
      indexes.forEach((index, i) => {
        const offset = i % made.length;
        result.set(index, [...made.slice(offset), ...made.slice(0, offset)]);
      });
    }
    return result;
  }

  /**
   * Sends each BE its share of the job's tasks (those `include` keeps) in one request (StarRocks'
   * FE batches agent tasks per BE the same way), all BEs at once.
   */
  private async perBackend(
    jobId: string,
    include: (task: ReplicationTask) => boolean,
    send: (backendId: number, tasks: { task: ReplicationTask; index: number }[]) => Promise<void>,
  ): Promise<void> {
    const byBackend = new Map<number, { task: ReplicationTask; index: number }[]>();
    this.current(jobId).tasks.forEach((task, index) => {
      if (!include(task)) return;
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
        const planned = p.dataVersion ?? p.visibleVersion;
        const now = replicatedVersion(this.ctx.release, partition);
        if (now !== planned || partition.nextVersion !== partition.visibleVersion + 1) {
          // A load into the target moved the version: the snapshot no longer continues the data.
          throw new Error(`the data version of partition ${partition.name} moved from ${planned} to ${now} during replication`);
        }
        // The source's versions take the partition's data version to srcVersion, and its visible
        // version as far past the one it has (a lake compaction since the job began may have moved
        // it): StarRocks' DatabaseTransactionMgr gives committed + (src - data).
        const version = partition.visibleVersion + (p.srcVersion - now);
        versions.push({ tableId: table.id, partitionId: p.partitionId, version, epoch: p.srcVersionEpoch, dataVersion: p.srcVersion });
        updates.push({ ...pickVersionFields(partition), nextVersion: version + 1 });
      }
      this.ctx.store.write({ op: 'partitionVersions', dbId: job.dbId, tableId: job.tableId, partitions: updates });
      const committed = this.ctx.txns.markCommitted(job.txnId, versions);
      // Committed is final: if a BE cannot publish now, the FE's background publisher finishes it.
      let note = '';
      await publishTransaction(this.ctx, committed).catch((error: Error) => (note = `committed; publish will be retried: ${error.message}`));
      this.save({ ...this.current(jobId), state: 'COMMITTED', finishedTime: Date.now(), error: note });
      void this.releaseSourceSnapshots(this.current(jobId));
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
    void this.releaseSourceSnapshots(this.current(jobId));
  }

  /**
   * Once the job is over (after its final state is saved, never holding it up), the source BEs
   * drop the snapshots made for it (best effort: a source BE that is down keeps its hard links). Not earlier, by the replica that downloaded one: when a
   * source replica could not make its snapshot, two target replicas download the same one, and
   * the first to finish would pull it from under the other.
   */
  private async releaseSourceSnapshots(job: ReplicationJobMeta): Promise<void> {
    const snapshots = job.tasks.flatMap((t) => (t.snapshot ? [{ backend: t.snapshot.backend, snapshotPath: t.snapshot.snapshotPath }] : []));
    if (snapshots.length === 0) return;
    // One of the job's target BEs asks the sources: they are reachable from there, as downloads are.
    for (const backendId of [...new Set(job.tasks.map((t) => t.backendId))]) {
      try {
        await this.ctx.backends.client(backendId).releaseRemoteSnapshots({ token: job.srcToken, snapshots });
        return;
      } catch {
        // that BE is down: the next one
      }
    }
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

  /**
   * SHOW PROC '/replications' (common/proc/ReplicationsProcNode.java). Error is
   * ReplicationJob.getErrorMessage: the aborted transaction's reason, and empty in every other state.
   * Running jobs come first, then the aborted, then the committed ones, each group by creation time.
   */
  procRows(): { columns: string[]; rows: (string | number | null)[][] } {
    const time = (ms: number) => (ms > 0 ? new Date(ms).toISOString().replace('T', ' ').slice(0, 19) : null);
    const group = (state: string) => (state === 'COMMITTED' ? 2 : state === 'ABORTED' ? 1 : 0);
    const ordered = [...this.jobs].sort((a, b) => group(a.state) - group(b.state) || a.createdTime - b.createdTime);
    return {
      columns: ['JobID', 'DatabaseID', 'TableID', 'TxnID', 'CreatedTime', 'FinishedTime', 'State', 'Progress', 'Error'],
      rows: ordered.map((j) => [j.jobId, j.dbId, j.tableId, j.txnId, time(j.createdTime), time(j.finishedTime), j.state, progress(j), j.state === 'ABORTED' ? j.error : '']),
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
