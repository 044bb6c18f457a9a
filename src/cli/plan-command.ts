// cluster-sync plan: what the daemon would do now — the DDL statements and the replication jobs —
// executing nothing (both clusters are only read). With --timings, the round's cost as JSON
// instead (plan-timings.ts).
import type { Command } from 'commander';
import { withConfigOptions, loadFromOptions, type ConfigOptions } from './config-options.js';
import { EXIT_CONFIG, EXIT_FAILURE, EXIT_OK } from './exit-codes.js';
import type { FeClient } from '../cluster/fe-client.js';
import { feClientFor } from '../cluster/fe-client-for.js';
import { knownCapabilities } from '../cluster/capability-probes.js';
import { describeCapabilities } from '../cluster/capabilities.js';
import { DEFAULT_PATHS } from './paths.js';
import { readSyncState } from '../daemon/sync-state-file.js';
import { runPlanRound, type PlanRound } from './plan-round.js';
import { planTimingsReport } from './plan-timings.js';
import { fetchTableLayouts, LayoutWait } from '../meta/table-layout.js';
import { tableKey } from '../meta/table-key.js';
import type { ClusterCatalog } from '../meta/catalog-model.js';

const name = (parts: (string | undefined)[]) => parts.filter((p) => p !== undefined).join('.');

/** Source tables whose own scheduler adds and drops partitions: created on the target with it off. */
function dynamicPartitionTables(source: ClusterCatalog): string[] {
  return [...source.databases.values()].flatMap((db) => [...db.tables.values()].flatMap((t) => (t.kind === 'table' && t.dynamicPartition ? [name([t.db, t.name])] : [])));
}

/**
 * The planned jobs whose request cannot be built now (a source tablet without a replica that can
 * serve, be_tablets not showing every tablet): the daemon would let them wait, saying why.
 */
async function waitingJobs(round: PlanRound, source: FeClient, target: FeClient): Promise<string[]> {
  const tables = [...new Map(round.replication.candidates.map((c) => [tableKey(c.db, c.table), { db: c.db, table: c.table }])).values()];
  if (tables.length === 0) return [];
  const [sourceLayouts, targetLayouts] = await Promise.all([fetchTableLayouts(source, tables), fetchTableLayouts(target, tables)]);
  return tables.flatMap((t) => {
    const found = [sourceLayouts.get(tableKey(t.db, t.table)), targetLayouts.get(tableKey(t.db, t.table))];
    return found.flatMap((layout, i) => (layout instanceof LayoutWait ? [`${name([t.db, t.table])}: ${i === 0 ? 'source' : 'target'}: ${layout.reason}`] : []));
  });
}

function planListing(round: PlanRound, waiting: string[], source: FeClient, target: FeClient): string {
  const { ddl, replication } = round;
  const lines: string[] = [];
  for (const client of [source, target]) {
    const caps = knownCapabilities(client);
    if (caps) lines.push(`${client.endpoint.side} cluster: ${describeCapabilities(caps)}`);
  }
  lines.push(`DDL tasks (${ddl.tasks.length}):`);
  for (const task of ddl.tasks) lines.push(`  ${task.kind} ${name([task.db, 'table' in task ? task.table : undefined, 'partition' in task ? task.partition : undefined])}: ${task.reason}`);
  lines.push(`Blocked drops (${ddl.blocked.length}):`);
  for (const item of ddl.blocked) lines.push(`  ${item.wouldBe} ${name([item.db, item.table, item.partition])}: ${item.reason}`);
  lines.push(`Replication jobs (${replication.candidates.length}):`);
  for (const job of replication.candidates) {
    lines.push(`  ${name([job.db, job.table])}: ${job.partitions.length} partition(s) (${job.partitions.join(', ')}), ${(job.dataSize / 2 ** 20).toFixed(1)} MB`);
  }
  lines.push(`Not replicated now (${replication.skipped.length}):`);
  for (const skipped of replication.skipped) lines.push(`  ${name([skipped.db, skipped.table, skipped.partition])}: ${skipped.reason}`);
  lines.push(`Waiting (${waiting.length}):`);
  for (const line of waiting) lines.push(`  ${line}`);
  const dynamic = dynamicPartitionTables(round.source);
  lines.push(`Dynamic-partition tables (${dynamic.length}): created on the target with dynamic_partition.enable = false; their partitions follow the source's (added and dropped as the source's scheduler does)`);
  for (const table of dynamic) lines.push(`  ${table}`);
  const synced = replication.tables.filter((t) => t.synced).length;
  lines.push(`${synced} of ${replication.tables.length} tables in sync`);
  return lines.join('\n') + '\n';
}

export function addPlanCommand(program: Command): void {
  withConfigOptions(
    program
      .command('plan')
      .description('Show what the daemon would do now: the DDL tasks in order (with their reasons), the drops a switch blocks, and the replication jobs. Executes nothing.')
      .option('--timings', "print the round's cost as one JSON object instead: time to read, diff and plan, SQL statements per cluster, catalogue sizes, peak RSS")
      .option('--log-dir <dir>', "the daemon's log directory: its sync-state.json (drops already made, source partitions followed) is taken into account", DEFAULT_PATHS.logDir),
  ).action(async (options: ConfigOptions & { timings?: boolean; logDir: string }) => {
    const loaded = loadFromOptions(options, (line) => process.stderr.write(`${line}\n`));
    if (!loaded) {
      process.exitCode = EXIT_CONFIG;
      return;
    }
    const { config } = loaded;
    // Built as the daemon builds its clients (hosts.properties, failover to another FE), so the
    // round reads exactly what the daemon's does.
    const source = feClientFor(config, 'source', config.settings.meta_job_threads);
    const target = feClientFor(config, 'target', config.settings.meta_job_threads);
    try {
      const round = await runPlanRound(config, source, target, readSyncState(options.logDir));
      process.stdout.write(options.timings ? `${JSON.stringify(planTimingsReport(round))}\n` : planListing(round, await waitingJobs(round, source, target), source, target));
      process.exitCode = EXIT_OK;
    } catch (error) {
      process.stderr.write(`plan: ${(error as Error).message}\n`);
      process.exitCode = EXIT_FAILURE;
    } finally {
      await Promise.all([source.close(), target.close()]);
    }
  });
}
