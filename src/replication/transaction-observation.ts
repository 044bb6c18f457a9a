// A replication job as its transaction shows it, for target FEs without SHOW PROC '/replications'
// (before PR #50483, e.g. 3.1.8 and 3.2.3). The target FE runs every job in a transaction labelled
// REPLICATION_<dbId>_<tableId>_<jobId> (ReplicationJob.java; the job id is the one the request
// names), listed by SHOW PROC '/transactions/<dbId>/running' and '.../finished' with its status and,
// once aborted, the reason. Pure: the rows in, what the tracker is told out.
import type { JobObservation } from './job-tracker.js';

type Row = Record<string, unknown>;

function labelOf(remoteJobId: string): (row: Row) => boolean {
  const suffix = `_${remoteJobId}`;
  return (row) => {
    const label = String(row.Label ?? '');
    return label.startsWith('REPLICATION_') && label.endsWith(suffix);
  };
}

/**
 * The job from the transaction lists: in progress while its transaction is open, failed with the
 * FE's reason once aborted, done once committed or visible (the versions then decide). Undefined
 * when neither list shows it (not begun, or forgotten): the tracker treats that as not listed.
 */
export function observeFromTransactions(remoteJobId: string, running: readonly Row[], finished: readonly Row[]): JobObservation | undefined {
  const matches = labelOf(remoteJobId);
  const open = running.find(matches);
  if (open) return { outcome: 'in-progress', phase: `transaction ${String(open.TransactionStatus ?? 'PREPARE')}` };
  const done = finished.find(matches);
  if (!done) return undefined;
  const status = String(done.TransactionStatus ?? '').toUpperCase();
  const phase = `transaction ${status}`;
  if (status === 'ABORTED') return { outcome: 'failed', phase, error: String(done.Reason ?? '') || String(done.ErrMsg ?? '') || 'the replication transaction was aborted' };
  return { outcome: 'done', phase };
}
