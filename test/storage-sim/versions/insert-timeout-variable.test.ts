// INSERT's load timeout by release: the session's query_timeout up to 3.3, insert_timeout (14400)
// from 3.4, checked against min_load_timeout_second and max_load_timeout_second.
// StarRocks: fe/fe-core/src/main/java/com/starrocks/qe/StmtExecutor.java (the timeout passed to
// beginTransaction), qe/SessionVariable.java (insert_timeout),
// transaction/GlobalTransactionMgr.java (checkValidTimeoutSecond).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, connect, rows } from '../../helpers/sim-cluster.js';

const CREATE = 'CREATE TABLE db.t (k INT, v VARCHAR(16)) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES ("replication_num" = "1")';

test('INSERT on 3.3 and earlier: the session query_timeout is the load timeout', async (t) => {
  const cluster = await startCluster('insert-timeout-3.3', { backends: 1, starrocksVersion: '3.3' });
  t.after(() => cluster.stop());
  const conn = await connect(cluster);
  t.after(() => conn.end());
  await conn.query('CREATE DATABASE db');
  await conn.query(CREATE);
  assert.deepEqual(await rows(conn, "SHOW VARIABLES LIKE 'insert_timeout'"), []);
  await conn.query('ADMIN SET FRONTEND CONFIG ("max_load_timeout_second" = "200")');
  // query_timeout defaults to 300.
  await assert.rejects(conn.query("INSERT INTO db.t VALUES (1, 'a')"), { message: 'Invalid timeout. Timeout should between 1 and 200 seconds' });
  await conn.query('SET query_timeout = 200');
  await conn.query("INSERT INTO db.t VALUES (1, 'a')");
  assert.deepEqual(await rows(conn, 'SELECT COUNT(*) AS n FROM db.t'), [{ n: '1' }]);
});
