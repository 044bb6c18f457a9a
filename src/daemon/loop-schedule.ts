// Which of the loop's steps is due now, and when it is not, why (pure). Each step has its
// interval in sync.properties; besides:
// - meta runs at once when asked (metaNow: the first round, after DDL, after a job finished) and,
//   after failures, again sooner than its interval, backing off (a blip heals fast);
// - DDL runs only with statements pending;
// - replication waits for a first catalogue and runs at once when a plan found work.
import type { SyncSettings } from '../config/schema.js';
import type { LoopState, StepName } from './loop-state.js';

export type Due = { due: true } | { due: false; reason: string };

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function afterInterval(state: LoopState, step: StepName, intervalMs: number, now: number): Due {
  const waited = now - state.lastRun[step];
  return waited >= intervalMs ? { due: true } : { due: false, reason: `next in ${seconds(intervalMs - waited)}` };
}

export function schedule(step: StepName, state: LoopState, settings: SyncSettings, now: number): Due {
  switch (step) {
    case 'meta': {
      if (state.metaNow) return { due: true };
      const everyMs = settings.meta_job_interval_seconds * 1000;
      return afterInterval(state, 'meta', state.metaFailures > 0 ? Math.min(everyMs, state.metaRetryMs) : everyMs, now);
    }
    case 'ddl':
      if (state.ddl.pending.length === 0) return { due: false, reason: 'no DDL pending' };
      return afterInterval(state, 'ddl', settings.ddl_job_interval_seconds * 1000, now);
    case 'replication':
      if (!state.catalogs) return { due: false, reason: 'no catalogue read yet' };
      if (state.replicateNow) return { due: true };
      return afterInterval(state, 'replication', settings.replication_job_interval_seconds * 1000, now);
    case 'report':
      return afterInterval(state, 'report', settings.report_interval_seconds * 1000, now);
  }
}

export const isDue = (step: StepName, state: LoopState, settings: SyncSettings, now: number): boolean => schedule(step, state, settings, now).due;
