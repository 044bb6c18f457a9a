// npm run demo: two reference clusters on loopback (3 BEs each, as processes; the source's BEs
// advertise host names only conf/hosts.properties resolves), a sample of several databases with
// partitioned, unpartitioned and PRIMARY KEY tables, a view and a materialized view, ~100 MB
// loaded by Stream Load and by a Broker Load from an S3 server (s3rver) on loopback, more loads
// while the daemon syncs in one-time mode, a second run to catch up, then `verify`, a summary, and
// everything stopped.
// npm run demo -- --s3: the same through object storage (transfer_mode=s3): an S3 server (s3rver)
// on loopback, a repository on each cluster, and no hosts.properties: the BEs never meet.
// npm run demo -- --shared-data: the target is a shared-data cluster (3 compute nodes) whose builtin
// storage volume is in a bucket of an S3 server (s3rver) on loopback; the end also tells how many
// objects and bytes that volume holds.
// npm run demo -- --source-version 3.2.3 --target-version 3.5: the clusters answer as those StarRocks
// releases (see README, Supported StarRocks versions); the newest by default.
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import mysql from 'mysql2/promise';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startProcessCluster, stopProcessCluster, type ClusterState } from '../dist/storage-sim/cluster/process-cluster.js';
import { S3RVER_ACCESS_KEY, startS3ServerProcess, type S3ServerProcess } from '../dist/storage-sim/cluster/s3-server-process.js';
import { volumeUsage } from '../dist/storage-sim/cluster/volume-usage.js';
import { compactionOffNeeded, parseStarRocksVersion } from '../dist/cluster/capabilities.js';
import { SAMPLE_DATABASES, SAMPLE_TABLES, SAMPLE_VIEWS, sampleBody, type SampleTable } from './demo-data.js';

// The AWS SDK warns on Node 20 that its releases after January 2027 will need Node 22; the version
// package-lock.json pins is not one of them, so the notice would only clutter the demo's output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const MB = 2 ** 20;
const TOTAL_BYTES = Number(process.env.DEMO_MB ?? 100) * MB;
const root = new URL('..', import.meta.url).pathname;
const THROUGH_S3 = process.argv.includes('--s3');
const SHARED_DATA = process.argv.includes('--shared-data');

/** The value after `--name`, if given. */
function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}
const SOURCE_VERSION = option('--source-version');
const TARGET_VERSION = option('--target-version');
const REPOSITORY = 'demo_repository';
const BUCKET = 'demo-bucket';
/** The bucket of the shared-data target's builtin storage volume. */
const VOLUME_BUCKET = 'starrocks';
/** The s3rver secret: s3rver checks the access key only (it runs with --allow-mismatched-signatures). */
const S3_SECRET = 'demo-secret';

function say(text: string): void {
  process.stdout.write(`[demo] ${text}\n`);
}

function streamLoad(state: ClusterState, table: SampleTable, from: number, bytes: number, label: string): Promise<{ rows: number; bytes: number }> {
  const { body } = sampleBody(table, from, bytes);
  return new Promise((resolve, reject) => {
    const req = http.request(`http://127.0.0.1:${state.endpoints.fe.httpPort}/api/${table.db}/${table.name}/_stream_load`, {
      method: 'PUT',
      headers: { authorization: `Basic ${Buffer.from('root:').toString('base64')}`, label, column_separator: ',', 'transfer-encoding': 'chunked' },
    });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => {
        const reply = JSON.parse(text) as Record<string, unknown>;
        if (reply.Status !== 'Success') reject(new Error(`load into ${table.db}.${table.name} failed: ${text}`));
        else resolve({ rows: Number(reply.NumberLoadedRows), bytes: Number(reply.LoadBytes) });
      });
    });
    req.on('error', reject);
    pipeline(body, req).catch(reject);
  });
}

function s3Client(endpoint: string): S3Client {
  return new S3Client({ endpoint: `http://${endpoint}`, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: S3RVER_ACCESS_KEY, secretAccessKey: S3_SECRET } });
}

/** Objects and their bytes under a storage volume's location (s3://bucket[/prefix]). */
async function usageOf(endpoint: string, location: string): Promise<{ objects: number; bytes: number }> {
  const client = s3Client(endpoint);
  try {
    return await volumeUsage(client, location);
  } finally {
    client.destroy();
  }
}

function runCli(args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, 'dist/main.js'), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout }));
  });
}

/** `count` CSV files of `rowsEach` sample rows of `table` from row `from`, put in the bucket under loads/. */
async function putSampleFiles(endpoint: string, table: SampleTable, from: number, count: number, rowsEach: number): Promise<{ rows: number; bytes: number }> {
  const client = s3Client(endpoint);
  let bytes = 0;
  try {
    for (let f = 0; f < count; f++) {
      const body = Array.from({ length: rowsEach }, (_, k) => table.row(from + f * rowsEach + k)).join('\n') + '\n';
      bytes += Buffer.byteLength(body);
      await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: `loads/${table.name}-${f}.csv`, Body: body }));
    }
  } finally {
    client.destroy();
  }
  return { rows: count * rowsEach, bytes };
}

/** SHOW LOAD's row for the job, once it is FINISHED or CANCELLED. */
async function waitForBrokerLoad(conn: mysql.Connection, db: string, label: string): Promise<Record<string, unknown>> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const [found] = (await conn.query(`SHOW LOAD FROM ${db} WHERE LABEL = "${label}"`)) as unknown as [Record<string, unknown>[]];
    const job = found.at(-1);
    if (job && (job.State === 'FINISHED' || job.State === 'CANCELLED')) return job;
    if (Date.now() > deadline) throw new Error(`the Broker Load ${label} did not finish within 120 s (state ${String(job?.State)})`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'cluster-sync-demo-'));
  const sourceDir = join(work, 'source');
  const targetDir = join(work, 'target');
  const started = Date.now();
  let ok = false;
  let s3: S3ServerProcess | undefined;
  try {
    if (SHARED_DATA) {
      // The shared-data target's storage volume needs its object store before the target starts.
      s3 = await startS3ServerProcess({ dir: join(work, 's3'), buckets: [BUCKET, VOLUME_BUCKET] });
      say(`starting a shared-nothing source (1 FE + 3 BEs) and a shared-data target (1 FE + 3 compute nodes, storage volume in s3://${VOLUME_BUCKET} on s3rver at ${s3.endpoint}) under ${work}`);
    } else say(`starting two reference clusters (1 FE + 3 BEs each) under ${work}`);
    const source = await startProcessCluster({
      dir: sourceDir,
      backends: 3,
      beAdvertiseHosts: ['be-0.source.internal', 'be-1.source.internal', 'be-2.source.internal'],
      ...(SOURCE_VERSION ? { starrocksVersion: SOURCE_VERSION } : {}),
    });
    const target = await startProcessCluster({
      dir: targetDir,
      backends: 3,
      ...(TARGET_VERSION ? { starrocksVersion: TARGET_VERSION } : {}),
      ...(SHARED_DATA ? { runMode: 'shared_data' as const, objectStore: `${s3!.endpoint}/${VOLUME_BUCKET}` } : {}),
    });
    const conn = await mysql.createConnection({ host: '127.0.0.1', port: source.endpoints.fe.queryPort, user: 'root' });
    for (const db of SAMPLE_DATABASES) await conn.query(`CREATE DATABASE ${db}`);
    for (const table of SAMPLE_TABLES) await conn.query(table.ddl);
    for (const view of SAMPLE_VIEWS) await conn.query(view);
    say(`source: ${SAMPLE_DATABASES.length} databases, ${SAMPLE_TABLES.length} tables, a view and a materialized view; loading ${TOTAL_BYTES / MB} MB`);
    let loadedBytes = 0;
    let loadedRows = 0;
    const next = new Map(SAMPLE_TABLES.map((t) => [t, 0]));
    const load = async (table: SampleTable, bytes: number, label: string) => {
      const result = await streamLoad(source, table, next.get(table)!, bytes, label);
      next.set(table, next.get(table)! + result.rows);
      loadedBytes += result.bytes;
      loadedRows += result.rows;
    };
    await Promise.all(SAMPLE_TABLES.map((t) => load(t, Math.round(TOTAL_BYTES * t.weight), `initial-${t.name}`)));
    say(`loaded ${loadedRows} rows (${(loadedBytes / MB).toFixed(1)} MB) by Stream Load in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    // Broker Load: files in object storage, one asynchronous job, followed with SHOW LOAD.
    s3 ??= await startS3ServerProcess({ dir: join(work, 's3'), buckets: [BUCKET] });
    const s3Properties = `"aws.s3.access_key" = "${S3RVER_ACCESS_KEY}", "aws.s3.secret_key" = "${S3_SECRET}", "aws.s3.endpoint" = "${s3.endpoint}", "aws.s3.enable_ssl" = "false", "aws.s3.enable_path_style_access" = "true"`;
    const products = SAMPLE_TABLES.find((t) => t.name === 'products')!;
    const files = await putSampleFiles(s3.endpoint, products, next.get(products)!, 3, 2_000);
    next.set(products, next.get(products)! + files.rows);
    await conn.query(
      `LOAD LABEL ${products.db}.demo_broker_load (DATA INFILE("s3a://${BUCKET}/loads/products-*.csv") INTO TABLE ${products.name} COLUMNS TERMINATED BY ",") ` +
        `WITH BROKER (${s3Properties}) PROPERTIES ("timeout" = "600")`,
    );
    const job = await waitForBrokerLoad(conn, products.db, 'demo_broker_load');
    if (job.State !== 'FINISHED') throw new Error(`the Broker Load ended ${String(job.State)}: ${String(job.ErrorMsg)}`);
    loadedRows += files.rows;
    loadedBytes += files.bytes;
    say(`Broker Load demo_broker_load: ${job.State}, ${job.SinkRows} rows from 3 files in s3a://${BUCKET}/loads/ (SHOW LOAD: ${job.Progress})`);

    const conf = join(work, 'sync.properties');
    const hosts = join(work, 'hosts.properties');
    const logDir = join(work, 'log');
    writeFileSync(
      conf,
      [
        `source_fe_host=127.0.0.1`,
        `source_fe_query_port=${source.endpoints.fe.queryPort}`,
        `source_cluster_token=${source.endpoints.token}`,
        `target_fe_host=127.0.0.1`,
        `target_fe_query_port=${target.endpoints.fe.queryPort}`,
        'meta_job_interval_seconds=2',
        'ddl_job_interval_seconds=1',
        'ddl_job_batch_size=20',
        'replication_job_interval_seconds=1',
        'report_interval_seconds=5',
      ].join('\n') + '\n',
    );
    // The source BEs' advertised names exist nowhere but here (through S3 nothing needs them).
    writeFileSync(hosts, THROUGH_S3 ? '' : source.endpoints.backends.map((b) => `SOURCE_${b.host}=127.0.0.1`).join('\n') + '\n');
    if (THROUGH_S3) {
      for (const [state, readOnly] of [[source, false], [target, true]] as const) {
        const repoConn = await mysql.createConnection({ host: '127.0.0.1', port: state.endpoints.fe.queryPort, user: 'root' });
        await repoConn.query(`CREATE ${readOnly ? 'READ ONLY ' : ''}REPOSITORY ${REPOSITORY} WITH BROKER ON LOCATION "s3a://${BUCKET}/migration" PROPERTIES (${s3Properties})`);
        await repoConn.end();
      }
      appendFileSync(conf, `transfer_mode=s3\ns3_repository=${REPOSITORY}\n`);
      say(`transfer through object storage: s3rver at ${s3.endpoint}, repository ${REPOSITORY} on both clusters`);
    }

    // The preparation seed 003 asks for on the target.
    const targetConn = await mysql.createConnection({ host: '127.0.0.1', port: target.endpoints.fe.queryPort, user: 'root' });
    await targetConn.query('ADMIN SET FRONTEND CONFIG("enable_legacy_compatibility_for_replication"="true")');
    await targetConn.query('SET GLOBAL enable_filter_unused_columns_in_scan_stage=false');
    let volumeLocation = '';
    if (SHARED_DATA) {
      // Compaction off only where the release needs it for replication into shared-data (see README).
      const [[{ version }]] = (await targetConn.query('SELECT current_version() AS version')) as unknown as [[{ version: string }]];
      if (compactionOffNeeded(parseStarRocksVersion(version))) {
        await targetConn.query('ADMIN SET FRONTEND CONFIG("lake_compaction_max_tasks"="0")');
        say(`target StarRocks ${version}: lake_compaction_max_tasks set to 0 for the migration`);
      }
      const [[volume]] = (await targetConn.query('DESC STORAGE VOLUME builtin_storage_volume')) as unknown as [[{ Location: string }]];
      volumeLocation = volume.Location;
    }
    await targetConn.end();

    say('cluster-sync check');
    const check = await runCli(['check', '--conf', conf, '--hosts', hosts]);
    process.stdout.write(check.stdout.trimEnd().replace(/^/gm, '    ') + '\n');
    if (check.code !== 0) throw new Error('the preflight check failed');

    say('cluster-sync start --once, while the source keeps loading');
    let loading = true;
    const background = (async () => {
      for (let round = 0; loading; round++) {
        const table = SAMPLE_TABLES[round % SAMPLE_TABLES.length]!;
        await load(table, 256 * 1024, `during-sync-${round}`);
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    })();
    const syncStarted = Date.now();
    const first = await runCli(['start', '--once', '--conf', conf, '--hosts', hosts, '--log-dir', logDir]);
    loading = false;
    await background;
    if (first.code !== 0) throw new Error(`the one-time run failed (exit ${first.code}); see ${logDir}/sync.WARN.log`);
    say(`first run done in ${((Date.now() - syncStarted) / 1000).toFixed(1)} s; a second run takes the loads made meanwhile`);
    const second = await runCli(['start', '--once', '--conf', conf, '--hosts', hosts, '--log-dir', logDir]);
    if (second.code !== 0) throw new Error(`the second one-time run failed (exit ${second.code}); see ${logDir}/sync.WARN.log`);
    const syncSeconds = (Date.now() - syncStarted) / 1000;

    say('cluster-sync verify');
    const verify = await runCli(['verify', '--conf', conf, '--hosts', hosts]);
    process.stdout.write(verify.stdout.trimEnd().replace(/^/gm, '    ') + '\n');
    if (verify.code !== 0) throw new Error('verify found differences');
    // information_schema.tables.DATA_LENGTH: bytes on every release (partitions_meta is absent before
    // 3.1.9 / 3.2.4, and its DATA_SIZE is text before 4.0).
    const [[{ bytes }]] = (await conn.query("SELECT SUM(DATA_LENGTH) AS bytes FROM information_schema.tables WHERE TABLE_TYPE = 'BASE TABLE'")) as unknown as [[{ bytes: string }]];
    await conn.end();
    const dataMb = Number(bytes) / MB;
    say(
      `summary: ${SAMPLE_TABLES.length} tables (+1 view, +1 materialized view), ${loadedRows} rows, ${(loadedBytes / MB).toFixed(1)} MB loaded ` +
        `(${dataMb.toFixed(1)} MB stored per replica), synced${THROUGH_S3 ? ' through S3' : ''} in ${syncSeconds.toFixed(1)} s, ${(dataMb / syncSeconds).toFixed(1)} MB/s; target verified identical`,
    );
    if (SHARED_DATA) {
      const usage = await usageOf(s3!.endpoint, volumeLocation);
      say(`target storage volume builtin_storage_volume (${volumeLocation}): ${usage.objects} objects, ${(usage.bytes / MB).toFixed(1)} MB in the object store`);
    }
    say(`logs: ${logDir}/sync.INFO.log`);
    ok = true;
  } finally {
    await s3?.stop().catch(() => undefined);
    await stopProcessCluster(sourceDir).catch(() => undefined);
    await stopProcessCluster(targetDir).catch(() => undefined);
    if (ok) rmSync(work, { recursive: true, force: true });
    else say(`kept ${work} for inspection`);
  }
  say(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((error: unknown) => {
  process.stderr.write(`[demo] failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
