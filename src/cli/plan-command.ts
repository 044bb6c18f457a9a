// cluster-sync plan: what the daemon would do now — the DDL statements and the replication jobs —
// executing nothing (both clusters are only read).
import type { Command } from 'commander';
import { withConfigOptions, loadFromOptions, type ConfigOptions } from './config-options.js';
import { EXIT_CONFIG, EXIT_FAILURE, EXIT_OK } from './exit-codes.js';
import { FeClient } from '../cluster/fe-client.js';
import { feEndpoint } from '../cluster/fe-endpoint.js';
import { isDatabaseSelected, isTableSelected } from '../config/data-rules.js';
import { fetchCatalog } from '../meta/fetch-catalog.js';
import { diffCatalogs } from '../ddl/diff-catalogs.js';
import { planReplication } from '../replication/plan.js';

const name = (parts: (string | undefined)[]) => parts.filter((p) => p !== undefined).join('.');

export function addPlanCommand(program: Command): void {
  withConfigOptions(
    program
      .command('plan')
      .description('Show what the daemon would do now: the DDL tasks in order (with their reasons), the drops a switch blocks, and the replication jobs. Executes nothing.'),
  ).action(async (options: ConfigOptions) => {
    const loaded = loadFromOptions(options, (line) => process.stderr.write(`${line}\n`));
    if (!loaded) {
      process.exitCode = EXIT_CONFIG;
      return;
    }
    const { config } = loaded;
    const source = new FeClient(feEndpoint(config, 'source'), config.settings.meta_job_threads);
    const target = new FeClient(feEndpoint(config, 'target'), config.settings.meta_job_threads);
    try {
      const selectDb = (db: string) => isDatabaseSelected(config.dataRules, db);
      const [src, dst] = await Promise.all([fetchCatalog(source, 'source', selectDb), fetchCatalog(target, 'target', () => true)]);
      const ddl = diffCatalogs(src, dst, { rules: config.dataRules, settings: config.settings });
      const replication = planReplication(src, dst, {
        selected: (db, table) => isTableSelected(config.dataRules, db, table),
        maxDataSizePerJobGb: config.settings.max_replication_data_size_per_job_in_gb,
      });
      const lines = [`DDL tasks (${ddl.tasks.length}):`];
      for (const task of ddl.tasks) lines.push(`  ${task.kind} ${name([task.db, 'table' in task ? task.table : undefined, 'partition' in task ? task.partition : undefined])}: ${task.reason}`);
      lines.push(`Blocked drops (${ddl.blocked.length}):`);
      for (const item of ddl.blocked) lines.push(`  ${item.wouldBe} ${name([item.db, item.table, item.partition])}: ${item.reason}`);
      lines.push(`Replication jobs (${replication.candidates.length}):`);
      for (const job of replication.candidates) {
        lines.push(`  ${name([job.db, job.table])}: ${job.partitions.length} partition(s) (${job.partitions.join(', ')}), ${(job.dataSize / 2 ** 20).toFixed(1)} MB`);
      }
      lines.push(`Not replicated now (${replication.skipped.length}):`);
      for (const skipped of replication.skipped) lines.push(`  ${name([skipped.db, skipped.table, skipped.partition])}: ${skipped.reason}`);
      const synced = replication.tables.filter((t) => t.synced).length;
      lines.push(`${synced} of ${replication.tables.length} tables in sync`);
      process.stdout.write(lines.join('\n') + '\n');
      process.exitCode = EXIT_OK;
    } catch (error) {
      process.stderr.write(`plan: ${(error as Error).message}\n`);
      process.exitCode = EXIT_FAILURE;
    } finally {
      await Promise.all([source.close(), target.close()]);
    }
  });
}
