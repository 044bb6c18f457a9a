// max_running_txn_num_per_db: a synchronous load (INSERT, Stream Load) that would exceed the
// database's running transactions is refused at once, and is accepted again once the limit is
// raised or the running load finishes.
// StarRocks: fe/fe-core/src/main/java/com/starrocks/transaction/DatabaseTransactionMgr.java
// (checkRunningTxnExceedLimit, called by beginTransaction after the label check).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, connect, rows } from '../../helpers/sim-cluster.js';
import { heldBody, streamLoad } from '../../helpers/stream-load.js';
import { eventually } from '../../helpers/eventually.js';

test('max_running_txn_num_per_db refuses INSERT and Stream Load while the limit is reached', async (t) => {
  const cluster = await startCluster('running-txn-limit', { backends: 1 });
  t.after(() => cluster.stop());
  const conn = await connect(cluster);
  t.after(() => conn.end());
  await conn.query('CREATE DATABASE db');
  await conn.query('CREATE TABLE db.t (k INT, v VARCHAR(16)) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES ("replication_num" = "1")');
  const dbId = (await rows(conn, "SHOW PROC '/dbs'")).find((d) => d.DbName === 'db')!.DbId;
  assert.deepEqual(await rows(conn, "ADMIN SHOW FRONTEND CONFIG LIKE 'max_running_txn_num_per_db'").then((r) => r.map((c) => c.Value)), ['1000']);
  await conn.query('ADMIN SET FRONTEND CONFIG ("max_running_txn_num_per_db" = "1")');

  // A Stream Load whose body is not finished holds its transaction open.
  const held = heldBody('1,held\n');
  const heldLoad = streamLoad(cluster, '/api/db/t/_stream_load', held.body, { label: 'held', column_separator: ',' });
  await eventually('the held load runs', async () => (await rows(conn, "SHOW PROC '/transactions/db/running'")).length === 1, 10_000);

  // StarRocks: fe/fe-core/src/main/java/com/starrocks/sql/StatementPlanner.java (INSERT wraps what
  // beginTransaction threw); Stream Load reports the text as it is.
  const busy = `current running txns on db ${dbId} is 1, larger than limit 1`;
  const refusal = `Getting analyzing error. Detail message: fail to begin transaction. ${busy}.`;
  await assert.rejects(conn.query("INSERT INTO db.t WITH LABEL i1 VALUES (2, 'insert')"), { message: refusal });
  const refused = await streamLoad(cluster, '/api/db/t/_stream_load', '3,stream\n', { label: 's1', column_separator: ',' });
  assert.equal(refused.Status, 'Fail');
  assert.equal(refused.Message, busy);
  // A refused load holds no label and wrote nothing.
  assert.deepEqual(await rows(conn, "SHOW PROC '/transactions/db/finished'"), []);

  // Raised: both kinds run beside the held one.
  await conn.query('ADMIN SET FRONTEND CONFIG ("max_running_txn_num_per_db" = "2")');
  await conn.query("INSERT INTO db.t WITH LABEL i1 VALUES (2, 'insert')");
  assert.equal((await streamLoad(cluster, '/api/db/t/_stream_load', '3,stream\n', { label: 's1', column_separator: ',' })).Status, 'Success');

  // Back to 1: refused while the held load runs, accepted once it has finished.
  await conn.query('ADMIN SET FRONTEND CONFIG ("max_running_txn_num_per_db" = "1")');
  await assert.rejects(conn.query("INSERT INTO db.t VALUES (4, 'later')"), { message: refusal });
  held.finish();
  assert.equal((await heldLoad).Status, 'Success');
  await conn.query("INSERT INTO db.t VALUES (4, 'later')");
  assert.deepEqual(await rows(conn, 'SELECT k, v FROM db.t ORDER BY k'), [
    { k: 1, v: 'held' },
    { k: 2, v: 'insert' },
    { k: 3, v: 'stream' },
    { k: 4, v: 'later' },
  ]);
});
