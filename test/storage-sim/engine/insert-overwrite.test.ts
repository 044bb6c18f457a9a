// INSERT OVERWRITE through the MySQL protocol, as StarRocks runs it: the rows go into temporary
// partitions that are swapped in at the end, so the overwritten partitions get new ids, a visible
// version of 2 and a new version epoch; other partitions are untouched; a failure leaves the table
// as it was, with no temporary partition left behind.
// StarRocks: fe/fe-core/src/main/java/com/starrocks/load/InsertOverwriteJobRunner.java,
//            fe/fe-core/src/main/java/com/starrocks/load/PartitionUtils.java
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Connection, ResultSetHeader } from 'mysql2/promise';
import { startCluster, connect, rows } from '../../helpers/sim-cluster.js';
import { expectSqlError } from './engine-helpers.js';

type Meta = Record<string, { id: string; version: string; epoch: string; temp: string }>;

async function meta(conn: Connection, table: string): Promise<Meta> {
  const found = await rows(conn, `SELECT PARTITION_NAME, PARTITION_ID, VISIBLE_VERSION, VERSION_EPOCH, IS_TEMP FROM information_schema.partitions_meta WHERE DB_NAME = 'ov' AND TABLE_NAME = '${table}'`);
  return Object.fromEntries(found.map((r) => [String(r.PARTITION_NAME), { id: String(r.PARTITION_ID), version: String(r.VISIBLE_VERSION), epoch: String(r.VERSION_EPOCH), temp: String(r.IS_TEMP) }]));
}

async function tabletPartitions(conn: Connection): Promise<string[]> {
  return [...new Set((await rows(conn, 'SELECT PARTITION_ID FROM information_schema.be_tablets')).map((r) => String(r.PARTITION_ID)))].sort();
}

async function exec(conn: Connection, sql: string): Promise<ResultSetHeader> {
  const [result] = await conn.query(sql);
  return result as ResultSetHeader;
}

const SALES = (name: string) => `CREATE TABLE ov.${name} (id BIGINT NOT NULL, dt DATE NOT NULL, amount INT) DUPLICATE KEY(id)
  PARTITION BY RANGE(dt) (PARTITION p1 VALUES LESS THAN ("2024-02-01"), PARTITION p2 VALUES LESS THAN ("2024-03-01"), PARTITION p3 VALUES LESS THAN ("2024-04-01"))
  DISTRIBUTED BY HASH(id) BUCKETS 2 PROPERTIES ("replication_num" = "2")`;

test('INSERT OVERWRITE', async (t) => {
  const cluster = await startCluster('engine-insert-overwrite');
  t.after(() => cluster.stop());
  const conn = await connect(cluster);
  t.after(() => conn.end());
  await conn.query('CREATE DATABASE ov');
  await conn.query(SALES('sales'));
  await conn.query(SALES('staging'));
  await conn.query("INSERT INTO ov.sales VALUES (1, '2024-01-01', 10), (2, '2024-01-02', 20), (3, '2024-02-03', 30), (4, '2024-02-04', 40), (5, '2024-03-05', 50)");
  await conn.query("INSERT INTO ov.sales VALUES (6, '2024-03-06', 60)");
  await conn.query("INSERT INTO ov.staging VALUES (31, '2024-02-21', 310), (32, '2024-02-22', 320), (33, '2024-02-23', 330)");

  await t.test('the whole table: every partition replaced (new id, version 2 or 1 when no row fell in it, new epoch), data replaced', async () => {
    const before = await meta(conn, 'sales');
    const ranges = (await rows(conn, 'SHOW PARTITIONS FROM ov.sales')).map((r) => [r.PartitionName, r.Range, r.Buckets, r.ReplicationNum]);
    const result = await exec(conn, "INSERT OVERWRITE ov.sales WITH LABEL ow_all VALUES (10, '2024-01-10', 100), (11, '2024-02-11', 110)");
    assert.equal(result.affectedRows, 2);
    // mysql2 keeps the info's length byte (it reads the rest of the OK packet without SESSION_TRACK).
    assert.match(result.info, /^.\{'label':'ow_all', 'status':'VISIBLE', 'txnId':'\d+'\}$/s);
    assert.deepEqual(await rows(conn, 'SELECT id, dt, amount FROM ov.sales ORDER BY id'), [
      { id: '10', dt: '2024-01-10', amount: 100 },
      { id: '11', dt: '2024-02-11', amount: 110 },
    ]);
    const after = await meta(conn, 'sales');
    assert.deepEqual(Object.keys(after).sort(), ['p1', 'p2', 'p3']);
    for (const name of ['p1', 'p2', 'p3']) {
      assert.notEqual(after[name]!.id, before[name]!.id, `id of ${name}`);
      assert.notEqual(after[name]!.epoch, before[name]!.epoch, `epoch of ${name}`);
      assert.equal(after[name]!.temp, 'false');
    }
    // p3 got no row: it was replaced by its empty temporary partition, at version 1.
    assert.deepEqual([after.p1!.version, after.p2!.version, after.p3!.version], ['2', '2', '1']);
    assert.deepEqual((await rows(conn, 'SHOW PARTITIONS FROM ov.sales')).map((r) => [r.PartitionName, r.Range, r.Buckets, r.ReplicationNum]), ranges);
    assert.deepEqual(await rows(conn, 'SHOW TEMPORARY PARTITIONS FROM ov.sales'), []);
    const tablets = await tabletPartitions(conn);
    for (const name of ['p1', 'p2', 'p3']) {
      assert.ok(!tablets.includes(before[name]!.id), `the old tablets of ${name} are dropped`);
      assert.ok(tablets.includes(after[name]!.id), `the new tablets of ${name} are there`);
    }
    const txn = (await rows(conn, "SHOW PROC '/transactions/ov/finished'")).find((r) => r.Label === 'ow_all');
    assert.equal(txn?.TransactionStatus, 'VISIBLE');
  });

  await t.test('PARTITION (p2) ... SELECT: only p2 is replaced; the other partitions keep ids, versions, epochs and rows', async () => {
    const before = await meta(conn, 'sales');
    await conn.query('INSERT OVERWRITE ov.sales PARTITION (p2) SELECT * FROM ov.staging');
    const after = await meta(conn, 'sales');
    assert.deepEqual(after.p1, before.p1);
    assert.deepEqual(after.p3, before.p3);
    assert.notEqual(after.p2!.id, before.p2!.id);
    assert.notEqual(after.p2!.epoch, before.p2!.epoch);
    assert.equal(after.p2!.version, '2');
    assert.deepEqual(await rows(conn, 'SELECT id FROM ov.sales ORDER BY id'), [{ id: '10' }, { id: '31' }, { id: '32' }, { id: '33' }]);
  });

  await t.test('a failed INSERT OVERWRITE leaves the table as it was, with no temporary partition left', async () => {
    const before = { meta: await meta(conn, 'sales'), data: await rows(conn, 'SELECT * FROM ov.sales ORDER BY id'), tablets: await tabletPartitions(conn) };
    const unchanged = async (what: string) => {
      assert.deepEqual(await meta(conn, 'sales'), before.meta, what);
      assert.deepEqual(await rows(conn, 'SELECT * FROM ov.sales ORDER BY id'), before.data, what);
      assert.deepEqual(await rows(conn, 'SHOW TEMPORARY PARTITIONS FROM ov.sales'), [], what);
      assert.deepEqual(await tabletPartitions(conn), before.tablets, what);
    };
    // A bad value in strict mode (the default).
    await expectSqlError(conn.query("INSERT OVERWRITE ov.sales VALUES (40, '2024-01-01', 'not a number')"), 1064, 'HY000', /^Insert has filtered data in strict mode/);
    await unchanged('bad value');
    // A row outside the overwritten partitions, as INSERT INTO ... PARTITION refuses it.
    await expectSqlError(conn.query("INSERT OVERWRITE ov.sales PARTITION (p1) VALUES (41, '2024-01-01', 1), (42, '2024-02-02', 2)"), 1064, 'HY000', /out of partition ranges/);
    await unchanged('row outside the partitions');
    // A label already used: refused when the load begins, after the temporary partitions exist.
    await expectSqlError(conn.query("INSERT OVERWRITE ov.sales WITH LABEL ow_all VALUES (43, '2024-01-01', 1)"), 1064, 'HY000', /^Getting analyzing error\. Detail message: fail to begin transaction\. Label \[ow_all\] has already been used\.\.$/);
    await unchanged('label in use');
    await expectSqlError(conn.query("INSERT OVERWRITE ov.sales PARTITION (p9) VALUES (44, '2024-01-01', 1)"), 1735, 'HY000', /^Unknown partition 'p9' in table 'sales'$/);
    await expectSqlError(conn.query("INSERT OVERWRITE ov.sales VALUES (45, '2024-01-01')"), 1136, '21S01', /Column count doesn't match value count/);
    await unchanged('refused before it began');
  });

  await t.test('an overwrite that loads no row leaves an empty partition at version 1', async () => {
    const before = await meta(conn, 'sales');
    await conn.query('INSERT OVERWRITE ov.sales PARTITION (p2) SELECT * FROM ov.staging WHERE id < 0');
    const after = await meta(conn, 'sales');
    assert.notEqual(after.p2!.id, before.p2!.id);
    assert.equal(after.p2!.version, '1');
    assert.deepEqual(after.p1, before.p1);
    assert.deepEqual(await rows(conn, 'SELECT id FROM ov.sales ORDER BY id'), [{ id: '10' }]);
  });

  await t.test('overwriting a table from itself reads the old rows and writes the new ones', async () => {
    await conn.query("INSERT INTO ov.sales VALUES (12, '2024-01-12', 120), (13, '2024-03-13', 130)");
    await conn.query('INSERT OVERWRITE ov.sales SELECT id, dt, amount * 2 FROM ov.sales WHERE id > 10');
    assert.deepEqual(await rows(conn, 'SELECT id, amount FROM ov.sales ORDER BY id'), [
      { id: '12', amount: 240 },
      { id: '13', amount: 260 },
    ]);
  });

  await t.test('an unpartitioned table: its single partition is replaced, under the table\'s name', async () => {
    await conn.query('CREATE TABLE ov.flat (id BIGINT NOT NULL, name VARCHAR(10)) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 3');
    await conn.query("INSERT INTO ov.flat VALUES (1, 'a'), (2, 'b')");
    const before = await meta(conn, 'flat');
    await conn.query("INSERT OVERWRITE ov.flat (id, name) VALUES (3, 'c')");
    const after = await meta(conn, 'flat');
    assert.deepEqual(Object.keys(after), ['flat']);
    assert.notEqual(after.flat!.id, before.flat!.id);
    assert.notEqual(after.flat!.epoch, before.flat!.epoch);
    assert.equal(after.flat!.version, '2');
    assert.deepEqual(await rows(conn, 'SELECT * FROM ov.flat'), [{ id: '3', name: 'c' }]);
    assert.equal((await rows(conn, 'SHOW PARTITIONS FROM ov.flat'))[0]!.Buckets, '3');
  });
});

test('INSERT OVERWRITE of many rows: a concurrent reader sees all old or all new rows, never a mix', async (t) => {
  const cluster = await startCluster('engine-overwrite-reader');
  t.after(() => cluster.stop());
  const writer = await connect(cluster);
  const reader = await connect(cluster);
  const watcher = await connect(cluster);
  t.after(() => Promise.all([writer.end(), reader.end(), watcher.end()]));
  await writer.query('CREATE DATABASE ov');
  await writer.query(SALES('big'));
  await writer.query(SALES('source'));
  const values = (count: number, amount: number) => Array.from({ length: count }, (_, i) => `(${i}, '2024-0${1 + (i % 3)}-1${i % 10}', ${amount})`).join(', ');
  await writer.query(`INSERT INTO ov.big VALUES ${values(3000, 1)}`);
  await writer.query(`INSERT INTO ov.source VALUES ${values(1000, 2)}`);
  for (let i = 0; i < 5; i++) await writer.query('INSERT INTO ov.source SELECT * FROM ov.source');
  const OLD = '3000';
  const NEW = '32000';

  let done = false;
  const overwrite = writer.query('INSERT OVERWRITE ov.big SELECT * FROM ov.source').finally(() => (done = true));
  const counts: string[] = [];
  const tempNames = new Set<string>();
  const watching = (async () => {
    while (!done) {
      for (const r of await rows(watcher, "SELECT PARTITION_NAME FROM information_schema.partitions_meta WHERE TABLE_NAME = 'big' AND IS_TEMP = 'true'")) tempNames.add(String(r.PARTITION_NAME));
    }
  })();
  while (!done) counts.push(String((await rows(reader, 'SELECT COUNT(*) AS n FROM ov.big'))[0]!.n));
  await overwrite;
  await watching;
  counts.push(String((await rows(reader, 'SELECT COUNT(*) AS n FROM ov.big'))[0]!.n));

  assert.ok(counts.length >= 3, `reads during the overwrite: ${counts.join(', ')}`);
  assert.deepEqual(counts.filter((n) => n !== OLD && n !== NEW), [], `every count is ${OLD} or ${NEW}: ${counts.join(', ')}`);
  assert.equal(counts[0], OLD);
  assert.equal(counts.at(-1), NEW);
  // While the job ran, partitions_meta showed its temporary partitions, named <partition>_<jobId>.
  assert.ok(tempNames.size > 0, 'temporary partitions were seen while the job ran');
  for (const name of tempNames) assert.match(name, /^p[123]_\d+$/);
  assert.equal(new Set([...tempNames].map((n) => n.split('_')[1])).size, 1, 'one job id');
  assert.deepEqual(await rows(watcher, "SELECT PARTITION_NAME FROM information_schema.partitions_meta WHERE IS_TEMP = 'true'"), []);
  assert.deepEqual(await rows(reader, 'SELECT SUM(amount) AS s FROM ov.big'), [{ s: String(2 * 32000) }]);
});

