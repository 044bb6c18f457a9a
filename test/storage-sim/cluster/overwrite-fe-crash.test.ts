// An INSERT OVERWRITE does not outlive its FE: StarRocks fails the job when the FE restarts and
// drops the temporary partitions it had created. Here the FE process is SIGKILLed while the job's
// temporary partitions exist; after the restart the table holds its old rows, partitions_meta lists
// no temporary partition, and the BEs no longer hold their tablets.
// StarRocks: fe/fe-core/src/main/java/com/starrocks/load/InsertOverwriteJobRunner.java
// ("if FE restart, the insert overwrite job will fail"; the failed state drops the temp partitions)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import mysql from 'mysql2/promise';
import { readClusterState, startProcessCluster, stopProcessCluster } from '../../../src/storage-sim/cluster/process-cluster.js';
import { scratchDir } from '../../helpers/scratch.js';

const DDL = (name: string) => `CREATE TABLE ov.${name} (id BIGINT NOT NULL, dt DATE NOT NULL, amount INT) DUPLICATE KEY(id)
  PARTITION BY RANGE(dt) (PARTITION p1 VALUES LESS THAN ("2024-02-01"), PARTITION p2 VALUES LESS THAN ("2024-03-01"), PARTITION p3 VALUES LESS THAN ("2024-04-01"))
  DISTRIBUTED BY HASH(id) BUCKETS 2`;

test('FE killed during INSERT OVERWRITE: after the restart, the old rows and no temporary partition', async (t) => {
  const dir = scratchDir('overwrite-fe-crash');
  const started = await startProcessCluster({ dir, backends: 2, rootPassword: 'pw' });
  t.after(() => stopProcessCluster(dir));
  const open = (port: number) => mysql.createConnection({ host: '127.0.0.1', port, user: 'root', password: 'pw', bigNumberStrings: true, supportBigNumbers: true });
  const writer = await open(started.endpoints.fe.queryPort);
  const watcher = await open(started.endpoints.fe.queryPort);
  writer.on('error', () => undefined);
  watcher.on('error', () => undefined);
  const q = async (conn: mysql.Connection, sql: string) => (await conn.query(sql))[0] as Record<string, unknown>[];

  await q(writer, 'CREATE DATABASE ov');
  await q(writer, DDL('big'));
  await q(writer, DDL('source'));
  const values = (count: number, amount: number) => Array.from({ length: count }, (_, i) => `(${i}, '2024-0${1 + (i % 3)}-1${i % 10}', ${amount})`).join(', ');
  await q(writer, `INSERT INTO ov.big VALUES ${values(3000, 1)}`);
  await q(writer, `INSERT INTO ov.source VALUES ${values(1000, 2)}`);
  for (let i = 0; i < 5; i++) await q(writer, 'INSERT INTO ov.source SELECT * FROM ov.source');
  const before = await q(watcher, "SELECT PARTITION_NAME, PARTITION_ID, VISIBLE_VERSION, VERSION_EPOCH FROM information_schema.partitions_meta WHERE TABLE_NAME = 'big' ORDER BY PARTITION_NAME");

  const overwrite = writer.query('INSERT OVERWRITE ov.big SELECT * FROM ov.source').then(
    () => 'finished',
    () => 'failed',
  );
  let temp: Record<string, unknown>[] = [];
  const deadline = Date.now() + 20_000;
  while (temp.length === 0 && Date.now() < deadline) {
    temp = await q(watcher, "SELECT PARTITION_NAME, PARTITION_ID FROM information_schema.partitions_meta WHERE TABLE_NAME = 'big' AND IS_TEMP = 'true'");
  }
  assert.equal(temp.length, 3, 'the job\'s temporary partitions were seen');
  process.kill(readClusterState(dir)!.pids.fe, 'SIGKILL');
  assert.equal(await overwrite, 'failed', 'the statement did not finish: its FE died');
  watcher.destroy();
  writer.destroy();
  // The BEs are stopped too, only because the launcher restarts a whole cluster; they keep their data.
  await stopProcessCluster(dir);

  const restarted = await startProcessCluster({ dir });
  const conn = await open(restarted.endpoints.fe.queryPort);
  t.after(() => conn.end());
  assert.deepEqual(await q(conn, "SELECT PARTITION_NAME FROM information_schema.partitions_meta WHERE IS_TEMP = 'true'"), []);
  assert.deepEqual(await q(conn, "SELECT PARTITION_NAME, PARTITION_ID, VISIBLE_VERSION, VERSION_EPOCH FROM information_schema.partitions_meta WHERE TABLE_NAME = 'big' ORDER BY PARTITION_NAME"), before);
  assert.deepEqual(await q(conn, 'SELECT COUNT(*) AS n, SUM(amount) AS s FROM ov.big'), [{ n: '3000', s: '3000' }]);
  const tabletPartitions = new Set((await q(conn, 'SELECT PARTITION_ID FROM information_schema.be_tablets')).map((r) => String(r.PARTITION_ID)));
  for (const p of temp) assert.ok(!tabletPartitions.has(String(p.PARTITION_ID)), `the tablets of ${String(p.PARTITION_NAME)} are dropped`);
  assert.deepEqual(await q(conn, 'SHOW TEMPORARY PARTITIONS FROM ov.big'), []);
});
