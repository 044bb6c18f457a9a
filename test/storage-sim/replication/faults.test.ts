import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startCluster, connect, rows } from '../../helpers/sim-cluster.js';
import { requestReplication, waitForJob, feClient } from '../../helpers/replicate.js';
import { eventually } from '../../helpers/eventually.js';
import type { LocalCluster } from '../../../src/storage-sim/cluster/local-cluster.js';

const DDL = (name: string, replicas: number) => `CREATE TABLE db.${name} (k BIGINT NOT NULL, v VARCHAR(200)) DUPLICATE KEY(k)
  DISTRIBUTED BY HASH(k) BUCKETS 2 PROPERTIES ("replication_num" = "${replicas}")`;

async function setup(name: string, tables = ['t']) {
  const source = await startCluster(`${name}-source`);
  const target = await startCluster(`${name}-target`);
  const src = await connect(source);
  const dst = await connect(target);
  await src.query('CREATE DATABASE db');
  await dst.query('CREATE DATABASE db');
  for (const table of tables) {
    await src.query(DDL(table, 3));
    await dst.query(DDL(table, 2));
    // ~400 KB per tablet replica: slow enough to interrupt at 100 KB/s, quick at full speed.
    for (let batch = 0; batch < 4; batch++) {
      await src.query(`INSERT INTO db.${table} VALUES ${Array.from({ length: 1000 }, (_, i) => `(${batch * 1000 + i}, '${'v'.repeat(150)}${i}')`).join(', ')}`);
    }
  }
  const stop = async () => {
    await Promise.all([src.end(), dst.end()]);
    await Promise.all([source.stop(), target.stop()]);
  };
  return { source, target, src, dst, stop };
}

async function downloadSpeed(conn: Awaited<ReturnType<typeof connect>>, kbps: number) {
  await conn.query(`UPDATE information_schema.be_configs SET value = '${kbps}' WHERE name = 'max_download_speed_kbps'`);
}

async function waitForState(target: LocalCluster, jobId: string, state: string): Promise<void> {
  const client = feClient(target, 'target');
  try {
    const deadline = Date.now() + 20_000;
    while (!(await client.query("SHOW PROC '/replications'")).some((r) => r.JobID === jobId && r.State === state)) {
      assert.ok(Date.now() < deadline, `job ${jobId} never reached ${state}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await client.close();
  }
}

async function assertUntouched(target: LocalCluster, dst: Awaited<ReturnType<typeof connect>>) {
  assert.deepEqual(await rows(dst, 'SELECT COUNT(*) AS n FROM db.t'), [{ n: '0' }]);
  assert.deepEqual((await rows(dst, "SELECT VISIBLE_VERSION FROM information_schema.partitions_meta WHERE TABLE_NAME = 't'")).map((r) => r.VISIBLE_VERSION), ['1']);
  // Downloads still running when the job aborted stop on their own and clear what they staged.
  const staged = () => target.backends.flatMap((be) => {
    const staging = join(be!.options.storageDir, 'replication');
    return existsSync(staging) ? readdirSync(staging, { recursive: true }).map(String) : [];
  });
  await eventually('nothing is left staged', () => staged().length === 0, 10_000);
}

test('a corrupted file on the wire is caught by its checksum and downloaded again', async (t) => {
  const { source, target, src, dst, stop } = await setup('corrupt');
  t.after(stop);
  for (const be of source.backends) be!.faults.corruptDownloads = 1;
  const run = await requestReplication(source, target, 'db', 't');
  const job = await waitForJob(target, run.jobId!);
  assert.equal(job.State, 'COMMITTED', String(job.Error));
  assert.ok(source.backends.some((be) => be!.faults.corruptDownloads === 0), 'a corrupted file was served');
  assert.deepEqual(await rows(dst, 'SELECT * FROM db.t ORDER BY k'), await rows(src, 'SELECT * FROM db.t ORDER BY k'));
});

test('a wrong source token is refused by the source BE and the job aborts', async (t) => {
  const { source, target, dst, stop } = await setup('token');
  t.after(stop);
  const run = await requestReplication(source, target, 'db', 't', { token: 'not-the-token' });
  const job = await waitForJob(target, run.jobId!);
  assert.equal(job.State, 'ABORTED');
  // The snapshots are made (a BE's be_port takes no token: BackendService make_snapshot); every
  // download is refused, and the job's error is the source BE's refusal, the token masked.
  assert.match(String(job.Error), /_download\?token=\*\*\*&.* answered 401: .*NotAuthorized/);
  assert.doesNotMatch(String(job.Error), /not-the-token/);
  await assertUntouched(target, dst);
  const running = await rows(dst, "SHOW PROC '/transactions/db/finished'");
  assert.equal(running[0]?.TransactionStatus, 'ABORTED');
});

test('the source BE dies during the download: the job aborts, the target shows nothing, a resubmission succeeds', async (t) => {
  const { source, target, src, dst, stop } = await setup('kill-source');
  t.after(stop);
  await downloadSpeed(dst, 100);
  const run = await requestReplication(source, target, 'db', 't');
  await waitForState(target, run.jobId!, 'REPLICATING');
  await new Promise((resolve) => setTimeout(resolve, 300));
  // A replica whose download breaks moves on to the tablet's other snapshots: only when every
  // source holding one is gone does the job fail.
  for (const index of [0, 1, 2]) await source.stopBackend(index);
  const job = await waitForJob(target, run.jobId!);
  assert.equal(job.State, 'ABORTED');
  assert.match(String(job.Error), /download|ECONNREFUSED|socket|closed|reset/i);
  await assertUntouched(target, dst);

  for (const index of [0, 1, 2]) await source.restartBackend(index);
  await downloadSpeed(dst, 0);
  const again = await requestReplication(source, target, 'db', 't');
  const retried = await waitForJob(target, again.jobId!);
  assert.equal(retried.State, 'COMMITTED', String(retried.Error));
  assert.deepEqual(await rows(dst, 'SELECT * FROM db.t ORDER BY k'), await rows(src, 'SELECT * FROM db.t ORDER BY k'));
});

// StarRocks: fe/fe-core/src/main/java/com/starrocks/replication/ReplicationMgr.java (addReplicationJob, checkParallelismLimits)
test('admission limits and one job per table are answered as errors the tool retries later', async (t) => {
  const { source, target, dst, stop } = await setup('admission', ['t', 'u']);
  t.after(stop);
  await downloadSpeed(dst, 100);
  await dst.query('ADMIN SET FRONTEND CONFIG ("replication_max_parallel_table_count" = "1")');
  const first = await requestReplication(source, target, 'db', 't');
  assert.equal(first.response.status?.status_code, 0);
  const tableId = (await rows(dst, "SHOW PROC '/dbs/db'")).find((r) => r.TableName === 't')!.TableId;
  const sameTable = await requestReplication(source, target, 'db', 't');
  assert.deepEqual(sameTable.response.status?.error_msgs, [`Replication job of table ${String(tableId)} is already running`]);
  const otherTable = await requestReplication(source, target, 'db', 'u');
  assert.deepEqual(otherTable.response.status?.error_msgs, ['The replication jobs exceeds the replication_max_parallel_table_count: 1']);
  await dst.query('ADMIN SET FRONTEND CONFIG ("replication_max_parallel_table_count" = "100")');
  // The running job replicates 2 tablets x 2 replicas; the new job's own replicas are not counted.
  await dst.query('ADMIN SET FRONTEND CONFIG ("replication_max_parallel_replica_count" = "4")');
  const replicas = await requestReplication(source, target, 'db', 'u');
  assert.deepEqual(replicas.response.status?.error_msgs, ['The replicating replica count in all running replication jobs 4 exceeds replication_max_parallel_replica_count: 4']);
  await dst.query('ADMIN SET FRONTEND CONFIG ("replication_max_parallel_replica_count" = "10240")');
  await dst.query('ADMIN SET FRONTEND CONFIG ("replication_max_parallel_data_size_mb" = "0")');
  const data = await requestReplication(source, target, 'db', 'u');
  assert.match(data.response.status!.error_msgs![0]!, /^The replicating data size in all running replication jobs \d+\(MB\) exceeds replication_max_parallel_data_size_mb: 0$/);
  await dst.query('ADMIN SET FRONTEND CONFIG ("replication_max_parallel_data_size_mb" = "1048576")');
  await downloadSpeed(dst, 0);
  assert.equal((await waitForJob(target, first.jobId!)).State, 'COMMITTED');
});

test('a target FE restart mid-job aborts the job cleanly; a resubmission succeeds', async (t) => {
  const { source, target, src, dst, stop } = await setup('fe-restart');
  t.after(stop);
  await downloadSpeed(dst, 100);
  const run = await requestReplication(source, target, 'db', 't');
  await waitForState(target, run.jobId!, 'REPLICATING');
  await target.restartFrontend();
  const conn = await connect(target);
  t.after(() => conn.end());
  const job = await waitForJob(target, run.jobId!);
  assert.equal(job.State, 'ABORTED');
  assert.match(String(job.Error), /FE restarted/);
  await downloadSpeed(conn, 0);
  // The BEs' interrupted downloads end on their own; then nothing of the job remains.
  await new Promise((resolve) => setTimeout(resolve, 500));
  await assertUntouched(target, conn);
  const again = await requestReplication(source, target, 'db', 't');
  assert.equal((await waitForJob(target, again.jobId!)).State, 'COMMITTED');
  assert.deepEqual(await rows(conn, 'SELECT * FROM db.t ORDER BY k'), await rows(src, 'SELECT * FROM db.t ORDER BY k'));
  void dst;
});

test('a load into the target while its table replicates aborts the replication; the partition then diverges by epoch', async (t) => {
  const { source, target, src, dst, stop } = await setup('divergence');
  t.after(stop);
  await downloadSpeed(dst, 100);
  const run = await requestReplication(source, target, 'db', 't');
  await waitForState(target, run.jobId!, 'REPLICATING');
  await dst.query("INSERT INTO db.t VALUES (999999, 'written on the target')");
  await downloadSpeed(dst, 0);
  const job = await waitForJob(target, run.jobId!);
  assert.equal(job.State, 'ABORTED');
  assert.match(String(job.Error), /data version of partition t moved/);
  assert.deepEqual(await rows(dst, 'SELECT k FROM db.t'), [{ k: '999999' }]);

  // A partition that was replicated, then loaded on the target, gets a new epoch.
  await dst.query('TRUNCATE TABLE db.t');
  const clean = await requestReplication(source, target, 'db', 't');
  assert.equal((await waitForJob(target, clean.jobId!)).State, 'COMMITTED');
  const epoch = async (conn: typeof src): Promise<Record<string, unknown>> => (await rows(conn, "SELECT VISIBLE_VERSION, VERSION_EPOCH, VERSION_TXN_TYPE FROM information_schema.partitions_meta WHERE TABLE_NAME = 't'"))[0]!;
  const synced = await epoch(dst);
  assert.deepEqual({ ...synced }, { ...(await epoch(src)), VERSION_TXN_TYPE: 'TXN_REPLICATION' });
  await dst.query("INSERT INTO db.t VALUES (999999, 'written on the target')");
  const diverged = await epoch(dst);
  assert.equal(Number(diverged.VISIBLE_VERSION), Number(synced.VISIBLE_VERSION) + 1);
  assert.notEqual(diverged.VERSION_EPOCH, synced.VERSION_EPOCH);
  assert.equal(diverged.VERSION_TXN_TYPE, 'TXN_NORMAL');
});

test('a target BE over its disk capacity refuses the download: "Disk reach capacity limit"', async (t) => {
  const source = await startCluster('capacity-source');
  // Capacity below what the tablet metas alone take: every target BE counts as full.
  const target = await startCluster('capacity-target', { beCapacityBytes: 1_000 });
  const src = await connect(source);
  const dst = await connect(target);
  t.after(async () => {
    await Promise.all([src.end(), dst.end()]);
    await Promise.all([source.stop(), target.stop()]);
  });
  for (const conn of [src, dst]) {
    await conn.query('CREATE DATABASE db');
    await conn.query(DDL('t', 2));
  }
  await src.query("INSERT INTO db.t VALUES (1, 'a'), (2, 'b')");
  const run = await requestReplication(source, target, 'db', 't');
  const job = await waitForJob(target, run.jobId!);
  assert.equal(job.State, 'ABORTED');
  assert.match(String(job.Error), /Disk reach capacity limit/);
  await assertUntouched(target, dst);
});

test('while a job replicates, its REPLICATION transaction is running; max_download_speed_kbps and replication_threads bound the transfer', async (t) => {
  const { source, target, src, dst, stop } = await setup('running-txn');
  t.after(stop);
  await downloadSpeed(dst, 200);
  await dst.query("UPDATE information_schema.be_configs SET value = '1' WHERE name = 'replication_threads'");
  const started = Date.now();
  const run = await requestReplication(source, target, 'db', 't');
  await waitForState(target, run.jobId!, 'REPLICATING');
  const running = await rows(dst, "SHOW PROC '/transactions/db/running'");
  assert.equal(running.length, 1);
  assert.match(String(running[0]!.Label), /^REPLICATION_\d+_\d+_job-/);
  assert.equal(running[0]!.LoadJobSourceType, 'REPLICATION');
  assert.equal(running[0]!.TransactionStatus, 'PREPARE');
  const job = await waitForJob(target, run.jobId!);
  assert.equal(job.State, 'COMMITTED');
  const seconds = (Date.now() - started) / 1000;
  const perBackend = target.backends.map((be) => be!.replication.downloadedBytes);
  const slowest = Math.max(...perBackend) / 1024 / 200;
  assert.ok(seconds >= slowest * 0.8, `${Math.max(...perBackend)} bytes at 200 KB/s need ${slowest.toFixed(1)} s, took ${seconds.toFixed(1)} s`);
  // Each target BE has several replicas to fill, yet ran one task at a time.
  assert.deepEqual(target.backends.map((be) => be!.replication.peakActive), [1, 1, 1]);
  assert.deepEqual(await rows(dst, "SHOW PROC '/transactions/db/running'"), []);
  void src;
});
