// The replication step: observe the jobs in flight through the transport, let time pass in the
// tracker (backoffs end, lost jobs become unknown), then send what is due when the gate allows
// (replication-gate.ts: a pause, compaction where it counts as data, target disks, quiet hours). What went wrong in either batch is said and
// counted (job-setback-notes.ts). In one-time mode a job failing too often or waiting too long ends
// the run (one-time-rules.ts).
import { countJobs, needsReplan, track } from '../../replication/job-tracker.js';
import { windowLine } from '../../report/progress.js';
import { withFinishedJobs } from '../../report/table-progress.js';
import { jobsGiveUpReason, ONE_TIME_JOB_ATTEMPTS } from '../one-time-rules.js';
import { replicationGate } from '../replication-gate.js';
import { ranAt, withErrors, type LoopState } from '../loop-state.js';
import type { StepContext } from './step-context.js';
import { noteSetbacks } from './job-setback-notes.js';

export async function replicationStep(state: LoopState, ctx: StepContext, now: number): Promise<LoopState> {
  const { log, effects, options } = ctx;
  const catalogs = state.catalogs!;
  const settings = ctx.config.settings;
  let next: LoopState = { ...ranAt(state, 'replication', now), replicateNow: false };
  // A one-time run ends on a job's last allowed failure: its line must not promise a retry.
  const retried = (failure: { attempt: number }) => !options.oneTime || failure.attempt < ONE_TIME_JOB_ATTEMPTS;
  try {
    const observed = track(await effects.transport.observe(state.tracker, { now, catalogs }), { type: 'tick', now });
    next = noteSetbacks({ ...next, tracker: observed, tables: withFinishedJobs(next.tables, observed.tables) }, state.tracker, log, now, { retried });
    const giveUp = options.oneTime ? jobsGiveUpReason(observed.jobs, now, options.maxWaitMs) : null;
    if (giveUp) return { ...next, outcome: { done: false, reason: giveUp } };
    // A job finished (the next plan may be different) or the FE called a plan stale: plan again now.
    if (countJobs(observed).finished > countJobs(state.tracker).finished || needsReplan(observed)) next = { ...next, metaNow: true };
    const windowState = ctx.window.state(new Date(now));
    if (windowState.open !== state.said.windowOpen) {
      const line = windowLine(ctx.window.cron, ctx.window.minutes, windowState);
      if (line) log.info(line.replace('Sync window:', state.said.windowOpen === undefined ? 'sync window is' : 'sync window now'));
      next = { ...next, said: { ...next.said, windowOpen: windowState.open } };
    }
    const gate = replicationGate({
      targetBackends: catalogs.target.backends,
      maxDiskUsedPercent: settings.target_cluster_max_disk_used_percent,
      windowOpen: windowState.open,
      paused: next.remembered.steering.pausedAll,
      lakeCompaction: catalogs.target.lakeCompaction,
    });
    if (gate.send) return noteSetbacks({ ...next, tracker: await effects.transport.send(next.tracker, { now, catalogs }) }, next.tracker, log, now, { retried });
    if (gate.cause === 'disk-full' || gate.cause === 'compaction-on') {
      log.warn(gate.reason);
      next = withErrors(next, [gate.reason], now);
      if (options.oneTime) return { ...next, outcome: { done: false, reason: gate.reason } };
    }
    return next;
  } catch (error) {
    const message = (error as Error).message;
    log.warn(`replication round failed, retried next round: ${message}`);
    return withErrors(next, [message], now);
  }
}
