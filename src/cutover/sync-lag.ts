// How far the target is behind the source, from one meta round of the daemon (pure). Cutover
// waits on the daemon's own decision, so it waits exactly as long as the daemon still has work:
// the target is in sync when the round plans no DDL, no replication job, leaves nothing waiting
// or unsupported, and no drop a switch keeps holds back a table the source has.
import type { ClusterCatalog, OlapTableModel } from '../meta/catalog-model.js';
import type { BlockedItem, DdlTask } from '../ddl/ddl-plan.js';
import type { ReplicationCandidate, ReplicationPlan, SkippedReplication } from '../replication/candidate.js';
import { objectName } from '../meta/table-key.js';

/** What cutover reads of a meta round (runMetaRound gives all of it). */
export interface RoundView {
  source: ClusterCatalog;
  ddl: { tasks: readonly DdlTask[]; blocked: readonly BlockedItem[] };
  replication: ReplicationPlan;
}

export interface SyncLag {
  /** Selected source tables, and how many of them the target does not hold as the source does. */
  tables: number;
  tablesBehind: number;
  /** Source partitions the target does not hold at the source's version (to replicate, or waiting). */
  partitionsBehind: number;
  /** Their size on the source (DATA_SIZE), in bytes. */
  bytesBehind: number;
  ddlPending: readonly DdlTask[];
  candidates: readonly ReplicationCandidate[];
  /** Tables or partitions the round leaves out, each with its reason (waiting, not supported, ...). */
  skipped: readonly SkippedReplication[];
  /** Drops a switch keeps from happening on objects the source has: the target cannot match it. */
  blocked: readonly BlockedItem[];
  /**
   * Drops a switch keeps from happening on objects only the target has (ddl_job_allow_drop_*_target_only):
   * nothing the application reads from the source, so they do not hold the cutover back; listed.
   */
  leftAlone: readonly BlockedItem[];
}

function sourceTable(source: ClusterCatalog, db: string, table: string): OlapTableModel | undefined {
  const found = source.databases.get(db)?.tables.get(table);
  return found?.kind === 'table' ? found : undefined;
}

/** Whether the blocked drop concerns an object the source has (else it is one only the target has). */
function concernsSource(source: ClusterCatalog, item: BlockedItem): boolean {
  const db = source.databases.get(item.db);
  if (!db) return false;
  return item.table === undefined || db.tables.has(item.table);
}

/** Size and count of what a skipped item holds back on the source: one partition, or the whole table. */
function heldBack(source: ClusterCatalog, item: SkippedReplication): { partitions: number; bytes: number } {
  const table = sourceTable(source, item.db, item.table);
  if (!table) return { partitions: 0, bytes: 0 };
  const partitions = item.partition === undefined ? table.partitions : table.partitions.filter((p) => p.name === item.partition);
  return { partitions: partitions.length, bytes: partitions.reduce((sum, p) => sum + p.dataSize, 0) };
}

export function syncLagOf(round: RoundView): SyncLag {
  const { source, ddl, replication } = round;
  let partitionsBehind = 0;
  let bytesBehind = 0;
  for (const job of replication.candidates) {
    partitionsBehind += job.partitions.length;
    bytesBehind += job.dataSize;
  }
  for (const item of replication.skipped) {
    const held = heldBack(source, item);
    partitionsBehind += held.partitions;
    bytesBehind += held.bytes;
  }
  return {
    tables: replication.tables.length,
    tablesBehind: replication.tables.filter((t) => !t.synced).length,
    partitionsBehind,
    bytesBehind,
    ddlPending: ddl.tasks,
    candidates: replication.candidates,
    skipped: replication.skipped,
    blocked: ddl.blocked.filter((item) => concernsSource(source, item)),
    leftAlone: ddl.blocked.filter((item) => !concernsSource(source, item)),
  };
}

export function isInSync(lag: SyncLag): boolean {
  return lag.ddlPending.length === 0 && lag.candidates.length === 0 && lag.skipped.length === 0 && lag.blocked.length === 0;
}

/** Bytes as the plan prints sizes: MB of 2^20 bytes, one decimal. */
export function formatMegabytes(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MB`;
}

/** One line: how far behind, and what the daemon still has to do. */
export function describeLag(lag: SyncLag): string {
  return (
    `behind: ${lag.tablesBehind} of ${lag.tables} table(s), ${lag.partitionsBehind} partition(s), ${formatMegabytes(lag.bytesBehind)}; ` +
    `DDL pending: ${lag.ddlPending.length}, replication jobs to run: ${lag.candidates.length}, waiting or not supported: ${lag.skipped.length}, drops blocked: ${lag.blocked.length}`
  );
}

/** Why each thing holds the cutover back, the first `limit` of them, for the operator to act on. */
export function lagReasons(lag: SyncLag, limit = 5): string[] {
  const reasons = [
    ...lag.skipped.map((s) => `${objectName(s)}: ${s.reason}`),
    ...lag.blocked.map((b) => `${objectName(b)}: ${b.reason}`),
    ...lag.ddlPending.map((task) => `${objectName({ db: task.db, ...('table' in task ? { table: task.table } : {}), ...('partition' in task ? { partition: task.partition } : {}) })}: ${task.kind} (${task.reason})`),
  ];
  if (reasons.length <= limit) return reasons;
  return [...reasons.slice(0, limit), `... and ${reasons.length - limit} more (cluster-sync plan lists them all)`];
}
