// cluster-sync cutover --http: the running daemon runs the cutover (POST /api/v1/cutover) and the
// command follows it (GET /api/v1/cutover every 2 s), printing its lines as they come and its
// outcome as the local cutover prints it, with the same exit code.
import { setTimeout as sleep } from 'node:timers/promises';
import type { CutoverResult } from '../cutover/run-cutover.js';
import { formatCutoverResult } from '../cutover/cutover-report.js';
import { ApiCallError, type DaemonApi } from './daemon-api-client.js';
import { EXIT_FAILURE, EXIT_OK } from './exit-codes.js';

export const FOLLOW_INTERVAL_MS = 2_000;

/** GET /api/v1/cutover (src/http/cutover-runs.ts). */
export interface CutoverRunView {
  running: boolean;
  startedAt: string;
  /** The first line and the latest ones; older ones are dropped on a long wait. */
  lines: string[];
  /** Lines reported since the start, dropped ones included. */
  linesReported: number;
  finishedAt?: string;
  result?: CutoverResult;
}

/**
 * The lines of `view` not printed yet, given `printed` lines printed before (pure). lines[0] is
 * the run's first line; lines[i] for i >= 1 is line linesReported - lines.length + i of the run.
 */
export function newCutoverLines(view: Pick<CutoverRunView, 'lines' | 'linesReported'>, printed: number): { lines: string[]; printed: number } {
  const { lines, linesReported: total } = view;
  const numberOf = (i: number) => (i === 0 ? 0 : total - lines.length + i);
  const out: string[] = [];
  if (printed === 0 && lines.length > 0) out.push(lines[0]!);
  const firstKept = lines.length > 1 ? numberOf(1) : total;
  const from = Math.max(printed, 1);
  if (firstKept > from) out.push(`... (${firstKept - from} line(s) the daemon no longer keeps)`);
  for (let i = 1; i < lines.length; i++) if (numberOf(i) >= from) out.push(lines[i]!);
  return { lines: out, printed: total };
}

export interface CutoverOverHttpOptions {
  wait: boolean;
  timeoutSeconds: number;
  /** Ctrl-C: stop following (the cutover goes on in the daemon). */
  signal: AbortSignal;
}

export async function cutoverOverHttp(api: DaemonApi, options: CutoverOverHttpOptions): Promise<number> {
  const started = await api.call<{ startedAt: string }>('POST', '/api/v1/cutover', { wait: options.wait, timeoutSeconds: options.timeoutSeconds });
  process.stdout.write(`Cutover started by the daemon on ${api.where} at ${started.startedAt}; following it (a look every ${FOLLOW_INTERVAL_MS / 1000} s)\n`);
  let printed = 0;
  for (;;) {
    const view = await api.call<CutoverRunView>('GET', '/api/v1/cutover');
    if (view.startedAt !== started.startedAt) {
      throw new ApiCallError(`the daemon now shows a cutover started at ${view.startedAt}, not the one started at ${started.startedAt}: GET /api/v1/cutover shows it`, EXIT_FAILURE);
    }
    const fresh = newCutoverLines(view, printed);
    printed = fresh.printed;
    if (fresh.lines.length > 0) process.stdout.write(fresh.lines.join('\n') + '\n');
    if (!view.running && view.result) {
      const result = view.result;
      const lines = formatCutoverResult(result);
      if (lines.length > 0) process.stdout.write(lines.join('\n') + '\n');
      if (!result.ok) process.stderr.write(`cutover: stopped (${result.failedAt}): ${result.reason}\n`);
      return result.ok ? EXIT_OK : EXIT_FAILURE;
    }
    try {
      await sleep(FOLLOW_INTERVAL_MS, undefined, { signal: options.signal });
    } catch {
      process.stderr.write(`cutover: stopped following; the cutover goes on in the daemon on ${api.where} (GET /api/v1/cutover shows it)\n`);
      return EXIT_FAILURE;
    }
  }
}
