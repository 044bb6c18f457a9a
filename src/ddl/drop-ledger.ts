// A drop is never repeated for the same reason. When the daemon drops a target object to re-create
// it (a table whose schema differs, a partition that left the source's history, a view whose
// definition differs) and the same difference comes back after the re-creation, dropping again
// would only start a loop: the difference lies in how the two clusters are compared (two releases
// printing one thing two ways), not in the data. Such an object is reported as blocked
// ("comparison unstable") instead, in the log, the report, `plan` and `status`, until it is seen in
// sync. Pure: the ledger of drops done, the plans and catalogues in, what may still be done out.
// The daemon keeps the ledger in its state file, so a restart does not forget it.
import type { ClusterCatalog, OlapTableModel } from '../meta/catalog-model.js';
import { isTableSynced, partitionVerdict } from '../replication/table-state.js';
import type { BlockedItem, DdlPlan, DdlTask } from './ddl-plan.js';
import type { Lineage } from './partition-consistency.js';
import type { SyncedFrom } from './source-partition-ids.js';

export interface DropRecord {
  db: string;
  table: string;
  partition?: string;
  kind: 'drop_table' | 'drop_partition' | 'drop_view' | 'drop_materialized_view';
  /** What differed, without the numbers that change from one round to the next. */
  cause: string;
  /** When the drop ran (ms since the epoch). */
  droppedAt: number;
}

export type DropLedger = readonly DropRecord[];

type RecreatingDrop = Extract<DdlTask, { kind: DropRecord['kind'] }>;

function recreatingDrop(task: DdlTask): task is RecreatingDrop {
  return (task.kind === 'drop_table' || task.kind === 'drop_partition' || task.kind === 'drop_view' || task.kind === 'drop_materialized_view') && task.recreate;
}

const causeOf = (task: RecreatingDrop): string => ('cause' in task && task.cause) || task.reason;
const partitionOf = (task: DdlTask): string | undefined => ('partition' in task ? task.partition : undefined);
const sameObject = (a: { db: string; table: string; partition?: string | undefined }, b: { db: string; table: string; partition?: string | undefined }) =>
  a.db === b.db && a.table === b.table && a.partition === b.partition;

/** The ledger after a DDL batch: each drop it ran to re-create is recorded (the latest per object). */
export function recordDrops(ledger: DropLedger, done: readonly DdlTask[], now: number): DropLedger {
  const drops = done.filter(recreatingDrop).map((task): DropRecord => {
    const partition = partitionOf(task);
    return { db: task.db, table: task.table, ...(partition !== undefined ? { partition } : {}), kind: task.kind, cause: causeOf(task), droppedAt: now };
  });
  if (drops.length === 0) return ledger;
  return [...ledger.filter((record) => !drops.some((drop) => sameObject(record, drop))), ...drops];
}

function unstableReason(task: RecreatingDrop, record: DropRecord): string {
  const what = task.kind === 'drop_partition' ? 'partition' : task.kind === 'drop_table' ? 'schema' : 'definition';
  const finding = task.reason.replace(/; dropped to be re-(created|added)$/, '');
  const object = task.kind === 'drop_partition' ? 'partition' : task.kind.replace('drop_', '').replace('_', ' ');
  return `${what} comparison unstable: ${finding}, again after the target ${object} was dropped and re-created at ${new Date(record.droppedAt).toISOString()}; not dropped again (compare the object on both clusters)`;
}

/** Whether `task` re-creates what `drop` dropped (its CREATE or ADD PARTITION). */
function recreates(task: DdlTask, drop: RecreatingDrop): boolean {
  if (task.db !== drop.db || !('table' in task) || task.table !== drop.table) return false;
  if (drop.kind === 'drop_partition') return task.kind === 'add_partition' && task.partition === drop.partition;
  return task.kind === 'create_table' || task.kind === 'create_view' || task.kind === 'create_materialized_view';
}

/**
 * The plan without the drops that would repeat a recorded one for the same cause (and without the
 * re-creation that would follow each), those reported as blocked instead.
 */
export function guardRepeatedDrops(plan: DdlPlan, ledger: DropLedger): DdlPlan {
  if (ledger.length === 0) return plan;
  const repeated = plan.tasks.filter(recreatingDrop).flatMap((task) => {
    const partition = partitionOf(task);
    const record = ledger.find((r) => sameObject(r, { db: task.db, table: task.table, partition }) && r.kind === task.kind && r.cause === causeOf(task));
    return record ? [{ task, record }] : [];
  });
  if (repeated.length === 0) return plan;
  const tasks = plan.tasks.filter((task) => !repeated.some(({ task: drop }) => task === drop || recreates(task, drop)));
  const blocked: BlockedItem[] = repeated.map(({ task, record }) => {
    const partition = partitionOf(task);
    return { db: task.db, table: task.table, ...(partition !== undefined ? { partition } : {}), wouldBe: task.kind, blockedBy: 'comparison-unstable', reason: unstableReason(task, record) };
  });
  return { tasks, blocked: [...plan.blocked, ...blocked] };
}

function tableOf(catalog: ClusterCatalog, db: string, table: string) {
  return catalog.databases.get(db)?.tables.get(table);
}

/**
 * The ledger without the records that no longer matter: the object is in sync again (a table with
 * the source's schema and versions, a partition at the source's version on its history, a view the
 * fresh diff no longer wants to re-create), or gone from the source. A difference that comes back
 * after that is a new one, and may be acted on.
 *
 * @param diffed the diff of this round, before guardRepeatedDrops
 */
export function settleDrops(ledger: DropLedger, diffed: DdlPlan, source: ClusterCatalog, target: ClusterCatalog, lineage: Lineage = 'replication', syncedFrom?: SyncedFrom): DropLedger {
  const kept = ledger.filter((record) => {
    const from = tableOf(source, record.db, record.table);
    const to = tableOf(target, record.db, record.table);
    if (!from) return false;
    if (record.kind === 'drop_view' || record.kind === 'drop_materialized_view' || from.kind !== 'table' || to?.kind !== 'table') {
      return diffed.tasks.some((task) => recreatingDrop(task) && sameObject(task, record));
    }
    if (record.partition === undefined) return !isTableSynced(from, to as OlapTableModel, lineage, syncedFrom);
    const sourcePartition = from.partitions.find((p) => p.name === record.partition);
    const targetPartition = (to as OlapTableModel).partitions.find((p) => p.name === record.partition);
    if (!sourcePartition) return false;
    if (!targetPartition) return true;
    const verdict = partitionVerdict(sourcePartition, targetPartition, lineage, syncedFrom?.(record.db, record.table, record.partition));
    return verdict.kind !== 'synced';
  });
  return kept.length === ledger.length ? ledger : kept;
}
