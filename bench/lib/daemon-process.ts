// The daemon measured as what operators run: `node dist/main.js ...` as its own process, its wall
// time, and its peak RSS read from /proc (VmHWM, sampled, so the peak up to the last sample).
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClusterState } from '../../dist/storage-sim/cluster/process-cluster.js';

const root = new URL('../../', import.meta.url).pathname;

export interface DaemonRun {
  code: number | null;
  seconds: number;
  peakRssMb: number;
}

function vmHwmMb(pid: number): number | undefined {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined; // exited between two samples
  }
}

/** Open file descriptors of a process (sockets, files, pipes): the soak's handle count. */
export function openHandles(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

export function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb ?? 0) / 1024;
}

export function startCli(args: string[]): ChildProcess {
  return spawn(process.execPath, ['--enable-source-maps', join(root, 'dist/main.js'), ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
}

/** Runs the CLI to its exit. */
export async function runCliMeasured(args: string[]): Promise<DaemonRun> {
  const started = process.hrtime.bigint();
  const child = startCli(args);
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, vmHwmMb(child.pid!) ?? 0)), 100);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearInterval(timer);
  return { code, seconds: Number(process.hrtime.bigint() - started) / 1e9, peakRssMb: peak };
}

export function peakOf(child: ChildProcess): number {
  return vmHwmMb(child.pid!) ?? 0;
}

/** Writes sync.properties for a daemon between two process clusters, intervals set to `intervalSeconds`. */
export function writeSyncConfig(dir: string, source: ClusterState, target: ClusterState, intervalSeconds: number, extra: Record<string, string> = {}): string {
  const settings: Record<string, string> = {
    source_fe_host: '127.0.0.1',
    source_fe_query_port: String(source.endpoints.fe.queryPort),
    source_cluster_token: source.endpoints.token,
    target_fe_host: '127.0.0.1',
    target_fe_query_port: String(target.endpoints.fe.queryPort),
    meta_job_interval_seconds: String(intervalSeconds),
    ddl_job_interval_seconds: String(intervalSeconds),
    replication_job_interval_seconds: String(intervalSeconds),
    ...extra,
  };
  const conf = join(dir, 'sync.properties');
  writeFileSync(conf, Object.entries(settings).map(([key, value]) => `${key}=${value}`).join('\n') + '\n');
  return conf;
}
