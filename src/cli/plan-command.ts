// cluster-sync plan: what the daemon would do now — the DDL statements and the replication jobs —
// executing nothing (both clusters are only read). With --timings, the round's cost as JSON
// instead (plan-timings.ts).
import type { Command } from 'commander';
import { withConfigOptions, loadFromOptions, type ConfigOptions } from './config-options.js';
import { EXIT_CONFIG, EXIT_FAILURE, EXIT_OK } from './exit-codes.js';
import { FeClient } from '../cluster/fe-client.js';
import { feEndpoint } from '../cluster/fe-endpoint.js';
import type { DdlPlan } from '../ddl/ddl-plan.js';
import type { ReplicationPlan } from '../replication/candidate.js';
import { runPlanRound } from './plan-round.js';
import { planTimingsReport } from './plan-timings.js';

const name = (parts: (string | undefined)[]) => parts.filter((p) => p !== undefined).join('.');

function planListing(ddl: DdlPlan, replication: ReplicationPlan): string {
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
  return lines.join('\n') + '\n';
}

export function addPlanCommand(program: Command): void {
  withConfigOptions(
    program
      .command('plan')
      .description('Show what the daemon would do now: the DDL tasks in order (with their reasons), the drops a switch blocks, and the replication jobs. Executes nothing.')
      .option('--timings', "print the round's cost as one JSON object instead: time to read, diff and plan, SQL statements per cluster, catalogue sizes, peak RSS"),
  ).action(async (options: ConfigOptions & { timings?: boolean }) => {
    const loaded = loadFromOptions(options, (line) => process.stderr.write(`${line}\n`));
    if (!loaded) {
      process.exitCode = EXIT_CONFIG;
      return;
    }
    const { config } = loaded;
    const source = new FeClient(feEndpoint(config, 'source'), config.settings.meta_job_threads);
    const target = new FeClient(feEndpoint(config, 'target'), config.settings.meta_job_threads);
    try {
      const round = await runPlanRound(config, source, target);
      process.stdout.write(options.timings ? `${JSON.stringify(planTimingsReport(round))}\n` : planListing(round.ddl, round.replication));
      process.exitCode = EXIT_OK;
    } catch (error) {
      process.stderr.write(`plan: ${(error as Error).message}\n`);
      process.exitCode = EXIT_FAILURE;
    } finally {
      await Promise.all([source.close(), target.close()]);
    }
  });
}
