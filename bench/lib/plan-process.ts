// One meta + diff + plan round of the daemon as its own process: `cluster-sync plan --timings`
// (dist/main.js), its wall time from spawn to exit, its peak RSS sampled from /proc (VmHWM) while
// it runs, and the JSON it prints (its own timings, SQL statements, and ru_maxrss).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { peakRssMb } from './report.js';

const root = new URL('../../', import.meta.url).pathname;

/** What `plan --timings` prints (src/cli/plan-timings.ts). */
export interface PlanTimings {
  timings: { metaMs: number; decideMs: number; roundMs: number };
  sqlStatements: { source: number; target: number; total: number };
  catalogs: Record<'source' | 'target', { databases: number; tables: number; partitions: number }>;
  ddlTasks: number;
  replicationJobs: number;
  laggingPartitions: number;
  skipped: number;
  tables: number;
  cpuMs: number;
  maxRssMb: number;
}

export interface PlanProcessRun {
  report: PlanTimings;
  wallSeconds: number;
  /** The larger of the sampled VmHWM and the process's own ru_maxrss. */
  peakRssMb: number;
}

export async function runPlanProcess(conf: string): Promise<PlanProcessRun> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [join(root, 'dist/main.js'), 'plan', '--timings', '--conf', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let sampled = 0;
  const sample = () => {
    try {
      sampled = Math.max(sampled, peakRssMb(child.pid!));
    } catch {
      // exited between two samples: its own ru_maxrss covers the end
    }
  };
  const timer = setInterval(sample, 20);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearInterval(timer);
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (code !== 0) throw new Error(`cluster-sync plan --timings exited ${code}: ${stderr.trim()}`);
  const report = JSON.parse(stdout) as PlanTimings;
  return { report, wallSeconds, peakRssMb: Math.max(sampled, report.maxRssMb) };
}
