// cluster-sync status: where a running daemon stands, from the status file it rewrites every round.
import type { Command } from 'commander';
import { DEFAULT_PATHS } from './paths.js';
import { EXIT_FAILURE, EXIT_OK } from './exit-codes.js';
import { describeStatus, readStatusFile, STATUS_FILE } from '../daemon/status-file.js';

export function addStatusCommand(program: Command): void {
  program
    .command('status')
    .description('Show where the daemon stands: connections, progress, replication window, blocked drops, tables whose replication keeps failing and why, recent errors. Exits 1 when no daemon is running.')
    .option('--log-dir <dir>', 'the daemon\'s log directory (where status.json is)', DEFAULT_PATHS.logDir)
    .action((options: { logDir: string }) => {
      const status = readStatusFile(options.logDir);
      if (!status) {
        process.stderr.write(`status: no ${STATUS_FILE} in ${options.logDir}: the daemon has not completed a round there\n`);
        process.exitCode = EXIT_FAILURE;
        return;
      }
      const described = describeStatus(status, new Date());
      process.stdout.write(described.text + '\n');
      process.exitCode = described.running ? EXIT_OK : EXIT_FAILURE;
    });
}
