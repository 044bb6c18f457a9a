// cluster-sync check: the preflight of seed 003's preparation, as a PASS/FAIL table.
import type { Command } from 'commander';
import { withConfigOptions, loadFromOptions, type ConfigOptions } from './config-options.js';
import { EXIT_CONFIG, EXIT_FAILURE, EXIT_OK } from './exit-codes.js';
import { gatherFacts } from '../check/gather-facts.js';
import { evaluatePreflight, formatCheckTable } from '../check/preflight-rules.js';

export function addCheckCommand(program: Command): void {
  withConfigOptions(
    program
      .command('check')
      .description(
        'Check both clusters are ready for a migration: reachable and logged in, target version, ' +
          'enable_legacy_compatibility_for_replication, lake_compaction_max_tasks (shared-data targets), ' +
          'enable_filter_unused_columns_in_scan_stage, target disk use, the source token, and the source BEs reachable after hosts.properties. Exits 1 on any FAIL.',
      ),
  ).action(async (options: ConfigOptions) => {
    const loaded = loadFromOptions(options, (line) => process.stderr.write(`${line}\n`));
    if (!loaded) {
      process.exitCode = EXIT_CONFIG;
      return;
    }
    const results = evaluatePreflight(await gatherFacts(loaded.config));
    process.stdout.write(formatCheckTable(results) + '\n');
    process.exitCode = results.every((r) => r.pass) ? EXIT_OK : EXIT_FAILURE;
  });
}
