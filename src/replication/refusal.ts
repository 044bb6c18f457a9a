// What an error message of startTableReplication means for the job. The target FE refuses a job
// it cannot admit now with a message, and the tool must tell "try again later" from "this job is
// wrong". The texts are the FE's own (ReplicationMgr / ReplicationJob); they are matched by the
// part that does not vary.

export type RefusalKind =
  /** Admission: the table already replicates, or a parallel limit is reached. Retry later, no failure counted. */
  | 'busy'
  /** The plan is stale: the target has caught up, or is ahead. Wait for the next plan. */
  | 'replan'
  /** Anything else: the job failed; it is retried after a backoff. */
  | 'error';

const BUSY = [
  // "Replication job of table <id> is already running"
  'is already running',
  // "Replication job of table <id> is being constructed" (another request for it is being admitted)
  'is being constructed',
  // The leader is starting or stepping down.
  'leader work admission is closed',
  // "Partition <id> in table <t> in database <d> publish version not finished": an earlier load's
  // version is committed but not yet visible on the target.
  'publish version not finished',
  // replication_max_parallel_table_count / _replica_count / _data_size_mb reached
  'replication_max_parallel_',
  // transfer_mode=s3: "Can only run one backup or restore job of a database at same time" (someone
  // else's BACKUP or RESTORE of that database is running)
  'one backup or restore job of a database',
];

const REPLAN = [
  // Every requested partition is already at the source version.
  'no data need to replicate',
  // "Target visible version: X is larger than source visible version: Y": the plan was made from
  // versions older than the target's; the next catalogue says whether the target diverged.
  'is larger than source visible version',
];

export function classifyRefusal(message: string): RefusalKind {
  const text = message.toLowerCase();
  if (BUSY.some((part) => text.includes(part))) return 'busy';
  if (REPLAN.some((part) => text.includes(part))) return 'replan';
  return 'error';
}
