// cluster-sync cutover: waits until the running daemon has brought the target in sync, verifies,
// turns back on what the migration turned off on the target, and prints the state reached and what
// is left to do by hand. Exits 0 only when all of that was done (src/cutover/run-cutover.ts).
// With --http the running daemon runs it, and the command follows it (cutover-over-http.ts).
import type { Command } from 'commander';
import { withConfigOptions, loadFromOptions, type ConfigOptions } from './config-options.js';
import { EXIT_CONFIG, EXIT_FAILURE, EXIT_OK } from './exit-codes.js';
import { DEFAULT_PATHS } from './paths.js';
import { runCutover } from '../cutover/run-cutover.js';
import { formatCutoverResult } from '../cutover/cutover-report.js';
import { withDaemonApi } from './api-command.js';
import { cutoverOverHttp } from './cutover-over-http.js';

export const DEFAULT_TIMEOUT_SECONDS = 1800;
export const DEFAULT_INTERVAL_SECONDS = 5;

interface CutoverCommandOptions extends ConfigOptions {
  wait: boolean;
  timeout: string;
  interval: string;
  logDir: string;
  http?: boolean;
}

/** The longest wait the API takes (src/http/cutover-runs.ts parseCutoverRequest). */
const HTTP_MAX_TIMEOUT_SECONDS = 86_400;

/** A whole number of seconds from an option, or a message naming the option, the value and what was expected. */
function seconds(option: string, value: string, min: number): number | string {
  if (!/^\d+$/.test(value) || Number(value) < min) return `${option}: expected a whole number of seconds, at least ${min}, got '${value}'`;
  return Number(value);
}

export function addCutoverCommand(program: Command): void {
  withConfigOptions(
    program
      .command('cutover')
      .description(
        'Move the application to the target: wait until the running daemon has the target in sync (printing the lag), verify, turn dynamic partitioning back on where the source has it, and print the state reached and what is left to do by hand. Exits 0 only when verified and re-enabled.',
      )
      .option('--timeout <seconds>', 'how long to wait for the target to be in sync before giving up', String(DEFAULT_TIMEOUT_SECONDS))
      .option('--interval <seconds>', 'how often to check (and print the lag) while waiting', String(DEFAULT_INTERVAL_SECONDS))
      .option('--no-wait', 'check once: go on if the target is in sync, else stop with the lag')
      .option('--log-dir <dir>', "the daemon's log directory (its sync-state.json and status.json)", DEFAULT_PATHS.logDir)
      .option(
        '--http',
        `have the running daemon run the cutover through its HTTP API (http_bind, http_port and http_token of --conf) and follow it; it pauses itself once verified. --timeout 1 to ${HTTP_MAX_TIMEOUT_SECONDS}; the daemon checks every 5 s (no --interval); --log-dir is the daemon's own`,
      ),
  ).action(async (options: CutoverCommandOptions, command: Command) => {
    const timeout = options.http ? seconds('--timeout', options.timeout, 1) : seconds('--timeout', options.timeout, 0);
    const interval = seconds('--interval', options.interval, 1);
    const problems = [timeout, interval].filter((x): x is string => typeof x === 'string');
    if (options.http && typeof timeout === 'number' && timeout > HTTP_MAX_TIMEOUT_SECONDS) problems.push(`--timeout: with --http, at most ${HTTP_MAX_TIMEOUT_SECONDS} seconds (the daemon's limit), got '${options.timeout}'`);
    if (options.http && command.getOptionValueSource('interval') === 'cli') problems.push('--interval: not with --http; the daemon checks every 5 s');
    if (problems.length > 0) {
      for (const problem of problems) process.stderr.write(`cutover: ${problem}\n`);
      process.exitCode = EXIT_CONFIG;
      return;
    }
    if (options.http) return cutoverThroughDaemon(options, timeout as number);
    const loaded = loadFromOptions(options, (line) => process.stderr.write(`${line}\n`));
    if (!loaded) {
      process.exitCode = EXIT_CONFIG;
      return;
    }
    const stop = new AbortController();
    const onSignal = () => stop.abort();
    process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
    try {
      const result = await runCutover(
        loaded.config,
        { wait: options.wait, timeoutMs: (timeout as number) * 1000, intervalMs: (interval as number) * 1000, logDir: options.logDir, signal: stop.signal },
        (line) => process.stdout.write(`${line}\n`),
      );
      const lines = formatCutoverResult(result);
      if (lines.length > 0) process.stdout.write(lines.join('\n') + '\n');
      if (!result.ok) process.stderr.write(`cutover: stopped (${result.failedAt}): ${result.reason}\n`);
      process.exitCode = result.ok ? EXIT_OK : EXIT_FAILURE;
    } catch (error) {
      process.stderr.write(`cutover: ${(error as Error).message}\n`);
      process.exitCode = EXIT_FAILURE;
    } finally {
      process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    }
  });
}

/** --http: the daemon runs the cutover; Ctrl-C stops following it, not the cutover. */
async function cutoverThroughDaemon(options: CutoverCommandOptions, timeoutSeconds: number): Promise<void> {
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  try {
    await withDaemonApi('cutover', options, (api) => cutoverOverHttp(api, { wait: options.wait, timeoutSeconds, signal: stop.signal }));
  } finally {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
  }
}
