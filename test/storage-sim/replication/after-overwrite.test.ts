// A partition swapped in by INSERT OVERWRITE is an ordinary partition: its tablets are ordinary
// tablets, so the source BEs serve their snapshots and a replication job copies it like any other,
// at its own version and version epoch.
// StarRocks: fe/fe-core/src/main/java/com/starrocks/load/InsertOverwriteJobRunner.java (the swapped-in
// partition keeps the temporary partition's id and tablets) and
// fe/fe-core/src/main/java/com/starrocks/replication/ReplicationJob.java (snapshots per source tablet).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, connect, rows } from '../../helpers/sim-cluster.js';
import { requestReplication, waitForJob } from '../../helpers/replicate.js';

const DDL = `CREATE TABLE db.sales (id BIGINT NOT NULL, dt DATE NOT NULL, amount INT) DUPLICATE KEY(id)
  PARTITION BY RANGE(dt) (PARTITION p1 VALUES LESS THAN ('2024-02-01'), PARTITION p2 VALUES LESS THAN ('2024-03-01'))
  DISTRIBUTED BY HASH(id) BUCKETS 3 PROPERTIES ("replication_num" = "2")`;

test('a table replicates after an INSERT OVERWRITE: the swapped-in partitions are copied at their versions and epochs', async (t) => {
  const source = await startCluster('repl-overwrite-source');
  const target = await startCluster('repl-overwrite-target');
  t.after(() => Promise.all([source.stop(), target.stop()]));
  const src = await connect(source);
  const dst = await connect(target);
  t.after(() => Promise.all([src.end(), dst.end()]));
  for (const conn of [src, dst]) {
    await conn.query('CREATE DATABASE db');
    await conn.query(DDL);
  }
  const values = (from: number, count: number) => Array.from({ length: count }, (_, i) => `(${from + i}, '2024-0${1 + (i % 2)}-1${i % 10}', ${from + i})`).join(', ');
  await src.query(`INSERT INTO db.sales VALUES ${values(0, 300)}`);
  await src.query(`INSERT INTO db.sales VALUES ${values(300, 300)}`);
  const beforeOverwrite = await rows(src, "SELECT PARTITION_NAME, PARTITION_ID FROM information_schema.partitions_meta WHERE DB_NAME = 'db' ORDER BY PARTITION_NAME");
  await src.query(`INSERT OVERWRITE db.sales VALUES ${values(1000, 200)}`);

  const versions = async (conn: typeof src) => rows(conn, "SELECT PARTITION_NAME, VISIBLE_VERSION, VERSION_EPOCH FROM information_schema.partitions_meta WHERE DB_NAME = 'db' ORDER BY PARTITION_NAME");
  const sourceVersions = await versions(src);
  assert.deepEqual(sourceVersions.map((r) => String(r.VISIBLE_VERSION)), ['2', '2']);
  const afterOverwrite = await rows(src, "SELECT PARTITION_NAME, PARTITION_ID FROM information_schema.partitions_meta WHERE DB_NAME = 'db' ORDER BY PARTITION_NAME");
  assert.notDeepEqual(afterOverwrite, beforeOverwrite, 'the overwrite gave the partitions new ids');

  const run = await requestReplication(source, target, 'db', 'sales');
  assert.deepEqual(run.response.status, { status_code: 0 });
  const job = await waitForJob(target, run.jobId!);
  assert.equal(job.State, 'COMMITTED', String(job.Error));
  assert.deepEqual(await rows(dst, 'SELECT * FROM db.sales ORDER BY id'), await rows(src, 'SELECT * FROM db.sales ORDER BY id'));
  assert.deepEqual(await rows(dst, 'SELECT COUNT(*) AS n, MIN(id) AS lo FROM db.sales'), [{ n: '200', lo: '1000' }]);
  assert.deepEqual(await versions(dst), sourceVersions);
});
