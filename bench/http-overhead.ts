// What the HTTP API and the metrics cost a running daemon: a continuous sync at 10,000 partitions
// per cluster (the metadata benchmark's catalogue: 200 tables of 50 partitions, synced first by a
// one-time run; then a meta round every 10 s and a load every 5 s into one table, so rounds and
// jobs keep coming), the daemon as its own process. The same daemon configuration runs with the
// API off and with it on while a client reads it as the status page does (status, tables, jobs and
// history every 5 s) and Prometheus scrapes /metrics every 15 s. Measured: the daemon process's
// CPU time over the same window (utime + stime from /proc), in alternating phases off, on, on, off
// (ABBA: a drift of the machine weighs on both alike). Figures: CPU use of one core with the API on
// and off (the baseline), their difference in percentage points. Target: <= 2 points.
//   node --import tsx bench/http-overhead.ts [--partitions 10000] [--window 60]
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import mysql from 'mysql2/promise';
import { startProcessCluster, stopProcessCluster } from '../dist/storage-sim/cluster/process-cluster.js';
import { growCatalog } from './lib/metadata-catalog.js';
import { runCliMeasured, startCli, writeSyncConfig } from './lib/daemon-process.js';
import { writeResults, type Figure } from './lib/report.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1]! : fallback;
}
const partitions = Number(arg('--partitions', '10000'));
const windowSeconds = Number(arg('--window', '60'));
const PER_TABLE = 50;
const HEAP_MB = 1024;
const TARGET_POINTS = 2;
const TOKEN = 'bench-http-token-7c1e9a3b5d';
/** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ, 100 on Linux). */
const TICKS = 100;

function cpuSeconds(pid: number): number {
  // Fields after the command name (which may hold spaces, inside parentheses): utime is the 14th field, stime the 15th.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Until the daemon has written its status after a first meta round. */
async function warmedUp(logDir: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    try {
      if (JSON.parse(readFileSync(join(logDir, 'status.json'), 'utf8')).round >= 1) return;
    } catch {
      // not written yet
    }
    await sleep(250);
  }
  throw new Error(`the daemon wrote no status in ${logDir} within two minutes`);
}

/** Reads the API as the status page and Prometheus do, until stopped; counts the requests answered. */
function poll(port: number, stop: AbortSignal): Promise<number> {
  const headers = { Authorization: `Bearer ${TOKEN}` };
  const get = (path: string) => fetch(`http://127.0.0.1:${port}${path}`, { headers }).then((r) => r.text().then(() => r.status === 200));
  let answered = 0;
  const every = async (ms: number, paths: string[]) => {
    while (!stop.aborted) {
      const results = await Promise.all(paths.map((p) => get(p).catch(() => false)));
      answered += results.filter(Boolean).length;
      await sleep(ms);
    }
  };
  return Promise.all([every(5_000, ['/api/v1/status', '/api/v1/tables', '/api/v1/jobs', '/api/v1/history']), every(15_000, ['/metrics'])]).then(() => answered);
}

interface Phase {
  api: boolean;
  cpuSeconds: number;
  requests: number;
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'bench-http-overhead-'));
  const clusterOptions = { backends: 1, feHeapMb: HEAP_MB, beHeapMb: HEAP_MB };
  try {
    const [source, target] = await Promise.all([
      startProcessCluster({ dir: join(work, 'source'), ...clusterOptions }),
      startProcessCluster({ dir: join(work, 'target'), ...clusterOptions }),
    ]);
    const tables = Math.ceil(partitions / PER_TABLE);
    await Promise.all([
      growCatalog({ port: source.endpoints.fe.queryPort, from: 0, to: tables, perTable: PER_TABLE, load: true }),
      growCatalog({ port: target.endpoints.fe.queryPort, from: 0, to: tables, perTable: PER_TABLE, load: false }),
    ]);
    const port = await freePort();
    writeFileSync(join(work, 'no-hosts'), '');
    const offConf = writeSyncConfig(join(work), source, target, 10, { report_interval_seconds: '60' });
    mkdirSync(join(work, 'on'), { recursive: true });
    const onConf = writeSyncConfig(join(work, 'on'), source, target, 10, { report_interval_seconds: '60', http_port: String(port), http_token: TOKEN });
    const once = await runCliMeasured(['start', '--once', '--conf', offConf, '--hosts', join(work, 'no-hosts'), '--log-dir', join(work, 'log-once')]);
    if (once.code !== 0) throw new Error(`the one-time sync before the phases failed (exit ${once.code})`);
    console.log(`${partitions.toLocaleString('en-US')} partitions synced in ${once.seconds.toFixed(1)} s; phases of ${windowSeconds} s, API off, on, on, off`);

    const loader = await mysql.createConnection({ host: '127.0.0.1', port: source.endpoints.fe.queryPort, user: 'root' });
    const phases: Phase[] = [];
    let row = 1_000_000;
    for (const [i, api] of [false, true, true, false].entries()) {
      const logDir = join(work, `log-${i}`);
      const daemon = startCli(['start', '--conf', api ? onConf : offConf, '--hosts', join(work, 'no-hosts'), '--log-dir', logDir]);
      const exited = new Promise((resolve) => daemon.on('close', resolve));
      await warmedUp(logDir);
      const stop = new AbortController();
      const polling = api ? poll(port, stop.signal) : Promise.resolve(0);
      const loads = (async () => {
        while (!stop.signal.aborted) {
          await loader.query(`INSERT INTO meta_000.t00000 VALUES (${row++}, '2024-01-01', 0, 1.00, 'load')`);
          await sleep(5_000);
        }
      })();
      const before = cpuSeconds(daemon.pid!);
      await sleep(windowSeconds * 1000);
      const used = cpuSeconds(daemon.pid!) - before;
      stop.abort();
      const requests = await polling;
      await loads;
      daemon.kill('SIGTERM');
      await exited;
      phases.push({ api, cpuSeconds: used, requests });
      console.log(`phase ${i + 1}: API ${api ? 'on ' : 'off'}: daemon CPU ${used.toFixed(2)} s in ${windowSeconds} s (${((used / windowSeconds) * 100).toFixed(2)}% of a core)${api ? `, ${requests} requests answered` : ''}`);
    }
    await loader.end();

    const share = (api: boolean) => (phases.filter((p) => p.api === api).reduce((sum, p) => sum + p.cpuSeconds, 0) / (2 * windowSeconds)) * 100;
    const on = share(true);
    const off = share(false);
    const figures: Figure[] = [
      { figure: `daemon CPU, API on and read every 5 s, metrics scraped every 15 s (${partitions.toLocaleString('en-US')} partitions)`, value: on, unit: '% of a core', baseline: off, ratio: on / off },
      { figure: 'daemon CPU, API off (baseline)', value: off, unit: '% of a core' },
      { figure: 'CPU added by the HTTP API and metrics', value: on - off, unit: 'points', target: `<= ${TARGET_POINTS} points`, pass: on - off <= TARGET_POINTS },
      { figure: 'API requests answered while measured', value: phases.reduce((sum, p) => sum + p.requests, 0), unit: '' },
    ];
    writeResults('http-overhead', figures, { partitions, windowSeconds, phases });
  } finally {
    await Promise.all([stopProcessCluster(join(work, 'source')), stopProcessCluster(join(work, 'target'))]).catch(() => undefined);
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
