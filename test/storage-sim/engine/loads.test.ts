// INSERT as StarRocks runs it: a labelled, atomic load. Labels are unique per database (a used
// one is refused, an aborted one may be reused); PRIMARY KEY tables upsert; in strict mode (the
// default) one bad row, e.g. outside every partition, fails the whole statement.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Connection, ResultSetHeader } from 'mysql2/promise';
import { startCluster, connect, rows } from '../../helpers/sim-cluster.js';
import { expectSqlError } from './engine-helpers.js';

async function exec(conn: Connection, sql: string): Promise<ResultSetHeader> {
  const [result] = await conn.query(sql);
  return result as ResultSetHeader;
}

async function versions(conn: Connection, table: string): Promise<Record<string, string>> {
  return Object.fromEntries((await rows(conn, `SHOW PARTITIONS FROM ${table}`)).map((p) => [String(p.PartitionName), String(p.VisibleVersion)]));
}

test('loads with INSERT', async (t) => {
  const cluster = await startCluster('engine-loads');
  t.after(() => cluster.stop());
  const conn = await connect(cluster);
  t.after(() => conn.end());
  await conn.query('CREATE DATABASE loads');
  await conn.query(`CREATE TABLE loads.events (id BIGINT NOT NULL, dt DATE NOT NULL, v VARCHAR(10)) DUPLICATE KEY(id)
    PARTITION BY RANGE(dt) (PARTITION p1 VALUES LESS THAN ("2024-02-01"), PARTITION p2 VALUES LESS THAN ("2024-03-01"))
    DISTRIBUTED BY HASH(id) BUCKETS 3`);
  await conn.query(`CREATE TABLE loads.users (id BIGINT NOT NULL, name VARCHAR(20), score INT) PRIMARY KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 2`);

  await t.test('INSERT ... VALUES with several rows: one load, one version per touched partition', async () => {
    const result = await exec(conn, "INSERT INTO loads.events VALUES (1, '2024-01-01', 'a'), (2, '2024-01-15', 'b'), (3, '2024-02-01', 'c')");
    assert.equal(result.affectedRows, 3);
    assert.match(result.info, /'status':'VISIBLE'/);
    assert.deepEqual(await versions(conn, 'loads.events'), { p1: '2', p2: '2' });
    await conn.query("INSERT INTO loads.events (dt, id) VALUES ('2024-01-20', 4)");
    assert.deepEqual(await versions(conn, 'loads.events'), { p1: '3', p2: '2' });
    assert.deepEqual(await rows(conn, 'SELECT id, dt, v FROM loads.events ORDER BY id'), [
      { id: '1', dt: '2024-01-01', v: 'a' },
      { id: '2', dt: '2024-01-15', v: 'b' },
      { id: '3', dt: '2024-02-01', v: 'c' },
      { id: '4', dt: '2024-01-20', v: null },
    ]);
  });

  await t.test('WITH LABEL: the label is reported, and using it again is refused', async () => {
    const result = await exec(conn, "INSERT INTO loads.events WITH LABEL load_20240105 VALUES (5, '2024-01-05', 'e')");
    assert.match(result.info, /'label':'load_20240105'/);
    // StarRocks: fe/fe-core/src/main/java/com/starrocks/sql/StatementPlanner.java (a failed begin
    // becomes SemanticException "fail to begin transaction. " + common/LabelAlreadyUsedException.java's text)
    await expectSqlError(
      conn.query("INSERT INTO loads.events WITH LABEL load_20240105 VALUES (6, '2024-01-06', 'f')"),
      1064,
      'HY000',
      /^Getting analyzing error\. Detail message: fail to begin transaction\. Label \[load_20240105\] has already been used\.\.$/,
    );
    assert.deepEqual(await rows(conn, 'SELECT COUNT(*) AS n FROM loads.events WHERE id >= 5'), [{ n: '1' }]);
    const finished = await rows(conn, "SHOW PROC '/transactions/loads/finished'");
    assert.deepEqual(finished.filter((r) => r.Label === 'load_20240105').map((r) => r.TransactionStatus), ['VISIBLE']);
    // Labels are unique per database only.
    await conn.query('CREATE DATABASE other');
    await conn.query('CREATE TABLE other.t (id BIGINT NOT NULL) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1');
    await conn.query('INSERT INTO other.t WITH LABEL load_20240105 VALUES (1)');
  });

  await t.test('a row outside every partition fails the INSERT (strict mode) and loads nothing', async () => {
    const before = await versions(conn, 'loads.events');
    const count = await rows(conn, 'SELECT COUNT(*) AS n FROM loads.events');
    await expectSqlError(
      conn.query("INSERT INTO loads.events WITH LABEL out_of_range VALUES (7, '2024-01-07', 'g'), (8, '2030-01-01', 'h')"),
      1064,
      'HY000',
      /Insert has filtered data in strict mode.*out of partition ranges/,
    );
    assert.deepEqual(await rows(conn, 'SELECT COUNT(*) AS n FROM loads.events'), count);
    assert.deepEqual(await versions(conn, 'loads.events'), before);
    const aborted = (await rows(conn, "SHOW PROC '/transactions/loads/finished'")).find((r) => r.Label === 'out_of_range');
    assert.equal(aborted?.TransactionStatus, 'ABORTED');
    // The label of an aborted load may be used again.
    await conn.query("INSERT INTO loads.events WITH LABEL out_of_range VALUES (7, '2024-01-07', 'g')");
    // INSERT ... PARTITION (p) limits the rows to that partition.
    await expectSqlError(conn.query("INSERT INTO loads.events PARTITION (p1) VALUES (9, '2024-02-09', 'i')"), 1064, 'HY000', /out of partition ranges/);
    await conn.query("INSERT INTO loads.events PARTITION (p2) VALUES (9, '2024-02-09', 'i')");
  });

  await t.test('with enable_insert_strict off, bad rows are filtered and the rest load', async () => {
    await conn.query('SET enable_insert_strict = false');
    try {
      const result = await exec(conn, "INSERT INTO loads.events VALUES (10, '2030-01-01', 'x'), (11, '2024-01-11', 'k')");
      assert.equal(result.affectedRows, 1);
    } finally {
      await conn.query('SET enable_insert_strict = true');
    }
    assert.deepEqual(await rows(conn, 'SELECT id FROM loads.events WHERE id >= 10'), [{ id: '11' }]);
  });

  await t.test('other bad rows fail in strict mode too', async () => {
    await expectSqlError(conn.query("INSERT INTO loads.events VALUES (NULL, '2024-01-05', 'x')"), 1064, 'HY000', /NOT NULL/);
    await expectSqlError(conn.query("INSERT INTO loads.events VALUES (12, 'not a date', 'x')"), 1064, 'HY000', /not a valid DATE/);
    await expectSqlError(conn.query("INSERT INTO loads.events VALUES (12, '2024-01-05', 'far too long')"), 1064, 'HY000', /too long/);
    await expectSqlError(conn.query("INSERT INTO loads.events VALUES (12, '2024-01-05')"), 1136, '21S01', /Column count doesn't match value count at row 1/);
    assert.deepEqual(await rows(conn, 'SELECT COUNT(*) AS n FROM loads.events WHERE id = 12'), [{ n: '0' }]);
  });

  await t.test('columns left out of the column list: DEFAULT, else NULL, else the load fails (seed 004)', async () => {
    await conn.query(`CREATE TABLE loads.defaults (id BIGINT NOT NULL, status VARCHAR(10) NOT NULL DEFAULT "new", note VARCHAR(10), must INT NOT NULL)
      DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1`);
    await conn.query('INSERT INTO loads.defaults (id, must) VALUES (1, 5)');
    assert.deepEqual(await rows(conn, 'SELECT * FROM loads.defaults'), [{ id: '1', status: 'new', note: null, must: 5 }]);
    await expectSqlError(conn.query('INSERT INTO loads.defaults (id) VALUES (2)'), 1064, 'HY000', /'must' has no default value and is not nullable/);
  });

  // Seed 004: INSERT fills DEFAULT current_timestamp. The row conversion (src/storage-sim/fe/load/
  // row-conversion.ts) takes the word CURRENT_TIMESTAMP for a DATETIME literal and filters the row.
  await t.test('DEFAULT CURRENT_TIMESTAMP is filled with the load time', async () => {
    await conn.query('CREATE TABLE loads.stamped (id BIGINT NOT NULL, created DATETIME DEFAULT CURRENT_TIMESTAMP) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1');
    await conn.query('INSERT INTO loads.stamped (id) VALUES (1)');
    const [row] = await rows(conn, 'SELECT created FROM loads.stamped');
    assert.match(String(row?.created), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  });

  await t.test('PRIMARY KEY tables: a row with the same key replaces the old one', async () => {
    await conn.query("INSERT INTO loads.users VALUES (1, 'ann', 10), (2, 'bob', 20)");
    await conn.query("INSERT INTO loads.users VALUES (1, 'ann2', 11), (3, 'cy', 30)");
    // Within one load the last row for a key wins.
    await conn.query("INSERT INTO loads.users VALUES (2, 'bob2', 21), (2, 'bob3', 22)");
    assert.deepEqual(await rows(conn, 'SELECT * FROM loads.users ORDER BY id'), [
      { id: '1', name: 'ann2', score: 11 },
      { id: '2', name: 'bob3', score: 22 },
      { id: '3', name: 'cy', score: 30 },
    ]);
    assert.deepEqual(await rows(conn, 'SELECT COUNT(*) AS n FROM loads.users'), [{ n: '3' }]);
    const [partition] = await rows(conn, 'SHOW PARTITIONS FROM loads.users');
    assert.deepEqual([partition!.VisibleVersion, partition!.RowCount], ['4', '3']);
  });

  await t.test('INSERT ... SELECT, with and without a column list', async () => {
    await conn.query('CREATE TABLE loads.copy (id BIGINT NOT NULL, dt DATE NOT NULL, v VARCHAR(10)) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 2');
    const all = await exec(conn, 'INSERT INTO loads.copy SELECT * FROM loads.events');
    const source = await rows(conn, 'SELECT id, dt, v FROM loads.events ORDER BY id');
    assert.equal(all.affectedRows, source.length);
    assert.deepEqual(await rows(conn, 'SELECT id, dt, v FROM loads.copy ORDER BY id'), source);
    await conn.query("INSERT INTO loads.copy (v, id, dt) SELECT name, id + 100, '2024-06-01' FROM loads.users WHERE score > 20");
    assert.deepEqual(await rows(conn, 'SELECT id, dt, v FROM loads.copy WHERE id > 100 ORDER BY id'), [
      { id: '102', dt: '2024-06-01', v: 'bob3' },
      { id: '103', dt: '2024-06-01', v: 'cy' },
    ]);
    await expectSqlError(conn.query('INSERT INTO loads.copy SELECT id FROM loads.users'), 1136, '21S01');
  });
});
