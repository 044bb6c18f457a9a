// transfer_mode=s3: the replication job's effects when data moves through object storage. A
// pending job starts as a BACKUP of its partitions on the source; once the snapshot is in the
// repository, a RESTORE of it on the target; the target's versions then decide success, exactly
// as for BE-to-BE replication. A cluster runs one BACKUP or RESTORE per database at a time, so
// each database has at most one transfer in flight.
import type { Logger } from 'pino';
import type { FeClient, Row } from '../cluster/fe-client.js';
import { quoteIdentifier } from '../cluster/sql-text.js';
import type { SyncConfig } from '../config/load-config.js';
import type { ClusterCatalog } from '../meta/catalog-model.js';
import { jobsToObserve, nextToSend, track, type TrackedJob, type TrackerState } from '../replication/job-tracker.js';
import { backupStatement, restoreStatement, snapshotLookup, snapshotName, transferView, type JobRow } from '../transfer/s3-transfer.js';
import { targetVersions } from './replication-executor.js';

export interface S3TransferContext {
  config: SyncConfig;
  source: FeClient;
  target: FeClient;
  log: Logger;
  /** Distinguishes this daemon run's snapshots. */
  runId: string;
  signal: AbortSignal;
  /** The last catalogues read: the target table's replica count for RESTORE. */
  catalogs: { source: ClusterCatalog; target: ClusterCatalog };
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

function replicationNumOf(ctx: S3TransferContext, job: TrackedJob): number {
  if (ctx.config.settings.target_cluster_replication_num > 0) return ctx.config.settings.target_cluster_replication_num;
  const table = ctx.catalogs.target.databases.get(job.candidate.db)?.tables.get(job.candidate.table);
  const partition = table?.kind === 'table' ? table.partitions.find((p) => job.candidate.partitions.includes(p.name)) : undefined;
  return partition?.replicationNum ?? 3;
}

async function startRestore(ctx: S3TransferContext, job: TrackedJob, snapshot: string): Promise<void> {
  const repository = ctx.config.settings.s3_repository;
  const found = await ctx.target.query(snapshotLookup(snapshot, repository), `find snapshot ${snapshot} in ${repository}`);
  const timestamp = String(found[0]?.Timestamp ?? '');
  if (!timestamp) throw new Error(`snapshot ${snapshot} is not visible in repository ${repository} from the target`);
  await ctx.target.query(restoreStatement(job.candidate, snapshot, repository, timestamp, replicationNumOf(ctx, job)), `restore ${job.candidate.db}.${job.candidate.table}`);
  ctx.log.info({ job: snapshot }, `restore of ${job.candidate.db}.${job.candidate.table} started on the target (${job.candidate.partitions.join(', ')})`);
}

/** Follows each transfer in flight and starts the restore of every finished backup. */
export async function observeS3Jobs(ctx: S3TransferContext, state: TrackerState, now: number): Promise<TrackerState> {
  const watched = jobsToObserve(state);
  if (watched.length === 0) return state;
  const dbs = [...new Set(watched.map(keyOfDb))];
  const [backups, restores, versions] = await Promise.all([
    jobsByDb(ctx.source, 'BACKUP', dbs),
    jobsByDb(ctx.target, 'RESTORE', dbs),
    targetVersions(ctx.target, watched.map((job) => job.candidate)),
  ]);
  let next = state;
  for (const job of watched) {
    const snapshot = job.remoteJobId!;
    const view = transferView(snapshot, backups.get(job.candidate.db) ?? [], restores.get(job.candidate.db) ?? []);
    const tableVersions = versions.get(JSON.stringify([job.candidate.db, job.candidate.table])) ?? {};
    let row: { state: string; error: string } | undefined;
    switch (view.phase) {
      case 'missing':
        row = undefined;
        break;
      case 'failed':
        row = { state: 'ABORTED', error: view.error };
        break;
      case 'backed-up':
        try {
          await startRestore(ctx, job, snapshot);
          row = { state: 'RESTORE PENDING', error: '' };
        } catch (error) {
          row = { state: 'ABORTED', error: `starting the restore failed: ${(error as Error).message}` };
        }
        break;
      default:
        row = { state: view.phase === 'finished' ? 'FINISHED' : view.state, error: '' };
    }
    next = track(next, { type: 'observed', now, jobId: job.id, row, targetVersions: tableVersions });
  }
  return next;
}

/** Starts a BACKUP for up to replication_job_batch_size pending jobs, one per database. */
export async function sendS3Jobs(ctx: S3TransferContext, state: TrackerState, now: number): Promise<TrackerState> {
  const busy = new Set(jobsToObserve(state).map(keyOfDb));
  const batch = nextToSend(state, ctx.config.settings.replication_job_batch_size, now).filter((job) => {
    if (busy.has(keyOfDb(job))) return false;
    busy.add(keyOfDb(job));
    return true;
  });
  let next = state;
  for (const job of batch) {
    if (ctx.signal.aborted) break;
    const snapshot = snapshotName(ctx.runId, job.id, job.failures);
    const { db, table, partitions } = job.candidate;
    try {
      await ctx.source.query(backupStatement(job.candidate, snapshot, ctx.config.settings.s3_repository), `back up ${db}.${table}`);
      ctx.log.info({ job: snapshot, partitions: partitions.length }, `backup of ${db}.${table} started on the source (${partitions.join(', ')})`);
      next = track(next, { type: 'sent', now, jobId: job.id, remoteJobId: snapshot });
    } catch (error) {
      const message = (error as Error).message;
      ctx.log.warn({ job: snapshot }, `backup of ${db}.${table} could not be started: ${message}`);
      next = track(next, { type: 'refused', now, jobId: job.id, message });
    }
  }
  return next;
}
