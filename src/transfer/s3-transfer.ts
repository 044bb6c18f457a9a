// Moving a table's lagging partitions through object storage (transfer_mode=s3): a BACKUP of those
// partitions on the source into the shared repository, then a RESTORE of that snapshot on the
// target. Pure: the statements, the snapshot name, and what the two clusters' job lists say about
// one transfer. src/daemon/s3-transfer-executor.ts runs them.
import { quoteIdentifier } from '../cluster/sql-text.js';
import type { ReplicationCandidate } from '../replication/candidate.js';
import type { JobObservation } from '../replication/job-tracker.js';

/** A snapshot name for one attempt of one job: an identifier, unique per daemon run, job and attempt. */
export function snapshotName(runId: string, jobId: number, attempt: number): string {
  return `cluster_sync_${runId.replace(/[^A-Za-z0-9]/g, '')}_${jobId}_${attempt}`;
}

/** The tables (all of one database) and partitions one transfer moves. */
function onClause(candidates: readonly ReplicationCandidate[]): string {
  return `ON (${candidates.map((c) => `${quoteIdentifier(c.table)} PARTITION (${c.partitions.map(quoteIdentifier).join(', ')})`).join(', ')})`;
}

function databaseOf(candidates: readonly ReplicationCandidate[]): string {
  const db = candidates[0]?.db;
  if (db === undefined || candidates.some((c) => c.db !== db)) throw new Error('a transfer moves tables of one database');
  return db;
}

export function backupStatement(candidates: readonly ReplicationCandidate[], snapshot: string, repository: string): string {
  return `BACKUP SNAPSHOT ${quoteIdentifier(databaseOf(candidates))}.${quoteIdentifier(snapshot)} TO ${quoteIdentifier(repository)} ${onClause(candidates)}`;
}

/** SHOW SNAPSHOT's Timestamp, e.g. 2026-11-22-01-58-07-123: what RESTORE's backup_timestamp takes. */
const BACKUP_TIMESTAMP = /^\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}(-\d{3})?$/;

export function restoreStatement(candidates: readonly ReplicationCandidate[], snapshot: string, repository: string, backupTimestamp: string, replicationNum: number): string {
  if (!BACKUP_TIMESTAMP.test(backupTimestamp)) throw new Error(`snapshot ${snapshot} has an unexpected timestamp ${JSON.stringify(backupTimestamp)} (expected yyyy-MM-dd-HH-mm-ss[-SSS])`);
  return (
    `RESTORE SNAPSHOT ${quoteIdentifier(databaseOf(candidates))}.${quoteIdentifier(snapshot)} FROM ${quoteIdentifier(repository)} ${onClause(candidates)} ` +
    `PROPERTIES ("backup_timestamp" = "${backupTimestamp}", "replication_num" = "${replicationNum}")`
  );
}

export function snapshotLookup(snapshot: string, repository: string): string {
  return `SHOW SNAPSHOT ON ${quoteIdentifier(repository)} WHERE SNAPSHOT = "${snapshot}"`;
}

/** A row of SHOW BACKUP or SHOW RESTORE, as far as a transfer needs it. */
export interface JobRow {
  /** SHOW BACKUP: SnapshotName; SHOW RESTORE: Label. */
  name: string;
  state: string;
  status: string;
}

/**
 * Where one transfer stands, from the source's backup jobs and the target's restore jobs:
 * - restoring / backing-up: in progress (the tracker counts it running)
 * - backed-up: the snapshot is in the repository; the restore is to be started
 * - finished: the restore finished (the target's versions then decide success)
 * - failed: either job was cancelled, with its message
 * - missing: neither cluster shows it (the tracker declares it unknown after a while)
 */
export type TransferView =
  | { phase: 'backing-up' | 'restoring'; state: string }
  | { phase: 'backed-up' }
  | { phase: 'finished' }
  | { phase: 'failed'; error: string }
  | { phase: 'missing' };

export function transferView(snapshot: string, backups: JobRow[], restores: JobRow[]): TransferView {
  const restore = restores.find((r) => r.name === snapshot);
  if (restore) {
    if (restore.state === 'FINISHED') return { phase: 'finished' };
    if (restore.state === 'CANCELLED') return { phase: 'failed', error: `RESTORE of ${snapshot} cancelled: ${restore.status}` };
    return { phase: 'restoring', state: restore.state };
  }
  const backup = backups.find((b) => b.name === snapshot);
  if (!backup) return { phase: 'missing' };
  if (backup.state === 'FINISHED') return { phase: 'backed-up' };
  if (backup.state === 'CANCELLED') return { phase: 'failed', error: `BACKUP of ${snapshot} cancelled: ${backup.status}` };
  return { phase: 'backing-up', state: backup.state };
}

/** What the tracker is told of a job, from where its transfer stands; undefined: not listed. */
export function transferObservation(view: TransferView): JobObservation | undefined {
  switch (view.phase) {
    case 'missing':
      return undefined;
    case 'failed':
      return { outcome: 'failed', phase: 'failed', error: view.error };
    case 'backed-up':
      return { outcome: 'in-progress', phase: 'backed up, restore not started' };
    case 'finished':
      return { outcome: 'done', phase: 'restored' };
    case 'backing-up':
      return { outcome: 'in-progress', phase: `backup ${view.state}` };
    case 'restoring':
      return { outcome: 'in-progress', phase: `restore ${view.state}` };
  }
}
