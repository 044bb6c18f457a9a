import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ER_NOT_SUPPORTED_YET,
  ER_PARSE_ERROR,
  SQLSTATE_SYNTAX_ERROR,
  SqlSyntaxError,
  UnsupportedStatementError,
} from '../../../src/storage-sim/sql/errors.js';
import { parseStatement, parseStatements } from '../../../src/storage-sim/sql/parser.js';
import { syntaxError, unsupported } from './parse-as.js';

// StarRocks: fe/fe-core/src/main/java/com/starrocks/sql/parser/ParsingException.java (the text, since
// 3.1: PR #25490) and mysql/MysqlErrPacket.java (1064 / HY000 for an error without an ErrorCode).
test('a syntax error reads as StarRocks words it: 1064 HY000, line, column from 0, the unexpected input', () => {
  const e = syntaxError('SELEC 1');
  assert.equal(e.errno, ER_PARSE_ERROR);
  assert.equal(ER_PARSE_ERROR, 1064);
  assert.equal(e.sqlState, SQLSTATE_SYNTAX_ERROR);
  assert.equal(SQLSTATE_SYNTAX_ERROR, 'HY000');
  assert.deepEqual([e.offset, e.line, e.column], [0, 1, 1]);
  assert.equal(e.toMysqlMessage(), "Getting syntax error at line 1, column 0. Detail message: Unexpected input 'SELEC': unknown statement 'SELEC'.");
  // The example of StarRocks' documentation on reserved keywords: the same line and column.
  assert.match(syntaxError('CREATE DATABASE LIKE').toMysqlMessage(), /^Getting syntax error at line 1, column 16\. Detail message: Unexpected input 'LIKE', the most similar input is \{a database name\}\.$/);
  assert.match(syntaxError('SELECT 1 +').toMysqlMessage(), /Unexpected input '<EOF>', the most similar input is \{an expression\}\.$/);
});

test('error positions for typical mistakes', () => {
  const cases: [string, string, number][] = [
    ['SELECT * FROM t WHERE', '', 1],
    ['SELECT a FROM t WHERE a = = 1', '= 1', 1],
    ['CREATE TABLE t (\n  a INT,\n  b VARCHR(10)\n)', 'VARCHR(10)\n)', 3],
    ['CREATE TABLE t (a INT,)', ')', 1],
    ['DROP TABLE', '', 1],
    ["INSERT INTO t VALUES (1, 'a'", '', 1],
    ['SELECT 1 2', '2', 1],
    ["SELECT 'abc", "'abc", 1],
    ['SHOW TABLES FROM', '', 1],
    ['ALTER TABLE t ADD PARTITION p VALUES LESS THAN', '', 1],
    ['SELECT a FROM t ORDER BY', '', 1],
    ['SELECT 1;\nSELEC 2', 'SELEC 2', 2],
  ];
  for (const [sql, near, line] of cases) {
    const e = syntaxError(sql);
    assert.deepEqual([e.near, e.line], [near, line], sql);
    assert.ok(e.toMysqlMessage().startsWith(`Getting syntax error at line ${line}, column ${e.column - 1}. Detail message: Unexpected input '`), e.toMysqlMessage());
  }
});

test('the quoted text stops after 80 characters', () => {
  const e = syntaxError(`SELEC ${'x'.repeat(200)}`);
  assert.equal(Array.from(e.near).length, 80);
  assert.ok(e.near.startsWith('SELEC xxx'));
  const wide = syntaxError(`SELEC '${'😀'.repeat(100)}'`);
  assert.equal(Array.from(wide.near).length, 80, 'counted in characters, not UTF-16 units');
});

test('parseStatement takes one statement; parseStatements takes a script', () => {
  assert.equal(parseStatement('SELECT 1;;').kind, 'select');
  assert.equal(syntaxError('SELECT 1; SELECT 2').near, 'SELECT 2');
  assert.equal(syntaxError('').near, '');
  assert.equal(syntaxError('  -- only a comment').near, '');
  const all = parseStatements('USE db; SELECT 1;\n-- done\n;SHOW TABLES');
  assert.deepEqual(
    all.map((s) => [s.kind, s.text]),
    [
      ['use', 'USE db'],
      ['select', 'SELECT 1'],
      ['show_tables', 'SHOW TABLES'],
    ],
  );
  assert.deepEqual(parseStatements(' ; '), []);
});

test('StarRocks statements the engine does not implement are refused by name, typos are not', () => {
  for (const [sql, feature] of [
    ['GRANT SELECT ON *.* TO u', 'GRANT'],
    ['DELETE FROM t WHERE a = 1', 'DELETE'],
    ['DESC t', 'DESC'],
    ['EXPLAIN SELECT 1', 'EXPLAIN'],
    ["CREATE USER 'u' IDENTIFIED BY 'p'", 'CREATE USER'],
    ['DROP CATALOG hive', 'DROP CATALOG'],
    ['ALTER MATERIALIZED VIEW mv REFRESH MANUAL', 'ALTER MATERIALIZED'],
    ['REFRESH MATERIALIZED VIEW mv', 'REFRESH'],
  ] as const) {
    const e = unsupported(sql);
    assert.equal(e.feature, feature, sql);
    assert.equal(e.errno, ER_NOT_SUPPORTED_YET);
    assert.equal(e.sqlState, '42000');
    assert.match(e.toMysqlMessage(), new RegExp(feature));
  }
  assert.equal(syntaxError('CREATE TABL t (a INT)').near, 'TABL t (a INT)');
  assert.equal(syntaxError('DROP TABLES t').near, 'TABLES t');
});

test('deep nesting is a syntax error, not a stack overflow', () => {
  for (const sql of [
    `SELECT ${'('.repeat(5000)}1${')'.repeat(5000)}`,
    `SELECT ${'NOT '.repeat(5000)}1`,
    `SELECT ${'-'.repeat(5000)}1`,
    `SELECT ${'f('.repeat(5000)}1${')'.repeat(5000)}`,
  ]) {
    assert.throws(() => parseStatement(sql), SqlSyntaxError);
  }
  const long = `SELECT ${Array.from({ length: 5000 }, (_, i) => `a${i} = ${i}`).join(' AND ')}`;
  assert.equal(parseStatement(long).kind, 'select', 'long flat chains are fine');
});

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const CORPUS = [
  "CREATE DATABASE IF NOT EXISTS sales PROPERTIES ('replication_num' = '1')",
  'DROP DATABASE IF EXISTS sales FORCE',
  'USE default_catalog.sales',
  `CREATE TABLE IF NOT EXISTS sales.orders (
    dt DATE NOT NULL COMMENT "d", id BIGINT(20) NOT NULL, amount DECIMAL(27, 9) SUM NULL DEFAULT "0",
    note VARCHAR(20) REPLACE NULL DEFAULT 'x', INDEX i (id) USING BITMAP COMMENT ''
  ) ENGINE=OLAP AGGREGATE KEY(dt, id) COMMENT "c"
  PARTITION BY RANGE(dt) (PARTITION p1 VALUES LESS THAN ("2020-01-01"), PARTITION p2 VALUES [("2020-01-01"), ("2020-02-01")))
  DISTRIBUTED BY HASH(id) BUCKETS 8 ORDER BY (id) PROPERTIES ("replication_num" = "3")`,
  'ALTER TABLE db.t ADD PARTITION IF NOT EXISTS p3 VALUES LESS THAN ("2020-04-01") DISTRIBUTED BY HASH(id) BUCKETS 4 ("k" = "v")',
  'ALTER TABLE t ADD COLUMN c VARCHAR(20) NULL DEFAULT "x" AFTER b',
  'ALTER TABLE t ADD COLUMN (a INT, b DATE)',
  'ALTER TABLE t BASE COMPACT (p1, p2)',
  'ALTER TABLE t SET ("replication_num" = "2")',
  'TRUNCATE TABLE db.t PARTITION (p1, p2)',
  "CREATE VIEW IF NOT EXISTS db.v (k COMMENT 'key', total) COMMENT 'c' AS SELECT k, SUM(v) AS total FROM db.t GROUP BY k",
  "CREATE MATERIALIZED VIEW mv COMMENT 'm' PARTITION BY date_trunc('day', dt) DISTRIBUTED BY HASH(k) BUCKETS 2 REFRESH ASYNC START ('2024-01-01') EVERY (INTERVAL 1 DAY) PROPERTIES ('a' = 'b') AS SELECT a.k FROM a JOIN b ON a.k = b.k",
  "INSERT INTO db.t PARTITION (p1) WITH LABEL l1 (a, b) VALUES (1, 'x'), (-2.5, NULL)",
  'INSERT INTO t SELECT a, b FROM s WHERE a > 1',
  "SELECT DISTINCT a, t.*, COUNT(DISTINCT b) AS c, @@global.x FROM db.t AS t PARTITION (p1) WHERE a IN (1, 2) AND b NOT BETWEEN 1 AND 2 OR c IS NOT NULL AND d NOT LIKE 'x%' GROUP BY a HAVING COUNT(*) > 1 ORDER BY a DESC LIMIT 10, 5",
  "SHOW FULL TABLES FROM db LIKE 'a%'",
  'SHOW PARTITIONS FROM db.t WHERE PartitionName = "p1" ORDER BY PartitionId LIMIT 1',
  "SHOW SNAPSHOT ON repo WHERE SNAPSHOT = 's' AND TIMESTAMP = 't'",
  'SHOW TRANSACTION FROM db WHERE ID = 5',
  "ADMIN SET FRONTEND CONFIG ('a' = 'b')",
  "UPDATE information_schema.be_configs SET value = '1' WHERE name = 'x' AND be_id = 2",
  "SET GLOBAL a = 1, @@session.b = 'x', @u = ON",
  "SET NAMES utf8mb4 COLLATE 'utf8mb4_bin'",
  'CREATE READ ONLY REPOSITORY r WITH BROKER b ON LOCATION "s3a://x/y" PROPERTIES ("k" = "v")',
  'BACKUP SNAPSHOT db.s TO r ON (t1 PARTITION (p1), t2) PROPERTIES ("type" = "full")',
  "RESTORE SNAPSHOT db.s FROM r ON (t1 AS t3) PROPERTIES ('backup_timestamp' = 'x')",
  'KILL QUERY 5',
];

function checkOutcome(sql: string): void {
  try {
    const stmt = parseStatement(sql);
    assert.equal(typeof stmt.kind, 'string');
  } catch (error) {
    if (error instanceof SqlSyntaxError) {
      assert.ok(error.offset >= 0 && error.offset <= sql.length, `offset within the text: ${sql}`);
      assert.equal(typeof error.toMysqlMessage(), 'string');
      return;
    }
    if (error instanceof UnsupportedStatementError) return;
    assert.fail(`${sql}\nthrew ${String(error)}`);
  }
}

test('every corpus statement parses', () => {
  for (const sql of CORPUS) assert.doesNotThrow(() => parseStatement(sql), sql);
});

test('fuzz: truncations and small mutations give a statement or a syntax error, never anything else', () => {
  const next = random(20240611);
  const noise = ["'", '"', '`', '(', ')', ',', ';', '.', '-', '--', '/*', '*/', '#', '@', '@@', ' ', 'SELECT', 'NOT', '\\', 'é', '😀', '[', '1.5e'];
  for (const sql of CORPUS) {
    for (let cut = 0; cut < sql.length; cut++) checkOutcome(sql.slice(0, cut));
    for (let i = 0; i < 150; i++) {
      const at = Math.floor(next() * sql.length);
      const mode = Math.floor(next() * 3);
      const piece = noise[Math.floor(next() * noise.length)]!;
      const mutated =
        mode === 0 ? sql.slice(0, at) + sql.slice(at + 1 + Math.floor(next() * 5)) : mode === 1 ? sql.slice(0, at) + piece + sql.slice(at) : sql.slice(0, at) + piece + sql.slice(at + 1);
      checkOutcome(mutated);
    }
  }
});
