// The meta step: read both catalogues and decide (meta-round.ts), then take the plans into the
// state: the DDL to run, the jobs to track, what to say once (drops held back, tables left out).
// In one-time mode it also asks whether the run is done or must give up (one-time-rules.ts).
import { isTableSelected } from '../../config/data-rules.js';
import { objectName } from '../../meta/table-key.js';
import type { SkippedReplication } from '../../replication/candidate.js';
import { nextToSend, track } from '../../replication/job-tracker.js';
import { withFinishedJobs, withPlan } from '../../report/table-progress.js';
import { backoffDelay, DEFAULT_BACKOFF } from '../../util/backoff.js';
import { runMetaRound, type MetaRound } from '../meta-round.js';
import { afterMetaRound, goalOf } from '../one-time-rules.js';
import { holdPaused } from '../hold-paused.js';
import { nextLag, summarizeLag } from '../../report/lag.js';
import { withSample } from '../../report/history.js';
import { ranAt, withErrors, type ClusterRead, type LoopState } from '../loop-state.js';
import type { StepContext } from './step-context.js';
import { noteSetbacks } from './job-setback-notes.js';

/** Tables left out of replication for a reason of the source's own: said once each, kept for the report. */
const isSourceSkip = (s: SkippedReplication) => s.code === 'overwrite-in-progress' || s.code === 'not-supported';

export async function metaStep(state: LoopState, ctx: StepContext, now: number): Promise<LoopState> {
  let reads = state.reads;
  const begun: LoopState = { ...ranAt(state, 'meta', now), round: state.round + 1, metaNow: false };
  try {
    const meta = await runMetaRound(ctx.config, ctx.effects.readers, state.remembered, (side, outcome) => {
      const read: ClusterRead = outcome.ok ? { connected: true } : { connected: false, error: outcome.error.message };
      reads = { ...reads, [side]: read };
    });
    return await planned({ ...begun, reads }, meta, ctx, now);
  } catch (error) {
    return failed({ ...begun, reads }, (error as Error).message, ctx, now);
  }
}

async function planned(state: LoopState, meta: MetaRound, ctx: StepContext, now: number): Promise<LoopState> {
  const { log, config } = ctx;
  if (state.metaFailures > 0) log.info(`reading the catalogues works again after ${state.metaFailures} failed attempt(s)`);
  const blockedKeys = new Set(state.said.blocked);
  for (const item of meta.ddl.blocked) {
    const key = `${item.db}/${item.table ?? ''}/${item.partition ?? ''}/${item.blockedBy}`;
    if (!blockedKeys.has(key)) log.warn(`not dropped: ${objectName(item)}: ${item.reason}`);
    blockedKeys.add(key);
  }
  const sourceSkips = meta.replication.skipped.filter(isSourceSkip);
  const skippedKeys = new Set<string>();
  for (const item of sourceSkips) {
    const key = `${item.db}/${item.table}/${item.code}`;
    skippedKeys.add(key);
    if (!state.said.skipped.has(key)) (item.code === 'not-supported' ? log.warn.bind(log) : log.info.bind(log))(`replication of ${item.db}.${item.table} ${item.reason}`);
  }
  // What a pause holds back is left out of the plans: it is planned again once resumed.
  const { tasks, candidates, held } = holdPaused(meta.ddl.tasks, meta.replication.candidates, meta.state.steering);
  const tracker = track(state.tracker, { type: 'planned', now, candidates });
  const selected = (db: string, table: string) => isTableSelected(config.dataRules, db, table);
  const lag = nextLag(state.lag, meta.source, meta.target, selected, now);
  const next: LoopState = {
    ...state,
    catalogs: { source: meta.source, target: meta.target },
    metaFailures: 0,
    remembered: meta.state,
    ddl: { pending: tasks, blocked: meta.ddl.blocked },
    sourceSkips,
    held,
    tracker,
    replicateNow: nextToSend(tracker, 1, now).length > 0,
    tables: withPlan(state.tables, meta.replication),
    goal: state.goal ?? goalOf(meta.source, selected),
    lag,
    history: withSample(state.history, now, tracker.finishedBytes, summarizeLag(lag.values(), now)),
    said: { ...state.said, blocked: blockedKeys, skipped: skippedKeys },
  };
  if (!ctx.options.oneTime) return next;
  const verdict = afterMetaRound({
    goal: next.goal!,
    target: meta.target,
    ddlPending: next.ddl.pending.length,
    planned: candidates.length,
    tracked: tracker.jobs.length,
    held: held.length,
    idleRounds: state.idleRounds,
    skipped: meta.replication.skipped,
    blocked: meta.ddl.blocked,
  });
  switch (verdict.kind) {
    case 'done':
      log.info('one-time run: every selected table reached the source versions of the first round');
      return { ...(await closingJobs(next, ctx, now)), outcome: { done: true } };
    case 'give-up':
      return { ...next, outcome: { done: false, reason: verdict.reason } };
    case 'go-on':
      return { ...next, idleRounds: verdict.idleRounds };
  }
}

/**
 * The closing report counts the jobs as the target has them now, not as of the last replication
 * step (the versions can be visible before the jobs were looked at again).
 */
async function closingJobs(state: LoopState, ctx: StepContext, now: number): Promise<LoopState> {
  try {
    const tracker = await ctx.effects.transport.observe(state.tracker, { now, catalogs: state.catalogs! });
    // A job for data newer than the goal may have failed meanwhile: said like any other, not retried.
    return noteSetbacks({ ...state, tracker, tables: withFinishedJobs(state.tables, tracker.tables) }, state.tracker, ctx.log, now, { retried: () => false });
  } catch (error) {
    ctx.log.warn(`the closing report shows the jobs as last seen: reading their states failed: ${(error as Error).message}`);
    return state;
  }
}

function failed(state: LoopState, message: string, ctx: StepContext, now: number): LoopState {
  const metaFailures = state.metaFailures + 1;
  const metaRetryMs = Math.min(ctx.config.settings.meta_job_interval_seconds * 1000, backoffDelay(DEFAULT_BACKOFF, metaFailures));
  ctx.log.warn(`reading the catalogues failed (attempt ${metaFailures}), retrying in ${(metaRetryMs / 1000).toFixed(1)}s: ${message}`);
  const next = { ...withErrors(state, [message], now), metaFailures, metaRetryMs };
  if (ctx.options.oneTime && metaFailures >= (ctx.options.maxMetaFailures ?? 6)) {
    return { ...next, outcome: { done: false, reason: `cannot read the catalogues after ${metaFailures} attempts: ${message}` } };
  }
  return next;
}
