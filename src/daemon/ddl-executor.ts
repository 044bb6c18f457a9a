// Runs DDL tasks on the target: the statements come from the source's own SHOW CREATE output,
// rewritten for the target (replica count, storage volume, IF NOT EXISTS), or are built here with
// every name quoted. Each statement and each drop's reason is logged; each drop is also recorded
// in the drop audit (log/drops.log) before it is sent.
import type { Logger } from 'pino';
import type { FeClient } from '../cluster/fe-client.js';
import { quoteIdentifier, quoteTable } from '../cluster/sql-text.js';
import pLimit from 'p-limit';
import type { DdlTask } from '../ddl/ddl-plan.js';
import { ddlWaves } from '../ddl/ddl-waves.js';
import { partitionClause } from '../ddl/partition-clause.js';
import { rewriteCreateTable } from '../ddl/rewrite-create-table.js';
import { rewriteCreateMaterializedView, rewriteCreateView } from '../ddl/rewrite-create-view.js';
import type { TargetPropertyOptions } from '../ddl/target-properties.js';
import type { DropAudit } from '../log/drop-audit.js';
import { failpoint } from '../util/failpoints.js';

export interface DdlContext {
  source: FeClient;
  target: FeClient;
  properties: TargetPropertyOptions;
  log: Logger;
  /** A stop ends the batch between two statements. */
  signal: AbortSignal;
  /** Where each drop is recorded before it runs (log/drops.log). */
  audit: DropAudit;
}

async function showCreate(source: FeClient, kind: 'TABLE' | 'VIEW' | 'MATERIALIZED VIEW', db: string, name: string): Promise<string> {
  const rows = await source.query(`SHOW CREATE ${kind} ${quoteTable(db, name)}`, `read the definition of ${db}.${name}`);
  const row = rows[0] ?? {};
  const text = row['Create Table'] ?? row['Create View'] ?? row['Create Materialized View'];
  if (typeof text !== 'string') throw new Error(`SHOW CREATE ${kind} ${db}.${name} returned no definition`);
  return text;
}

/** The statements that carry out one task on the target. */
async function statementsFor(ctx: DdlContext, task: DdlTask): Promise<string[]> {
  const table = 'table' in task ? quoteTable(task.db, task.table) : '';
  switch (task.kind) {
    case 'create_database':
      return [`CREATE DATABASE IF NOT EXISTS ${quoteIdentifier(task.db)}`];
    case 'drop_database':
      return [`DROP DATABASE IF EXISTS ${quoteIdentifier(task.db)}`];
    case 'create_table':
      return [rewriteCreateTable(await showCreate(ctx.source, 'TABLE', task.db, task.table), ctx.properties)];
    case 'drop_table':
      return [`DROP TABLE IF EXISTS ${table}`];
    case 'add_partition':
      return [`ALTER TABLE ${table} ADD PARTITION IF NOT EXISTS ${partitionClause(task.partition, task.range, task.partitionColumnTypes, task.distribution)}`];
    case 'drop_partition':
      return [`ALTER TABLE ${table} DROP PARTITION IF EXISTS ${quoteIdentifier(task.partition)}`];
    case 'create_view':
      return [rewriteCreateView(await showCreate(ctx.source, 'VIEW', task.db, task.table))];
    case 'drop_view':
      return [`DROP VIEW IF EXISTS ${table}`];
    case 'create_materialized_view':
      return [rewriteCreateMaterializedView(await showCreate(ctx.source, 'MATERIALIZED VIEW', task.db, task.table), ctx.properties)];
    case 'drop_materialized_view':
      return [`DROP MATERIALIZED VIEW IF EXISTS ${table}`];
  }
}

function describe(task: DdlTask): string {
  return [task.db, 'table' in task ? task.table : undefined, 'partition' in task ? task.partition : undefined].filter((x) => x !== undefined).join('.');
}

/**
 * StarRocks refuses ADD / DROP PARTITION on a table whose own partition scheduler is on
 * (DynamicPartitionUtil.checkAlterAllowed: "Cannot add/drop partition on a Dynamic Partition
 * Table, ..."). A target table created by the daemon has it off; one created otherwise is switched
 * off once, and the log says so: its partitions follow the source's, not the target's clock.
 */
const DYNAMIC_PARTITION_REFUSAL = /Cannot add\/drop partition on a Dynamic Partition Table/i;

async function runStatements(ctx: DdlContext, task: DdlTask, statements: string[], what: string): Promise<void> {
  const db = task.kind === 'create_database' || task.kind === 'drop_database' ? 'information_schema' : task.db;
  try {
    await ctx.target.runInDatabase(db, statements, what);
  } catch (error) {
    if (!((task.kind === 'add_partition' || task.kind === 'drop_partition') && DYNAMIC_PARTITION_REFUSAL.test((error as Error).message))) throw error;
    const table = quoteTable(task.db, task.table);
    await ctx.target.runInDatabase(db, [`ALTER TABLE ${table} SET ("dynamic_partition.enable" = "false")`], `turn off dynamic partitioning of ${describe(task)}`);
    ctx.log.warn(
      { task: task.kind, object: `${task.db}.${task.table}` },
      `turned off dynamic partitioning of the target table ${task.db}.${task.table} (dynamic_partition.enable = false): its partitions are kept equal to the source's, which StarRocks does not allow while the target's own scheduler adds and drops them`,
    );
    await ctx.target.runInDatabase(db, statements, what);
  }
}

export interface DdlRunResult {
  done: number;
  /** The tasks carried out, in the order they finished. */
  completed: DdlTask[];
  failed: { task: DdlTask; error: string }[];
}

/** Statements of one wave in flight at once: enough to hide round trips, few enough to spare the FE. */
export const DDL_CONCURRENCY = 4;

/**
 * Runs the tasks in order, a wave of independent ones (tables, partitions of different tables) at
 * a time; a failed task is logged and left for the next round (the diff plans it again).
 */
export async function runDdlTasks(ctx: DdlContext, tasks: readonly DdlTask[]): Promise<DdlRunResult> {
  const result: DdlRunResult = { done: 0, completed: [], failed: [] };
  const limit = pLimit(DDL_CONCURRENCY);
  const runOne = async (task: DdlTask): Promise<void> => {
    if (ctx.signal.aborted) return;
    const what = `${task.kind} ${describe(task)}`;
    try {
      const statements = await statementsFor(ctx, task);
      // Written before the statement is sent: a drop not on record does not run.
      if ('allowedBy' in task) for (const statement of statements) ctx.audit.record({ statement, object: describe(task), reason: task.reason, allowedBy: task.allowedBy });
      await runStatements(ctx, task, statements, what);
      failpoint('ddl_after_statement');
      if (task.kind.startsWith('drop_')) ctx.log.warn({ task: task.kind, object: describe(task) }, `dropped on the target: ${describe(task)} (${task.reason})`);
      else ctx.log.info({ task: task.kind, object: describe(task) }, `${what}: ${task.reason}`);
      result.done++;
      result.completed.push(task);
    } catch (error) {
      const message = (error as Error).message;
      ctx.log.warn({ task: task.kind, object: describe(task) }, `${what} failed, retried next round: ${message}`);
      result.failed.push({ task, error: message });
    }
  };
  for (const wave of ddlWaves(tasks)) {
    if (ctx.signal.aborted) break;
    await Promise.all(wave.map((task) => limit(() => runOne(task))));
  }
  return result;
}
