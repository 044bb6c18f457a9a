// label_keep_max_second: a finished load's label stays in use (a second load with it is refused)
// until it is older than label_keep_max_second AND the label cleaner has run since; the cleaner
// runs every label_clean_interval_second (fe.conf only, default 4 hours).
// StarRocks: fe/fe-core/src/main/java/com/starrocks/transaction/TransactionState.java (isExpired),
// DatabaseTransactionMgr.java (removeExpiredTxns), server/GlobalStateMgr.java (createLabelCleaner,
// clearExpiredJobs), common/Config.java (label_keep_max_second, label_clean_interval_second).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, connect, rows } from '../../helpers/sim-cluster.js';
import { streamLoad } from '../../helpers/stream-load.js';
import { eventually } from '../../helpers/eventually.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const CREATE = 'CREATE TABLE db.t (k INT, v VARCHAR(16)) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES ("replication_num" = "1")';

test('a finished label is kept for label_keep_max_second, then the cleaner frees it', async (t) => {
  const cluster = await startCluster('label-keep', { backends: 1, config: { label_clean_interval_second: '1' } });
  t.after(() => cluster.stop());
  const conn = await connect(cluster);
  t.after(() => conn.end());
  await conn.query('CREATE DATABASE db');
  await conn.query(CREATE);
  await assert.rejects(conn.query('ADMIN SET FRONTEND CONFIG ("label_clean_interval_second" = "2")'), /is not mutable/);

  await conn.query("INSERT INTO db.t WITH LABEL l1 VALUES (1, 'first')");
  assert.equal((await streamLoad(cluster, '/api/db/t/_stream_load', '2,first\n', { label: 's1', column_separator: ',' })).Status, 'Success');
  await assert.rejects(conn.query("INSERT INTO db.t WITH LABEL l1 VALUES (1, 'again')"), /Label \[l1\] has already been used/);
  assert.equal((await streamLoad(cluster, '/api/db/t/_stream_load', '2,again\n', { label: 's1', column_separator: ',' })).Status, 'Label Already Exists');
  assert.deepEqual((await rows(conn, "SHOW PROC '/transactions/db/finished'")).map((r) => r.Label).sort(), ['l1', 's1']);

  // Kept for label_keep_max_second (default 3 days) past the load's end: lowered, the labels are
  // older than it (whole seconds, compared with >) and the next cleaner round forgets them.
  await conn.query('ADMIN SET FRONTEND CONFIG ("label_keep_max_second" = "1")');
  await eventually('the cleaner forgets both labels', async () => (await rows(conn, "SHOW PROC '/transactions/db/finished'")).length === 0, 10_000);
  await conn.query("INSERT INTO db.t WITH LABEL l1 VALUES (1, 'again')");
  assert.equal((await streamLoad(cluster, '/api/db/t/_stream_load', '2,again\n', { label: 's1', column_separator: ',' })).Status, 'Success');
  assert.deepEqual(await rows(conn, 'SELECT COUNT(*) AS n FROM db.t'), [{ n: '4' }]);
});

test('an expired label stays in use until the next cleaner round (label_clean_interval_second)', async (t) => {
  // The default interval: the cleaner ran when the FE started and not again within the test.
  const cluster = await startCluster('label-keep-interval', { backends: 1 });
  t.after(() => cluster.stop());
  const conn = await connect(cluster);
  t.after(() => conn.end());
  await conn.query('CREATE DATABASE db');
  await conn.query(CREATE);
  assert.deepEqual(await rows(conn, "ADMIN SHOW FRONTEND CONFIG LIKE 'label_clean_interval_second'").then((r) => r.map((c) => [c.Value, c.IsMutable])), [['14400', 'false']]);
  await conn.query('ADMIN SET FRONTEND CONFIG ("label_keep_max_second" = "1")');
  await conn.query("INSERT INTO db.t WITH LABEL l1 VALUES (1, 'first')");
  await sleep(2_500);
  await assert.rejects(conn.query("INSERT INTO db.t WITH LABEL l1 VALUES (1, 'again')"), /Label \[l1\] has already been used/);
});
