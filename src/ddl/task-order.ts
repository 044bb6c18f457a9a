// The order the DDL tasks run in. Each task belongs to a phase:
//   databases are created first (everything lives in one);
//   objects about to be re-created are dropped (a create of the same name would fail otherwise);
//   tables are created, then partitions added to existing tables;
//   views, then materialized views (both read tables, so every table-level task comes before);
//   objects that exist only on the target are dropped;
//   databases are dropped last, once nothing above needs them.
// Within a phase tasks run by database, table and partition name; a drop that makes room for a
// create of the same view or materialized view comes right before it.
import type { DdlTask } from './ddl-plan.js';

export const Phase = {
  CreateDatabases: 0,
  DropsBeforeRecreate: 1,
  CreateTables: 2,
  AddPartitions: 3,
  Views: 4,
  MaterializedViews: 5,
  TargetOnlyDrops: 6,
  DropDatabases: 7,
} as const;
export type Phase = (typeof Phase)[keyof typeof Phase];

/** Inside a phase, for the same object: the drop that makes room, then the create. */
export const Step = { Drop: 0, Create: 1 } as const;
export type Step = (typeof Step)[keyof typeof Step];

export interface PhasedTask {
  task: DdlTask;
  phase: Phase;
  step: Step;
}

/** Plain code-unit order: the same on every machine, whatever the locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const tableOf = (task: DdlTask): string => ('table' in task ? task.table : '');
const partitionOf = (task: DdlTask): string => ('partition' in task ? task.partition : '');

function comparePhased(a: PhasedTask, b: PhasedTask): number {
  return (
    a.phase - b.phase ||
    compareText(a.task.db, b.task.db) ||
    compareText(tableOf(a.task), tableOf(b.task)) ||
    compareText(partitionOf(a.task), partitionOf(b.task)) ||
    a.step - b.step
  );
}

/** The tasks in execution order (a stable sort: equal keys keep the order they were planned in). */
export function orderTasks(phased: readonly PhasedTask[]): DdlTask[] {
  return [...phased].sort(comparePhased).map((entry) => entry.task);
}
