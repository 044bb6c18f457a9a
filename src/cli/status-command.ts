// cluster-sync status: where a running daemon stands, from the status file it rewrites every round,
// or with --http from its HTTP API (which adds the phase, lag, throughput and ETA).
import type { Command } from 'commander';
import { DEFAULT_PATHS } from './paths.js';
import { EXIT_FAILURE, EXIT_OK } from './exit-codes.js';
import { withConfigOptions, type ConfigOptions } from './config-options.js';
import { withDaemonApi } from './api-command.js';
import { describeApiStatus, type ApiStartingStatus, type ApiStatus } from './describe-api-status.js';
import { describeStatus, readStatusFile, STATUS_FILE } from '../daemon/status-file.js';

interface StatusOptions extends ConfigOptions {
  logDir: string;
  http?: boolean;
}

function statusFromFile(logDir: string): void {
  const status = readStatusFile(logDir);
  if (!status) {
    process.stderr.write(`status: no ${STATUS_FILE} in ${logDir}: the daemon has not completed a round there\n`);
    process.exitCode = EXIT_FAILURE;
    return;
  }
  const described = describeStatus(status, new Date());
  process.stdout.write(described.text + '\n');
  process.exitCode = described.running ? EXIT_OK : EXIT_FAILURE;
}

export function addStatusCommand(program: Command): void {
  withConfigOptions(
    program
      .command('status')
      .description(
        'Show where the daemon stands: connections, progress, replication window, blocked drops, tables whose replication keeps failing and why, recent errors. ' +
          'With --http, asks the running daemon through its HTTP API and adds the phase, lag, throughput, ETA of the initial copy and what is paused. Exits 1 when no daemon is running.',
      )
      .option('--log-dir <dir>', "the daemon's log directory (where status.json is)", DEFAULT_PATHS.logDir)
      .option('--http', 'ask the running daemon through its HTTP API (http_bind, http_port and http_token of --conf) instead of reading status.json'),
  ).action((options: StatusOptions) => {
    if (!options.http) return statusFromFile(options.logDir);
    return withDaemonApi('status', options, async (api) => {
      const status = await api.call<ApiStatus | ApiStartingStatus>('GET', '/api/v1/status');
      process.stdout.write(describeApiStatus(status, api.where) + '\n');
      return EXIT_OK;
    });
  });
}
