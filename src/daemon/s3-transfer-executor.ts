// transfer_mode=s3: the replication job's effects when data moves through object storage. A
// pending job is sent as a BACKUP of its partitions on the source; once observing finds the
// snapshot in the repository, the next send starts a RESTORE of it on the target; the target's
// versions then decide success, exactly as for BE-to-BE replication. A cluster runs one BACKUP or
// RESTORE per database at a time, so each database has at most one transfer in flight, and one
// transfer takes every pending job of its database (of one replica count) together.
import type { Logger } from 'pino';
import type { FeClient, Row } from '../cluster/fe-client.js';
import { quoteIdentifier } from '../cluster/sql-text.js';
import type { SyncConfig } from '../config/load-config.js';
import type { ClusterCatalog } from '../meta/catalog-model.js';
import { inFlight, jobsToObserve, nextToSend, track, type TrackedJob, type TrackerState } from '../replication/job-tracker.js';
import { backupStatement, restoreStatement, snapshotLookup, snapshotName, transferObservation, transferView, type JobRow } from '../transfer/s3-transfer.js';
import { readPartitionVersions } from '../meta/partition-versions.js';
import { classifyRefusal } from '../replication/refusal.js';
import { tableKey } from '../meta/table-key.js';
import type { Transport, TransportRound } from './transport.js';

export interface S3TransferContext {
  config: SyncConfig;
  source: FeClient;
  target: FeClient;
  log: Logger;
  /** Distinguishes this daemon run's snapshots. */
  runId: string;
  signal: AbortSignal;
}

const keyOfDb = (job: TrackedJob) => job.candidate.db;

function jobRows(rows: Row[], nameColumn: 'SnapshotName' | 'Label'): JobRow[] {
  return rows.map((r) => ({ name: String(r[nameColumn] ?? ''), state: String(r.State ?? ''), status: String(r.Status ?? '') }));
}

async function jobsByDb(client: FeClient, kind: 'BACKUP' | 'RESTORE', dbs: string[]): Promise<Map<string, JobRow[]>> {
  const entries = await Promise.all(
    dbs.map(async (db) => [db, jobRows(await client.query(`SHOW ${kind} FROM ${quoteIdentifier(db)}`, `read ${kind} jobs of ${db}`), kind === 'BACKUP' ? 'SnapshotName' : 'Label')] as const),
  );
  return new Map(entries);
}

/** The replica count a RESTORE gives the job's partitions: the configured one, else the target table's. */
function replicationNumOf(ctx: S3TransferContext, target: ClusterCatalog, job: TrackedJob): number {
  if (ctx.config.settings.target_cluster_replication_num > 0) return ctx.config.settings.target_cluster_replication_num;
  const table = target.databases.get(job.candidate.db)?.tables.get(job.candidate.table);
  const partition = table?.kind === 'table' ? table.partitions.find((p) => job.candidate.partitions.includes(p.name)) : undefined;
  return partition?.replicationNum ?? 3;
}

async function startRestore(ctx: S3TransferContext, target: ClusterCatalog, jobs: TrackedJob[], snapshot: string): Promise<void> {
  const repository = ctx.config.settings.s3_repository;
  const found = await ctx.target.query(snapshotLookup(snapshot, repository), `find snapshot ${snapshot} in ${repository}`);
  const timestamp = String(found[0]?.Timestamp ?? '');
  if (!timestamp) throw new Error(`snapshot ${snapshot} is not visible in repository ${repository} from the target`);
  const candidates = jobs.map((job) => job.candidate);
  await ctx.target.query(restoreStatement(candidates, snapshot, repository, timestamp, replicationNumOf(ctx, target, jobs[0]!)), `restore ${describe(candidates)}`);
  ctx.log.info({ job: snapshot }, `restore of ${describe(candidates)} started on the target`);
}

/** "db.t1 (p1, p2), db.t2 (t2)": what a transfer moves, for the log. */
function describe(candidates: readonly TrackedJob['candidate'][]): string {
  return candidates.map((c) => `${c.db}.${c.table} (${c.partitions.join(', ')})`).join(', ');
}

function bySnapshot(jobs: TrackedJob[]): Map<string, TrackedJob[]> {
  const groups = new Map<string, TrackedJob[]>();
  for (const job of jobs) groups.set(job.remoteJobId!, [...(groups.get(job.remoteJobId!) ?? []), job]);
  return groups;
}

/**
 * Object storage as a Transport. Observing remembers the snapshots that are in the repository and
 * not yet restored; sending starts their restores first (a RESTORE refused because another one of
 * the database runs waits for the next send), then the backups of new jobs.
 */
export class S3Transport implements Transport {
  /** Snapshot -> its jobs: backed up, restore not started (as last observed). */
  private awaitingRestore = new Map<string, TrackedJob[]>();

  /** `context` is read at each call: the configuration may have been reloaded. */
  constructor(private readonly context: () => S3TransferContext) {}

  async observe(state: TrackerState, { now }: TransportRound): Promise<TrackerState> {
    const ctx = this.context();
    const watched = jobsToObserve(state);
    this.awaitingRestore = new Map();
    if (watched.length === 0) return state;
    const dbs = [...new Set(watched.map(keyOfDb))];
    const [backups, restores, versions] = await Promise.all([
      jobsByDb(ctx.source, 'BACKUP', dbs),
      jobsByDb(ctx.target, 'RESTORE', dbs),
      readPartitionVersions(ctx.target, watched.map((job) => job.candidate), 'read versions of the tables replicating'),
    ]);
    let next = state;
    for (const [snapshot, jobs] of bySnapshot(watched)) {
      const db = jobs[0]!.candidate.db;
      const view = transferView(snapshot, backups.get(db) ?? [], restores.get(db) ?? []);
      if (view.phase === 'backed-up') this.awaitingRestore.set(snapshot, jobs);
      for (const job of jobs) {
        const tableVersions = versions.get(tableKey(job.candidate.db, job.candidate.table)) ?? {};
        next = track(next, { type: 'observed', now, jobId: job.id, seen: transferObservation(view), targetVersions: tableVersions });
      }
    }
    return next;
  }

  async send(state: TrackerState, round: TransportRound): Promise<TrackerState> {
    const next = await this.startRestores(state, round);
    return this.startBackups(next, round);
  }

  /** The restore of every snapshot observed in the repository and not restored yet. */
  private async startRestores(state: TrackerState, { now, catalogs }: TransportRound): Promise<TrackerState> {
    const ctx = this.context();
    let next = state;
    for (const [snapshot, jobs] of this.awaitingRestore) {
      if (ctx.signal.aborted) break;
      // Jobs finished, failed or replaced since they were observed are not restored.
      const live = jobs.filter((job) => next.jobs.some((j) => j.id === job.id && inFlight(j)));
      if (live.length === 0) {
        this.awaitingRestore.delete(snapshot);
        continue;
      }
      try {
        await startRestore(ctx, catalogs.target, live, snapshot);
        this.awaitingRestore.delete(snapshot);
      } catch (error) {
        const message = (error as Error).message;
        // Another RESTORE of the database on the target: the snapshot waits in the repository.
        if (classifyRefusal(message) === 'busy') continue;
        this.awaitingRestore.delete(snapshot);
        // Said by the replication step, with the snapshot as the job's id.
        for (const job of live) next = track(next, { type: 'failed', now, jobId: job.id, message: `starting the restore failed: ${message}` });
      }
    }
    return next;
  }

  /**
   * Starts transfers for up to replication_job_batch_size pending jobs: per database without one in
   * flight, one BACKUP of all its pending jobs that share the first one's replica count.
   */
  private async startBackups(state: TrackerState, { now, catalogs }: TransportRound): Promise<TrackerState> {
    const ctx = this.context();
    const busy = new Set(jobsToObserve(state).map(keyOfDb));
    const groups = new Map<string, TrackedJob[]>();
    for (const job of nextToSend(state, ctx.config.settings.replication_job_batch_size, now)) {
      if (busy.has(keyOfDb(job))) continue;
      const group = groups.get(keyOfDb(job));
      if (!group) groups.set(keyOfDb(job), [job]);
      else if (replicationNumOf(ctx, catalogs.target, group[0]!) === replicationNumOf(ctx, catalogs.target, job)) group.push(job);
    }
    let next = state;
    for (const jobs of groups.values()) {
      if (ctx.signal.aborted) break;
      const snapshot = snapshotName(ctx.runId, jobs[0]!.id, jobs[0]!.failures);
      const candidates = jobs.map((job) => job.candidate);
      try {
        await ctx.source.query(backupStatement(candidates, snapshot, ctx.config.settings.s3_repository), `back up ${describe(candidates)}`);
        ctx.log.info({ job: snapshot }, `backup of ${describe(candidates)} started on the source`);
        for (const job of jobs) next = track(next, { type: 'sent', now, jobId: job.id, remoteJobId: snapshot });
      } catch (error) {
        // Said by the replication step: a failure, or a busy database (another BACKUP of it running).
        const message = `BACKUP ${snapshot} could not be started: ${(error as Error).message}`;
        for (const job of jobs) next = track(next, { type: 'refused', now, jobId: job.id, message });
      }
    }
    return next;
  }
}
