// min_load_timeout_second, max_load_timeout_second and max_stream_load_timeout_second: a load whose
// timeout lies outside the range is refused when its transaction begins, and writes nothing.
// StarRocks: fe/fe-core/src/main/java/com/starrocks/transaction/GlobalTransactionMgr.java
// (beginTransaction, checkValidTimeoutSecond); defaults from common/Config.java.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, connect, rows } from '../../helpers/sim-cluster.js';
import { streamLoad } from '../../helpers/stream-load.js';

const CREATE = 'CREATE TABLE db.t (k INT, v VARCHAR(16)) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES ("replication_num" = "1")';

test('Stream Load: the timeout header must lie within min_load_timeout_second and max_stream_load_timeout_second', async (t) => {
  const cluster = await startCluster('stream-load-timeout', { backends: 1 });
  t.after(() => cluster.stop());
  const conn = await connect(cluster);
  t.after(() => conn.end());
  await conn.query('CREATE DATABASE db');
  await conn.query(CREATE);
  const load = (label: string, timeout: string) => streamLoad(cluster, '/api/db/t/_stream_load', '1,a\n', { label, timeout, column_separator: ',' });

  assert.deepEqual(
    await rows(conn, "ADMIN SHOW FRONTEND CONFIG LIKE '%load_timeout_second'").then((r) => r.map((c) => [c.Key, c.Value])),
    [['max_load_timeout_second', '259200'], ['max_stream_load_timeout_second', '259200'], ['min_load_timeout_second', '1']],
  );
  const tooLong = await load('l1', '259201');
  assert.equal(tooLong.Status, 'Fail');
  assert.equal(tooLong.Message, 'Invalid timeout. Timeout should between 1 and 259200 seconds');
  assert.equal((await load('l2', '0')).Message, 'Invalid timeout. Timeout should between 1 and 259200 seconds');

  await conn.query('ADMIN SET FRONTEND CONFIG ("max_stream_load_timeout_second" = "100")');
  assert.equal((await load('l3', '101')).Message, 'Invalid timeout. Timeout should between 1 and 100 seconds');
  // The default (stream_load_default_timeout_second = 600) is checked like an explicit value.
  assert.equal((await streamLoad(cluster, '/api/db/t/_stream_load', '1,a\n', { label: 'l4', column_separator: ',' })).Message, 'Invalid timeout. Timeout should between 1 and 100 seconds');
  // max_load_timeout_second is not Stream Load's limit.
  await conn.query('ADMIN SET FRONTEND CONFIG ("max_load_timeout_second" = "50")');
  assert.equal((await load('l5', '100')).Status, 'Success');
  await conn.query('ADMIN SET FRONTEND CONFIG ("min_load_timeout_second" = "200", "max_stream_load_timeout_second" = "259200")');
  assert.equal((await load('l6', '100')).Message, 'Invalid timeout. Timeout should between 200 and 259200 seconds');

  // Only the accepted load wrote, and a refused label stays free.
  assert.deepEqual(await rows(conn, 'SELECT COUNT(*) AS n FROM db.t'), [{ n: '1' }]);
  assert.equal((await load('l6', '300')).Status, 'Success');
});

test('INSERT: the session insert_timeout (3.4 and later) must lie within min_load_timeout_second and max_load_timeout_second', async (t) => {
  const cluster = await startCluster('insert-timeout', { backends: 1 });
  t.after(() => cluster.stop());
  const conn = await connect(cluster);
  t.after(() => conn.end());
  await conn.query('CREATE DATABASE db');
  await conn.query(CREATE);
  assert.deepEqual(await rows(conn, "SHOW VARIABLES LIKE 'insert_timeout'"), [{ Variable_name: 'insert_timeout', Value: '14400' }]);

  await conn.query('ADMIN SET FRONTEND CONFIG ("max_load_timeout_second" = "14399")');
  await assert.rejects(conn.query("INSERT INTO db.t VALUES (1, 'a')"), { message: 'Invalid timeout. Timeout should between 1 and 14399 seconds' });
  await conn.query('SET insert_timeout = 14399');
  await conn.query("INSERT INTO db.t WITH LABEL ok1 VALUES (1, 'a')");
  // query_timeout is not an INSERT's timeout in these releases.
  await conn.query('SET query_timeout = 1');
  await conn.query('ADMIN SET FRONTEND CONFIG ("min_load_timeout_second" = "20000", "max_load_timeout_second" = "259200")');
  await assert.rejects(conn.query("INSERT INTO db.t VALUES (2, 'b')"), { message: 'Invalid timeout. Timeout should between 20000 and 259200 seconds' });
  // max_stream_load_timeout_second is not INSERT's limit.
  await conn.query('ADMIN SET FRONTEND CONFIG ("min_load_timeout_second" = "1", "max_stream_load_timeout_second" = "10")');
  await conn.query("INSERT INTO db.t VALUES (2, 'b')");
  assert.deepEqual(await rows(conn, 'SELECT COUNT(*) AS n FROM db.t'), [{ n: '2' }]);
});
