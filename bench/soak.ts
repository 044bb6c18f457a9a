// Soak: the daemon in continuous mode (as a process) while the source takes a steady load, for
// --soak MINUTES. Every 10 s: the daemon's RSS and open handles (file descriptors), and the lag of
// the newest load (seconds from its commit until the target shows its version). Flat means the
// last third's average is within 15% (RSS) or 10 handles of the first third's after a warm-up
// minute; bounded lag means no sample above 3 replication intervals + 5 s.
//   node --import tsx bench/soak.ts --soak MINUTES
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { startProcessCluster, stopProcessCluster, type ClusterState } from '../dist/storage-sim/cluster/process-cluster.js';
import { alignedVersion } from '../dist/meta/aligned-version.js';
import { partitionFromMeta } from '../dist/meta/partition-rows.js';
import { EVENTS_TABLE_COLUMNS, streamLoad } from './lib/load-data.js';
import { writeResults, type Figure } from './lib/report.js';
import { openHandles, rssMb, startCli, writeSyncConfig } from './lib/daemon-process.js';

const minutes = Number(process.argv[process.argv.indexOf('--soak') + 1] ?? 2) || 2;
const INTERVAL_S = 1;
const SAMPLE_MS = 10_000;
const LOAD_EVERY_MS = 2_000;

/**
 * The partition's version as the daemon compares it: DATA_VERSION where the cluster prints it (a
 * shared-data target's compactions raise only its visible version), else VISIBLE_VERSION. SELECT *
 * because releases before PR #46507 have no DATA_VERSION column to name.
 */
async function partitionVersion(state: ClusterState, partition: string): Promise<number> {
  const conn = await mysql.createConnection({ host: '127.0.0.1', port: state.endpoints.fe.queryPort, user: 'root' });
  try {
    const [rows] = await conn.query("SELECT * FROM information_schema.partitions_meta WHERE DB_NAME = 'soak' AND TABLE_NAME = 'events' AND PARTITION_NAME = ?", [partition]);
    const row = (rows as Record<string, unknown>[])[0];
    return row ? alignedVersion(partitionFromMeta(row).partition) : 0;
  } finally {
    await conn.end();
  }
}

const average = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'bench-soak-'));
  const source = await startProcessCluster({ dir: join(work, 'source'), backends: 3 });
  const target = await startProcessCluster({ dir: join(work, 'target'), backends: 3 });
  let daemon: ReturnType<typeof startCli> | undefined;
  try {
    const conn = await mysql.createConnection({ host: '127.0.0.1', port: source.endpoints.fe.queryPort, user: 'root' });
    await conn.query('CREATE DATABASE soak');
    await conn.query(`CREATE TABLE soak.events ${EVENTS_TABLE_COLUMNS} PROPERTIES ("replication_num" = "3")`);
    await conn.end();
    const conf = writeSyncConfig(work, source, target, INTERVAL_S, { report_interval_seconds: '10' });
    daemon = startCli(['start', '--conf', conf, '--log-dir', join(work, 'log')]);
    const pid = daemon.pid!;
    const samples: { at: number; rssMb: number; handles: number; lagSeconds: number }[] = [];
    const started = Date.now();
    const end = started + minutes * 60_000;
    let loads = 0;
    let lastCommit = { at: started, version: 0, partition: 'h1' };
    const loader = (async () => {
      while (Date.now() < end) {
        const partition = loads % 2 === 0 ? 'h1' : 'h2';
        // 256 KB of rows into one partition (days in the first or the second half of 2024).
        await streamLoad(source.endpoints.fe.httpPort, 'soak', 'events', 256 * 1024, `soak-${loads}`, { months: partition === 'h1' ? 6 : 12, firstId: loads * 1e6 });
        lastCommit = { at: Date.now(), version: await partitionVersion(source, partition), partition };
        loads++;
        await new Promise((resolve) => setTimeout(resolve, LOAD_EVERY_MS));
      }
    })();
    while (Date.now() < end) {
      await new Promise((resolve) => setTimeout(resolve, SAMPLE_MS));
      const commit = lastCommit;
      // Lag of the newest commit: 0 when the target already shows it, else how long it has waited.
      const reached = (await partitionVersion(target, commit.partition)) >= commit.version;
      samples.push({ at: (Date.now() - started) / 1000, rssMb: rssMb(pid), handles: openHandles(pid), lagSeconds: reached ? 0 : (Date.now() - commit.at) / 1000 });
      const s = samples.at(-1)!;
      console.log(`t=${s.at.toFixed(0)}s rss=${s.rssMb.toFixed(0)}MB handles=${s.handles} lag=${s.lagSeconds.toFixed(1)}s loads=${loads}`);
    }
    await loader;
    const steady = samples.filter((s) => s.at >= 60);
    const third = Math.max(1, Math.floor(steady.length / 3));
    const [first, last] = [steady.slice(0, third), steady.slice(-third)];
    const rssGrowth = average(last.map((s) => s.rssMb)) / average(first.map((s) => s.rssMb));
    const handleGrowth = average(last.map((s) => s.handles)) - average(first.map((s) => s.handles));
    const maxLag = Math.max(...samples.map((s) => s.lagSeconds));
    const lagBound = 3 * INTERVAL_S + 5;
    const figures: Figure[] = [
      { figure: `daemon RSS, last third / first third (${minutes} min)`, value: average(last.map((s) => s.rssMb)), unit: 'MB', baseline: average(first.map((s) => s.rssMb)), ratio: rssGrowth, target: '<= 1.15', pass: rssGrowth <= 1.15 },
      { figure: 'daemon open handles, last third - first third', value: handleGrowth, unit: 'fds', target: '<= 10', pass: handleGrowth <= 10 },
      { figure: 'lag of the newest load, worst sample', value: maxLag, unit: 's', baseline: lagBound, ratio: maxLag / lagBound, target: `<= ${lagBound} s`, pass: maxLag <= lagBound },
      { figure: 'loads during the soak', value: loads, unit: 'loads' },
    ];
    writeResults('soak', figures, { minutes, samples });
  } finally {
    if (daemon && daemon.exitCode === null) {
      daemon.kill('SIGTERM');
      await new Promise((resolve) => daemon!.on('close', resolve));
    }
    await stopProcessCluster(join(work, 'source'));
    await stopProcessCluster(join(work, 'target'));
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
