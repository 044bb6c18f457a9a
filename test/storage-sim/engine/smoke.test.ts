import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, connect, rows } from '../../helpers/sim-cluster.js';

test('create, load, query and inspect a partitioned table over the MySQL protocol', async (t) => {
  const cluster = await startCluster('smoke');
  t.after(() => cluster.stop());
  const conn = await connect(cluster);
  t.after(() => conn.end());
  await conn.query('CREATE DATABASE sales');
  await conn.query(`CREATE TABLE sales.orders (
      dt DATE NOT NULL, id BIGINT NOT NULL, amount DECIMAL(10, 2), note VARCHAR(64)
    ) DUPLICATE KEY(dt, id)
    PARTITION BY RANGE(dt) (PARTITION p202401 VALUES LESS THAN ("2024-02-01"), PARTITION p202402 VALUES LESS THAN ("2024-03-01"))
    DISTRIBUTED BY HASH(id) BUCKETS 4 PROPERTIES ("replication_num" = "2")`);
  await conn.query(`INSERT INTO sales.orders VALUES ('2024-01-05', 1, 10.5, 'a'), ('2024-02-07', 2, 20.25, NULL), ('2024-01-09', 3, 3, 'c')`);
  assert.deepEqual(await rows(conn, 'SELECT COUNT(*) AS n FROM sales.orders'), [{ n: '3' }]);
  assert.deepEqual(await rows(conn, 'SELECT id, amount, note FROM sales.orders ORDER BY id'), [
    { id: '1', amount: '10.50', note: 'a' },
    { id: '2', amount: '20.25', note: null },
    { id: '3', amount: '3.00', note: 'c' },
  ]);
  const partitions = await rows(conn, 'SHOW PARTITIONS FROM sales.orders');
  assert.deepEqual(partitions.map((p) => [p.PartitionName, p.VisibleVersion, p.RowCount]), [['p202401', '2', '2'], ['p202402', '2', '1']]);
  const meta = await rows(conn, "SELECT PARTITION_NAME, VISIBLE_VERSION, ROW_COUNT FROM information_schema.partitions_meta WHERE DB_NAME = 'sales' ORDER BY PARTITION_NAME");
  assert.deepEqual(meta, [{ PARTITION_NAME: 'p202401', VISIBLE_VERSION: '2', ROW_COUNT: '2' }, { PARTITION_NAME: 'p202402', VISIBLE_VERSION: '2', ROW_COUNT: '1' }]);
  const [port] = await rows(conn, "ADMIN SHOW FRONTEND CONFIG LIKE 'query_port'");
  assert.equal(port!.Value, String(cluster.fe.queryPort), 'the FE reports the port it really listens on');
});
