// Full sync into a shared-data target, beside what the object store alone allows: a shared-nothing
// source (3 BEs, one replica per tablet, so its rowset files are exactly the bytes the target keeps
// once) synced by `cluster-sync start --once` into a shared-data cluster (1 compute node) whose
// storage volume is a bucket of an S3 server (s3rver) on loopback; the baseline is a raw copy of the
// same bytes into the same server: a PUT of each of the source's rowset files, as many at a time as
// the compute node's replication_threads. Both in the same run; the figure is their ratio.
//   node --import tsx bench/shared-data-sync.ts [--mb N] [--tables N] [--concurrency N] [--keep]   (--keep: leave the clusters' data and logs)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import pLimit from 'p-limit';
import { S3Client } from '@aws-sdk/client-s3';
import { startProcessCluster, stopProcessCluster, type ClusterState } from '../dist/storage-sim/cluster/process-cluster.js';
import { S3RVER_ACCESS_KEY, startS3ServerProcess } from '../dist/storage-sim/cluster/s3-server-process.js';
import { ObjectStore } from '../dist/storage-sim/common/object-store/object-store.js';
import { volumeUsage } from '../dist/storage-sim/cluster/volume-usage.js';
import { streamLoad } from './lib/load-data.js';
import { writeResults, type Figure } from './lib/report.js';
import { rowsetFiles, totalBytes, type DataFile } from './lib/data-files.js';
import { runCliMeasured, writeSyncConfig } from './lib/daemon-process.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const mb = arg('--mb', 64);
const tableCount = arg('--tables', 8);
/** Transfers at a time on both sides: the compute node's replication_threads and the PUTs of the raw copy. */
const concurrency = arg('--concurrency', 8);
const VOLUME_BUCKET = 'starrocks';
const RAW_BUCKET = 'raw-copy';
const MB = 2 ** 20;

const tableName = (i: number) => `t${String(i).padStart(3, '0')}`;
const DDL = `(id BIGINT NOT NULL, day DATE NOT NULL, shop INT, amount DECIMAL(12, 2), user VARCHAR(32), channel VARCHAR(8), note VARCHAR(64), seq BIGINT)
  DUPLICATE KEY(id) PARTITION BY RANGE(day) (PARTITION h1 VALUES LESS THAN ('2024-07-01'), PARTITION h2 VALUES LESS THAN ('2025-01-01'))
  DISTRIBUTED BY HASH(id) BUCKETS 3 PROPERTIES ("replication_num" = "1")`;

async function sql(state: ClusterState, statements: string[]): Promise<Record<string, unknown>[]> {
  const conn = await mysql.createConnection({ host: '127.0.0.1', port: state.endpoints.fe.queryPort, user: 'root' });
  try {
    let last: unknown = [];
    for (const statement of statements) [last] = await conn.query(statement);
    return last as Record<string, unknown>[];
  } finally {
    await conn.end();
  }
}

function s3Client(endpoint: string): S3Client {
  // s3rver takes any secret (--allow-mismatched-signatures); checksums off as for the engine's own client.
  return new S3Client({
    endpoint: `http://${endpoint}`,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: S3RVER_ACCESS_KEY, secretAccessKey: 'bench-secret' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/**
 * PUTs every file into the bucket, `concurrency` at a time: the raw copy into the object store,
 * through the same object-store client and part sizes the compute nodes write with.
 */
async function rawPut(endpoint: string, files: DataFile[]): Promise<{ seconds: number; bytes: number }> {
  const store = new ObjectStore({
    endpoint: `http://${endpoint}`,
    region: 'us-east-1',
    credentials: { accessKeyId: S3RVER_ACCESS_KEY, secretAccessKey: 'bench-secret' },
    pathStyle: true,
    requestChecksums: 'WHEN_REQUIRED',
    responseChecksums: 'WHEN_REQUIRED',
    bucket: RAW_BUCKET,
    prefix: 'copy',
  });
  const limit = pLimit(concurrency);
  const started = process.hrtime.bigint();
  await Promise.all(files.map((file, i) => limit(() => store.putFile(`${i}.dat`, file.path, file.size, { singlePartMaxBytes: 16 * MB, partBytes: 16 * MB }))));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  store.destroy();
  return { seconds, bytes: totalBytes(files) };
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'bench-shared-data-sync-'));
  const sourceDir = join(work, 'source');
  const targetDir = join(work, 'target');
  const s3 = await startS3ServerProcess({ dir: join(work, 's3'), buckets: [VOLUME_BUCKET, RAW_BUCKET] });
  const client = s3Client(s3.endpoint);
  try {
    const source = await startProcessCluster({ dir: sourceDir, backends: 3 });
    const target = await startProcessCluster({ dir: targetDir, backends: 1, runMode: 'shared_data', objectStore: `${s3.endpoint}/${VOLUME_BUCKET}` });
    // Compaction off on the source so its rowset files are what the loads wrote.
    await sql(source, ['ADMIN SET FRONTEND CONFIG ("lake_compaction_max_tasks" = "0")', 'CREATE DATABASE shop', ...Array.from({ length: tableCount }, (_, i) => `CREATE TABLE shop.${tableName(i)} ${DDL}`)]);
    await sql(target, [
      'ADMIN SET FRONTEND CONFIG("enable_legacy_compatibility_for_replication"="true")',
      'SET GLOBAL enable_filter_unused_columns_in_scan_stage=false',
      `UPDATE information_schema.be_configs SET value = '${concurrency}' WHERE name = 'replication_threads'`,
    ]);
    const [volume] = await sql(target, ['DESC STORAGE VOLUME builtin_storage_volume']);
    const location = String(volume!.Location);
    const perTable = Math.round((mb * MB) / tableCount);
    const limit = pLimit(4);
    await Promise.all(Array.from({ length: tableCount }, (_, i) => limit(() => streamLoad(source.endpoints.fe.httpPort, 'shop', tableName(i), perTable, `full-${i}`))));
    const sourceFiles = rowsetFiles(sourceDir);
    const sourceBytes = totalBytes(sourceFiles);
    console.log(`loaded ${tableCount} tables, ${(sourceBytes / MB).toFixed(0)} MB in ${sourceFiles.length} rowset files on the source's disks`);

    const conf = writeSyncConfig(work, source, target, 1, { ddl_job_batch_size: '100', replication_job_batch_size: '50', report_interval_seconds: '5' });
    const full = await runCliMeasured(['start', '--once', '--conf', conf, '--log-dir', join(work, 'log-full')]);
    if (full.code !== 0) throw new Error(`the one-time sync exited ${full.code}; see ${join(work, 'log-full')}`);
    const stored = await volumeUsage(client, location);
    const syncRate = sourceBytes / MB / full.seconds;
    const raw = await rawPut(s3.endpoint, sourceFiles);
    const verify = await runCliMeasured(['verify', '--conf', conf]);
    if (verify.code !== 0) throw new Error(`verify exited ${verify.code} after the full sync`);
    const rawRate = raw.bytes / MB / raw.seconds;
    console.log(`full sync: ${(sourceBytes / MB).toFixed(0)} MB in ${full.seconds.toFixed(1)} s; raw PUT of the same files ${raw.seconds.toFixed(1)} s`);

    const figures: Figure[] = [
      {
        figure: `full sync into shared-data, ${tableCount} tables x 2 partitions x 3 buckets, 1 compute node, replication_threads=${concurrency} (daemon process wall time)`,
        value: syncRate,
        unit: 'MB/s',
        baseline: rawRate,
        ratio: syncRate / rawRate,
      },
      { figure: `raw PUT of the source's rowset files into the same s3rver, ${concurrency} at a time`, value: rawRate, unit: 'MB/s' },
      { figure: 'full sync: wall time', value: full.seconds, unit: 's' },
      { figure: `full sync: objects under the target's storage volume (${location})`, value: stored.objects, unit: 'objects' },
      { figure: "full sync: bytes under the target's storage volume", value: stored.bytes / MB, unit: 'MB', baseline: sourceBytes / MB, ratio: stored.bytes / sourceBytes },
      { figure: 'full sync: daemon peak RSS', value: full.peakRssMb, unit: 'MB', target: '<= 300 MB', pass: full.peakRssMb <= 300 },
    ];
    writeResults('shared-data-sync', figures, {
      mb,
      tables: tableCount,
      concurrency,
      sourceBytes,
      rowsetFiles: sourceFiles.length,
      fullSyncSeconds: full.seconds,
      rawPutSeconds: raw.seconds,
      volumeLocation: location,
      volumeObjects: stored.objects,
      volumeBytes: stored.bytes,
    });
  } finally {
    client.destroy();
    await stopProcessCluster(sourceDir).catch(() => undefined);
    await stopProcessCluster(targetDir).catch(() => undefined);
    await s3.stop();
    if (process.argv.includes('--keep')) console.log(`kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
