// The daemon's recent course, one sample per meta round (pure): bytes replicated so far and the
// lag then. The status page draws it; the throughput and the initial copy's ETA are read from it.
import type { LagSummary } from './lag.js';

export interface HistorySample {
  readonly at: number;
  /** Bytes the finished jobs brought since the daemon started. */
  readonly finishedBytes: number;
  readonly lagSeconds: number;
  readonly lagBytes: number;
}

/** A day of samples at most, and never more than this many (a meta round every few seconds). */
const KEEP_MS = 24 * 3600_000;
const KEEP_SAMPLES = 2_000;
/** Throughput is measured over the last quarter of an hour of samples. */
export const THROUGHPUT_WINDOW_MS = 15 * 60_000;

export function withSample(history: readonly HistorySample[], at: number, finishedBytes: number, lag: LagSummary): readonly HistorySample[] {
  const kept = history.filter((s) => at - s.at <= KEEP_MS);
  return [...kept, { at, finishedBytes, lagSeconds: lag.seconds, lagBytes: lag.bytes }].slice(-KEEP_SAMPLES);
}

/** Bytes per second replicated over the last THROUGHPUT_WINDOW_MS; null with fewer than two samples in it. */
export function throughput(history: readonly HistorySample[], now: number): number | null {
  const recent = history.filter((s) => now - s.at <= THROUGHPUT_WINDOW_MS);
  if (recent.length < 2) return null;
  const first = recent[0]!;
  const last = recent.at(-1)!;
  const seconds = (last.at - first.at) / 1000;
  return seconds > 0 ? (last.finishedBytes - first.finishedBytes) / seconds : null;
}

/** Seconds until `bytesLeft` are copied at the current throughput; null when unknown (nothing moving yet). */
export function etaSeconds(bytesLeft: number, bytesPerSecond: number | null): number | null {
  if (bytesLeft === 0) return 0;
  if (!bytesPerSecond || bytesPerSecond <= 0) return null;
  return bytesLeft / bytesPerSecond;
}
