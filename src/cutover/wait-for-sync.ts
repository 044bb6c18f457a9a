// Waits until the daemon has brought the target in sync: a meta round every few seconds, the lag
// said after each, until the round finds nothing left to do or the time is up. Cutover does none
// of the work itself (the daemon must run); it only watches. The round, the clock and the pause
// are given, so the loop is tested without clusters.
import { describeLag, isInSync, lagReasons, syncLagOf, type RoundView, type SyncLag } from './sync-lag.js';

export interface WaitEffects<R extends RoundView> {
  /** One meta round of the daemon (runMetaRound over both clusters). */
  round(): Promise<R>;
  now(): number;
  pause(ms: number): Promise<void>;
  report(line: string): void;
  /** Said once, with the first lag: why nothing may move (no daemon running), or undefined. */
  hint?(): string | undefined;
  /** True once the wait is to end early (the caller was stopped). */
  stopped?(): boolean;
}

export interface WaitOptions {
  /** false: one check, no waiting (--no-wait). */
  wait: boolean;
  timeoutMs: number;
  intervalMs: number;
}

export type WaitOutcome<R extends RoundView> =
  | { kind: 'in-sync'; round: R; lag: SyncLag; waitedMs: number }
  /** Still behind when the check ended (time up, --no-wait, or stopped); `lag` is the last one seen, if any round succeeded. */
  | { kind: 'behind'; lag?: SyncLag; lastError?: string; waitedMs: number; stopped: boolean };

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

export async function waitForSync<R extends RoundView>(effects: WaitEffects<R>, options: WaitOptions): Promise<WaitOutcome<R>> {
  const started = effects.now();
  const deadline = started + (options.wait ? options.timeoutMs : 0);
  let lastLag: SyncLag | undefined;
  let lastError: string | undefined;
  let hinted = false;
  for (;;) {
    try {
      const round = await effects.round();
      const lag = syncLagOf(round);
      const waitedMs = effects.now() - started;
      if (isInSync(lag)) return { kind: 'in-sync', round, lag, waitedMs };
      lastLag = lag;
      lastError = undefined;
      const left = deadline - effects.now();
      effects.report(`${describeLag(lag)} (waited ${seconds(waitedMs)}${options.wait ? `, gives up in ${seconds(Math.max(0, left))}` : ''})`);
      for (const reason of lagReasons(lag)) effects.report(`  ${reason}`);
      if (!hinted) {
        hinted = true;
        const hint = effects.hint?.();
        if (hint) effects.report(hint);
      }
    } catch (error) {
      // A failed read is retried like the daemon retries one: the clusters may be back next time.
      lastError = (error as Error).message;
      effects.report(`could not read the clusters: ${lastError}`);
    }
    const behind = (stopped: boolean): WaitOutcome<R> => ({ kind: 'behind', ...(lastLag ? { lag: lastLag } : {}), ...(lastError ? { lastError } : {}), waitedMs: effects.now() - started, stopped });
    const left = deadline - effects.now();
    if (left <= 0) return behind(false);
    await effects.pause(Math.min(options.intervalMs, left));
    if (effects.stopped?.()) return behind(true);
  }
}
