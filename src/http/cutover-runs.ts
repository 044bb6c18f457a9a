// POST /api/v1/cutover runs `cluster-sync cutover` inside the daemon, one at a time, in the
// background (the wait can last many minutes); GET /api/v1/cutover shows its lines and outcome.
// Once verified, and before it turns anything back on, the daemon pauses itself: left running it
// would switch off again what cutover re-enables. The pause is kept like any other.
import type { Logger } from 'pino';
import type { RunningConfig } from '../config/running-config.js';
import type { LoopControl } from '../daemon/loop-control.js';
import { runCutover, type CutoverResult } from '../cutover/run-cutover.js';
import { HttpError } from './http-errors.js';

export interface CutoverRequest {
  wait: boolean;
  timeoutSeconds: number;
}

interface Run {
  startedAt: string;
  request: CutoverRequest;
  /** The first line and the latest ones (KEEP_LINES in all). */
  lines: string[];
  /** Lines reported since the start, those dropped from `lines` included: a follower polling the run knows which are new. */
  linesReported: number;
  finishedAt?: string;
  result?: CutoverResult;
}

/** Lines kept per run: a long wait prints a lag line per check. */
const KEEP_LINES = 500;

export function parseCutoverRequest(body: unknown): CutoverRequest {
  const expected = 'no body, or {"wait": true|false, "timeoutSeconds": 1..86400}';
  if (body === undefined) return { wait: true, timeoutSeconds: 1800 };
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError(400, `the body must be a JSON object; expected ${expected}`);
  const { wait = true, timeoutSeconds = 1800, ...rest } = body as Record<string, unknown>;
  if (Object.keys(rest).length > 0) throw new HttpError(400, `unknown field ${Object.keys(rest).map((k) => `"${k}"`).join(', ')}; expected ${expected}`);
  if (typeof wait !== 'boolean') throw new HttpError(400, `"wait" must be true or false; expected ${expected}`);
  if (typeof timeoutSeconds !== 'number' || !Number.isInteger(timeoutSeconds) || timeoutSeconds < 1 || timeoutSeconds > 86_400) {
    throw new HttpError(400, `"timeoutSeconds" must be an integer from 1 to 86400; expected ${expected}`);
  }
  return { wait, timeoutSeconds };
}

export class CutoverRuns {
  private run: Run | undefined;
  private readonly stop = new AbortController();

  constructor(
    private readonly running: RunningConfig,
    private readonly control: LoopControl,
    private readonly logDir: string,
    private readonly log: Logger,
  ) {}

  get isRunning(): boolean {
    return this.run !== undefined && this.run.finishedAt === undefined;
  }

  view() {
    if (!this.run) throw new HttpError(404, 'no cutover has been asked of this daemon; expected POST /api/v1/cutover first');
    return { running: this.isRunning, ...this.run };
  }

  start(request: CutoverRequest) {
    if (this.isRunning) throw new HttpError(409, `a cutover is already running (since ${this.run!.startedAt}); GET /api/v1/cutover follows it`);
    const run: Run = { startedAt: new Date().toISOString(), request, lines: [], linesReported: 0 };
    this.run = run;
    const report = (line: string) => {
      run.lines.push(line);
      run.linesReported++;
      if (run.lines.length > KEEP_LINES) run.lines.splice(1, 1);
    };
    this.log.info(`cutover started through the HTTP API (${request.wait ? `waiting at most ${request.timeoutSeconds} s` : 'checking once'})`);
    void runCutover(
      this.running.current,
      {
        wait: request.wait,
        timeoutMs: request.timeoutSeconds * 1000,
        intervalMs: 5_000,
        logDir: this.logDir,
        signal: this.stop.signal,
        beforeChanges: async () => {
          const answer = await this.control.submit({ kind: 'pause', scope: { kind: 'all' } });
          report(answer.ok ? 'the daemon is paused, so that it does not switch off again what cutover turns on' : `pausing the daemon failed: ${answer.message}`);
        },
      },
      report,
    )
      .catch((error: Error): CutoverResult => ({ ok: false, failedAt: 'connect', reason: error.message, changes: [], alreadyOn: [], manualSteps: [] }))
      .then((result) => {
        run.result = result;
        run.finishedAt = new Date().toISOString();
        if (result.ok) this.log.info('cutover through the HTTP API: verified, and the target set back; the daemon stays paused');
        else this.log.warn(`cutover through the HTTP API stopped at ${result.failedAt}: ${result.reason}`);
      });
    return { started: true, startedAt: run.startedAt };
  }

  /** The daemon is stopping: a wait in progress ends and reports where it stood. */
  close(): void {
    this.stop.abort();
  }
}
