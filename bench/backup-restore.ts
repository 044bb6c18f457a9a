// BACKUP on one reference cluster and RESTORE into a second one, both running as processes (3 BEs
// each, one replica per tablet), through an S3 server that is also a process (s3rver). Each
// throughput is set beside the same run's raw PUT (resp. GET) of the same bytes to the same store,
// with the same S3 client code (the engine's ObjectStore) and as many transfers at once as the BEs
// run (upload_worker_count / download_worker_count per BE, 0 = one per core, times 3 BEs): the rate
// the store and the client alone allow.
//   node --import tsx bench/backup-restore.ts [--gib N]   (GiB of CSV loaded; default 1.2)
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import pLimit from 'p-limit';
import { startProcessCluster, stopProcessCluster, type ClusterState } from '../dist/storage-sim/cluster/process-cluster.js';
import { S3RVER_ACCESS_KEY, startS3ServerProcess } from '../dist/storage-sim/cluster/s3-server-process.js';
import { ObjectStore } from '../dist/storage-sim/common/object-store/object-store.js';
import { EVENTS_TABLE_COLUMNS, streamLoad } from './lib/load-data.js';
import { writeResults, type Figure } from './lib/report.js';

const gib = Number(process.argv[process.argv.indexOf('--gib') + 1] ?? 1.2) || 1.2;
const BUCKET = 'bench';
/** s3rver takes any secret key with its one access key. */
const SECRET = 'bench-secret-key';
/** BE defaults: upload_worker_count and download_worker_count 0 = one per core; 16 MiB parts. */
const TRANSFERS = 3 * cpus().length;
const PART_BYTES = 16 * 2 ** 20;

interface DataFile {
  path: string;
  size: number;
}

/** Every rowset file of the cluster's BEs: with one replica, exactly the data a backup uploads. */
function rowsetFiles(clusterDir: string): DataFile[] {
  const files: DataFile[] = [];
  for (const be of readdirSync(clusterDir).filter((d) => /^be\d+$/.test(d))) {
    const data = join(clusterDir, be, 'storage', 'data');
    for (const tablet of readdirSync(data)) {
      for (const name of readdirSync(join(data, tablet)).filter((n) => n.endsWith('.dat'))) files.push({ path: join(data, tablet, name), size: statSync(join(data, tablet, name)).size });
    }
  }
  return files;
}

async function query(state: ClusterState, sql: string): Promise<Record<string, unknown>[]> {
  const conn = await mysql.createConnection({ host: '127.0.0.1', port: state.endpoints.fe.queryPort, user: 'root', dateStrings: true });
  try {
    const [rows] = await conn.query(sql);
    return rows as Record<string, unknown>[];
  } finally {
    await conn.end();
  }
}

/** Polls SHOW BACKUP / SHOW RESTORE until the job ends; returns its seconds from now. */
async function runJob(state: ClusterState, kind: 'BACKUP' | 'RESTORE', statement: string): Promise<number> {
  const started = process.hrtime.bigint();
  await query(state, statement);
  for (;;) {
    const [job] = await query(state, `SHOW ${kind} FROM bench`);
    if (job?.State === 'FINISHED') return Number(process.hrtime.bigint() - started) / 1e9;
    if (job?.State === 'CANCELLED') throw new Error(`${kind} failed: ${String(job.Status)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'bench-backup-'));
  const s3Dir = join(root, 's3');
  mkdirSync(s3Dir);
  const s3 = await startS3ServerProcess({ dir: s3Dir, buckets: [BUCKET] });
  const sourceDir = join(root, 'source');
  const targetDir = join(root, 'target');
  try {
    const [source, target] = await Promise.all([startProcessCluster({ dir: sourceDir, backends: 3 }), startProcessCluster({ dir: targetDir, backends: 3 })]);
    const properties = `"aws.s3.access_key" = "${S3RVER_ACCESS_KEY}", "aws.s3.secret_key" = "${SECRET}", "aws.s3.endpoint" = "${s3.endpoint}", "aws.s3.enable_ssl" = "false"`;
    await query(source, `CREATE REPOSITORY repo WITH BROKER ON LOCATION "s3a://${BUCKET}/backups" PROPERTIES (${properties})`);
    await query(target, `CREATE READ ONLY REPOSITORY repo WITH BROKER ON LOCATION "s3a://${BUCKET}/backups" PROPERTIES (${properties})`);
    await query(source, 'CREATE DATABASE bench');
    await query(source, `CREATE TABLE bench.events ${EVENTS_TABLE_COLUMNS} PROPERTIES ("replication_num" = "1")`);
    const loadSeconds = await timed(() => streamLoad(source.endpoints.fe.httpPort, 'bench', 'events', Math.round(gib * 2 ** 30), 'bench-load'));

    const backupSeconds = await runJob(source, 'BACKUP', 'BACKUP SNAPSHOT bench.snap TO repo');
    const connection = { endpoint: `http://${s3.endpoint}`, region: 'us-east-1', credentials: { accessKeyId: S3RVER_ACCESS_KEY, secretAccessKey: SECRET }, pathStyle: true, requestChecksums: 'WHEN_REQUIRED' as const, responseChecksums: 'WHEN_REQUIRED' as const, bucket: BUCKET, prefix: '' };
    const store = new ObjectStore(connection);
    const uploaded = (await store.list('backups/__starrocks_repository_repo/__ss_snap/__ss_content/')).objects;
    const bytes = uploaded.reduce((n, o) => n + o.size, 0);
    const [snapshot] = await query(target, 'SHOW SNAPSHOT ON repo WHERE SNAPSHOT = "snap"');
    await query(target, 'CREATE DATABASE bench');
    const restoreSeconds = await runJob(target, 'RESTORE', `RESTORE SNAPSHOT bench.snap FROM repo PROPERTIES ("backup_timestamp" = "${String(snapshot!.Timestamp)}", "replication_num" = "1")`);
    const [[sourceCount], [targetCount]] = await Promise.all([query(source, 'SELECT COUNT(*) AS n FROM bench.events'), query(target, 'SELECT COUNT(*) AS n FROM bench.events')]);
    if (sourceCount!.n !== targetCount!.n) throw new Error(`row counts differ: source ${String(sourceCount!.n)}, target ${String(targetCount!.n)}`);

    // The baseline: the same rowset files, PUT then GET by the same client code, as many at once.
    const files = rowsetFiles(sourceDir);
    const limit = pLimit(TRANSFERS);
    const putSeconds = await timed(() =>
      Promise.all(files.map((file, i) => limit(() => store.putFile(`raw/${i}`, file.path, file.size, { singlePartMaxBytes: PART_BYTES, partBytes: PART_BYTES })))),
    );
    const getDir = join(root, 'raw-get');
    mkdirSync(getDir);
    const getSeconds = await timed(() => Promise.all(files.map((_, i) => limit(() => store.getToFile(`raw/${i}`, join(getDir, String(i)), {})))));
    const rawBytes = files.reduce((n, f) => n + f.size, 0);
    store.destroy();

    const mb = bytes / 2 ** 20;
    const rawMb = rawBytes / 2 ** 20;
    const backupRate = mb / backupSeconds;
    const restoreRate = mb / restoreSeconds;
    const putRate = rawMb / putSeconds;
    const getRate = rawMb / getSeconds;
    const figures: Figure[] = [
      { figure: 'backup throughput (3 BEs upload)', value: backupRate, unit: 'MB/s', baseline: putRate, ratio: backupRate / putRate },
      { figure: 'restore throughput (3 BEs download, 1 replica)', value: restoreRate, unit: 'MB/s', baseline: getRate, ratio: restoreRate / getRate },
      { figure: 'raw PUT of the same files', value: putRate, unit: 'MB/s' },
      { figure: 'raw GET of the same files', value: getRate, unit: 'MB/s' },
      { figure: 'bytes backed up and restored', value: mb, unit: 'MB' },
    ];
    writeResults('backup-restore', figures, {
      gibLoaded: gib,
      rows: sourceCount!.n,
      files: uploaded.length,
      loadSeconds,
      backupSeconds,
      restoreSeconds,
      rawPutSeconds: putSeconds,
      rawGetSeconds: getSeconds,
      rawBytes,
      concurrentTransfers: TRANSFERS,
      maxDownloadSpeedKbpsPerBe: 50000,
    });
  } finally {
    await stopProcessCluster(sourceDir);
    await stopProcessCluster(targetDir);
    await s3.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
