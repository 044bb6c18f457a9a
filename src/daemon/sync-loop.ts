// The daemon's sync loop. Four steps, each on its own interval (loop-schedule.ts says which is
// due): meta reads both catalogues and plans, DDL runs a batch of statements on the target,
// replication observes the jobs in flight and sends the next ones, report logs the progress lines.
// Each step takes the state (loop-state.ts) and returns the next; the loop only saves what must
// outlive it and sleeps. One-time mode ends when a step sets the outcome.
import type { Logger } from 'pino';
import type { SyncConfig } from '../config/load-config.js';
import { isDue } from './loop-schedule.js';
import { performance } from 'node:perf_hooks';
import { initialLoopState, ranAt, type LoopOutcome, type LoopState, type StepName } from './loop-state.js';
import { stateChanged } from './round-decisions.js';
import { ddlStep } from './steps/ddl-step.js';
import { metaStep } from './steps/meta-step.js';
import { replicationStep } from './steps/replication-step.js';
import { reportLines, statusOf } from './steps/report-step.js';
import type { LoopEffects, LoopOptions, StepContext } from './steps/step-context.js';
import { SyncWindow } from './sync-window.js';
import { failpoint } from '../util/failpoints.js';

const windowOf = (config: SyncConfig) => new SyncWindow(config.settings.sync_window_cron, config.settings.sync_window_minutes);

export async function runSyncLoop(effects: LoopEffects, logger: Logger, options: LoopOptions): Promise<LoopOutcome> {
  const log = logger.child({ component: 'sync' });
  const { clock, store, running, control } = effects;
  const startedAt = clock.now();
  const ctx: StepContext = { config: running.current, window: windowOf(running.current), effects, options, log };
  let state: LoopState = initialLoopState(ctx.config, store.readState());
  /** Takes the step's state; what must survive a restart is written when it changed. */
  const save = (next: LoopState) => {
    if (stateChanged(state.remembered, next.remembered)) store.writeState(next.remembered);
    state = next;
    control.publish(state);
  };
  /** The configuration in force, when it was reloaded (before a meta round, or by POST /reload). */
  const adoptConfig = () => {
    if (running.current === ctx.config) return;
    ctx.config = running.current;
    ctx.window.close();
    ctx.window = windowOf(ctx.config);
  };
  const quietHours = (now: number) => ({ cron: ctx.window.cron, minutes: ctx.window.minutes, state: ctx.window.state(new Date(now)) });
  const report = (now: number) =>
    reportLines(state, quietHours(now)).forEach((line, i) => {
      if (i === 1) failpoint('report_mid');
      log[line.level](line.text);
    });
  const writeStatus = (now: number) =>
    store.writeStatus(statusOf(state, { pid: process.pid, startedAt, oneTime: options.oneTime, now, clusters: effects.clusters(), window: quietHours(now).state }));
  const due = (step: StepName, now: number) => !state.outcome && isDue(step, state, ctx.config.settings, now);
  /** Runs a step, saves what it returns, and tells the observers how long it took. */
  const run = async (step: StepName, body: () => Promise<LoopState>) => {
    const started = performance.now();
    save(await body());
    control.stepDone(step, performance.now() - started);
  };
  try {
    while (!options.signal.aborted && !state.outcome) {
      const now = clock.now();
      adoptConfig();
      save(control.applyWaiting(state, ctx.config.dataRules));
      if (due('meta', now)) {
        // The configuration files are re-read before each meta round: this round runs with what they say now.
        running.reload();
        adoptConfig();
        await run('meta', () => metaStep(state, ctx, now));
        writeStatus(clock.now());
      }
      if (due('ddl', now)) await run('ddl', () => ddlStep(state, ctx, now));
      if (due('replication', now)) await run('replication', () => replicationStep(state, ctx, now));
      if (due('report', now)) {
        save(ranAt(state, 'report', now));
        report(now);
      }
      // What a DDL batch created is read back (and its replication sent) without waiting a tick.
      if (!state.metaNow && !state.outcome) await clock.sleep(options.tickMs ?? 250, options.signal);
    }
    return state.outcome ?? { done: false, reason: 'stopped' };
  } finally {
    control.end();
    report(clock.now());
    writeStatus(clock.now());
    ctx.window.close();
  }
}
