// The DDL step: run the next batch of statements on the target (ddl-executor.ts), remember the
// drops made to re-create objects (drop-ledger.ts), forget the jobs of tables the batch dropped or
// changed, and ask for a meta round at once: what the DDL did changes the plans.
import { recordDrops } from '../../ddl/drop-ledger.js';
import type { DdlTask } from '../../ddl/ddl-plan.js';
import { track } from '../../replication/job-tracker.js';
import { RESYNC_FINDING } from '../../ddl/diff-options.js';
import { resyncDone } from '../steering.js';
import { ranAt, withErrors, type LoopState } from '../loop-state.js';
import type { StepContext } from './step-context.js';

/** Tasks that drop, re-create or re-partition a table: jobs sent for it can never finish. */
const changesTable = (task: DdlTask): task is DdlTask & { table: string } =>
  'table' in task && task.kind !== 'create_view' && task.kind !== 'create_materialized_view';

export async function ddlStep(state: LoopState, ctx: StepContext, now: number): Promise<LoopState> {
  const batch = state.ddl.pending.slice(0, ctx.config.settings.ddl_job_batch_size);
  const result = await ctx.effects.runDdl(batch, ctx.config);
  let tracker = state.tracker;
  for (const task of batch.filter(changesTable)) tracker = track(tracker, { type: 'reset', now, db: task.db, table: task.table });
  // A resync is done once its drop ran: the re-create and the copy follow as for any new table.
  const resynced = result.completed.filter((task) => task.kind === 'drop_table' && task.cause === RESYNC_FINDING);
  return {
    ...withErrors(ranAt(state, 'ddl', now), result.failed.map((f) => f.error), now),
    remembered: {
      ...state.remembered,
      drops: recordDrops(state.remembered.drops, result.completed, ctx.effects.clock.now()),
      steering: resyncDone(state.remembered.steering, resynced.map((task) => ({ db: task.db, table: (task as { table: string }).table }))),
    },
    tracker,
    // Failed tasks leave the queue too: the next meta round plans them again.
    ddl: { ...state.ddl, pending: state.ddl.pending.slice(result.done + result.failed.length) },
    metaNow: true,
  };
}
