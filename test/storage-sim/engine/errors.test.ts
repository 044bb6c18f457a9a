// Errors as a MySQL client sees them from StarRocks: MySQL's errno and SQLSTATE, and for syntax
// errors StarRocks' 1064 HY000 text with the line, the column and the unexpected input. Anything malformed or
// unsupported is answered with an error, never left hanging.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, connect, rows } from '../../helpers/sim-cluster.js';
import { expectSqlError, within } from './engine-helpers.js';

test('errors carry MySQL errno and SQLSTATE', async (t) => {
  const cluster = await startCluster('engine-errors', { backends: 1 });
  t.after(() => cluster.stop());
  const conn = await connect(cluster);
  t.after(() => conn.end());
  await conn.query('CREATE DATABASE shop');
  await conn.query(`CREATE TABLE shop.items (id BIGINT NOT NULL, name VARCHAR(32)) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1`);
  await conn.query(`CREATE TABLE shop.events (dt DATE NOT NULL, n INT) DUPLICATE KEY(dt)
    PARTITION BY RANGE(dt) (PARTITION p1 VALUES LESS THAN ("2024-02-01"))
    DISTRIBUTED BY HASH(dt) BUCKETS 1`);

  await t.test('unknown database: 1049 (42000)', async () => {
    await expectSqlError(conn.query('SELECT * FROM nodb.t'), 1049, '42000', /Unknown database 'nodb'/);
    await expectSqlError(conn.query('USE nodb'), 1049, '42000', /Unknown database 'nodb'/);
    await expectSqlError(conn.query('SHOW TABLES FROM nodb'), 1049, '42000');
    await expectSqlError(conn.query('CREATE TABLE nodb.t (a INT)'), 1049, '42000');
  });

  await t.test('unknown table: 1146 (42S02)', async () => {
    for (const sql of ['SELECT * FROM shop.nope', 'INSERT INTO shop.nope VALUES (1)', 'DROP TABLE shop.nope', 'SHOW PARTITIONS FROM shop.nope', 'SHOW CREATE TABLE shop.nope', 'TRUNCATE TABLE shop.nope', 'SELECT * FROM information_schema.nope']) {
      await expectSqlError(conn.query(sql), 1146, '42S02', /Table '.*nope' doesn't exist/);
    }
  });

  // StarRocks: fe/fe-core/src/main/java/com/starrocks/sql/parser/ParsingException.java
  await t.test('syntax: 1064 (HY000), the line, the column from 0 and the unexpected input', async () => {
    const err = await expectSqlError(conn.query('SELECT id\nFROM shop.items\nWHERE id = = 1'), 1064, 'HY000');
    assert.equal(err.message, "Getting syntax error at line 3, column 11. Detail message: Unexpected input '=', the most similar input is {an expression}.");
    await expectSqlError(conn.query('SELEC 1'), 1064, 'HY000', /^Getting syntax error at line 1, column 0\. Detail message: Unexpected input 'SELEC'/);
    // At the end of the text the input is ANTLR's <EOF>.
    await expectSqlError(conn.query('SELECT 1 +'), 1064, 'HY000', /line 1, column 10\. Detail message: Unexpected input '<EOF>'/);
    await expectSqlError(conn.query('CREATE TABLE shop.x (a INT'), 1064, 'HY000', /Unexpected input '<EOF>', the most similar input is \{'\)'\}\.$/);
  });

  await t.test('no database selected: 1046 (3D000)', async () => {
    for (const sql of ['SELECT * FROM items', 'SHOW TABLES', 'CREATE TABLE t (a INT)', 'INSERT INTO items VALUES (1, "a")', 'SHOW PARTITIONS FROM items']) {
      await expectSqlError(conn.query(sql), 1046, '3D000', /No database selected/);
    }
  });

  await t.test('table exists: 1050 (42S01); database exists: 1007 (HY000)', async () => {
    await expectSqlError(conn.query('CREATE TABLE shop.items (a INT)'), 1050, '42S01', /Table 'items' already exists/);
    await expectSqlError(conn.query('CREATE VIEW shop.items AS SELECT 1'), 1050, '42S01');
    await expectSqlError(conn.query('CREATE DATABASE shop'), 1007, 'HY000', /Can't create database 'shop'; database exists/);
    await expectSqlError(conn.query('DROP DATABASE nodb'), 1008, 'HY000', /Can't drop database 'nodb'; database doesn't exist/);
  });

  await t.test("unknown column: a query's analysis error (1064), found before any row is read; 1054 elsewhere", async () => {
    // The table is empty: the name is resolved when the query is analysed, not per row.
    // StarRocks: fe/fe-core/src/main/java/com/starrocks/sql/analyzer/Scope.java (resolveField)
    const unresolved = (sql: string) => `Getting analyzing error. Detail message: Column '${sql}' cannot be resolved.`;
    const error = await expectSqlError(conn.query('SELECT nocol FROM shop.items'), 1064, 'HY000');
    assert.equal(error.message, unresolved('`nocol`'));
    for (const sql of ['SELECT * FROM shop.items WHERE nocol = 1', 'SELECT * FROM shop.items ORDER BY nocol', 'SELECT COUNT(*) FROM shop.items GROUP BY nocol']) {
      assert.equal((await expectSqlError(conn.query(sql), 1064, 'HY000')).message, unresolved('`nocol`'), sql);
    }
    assert.equal((await expectSqlError(conn.query('SELECT i.nocol FROM shop.items i'), 1064, 'HY000')).message, unresolved('`i`.`nocol`'));
    await expectSqlError(conn.query('INSERT INTO shop.items (id, nocol) VALUES (1, 2)'), 1054, '42S22', /Unknown column 'nocol'/);
    await expectSqlError(conn.query('ALTER TABLE shop.items DROP COLUMN nocol'), 1054, '42S22');
    await expectSqlError(conn.query('ALTER TABLE shop.items ADD COLUMN name INT'), 1060, '42S21', /Duplicate column name 'name'/);
  });

  await t.test('duplicate partition: 1517; unknown partition: 1735', async () => {
    await expectSqlError(conn.query('ALTER TABLE shop.events ADD PARTITION p1 VALUES LESS THAN ("2024-03-01")'), 1517, 'HY000', /Duplicate partition name p1/);
    await expectSqlError(
      conn.query(`CREATE TABLE shop.twice (dt DATE) DUPLICATE KEY(dt) PARTITION BY RANGE(dt)
        (PARTITION p1 VALUES LESS THAN ("2024-01-01"), PARTITION p1 VALUES LESS THAN ("2024-02-01")) DISTRIBUTED BY HASH(dt) BUCKETS 1`),
      1517,
      'HY000',
    );
    for (const sql of ['ALTER TABLE shop.events DROP PARTITION p9', 'SELECT * FROM shop.events PARTITION (p9)', 'SHOW TABLET FROM shop.events PARTITION (p9)', 'TRUNCATE TABLE shop.events PARTITION (p9)', 'INSERT INTO shop.events PARTITION (p9) VALUES ("2024-01-01", 1)']) {
      await expectSqlError(conn.query(sql), 1735, 'HY000', /Unknown partition 'p9' in table 'events'/);
    }
    // IF [NOT] EXISTS turn both into no-ops.
    await conn.query('ALTER TABLE shop.events DROP PARTITION IF EXISTS p9');
    await conn.query('ALTER TABLE shop.events ADD PARTITION IF NOT EXISTS p1 VALUES LESS THAN ("2024-03-01")');
    assert.deepEqual((await rows(conn, 'SHOW PARTITIONS FROM shop.events')).map((p) => p.PartitionName), ['p1']);
  });

  await t.test('unsupported statements: 1235 (42000), by name', async () => {
    await expectSqlError(conn.query('DELETE FROM shop.items'), 1235, '42000', /DELETE/);
    await expectSqlError(conn.query('SELECT * FROM shop.items a JOIN shop.events b'), 1235, '42000', /JOIN/);
    await expectSqlError(conn.query('SELECT * FROM a JOIN b'), 1235, '42000', /JOIN/);
    await expectSqlError(conn.query('UPDATE shop.items SET name = "x"'), 1235, '42000', /UPDATE/);
    await expectSqlError(conn.query('SELECT 1 UNION SELECT 2'), 1235, '42000', /UNION/);
  });

  await t.test('garbage is answered with an error, never a hang, and the session stays usable', async () => {
    const garbage = [')))(((', "'unterminated", '`unterminated', '😀😀😀', 'SELECT', 'CREATE', 'DROP', 'SHOW', 'INSERT INTO', '\u0000\u0001', 'SELECT * FROM', 'SET', '= = =', 'ALTER TABLE shop.items'];
    for (const sql of garbage) {
      const err = await within(5000, conn.query(sql).then(() => undefined, (e: { errno?: number; sqlState?: string }) => e), JSON.stringify(sql));
      assert.ok(err, `${JSON.stringify(sql)} was accepted`);
      assert.equal(err.errno, 1064, `${JSON.stringify(sql)}: errno`);
      assert.equal(err.sqlState, 'HY000');
    }
    // An empty query (only a comment) is MySQL's 1065.
    await expectSqlError(conn.query('/* nothing */'), 1065, '42000', /Query was empty/);
    // Several statements without the client's multi-statements option: refused, not half-run.
    await expectSqlError(conn.query('INSERT INTO shop.items VALUES (1, "a"); SELECT 1'), 1064, 'HY000');
    assert.deepEqual(await rows(conn, 'SELECT COUNT(*) AS n FROM shop.items'), [{ n: '0' }]);
    assert.deepEqual(await rows(conn, 'SELECT 1 AS one'), [{ one: '1' }]);
  });
});
