import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, connect, rows } from '../../helpers/sim-cluster.js';
import { requestReplication, waitForJob } from '../../helpers/replicate.js';

const DDL = (replicas: number) => `CREATE TABLE db.orders (
    dt DATE NOT NULL, id BIGINT NOT NULL, amount DECIMAL(10, 2), note VARCHAR(32)
  ) DUPLICATE KEY(dt, id)
  PARTITION BY RANGE(dt) (PARTITION p1 VALUES LESS THAN ('2024-04-01'), PARTITION p2 VALUES LESS THAN ('2024-07-01'), PARTITION p3 VALUES LESS THAN ('2025-01-01'))
  DISTRIBUTED BY HASH(id) BUCKETS 4 PROPERTIES ("replication_num" = "${replicas}")`;

function values(from: number, count: number): string {
  return Array.from({ length: count }, (_, i) => {
    const id = from + i;
    const month = String(1 + (id % 12)).padStart(2, '0');
    return `('2024-${month}-0${1 + (id % 9)}', ${id}, ${id}.25, 'n${id}')`;
  }).join(', ');
}

test('full then incremental replication of a multi-partition table between clusters with different replica counts', async (t) => {
  const source = await startCluster('repl-source');
  const target = await startCluster('repl-target');
  t.after(() => Promise.all([source.stop(), target.stop()]));
  const src = await connect(source);
  const dst = await connect(target);
  t.after(() => Promise.all([src.end(), dst.end()]));
  await src.query('CREATE DATABASE db');
  await dst.query('CREATE DATABASE db');
  await src.query(DDL(3));
  await dst.query(DDL(2));
  for (let batch = 0; batch < 3; batch++) await src.query(`INSERT INTO db.orders VALUES ${values(batch * 200, 200)}`);

  const compare = async () => {
    assert.deepEqual(await rows(dst, 'SELECT * FROM db.orders ORDER BY id'), await rows(src, 'SELECT * FROM db.orders ORDER BY id'));
    const versions = async (conn: typeof src) =>
      (await rows(conn, "SELECT PARTITION_NAME, VISIBLE_VERSION, VERSION_EPOCH FROM information_schema.partitions_meta WHERE DB_NAME = 'db' ORDER BY PARTITION_NAME"));
    assert.deepEqual(await versions(dst), await versions(src));
  };

  const full = await requestReplication(source, target, 'db', 'orders');
  assert.deepEqual(full.response.status, { status_code: 0 });
  const fullJob = await waitForJob(target, full.jobId!);
  assert.equal(fullJob.State, 'COMMITTED', String(fullJob.Error));
  await compare();

  // More loads on the source: only the new versions travel.
  await src.query(`INSERT INTO db.orders VALUES ${values(10_000, 100)}`);
  await src.query(`INSERT INTO db.orders VALUES ${values(20_000, 100)}`);
  const before = await downloaded(target);
  const incremental = await requestReplication(source, target, 'db', 'orders');
  assert.equal((await waitForJob(target, incremental.jobId!)).State, 'COMMITTED');
  await compare();
  assert.ok((await downloaded(target)) > before);

  const again = await requestReplication(source, target, 'db', 'orders');
  // Nothing lags: the request names no partition and the FE refuses it.
  assert.deepEqual(again.response.status, { status_code: 4, error_msgs: ['partition_replication_infos is empty'] });
});

async function downloaded(cluster: Awaited<ReturnType<typeof startCluster>>): Promise<number> {
  return cluster.backends.reduce((sum, be) => sum + (be?.replication.downloadedBytes ?? 0), 0);
}
