// Backquoted identifiers may hold any character: unicode, spaces, dots and backquotes (written
// doubled). Databases, tables, columns and partitions with such names go through DDL, loads,
// queries, SHOW and information_schema unchanged, and SHOW CREATE TABLE quotes them back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, connect, rows } from '../../helpers/sim-cluster.js';
import { quoteIdentifier as q } from '../../../src/storage-sim/sql/quoting.js';

const DB = '销售 db.x`y';
const TABLE = '订单 t.1`q';
const COLS = { day: '日期', id: 'id x', text: 'a.b', money: 'c`d' };
const P1 = '分区 1';
const P2 = 'p.2`x';
const full = `${q(DB)}.${q(TABLE)}`;

test('identifiers holding unicode, spaces, dots and backquotes', async (t) => {
  const cluster = await startCluster('engine-identifiers', { backends: 1 });
  t.after(() => cluster.stop());
  const conn = await connect(cluster);
  t.after(() => conn.end());

  await t.test('create a database and a partitioned table', async () => {
    await conn.query(`CREATE DATABASE ${q(DB)}`);
    await conn.query(`CREATE TABLE ${full} (
        ${q(COLS.day)} DATE NOT NULL, ${q(COLS.id)} BIGINT NOT NULL, ${q(COLS.text)} VARCHAR(20), ${q(COLS.money)} DECIMAL(10, 2)
      ) DUPLICATE KEY(${q(COLS.day)}, ${q(COLS.id)})
      PARTITION BY RANGE(${q(COLS.day)}) (PARTITION ${q(P1)} VALUES LESS THAN ("2024-02-01"), PARTITION ${q(P2)} VALUES [("2024-02-01"), ("2024-03-01")))
      DISTRIBUTED BY HASH(${q(COLS.id)}) BUCKETS 2`);
    assert.deepEqual(await rows(conn, 'SHOW DATABASES'), [{ Database: 'information_schema' }, { Database: DB }]);
    assert.deepEqual(await rows(conn, `SHOW TABLES FROM ${q(DB)}`), [{ [`Tables_in_${DB}`]: TABLE }]);
  });

  await t.test('insert with a column list and select the names back', async () => {
    await conn.query(`INSERT INTO ${full} (${Object.values(COLS).map(q).join(', ')}) VALUES ('2024-01-05', 1, '東京', 1.5), ('2024-02-05', 2, 'a\`b', 2)`);
    const [result, fields] = await conn.query(`SELECT ${q(COLS.id)}, ${q(COLS.text)}, ${q(COLS.money)} FROM ${full} WHERE ${q(COLS.text)} = '東京'`);
    // Result columns are labelled with the names themselves, not the quoted text.
    assert.deepEqual(fields?.map((f) => f.name), [COLS.id, COLS.text, COLS.money]);
    assert.deepEqual(result, [{ [COLS.id]: '1', [COLS.text]: '東京', [COLS.money]: '1.50' }]);
    assert.deepEqual(await rows(conn, `SELECT * FROM ${full} PARTITION (${q(P2)})`), [{ [COLS.day]: '2024-02-05', [COLS.id]: '2', [COLS.text]: 'a`b', [COLS.money]: '2.00' }]);
    assert.deepEqual(await rows(conn, `SELECT \`t\`.${q(COLS.id)} FROM ${full} AS \`t\` ORDER BY ${q(COLS.id)} DESC`), [{ [COLS.id]: '2' }, { [COLS.id]: '1' }]);
  });

  await t.test('USE and unqualified names', async () => {
    await conn.query(`USE ${q(DB)}`);
    assert.deepEqual(await rows(conn, 'SELECT DATABASE() AS d'), [{ d: DB }]);
    assert.deepEqual(await rows(conn, `SELECT COUNT(*) AS n FROM ${q(TABLE)}`), [{ n: '2' }]);
    assert.deepEqual(await rows(conn, 'SHOW FULL TABLES'), [{ [`Tables_in_${DB}`]: TABLE, Table_type: 'BASE TABLE' }]);
  });

  await t.test('SHOW PARTITIONS and information_schema show the names unquoted', async () => {
    const partitions = await rows(conn, `SHOW PARTITIONS FROM ${full}`);
    assert.deepEqual(partitions.map((p) => [p.PartitionName, p.PartitionKey, p.DistributionKey, p.RowCount]), [[P1, COLS.day, COLS.id, '1'], [P2, COLS.day, COLS.id, '1']]);
    assert.deepEqual(await rows(conn, `SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE, TABLE_ROWS FROM information_schema.tables WHERE TABLE_SCHEMA = '${DB}'`), [
      { TABLE_SCHEMA: DB, TABLE_NAME: TABLE, TABLE_TYPE: 'BASE TABLE', TABLE_ROWS: '2' },
    ]);
    assert.deepEqual(await rows(conn, `SELECT SCHEMA_NAME FROM information_schema.schemata WHERE SCHEMA_NAME = '${DB}'`), [{ SCHEMA_NAME: DB }]);
    assert.deepEqual(await rows(conn, `SELECT PARTITION_NAME, ROW_COUNT FROM information_schema.partitions_meta WHERE DB_NAME = '${DB}' AND TABLE_NAME = '${TABLE}' ORDER BY PARTITION_NAME`), [
      { PARTITION_NAME: P2, ROW_COUNT: '1' },
      { PARTITION_NAME: P1, ROW_COUNT: '1' },
    ]);
    assert.deepEqual((await rows(conn, `SELECT COLUMN_NAME FROM information_schema.columns WHERE TABLE_NAME = '${TABLE}'`)).map((r) => r.COLUMN_NAME), Object.values(COLS));
  });

  await t.test('ALTER TABLE with such partition and column names', async () => {
    await conn.query(`ALTER TABLE ${full} ADD PARTITION ${q('三月 `3`')} VALUES LESS THAN ("2024-04-01")`);
    await conn.query(`ALTER TABLE ${full} ADD COLUMN ${q('新 col.`z`')} INT DEFAULT "7"`);
    assert.deepEqual(await rows(conn, `SELECT ${q('新 col.`z`')} AS z FROM ${full} PARTITION (${q(P1)})`), [{ z: 7 }]);
    await conn.query(`ALTER TABLE ${full} DROP COLUMN ${q('新 col.`z`')}`);
    await conn.query(`ALTER TABLE ${full} DROP PARTITION ${q('三月 `3`')}`);
    assert.deepEqual((await rows(conn, `SHOW PARTITIONS FROM ${full}`)).map((p) => p.PartitionName), [P1, P2]);
  });

  await t.test('SHOW CREATE TABLE quotes every name, and its DDL recreates the table', async () => {
    const [original] = await rows(conn, `SHOW CREATE TABLE ${full}`);
    const ddl = String(original!['Create Table']);
    for (const name of [TABLE, ...Object.values(COLS), P1, P2]) assert.ok(ddl.includes(q(name)), `${q(name)} in ${ddl}`);
    const copyDb = 'copy `库` 2';
    await conn.query(`CREATE DATABASE ${q(copyDb)}`);
    await conn.query(`USE ${q(copyDb)}`);
    await conn.query(ddl);
    const [copy] = await rows(conn, `SHOW CREATE TABLE ${q(copyDb)}.${q(TABLE)}`);
    assert.equal(copy!['Create Table'], ddl);
    const ranges = async (db: string) => (await rows(conn, `SHOW PARTITIONS FROM ${q(db)}.${q(TABLE)}`)).map((p) => [p.PartitionName, p.Range]);
    assert.deepEqual(await ranges(copyDb), await ranges(DB));
    await conn.query(`INSERT INTO ${q(TABLE)} SELECT * FROM ${full}`);
    assert.deepEqual(await rows(conn, `SELECT * FROM ${q(TABLE)} ORDER BY ${q(COLS.id)}`), await rows(conn, `SELECT * FROM ${full} ORDER BY ${q(COLS.id)}`));
  });

  await t.test('views with such names', async () => {
    const view = '视图 `v`.1';
    await conn.query(`CREATE VIEW ${q(DB)}.${q(view)} AS SELECT ${q(COLS.id)} FROM ${full}`);
    const [shown] = await rows(conn, `SHOW CREATE VIEW ${q(DB)}.${q(view)}`);
    assert.equal(shown!.View, view);
    assert.match(String(shown!['Create View']), new RegExp(`^CREATE VIEW ${q(view).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} `));
    assert.deepEqual(await rows(conn, `SELECT TABLE_NAME FROM information_schema.views WHERE TABLE_SCHEMA = '${DB}'`), [{ TABLE_NAME: view }]);
    await conn.query(`DROP VIEW ${q(DB)}.${q(view)}`);
  });

  await t.test('drop the table and the database', async () => {
    await conn.query(`DROP TABLE ${full}`);
    assert.deepEqual(await rows(conn, `SHOW TABLES FROM ${q(DB)}`), []);
    await conn.query(`DROP DATABASE ${q(DB)}`);
    assert.ok(!(await rows(conn, 'SHOW DATABASES')).some((r) => r.Database === DB));
  });
});
