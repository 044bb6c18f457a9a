// cluster-sync sim start|stop|status: runs a reference StarRocks cluster (1 FE + N BEs as separate
// processes) for demos and trials. The engine is loaded only when these commands run: the daemon
// itself never depends on it.
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { EXIT_CONFIG, EXIT_FAILURE, EXIT_OK } from './exit-codes.js';

function port(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new InvalidArgumentError('expected a port number from 0 (any free port) to 65535');
  return n;
}

function count(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 64) throw new InvalidArgumentError('expected a number of backends from 1 to 64');
  return n;
}

interface StartOptions {
  dir: string;
  backends?: number;
  queryPort?: number;
  httpPort?: number;
  rpcPort?: number;
  rootPassword?: string;
  feHost?: string;
  beHosts?: string;
  starrocksVersion?: string;
  sharedData?: boolean;
  objectStore?: string;
}

export function addSimCommand(program: Command): void {
  const sim = program.command('sim').description('Run a reference StarRocks cluster (an FE and BEs as local processes) for demos and trials.');
  sim
    .command('start')
    .description(
      'Start a cluster in --dir, or restart the nodes of the one there that are down (with their data; the live ones keep running); prints its endpoints as one JSON line once it is ready, and on stderr how each node came up.',
    )
    .requiredOption('--dir <dir>', 'the cluster directory (created if missing)')
    .option('--backends <n>', 'number of BEs (default 3, or as many as the directory had)', count)
    .option('--query-port <port>', 'FE MySQL port (default: any free port, or the previous one on restart)', port)
    .option('--http-port <port>', 'FE HTTP port (Stream Load)', port)
    .option('--rpc-port <port>', 'FE Thrift port', port)
    .option('--root-password <password>', "root's password (default: empty)")
    .option('--fe-host <host>', 'host name the FE reports instead of 127.0.0.1')
    .option('--be-hosts <hosts>', 'comma-separated host names the BEs report instead of 127.0.0.1 (e.g. be-0.svc,be-1.svc,be-2.svc)')
    .option(
      '--starrocks-version <version>',
      'the StarRocks release the cluster answers as: 3.1.8, 3.2.3, 3.3, 3.5 or 4.0 (or a full version such as 3.3.9); default: the newest, or on restart the one the cluster had (another one upgrades it)',
    )
    .option('--shared-data', 'run as a shared-data cluster (run_mode = shared_data, compute nodes, storage volumes); needs --object-store. The directory keeps its first run mode: a restart without this option keeps it, another is refused')
    .option('--object-store <endpoint/bucket>', 'shared data: the S3 endpoint and bucket (and optional path) of the builtin storage volume, e.g. 127.0.0.1:9000/starrocks')
    .action(async (options: StartOptions) => {
      if (Boolean(options.sharedData) !== (options.objectStore !== undefined)) {
        process.stderr.write(`sim start: ${options.sharedData ? '--shared-data needs --object-store <endpoint>/<bucket>' : '--object-store is only used with --shared-data'}\n`);
        process.exitCode = EXIT_CONFIG;
        return;
      }
      if (options.starrocksVersion !== undefined) {
        // A bad value is a bad command line: refused before any node starts.
        const { starrocksRelease } = await import('../storage-sim/fe/starrocks-release.js');
        try {
          starrocksRelease(options.starrocksVersion);
        } catch (error) {
          process.stderr.write(`sim start: --starrocks-version: ${(error as Error).message}\n`);
          process.exitCode = EXIT_CONFIG;
          return;
        }
      }
      const { startProcessCluster } = await import('../storage-sim/cluster/process-cluster.js');
      try {
        const state = await startProcessCluster({
          dir: options.dir,
          ...(options.backends !== undefined ? { backends: options.backends } : {}),
          ...(options.queryPort !== undefined ? { queryPort: options.queryPort } : {}),
          ...(options.httpPort !== undefined ? { httpPort: options.httpPort } : {}),
          ...(options.rpcPort !== undefined ? { rpcPort: options.rpcPort } : {}),
          ...(options.rootPassword !== undefined ? { rootPassword: options.rootPassword } : {}),
          ...(options.feHost ? { feAdvertiseHost: options.feHost } : {}),
          ...(options.beHosts ? { beAdvertiseHosts: options.beHosts.split(',').map((h) => h.trim()) } : {}),
          ...(options.starrocksVersion !== undefined ? { starrocksVersion: options.starrocksVersion } : {}),
          ...(options.sharedData ? { runMode: 'shared_data' as const, objectStore: options.objectStore! } : {}),
        }, (line) => process.stderr.write(`sim start: ${line}\n`));
        process.stdout.write(`${JSON.stringify(state.endpoints)}\n`);
        process.exitCode = EXIT_OK;
      } catch (error) {
        process.stderr.write(`sim start: ${(error as Error).message}\n`);
        process.exitCode = EXIT_FAILURE;
      }
    });
  sim
    .command('stop')
    .description('Stop the cluster running in --dir (SIGTERM, then SIGKILL after the grace period); its data stays.')
    .requiredOption('--dir <dir>', 'the cluster directory')
    .action(async (options: { dir: string }) => {
      const { stopProcessCluster } = await import('../storage-sim/cluster/process-cluster.js');
      const result = await stopProcessCluster(options.dir);
      process.stdout.write(`stopped ${result.stopped} node(s)${result.killed > 0 ? `, killed ${result.killed} that did not stop in time` : ''}\n`);
    });
  sim
    .command('status')
    .description('Show whether each node of the cluster in --dir is running.')
    .requiredOption('--dir <dir>', 'the cluster directory')
    .action(async (options: { dir: string }) => {
      const { clusterStatus, readClusterState } = await import('../storage-sim/cluster/process-cluster.js');
      const nodes = clusterStatus(options.dir);
      if (nodes.length === 0) {
        process.stderr.write(`sim status: no cluster was started in ${options.dir}\n`);
        process.exitCode = EXIT_CONFIG;
        return;
      }
      for (const node of nodes) process.stdout.write(`${node.node.padEnd(5)} pid ${node.pid} ${node.alive ? 'running' : 'stopped'}\n`);
      process.stdout.write(`${JSON.stringify(readClusterState(options.dir)!.endpoints)}\n`);
      process.exitCode = nodes.every((n) => n.alive) ? EXIT_OK : EXIT_FAILURE;
    });
}
