// End-to-end sync with the daemon as a process, between two reference clusters as processes
// (3 BEs each, 3 replicas): a full one-time sync of many tables, then an incremental sync by a
// continuous daemon. Figures, each beside a baseline from the same run:
// - full sync: bytes the target stores / wall time from `cluster-sync start --once` to exit 0,
//   against a raw copy (read + write + fsync) of the source's data files. Target >= 60%, judged
//   when at least 1 GiB is on the source's disks. Beside it, for context, the same files copied
//   over loopback TCP between two processes.
// - incremental: after loading 1% more into 10% of the partitions, bytes the target BEs downloaded
//   / bytes of the new rowsets (target <= 1.05), and seconds from the last source commit to the
//   target showing its version (target <= 2 replication intervals + transfer time at the full
//   sync's rate).
// Compaction is off on both clusters so the new rowsets are exactly what the loads wrote.
//   node --import tsx bench/full-sync.ts [--gib N] [--tables N] [--buckets N] [--speed KBPS] [--threads N] [--keep]   (--keep: leave clusters' data and logs)
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import pLimit from 'p-limit';
import { startProcessCluster, stopProcessCluster, type ClusterState } from '../dist/storage-sim/cluster/process-cluster.js';
import { alignedVersion } from '../dist/meta/aligned-version.js';
import { partitionFromMeta } from '../dist/meta/partition-rows.js';
import { streamLoad } from './lib/load-data.js';
import { writeResults, type Figure } from './lib/report.js';
import { rawCopy, rowsetFiles, totalBytes } from './lib/data-files.js';
import { tcpCopy } from './lib/tcp-copy.js';
import { peakOf, runCliMeasured, startCli, writeSyncConfig } from './lib/daemon-process.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const gib = arg('--gib', 0.35);
const tableCount = arg('--tables', 50);
/** Buckets per partition (2 partitions per table, 3 replicas): with the data size, what sets the size of each replica's files. */
const buckets = arg('--buckets', 3);
/** max_download_speed_kbps on the target BEs: 0 (no limit) unless given, as in bench/replication.ts. */
const speed = arg('--speed', 0);
/** replication_threads on the target BEs (StarRocks' default 0: 4 x CPU cores). */
const threads = arg('--threads', 0);
const INTERVAL_S = 1;
const MB = 2 ** 20;

const COLUMNS = `(id BIGINT NOT NULL, day DATE NOT NULL, shop INT, amount DECIMAL(12, 2), user VARCHAR(32), channel VARCHAR(8), note VARCHAR(64), seq BIGINT)
  DUPLICATE KEY(id) PARTITION BY RANGE(day) (PARTITION h1 VALUES LESS THAN ('2024-07-01'), PARTITION h2 VALUES LESS THAN ('2025-01-01'))
  DISTRIBUTED BY HASH(id) BUCKETS ${buckets} PROPERTIES ("replication_num" = "3")`;
const tableName = (i: number) => `t${String(i).padStart(3, '0')}`;

async function sql(state: ClusterState, statements: string[]): Promise<Record<string, unknown>[]> {
  const conn = await mysql.createConnection({ host: '127.0.0.1', port: state.endpoints.fe.queryPort, user: 'root', supportBigNumbers: true, bigNumberStrings: true });
  try {
    let last: unknown = [];
    for (const statement of statements) [last] = await conn.query(statement);
    return last as Record<string, unknown>[];
  } finally {
    await conn.end();
  }
}

/**
 * Version per table.partition of the database shop, as the daemon compares it: DATA_VERSION where
 * the cluster prints it (a shared-data target's compactions raise only its visible version), else
 * VISIBLE_VERSION. SELECT *: releases before PR #46507 have no DATA_VERSION column to name.
 */
async function versions(state: ClusterState): Promise<Map<string, number>> {
  const rows = await sql(state, ["SELECT * FROM information_schema.partitions_meta WHERE DB_NAME = 'shop'"]);
  return new Map(rows.map((r) => [`${String(r.TABLE_NAME)}.${String(r.PARTITION_NAME)}`, alignedVersion(partitionFromMeta(r).partition)]));
}

/** Bytes the target BEs downloaded for replication since they started (their status report). */
async function downloadedBytes(state: ClusterState): Promise<number> {
  let sum = 0;
  for (const be of state.endpoints.backends) {
    const res = await fetch(`http://127.0.0.1:${be.bePort}/api/internal/status`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    sum += Number(((await res.json()) as { replicationDownloadedBytes?: number }).replicationDownloadedBytes ?? 0);
  }
  return sum;
}

async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs: number, everyMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'bench-full-sync-'));
  const sourceDir = join(work, 'source');
  const targetDir = join(work, 'target');
  const source = await startProcessCluster({ dir: sourceDir, backends: 3 });
  const target = await startProcessCluster({ dir: targetDir, backends: 3 });
  let daemon: ReturnType<typeof startCli> | undefined;
  try {
    const noCompaction = 'ADMIN SET FRONTEND CONFIG ("lake_compaction_max_tasks" = "0")';
    await sql(source, [noCompaction, 'CREATE DATABASE shop', ...Array.from({ length: tableCount }, (_, i) => `CREATE TABLE shop.${tableName(i)} ${COLUMNS}`)]);
    await sql(target, [
      noCompaction,
      'ADMIN SET FRONTEND CONFIG("enable_legacy_compatibility_for_replication"="true")',
      'SET GLOBAL enable_filter_unused_columns_in_scan_stage=false',
      `UPDATE information_schema.be_configs SET value = '${speed}' WHERE name = 'max_download_speed_kbps'`,
      `UPDATE information_schema.be_configs SET value = '${threads}' WHERE name = 'replication_threads'`,
    ]);
    const perTable = Math.round((gib * 2 ** 30) / tableCount);
    const loadStarted = Date.now();
    const limit = pLimit(4);
    await Promise.all(Array.from({ length: tableCount }, (_, i) => limit(() => streamLoad(source.endpoints.fe.httpPort, 'shop', tableName(i), perTable, `full-${i}`))));
    const loadSeconds = (Date.now() - loadStarted) / 1000;
    const sourceFiles = rowsetFiles(sourceDir);
    const sourceBytes = totalBytes(sourceFiles);
    console.log(`loaded ${tableCount} tables, ${(sourceBytes / MB).toFixed(0)} MB on the source's disks, in ${loadSeconds.toFixed(0)} s`);

    // Full sync: one-time mode, as a process.
    const conf = writeSyncConfig(work, source, target, INTERVAL_S, { ddl_job_batch_size: '100', replication_job_batch_size: '50', report_interval_seconds: '5' });
    const full = await runCliMeasured(['start', '--once', '--conf', conf, '--log-dir', join(work, 'log-full')]);
    if (full.code !== 0) throw new Error(`the one-time sync exited ${full.code}; see ${join(work, 'log-full')}`);
    const verify = await runCliMeasured(['verify', '--conf', conf]);
    if (verify.code !== 0) throw new Error(`verify exited ${verify.code} after the full sync`);
    const targetBytes = totalBytes(rowsetFiles(targetDir));
    const fullRate = targetBytes / MB / full.seconds;
    const raw = await rawCopy(sourceFiles);
    const rawRate = raw.bytes / MB / raw.seconds;
    const tcp = await tcpCopy(sourceFiles);
    const tcpRate = tcp.bytes / MB / tcp.seconds;
    console.log(`full sync: ${(targetBytes / MB).toFixed(0)} MB in ${full.seconds.toFixed(1)} s; raw copy ${rawRate.toFixed(0)} MB/s; loopback TCP copy ${tcpRate.toFixed(0)} MB/s`);

    // Incremental: a continuous daemon, idle once it has caught up.
    const logDir = join(work, 'log-continuous');
    daemon = startCli(['start', '--conf', conf, '--log-dir', logDir]);
    const status = () => (existsSync(join(logDir, 'status.json')) ? (JSON.parse(readFileSync(join(logDir, 'status.json'), 'utf8')) as { round: number; jobs: Record<"pending" | "sent" | "running", number>; ddl: { pending: number } }) : undefined);
    await waitFor('the continuous daemon is idle', () => {
      const s = status();
      return s !== undefined && s.round >= 3 && s.ddl.pending === 0 && s.jobs.pending + s.jobs.sent + s.jobs.running === 0;
    }, 120_000);
    const downloadedBefore = await downloadedBytes(target);
    const sourceBytesBefore = totalBytes(rowsetFiles(sourceDir));
    const partitions = Math.max(1, Math.round(tableCount * 2 * 0.1));
    const perPartition = Math.max(64 * 1024, Math.round((0.01 * gib * 2 ** 30) / partitions));
    const committedAt = new Map<string, number>();
    // Tables 0..k-1, partition h1 only (days in January to June), new ids.
    await Promise.all(
      Array.from({ length: partitions }, (_, i) =>
        limit(async () => {
          await streamLoad(source.endpoints.fe.httpPort, 'shop', tableName(i), perPartition, `incr-${i}`, { months: 6, firstId: 1e9 });
          committedAt.set(`${tableName(i)}.h1`, Date.now());
        }),
      ),
    );
    const wanted = await versions(source);
    const reachedAt = new Map<string, number>();
    await waitFor('the target shows every new version', async () => {
      const now = Date.now();
      for (const [key, version] of await versions(target)) if (committedAt.has(key) && !reachedAt.has(key) && version >= wanted.get(key)!) reachedAt.set(key, now);
      return reachedAt.size === committedAt.size;
    }, 120_000, 50);
    const lagSeconds = Math.max(...[...committedAt].map(([key, at]) => (reachedAt.get(key)! - at) / 1000));
    const moved = (await downloadedBytes(target)) - downloadedBefore;
    // Same replica count on both sides: what the source's disks gained is what the target must fetch.
    const newRowsets = totalBytes(rowsetFiles(sourceDir)) - sourceBytesBefore;
    const transferSeconds = newRowsets / MB / fullRate;
    const lagTarget = 2 * INTERVAL_S + transferSeconds;
    const daemonPeak = peakOf(daemon);

    const meanFile = sourceBytes / sourceFiles.length;
    const replicaSize = meanFile >= MB ? `${(meanFile / MB).toFixed(1)} MB` : `${(meanFile / 1024).toFixed(0)} KB`;
    // The rate target is set for a sync of at least 1 GiB on disk; smaller (quick) runs show the ratio without judging it.
    const judged = sourceBytes >= 2 ** 30;
    const rateTarget = judged ? { target: '>= 0.60 of raw copy', pass: fullRate / rawRate >= 0.6 } : { target: '>= 0.60 at >= 1 GiB (not judged)' };
    const figures: Figure[] = [
      { figure: `full sync, ${tableCount} tables x 2 partitions x ${buckets} buckets, 3 replicas (${sourceFiles.length} replica files of ${replicaSize}), max_download_speed_kbps=${speed} (daemon process wall time)`, value: fullRate, unit: 'MB/s', baseline: rawRate, ratio: fullRate / rawRate, ...rateTarget },
      // Context for the target: what moving the same bytes between two processes allows here.
      { figure: 'loopback TCP copy of the same files (sender process -> receiver, fsynced)', value: tcpRate, unit: 'MB/s', baseline: rawRate, ratio: tcpRate / rawRate },
      { figure: 'full sync against the loopback TCP copy', value: fullRate, unit: 'MB/s', baseline: tcpRate, ratio: fullRate / tcpRate },
      { figure: 'full sync: data stored on the target', value: targetBytes / MB, unit: 'MB', baseline: sourceBytes / MB, ratio: targetBytes / sourceBytes },
      { figure: 'full sync: wall time', value: full.seconds, unit: 's' },
      { figure: 'full sync: daemon peak RSS', value: full.peakRssMb, unit: 'MB', target: '<= 300 MB', pass: full.peakRssMb <= 300 },
      { figure: `incremental: bytes moved / new rowset bytes (${partitions} partitions)`, value: moved / MB, unit: 'MB', baseline: newRowsets / MB, ratio: moved / newRowsets, target: '<= 1.05', pass: moved / newRowsets <= 1.05 },
      { figure: 'incremental: source commit to target version', value: lagSeconds, unit: 's', baseline: lagTarget, ratio: lagSeconds / lagTarget, target: '<= 2 intervals + transfer', pass: lagSeconds <= lagTarget },
      { figure: 'continuous daemon peak RSS', value: daemonPeak, unit: 'MB', target: '<= 300 MB', pass: daemonPeak <= 300 },
    ];
    writeResults('full-sync', figures, {
      gib,
      tables: tableCount,
      buckets,
      maxDownloadSpeedKbps: speed,
      replicationThreads: threads,
      intervalSeconds: INTERVAL_S,
      loadSeconds,
      sourceBytes,
      replicaFiles: sourceFiles.length,
      targetBytes,
      fullSyncSeconds: full.seconds,
      rawCopySeconds: raw.seconds,
      rawCopyBytes: raw.bytes,
      tcpCopySeconds: tcp.seconds,
      incremental: { partitions, bytesPerPartition: perPartition, newRowsetBytes: newRowsets, movedBytes: moved, lagSeconds, transferSeconds },
    });
  } finally {
    if (daemon && daemon.exitCode === null) {
      daemon.kill('SIGTERM');
      await new Promise((resolve) => daemon!.on('close', resolve));
    }
    await stopProcessCluster(sourceDir);
    await stopProcessCluster(targetDir);
    if (process.argv.includes('--keep')) console.log(`kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
