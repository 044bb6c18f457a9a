// Which of a batch's DDL tasks may run at the same time (pure). Creating fifty tables one after
// the other keeps a migration's replication waiting for seconds; tables and partitions of
// different tables do not depend on each other, so a run of consecutive such tasks forms one wave.
// Everything else runs alone, in the planned order: databases (everything lives in one), drops
// that make room for a create, views and materialized views (they may read each other).
import type { DdlTask } from './ddl-plan.js';
import { tableKey } from '../meta/table-key.js';

/** Tasks that touch one table each and depend on no other task of their kind. */
const PARALLEL_KINDS: ReadonlySet<DdlTask['kind']> = new Set(['create_table', 'add_partition', 'drop_partition']);

/** The tasks in order, cut into waves; a wave never holds two tasks on the same table. */
export function ddlWaves(tasks: readonly DdlTask[]): DdlTask[][] {
  const waves: DdlTask[][] = [];
  let wave: DdlTask[] = [];
  let tables = new Set<string>();
  for (const task of tasks) {
    const table = 'table' in task ? tableKey(task.db, task.table) : undefined;
    const joins = PARALLEL_KINDS.has(task.kind) && table !== undefined && wave.length > 0 && wave[0]!.kind === task.kind && !tables.has(table);
    if (!joins) {
      if (wave.length > 0) waves.push(wave);
      wave = [];
      tables = new Set();
    }
    wave.push(task);
    if (table !== undefined) tables.add(table);
    if (!PARALLEL_KINDS.has(task.kind)) {
      waves.push(wave);
      wave = [];
      tables = new Set();
    }
  }
  if (wave.length > 0) waves.push(wave);
  return waves;
}
