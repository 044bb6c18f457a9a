// cluster-sync verify: where the target stands against the source, table by table and partition
// by partition; exits 1 on any difference.
import type { Command } from 'commander';
import { withConfigOptions, loadFromOptions, type ConfigOptions } from './config-options.js';
import { EXIT_CONFIG, EXIT_FAILURE, EXIT_OK } from './exit-codes.js';
import { formatVerifyReport, verify } from '../verify/verify.js';

export function addVerifyCommand(program: Command): void {
  withConfigOptions(
    program
      .command('verify')
      .description(
        'Compare every selected table of the source with the target: partitions, visible versions and epochs, row counts, SELECT COUNT(*), views and materialized view definitions. Reads only. Exits 1 on any difference.',
      ),
  ).action(async (options: ConfigOptions) => {
    const loaded = loadFromOptions(options, (line) => process.stderr.write(`${line}\n`));
    if (!loaded) {
      process.exitCode = EXIT_CONFIG;
      return;
    }
    try {
      const report = await verify(loaded.config);
      process.stdout.write(formatVerifyReport(report) + '\n');
      process.exitCode = report.differences.length === 0 ? EXIT_OK : EXIT_FAILURE;
    } catch (error) {
      process.stderr.write(`verify: ${(error as Error).message}\n`);
      process.exitCode = EXIT_FAILURE;
    }
  });
}
