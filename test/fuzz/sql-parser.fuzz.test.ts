// Fuzz: the engine FE's SQL parser, which reads every statement a MySQL client sends. Whatever the
// text, parsing either yields statements or fails with SqlSyntaxError / UnsupportedStatementError
// (the errors the FE turns into MySQL error packets), with a position inside the text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseStatement, parseStatements, splitStatements, SqlSyntaxError, UnsupportedStatementError, tokenize } from '../../src/storage-sim/sql/index.js';
import { splitStatements as splitQuery } from '../../src/storage-sim/fe/mysql/split-statements.js';
import { budget } from './fuzz-budget.js';
import { nearValidText } from './mutations.js';

/** Valid statements of every family the parser knows, to mutate. */
const VALID = [
  'SELECT 1',
  "SELECT a, b + 1 AS c, COUNT(*) FROM db1.t1 WHERE a > 1 AND b IN ('x', 'y') GROUP BY a ORDER BY a DESC LIMIT 10",
  'SELECT * FROM information_schema.tables WHERE table_schema = "d"',
  'SELECT @@version_comment LIMIT 1',
  'CREATE DATABASE IF NOT EXISTS db1',
  "CREATE TABLE db1.t1 (k INT NOT NULL, v VARCHAR(20) DEFAULT 'x', d DECIMAL(10, 2), dt DATE) DUPLICATE KEY(k) PARTITION BY RANGE(dt) (PARTITION p1 VALUES LESS THAN ('2024-01-01')) DISTRIBUTED BY HASH(k) BUCKETS 3 PROPERTIES ('replication_num' = '1')",
  'CREATE TABLE t2 (id BIGINT, n INT SUM) AGGREGATE KEY(id) DISTRIBUTED BY HASH(id)',
  'CREATE TABLE pk (id BIGINT NOT NULL, s STRING) PRIMARY KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1',
  "INSERT INTO t1 (k, v) VALUES (1, 'a'), (2, NULL)",
  'INSERT OVERWRITE t1 SELECT * FROM t2',
  'ALTER TABLE t1 ADD COLUMN c INT DEFAULT "0" AFTER k',
  "ALTER TABLE t1 ADD PARTITION p2 VALUES LESS THAN ('2025-01-01')",
  'ALTER TABLE t1 DROP PARTITION p1',
  "ALTER TABLE t1 SET ('dynamic_partition.enable' = 'true')",
  'DROP TABLE IF EXISTS db1.t1 FORCE',
  'TRUNCATE TABLE t1 PARTITION (p1)',
  'SHOW DATABASES',
  "SHOW TABLES FROM db1 LIKE 't%'",
  'SHOW CREATE TABLE db1.t1',
  'SHOW PARTITIONS FROM t1',
  'SHOW FRONTENDS',
  'SHOW BACKENDS',
  'SHOW PROC "/dbs"',
  'SHOW DATA',
  "SHOW VARIABLES LIKE 'version%'",
  "SET SESSION query_timeout = 300",
  'SET NAMES utf8mb4',
  'USE db1',
  'KILL 5',
  "ADMIN SET FRONTEND CONFIG ('max_stream_load_timeout_second' = '100')",
  'CREATE VIEW v1 AS SELECT k FROM t1',
  'CREATE MATERIALIZED VIEW mv1 DISTRIBUTED BY HASH(k) REFRESH ASYNC AS SELECT k, SUM(n) FROM t2 GROUP BY k',
  "CREATE REPOSITORY repo WITH BROKER ON LOCATION 's3://b/p' PROPERTIES ('aws.s3.endpoint' = 'http://x')",
  'BACKUP SNAPSHOT db1.snap TO repo ON (t1, t2)',
  "RESTORE SNAPSHOT db1.snap FROM repo ON (t1) PROPERTIES ('backup_timestamp' = '2024-01-01-00-00-00-000')",
  "LOAD LABEL db1.l1 (DATA INFILE('s3://b/f.csv') INTO TABLE t1 COLUMNS TERMINATED BY ',') WITH BROKER",
  "CREATE STORAGE VOLUME v TYPE = S3 LOCATIONS = ('s3://b') PROPERTIES ('aws.s3.region' = 'us-east-1')",
  "SELECT 'it''s', `odd``name`, 0x1F, 1.5e3, -2 /* comment */ -- tail\n",
  'SELECT 1; SELECT 2;',
];

function isParserError(error: unknown): error is SqlSyntaxError | UnsupportedStatementError {
  return error instanceof SqlSyntaxError || error instanceof UnsupportedStatementError;
}

/** Runs `parse`; only the parser's own errors are allowed, and they must point inside the text. */
function checked(sql: string, parse: (sql: string) => unknown): void {
  try {
    parse(sql);
  } catch (error) {
    if (!isParserError(error)) throw error;
    assert.ok(error.offset >= 0 && error.offset <= sql.length, `offset ${error.offset} inside a text of ${sql.length}`);
    const message = error.toMysqlMessage();
    assert.ok(message.length > 0 && message.length < 1000 + sql.length, 'a clear, bounded message');
    if (error instanceof SqlSyntaxError) assert.match(message, /^Getting syntax error at line \d+, column -?\d+\. Detail message: /);
  }
}

const sqlText = fc.oneof(
  { weight: 4, arbitrary: nearValidText(VALID) },
  // Statements glued from the parser's own vocabulary: reach deeper than random characters do.
  {
    weight: 1,
    arbitrary: fc
      .array(fc.constantFrom('SELECT', 'FROM', 'WHERE', 'CREATE', 'TABLE', 'PARTITION', '(', ')', ',', "'x'", '`y`', '1', '-', '*', ';', 'BY', 'VALUES', 'LESS', 'THAN', 'MAXVALUE', 'IN', 'NOT', 'NULL', 'AS', '=', 'SHOW', 'ALTER', 'ADD', 'INSERT', 'INTO', '.', 'KEY', 'DISTRIBUTED', 'HASH', 'BUCKETS', 'PROPERTIES', 'SET', '@@x', '?', '/*', '*/', '--', '\n'), { maxLength: 30 })
      .map((words) => words.join(' ')),
  },
);

test('parseStatement: any text parses or fails with the parser own errors, pointing inside the text', () => {
  fc.assert(fc.property(sqlText, (sql) => checked(sql, parseStatement)), budget('sql parser: parseStatement', 1500));
});

test('parseStatements and the splitters: any script parses, or fails with the parser own errors', () => {
  fc.assert(
    fc.property(sqlText, (sql) => {
      checked(sql, parseStatements);
      checked(sql, tokenize);
      // How the MySQL server splits a multi-statement query before the parser sees each piece.
      for (const statement of splitQuery(sql)) {
        assert.ok(statement.trim() !== '' && sql.includes(statement), 'a query piece is a non-empty slice of the query');
        checked(statement, parseStatement);
      }
      for (const piece of splitStatements(sql)) {
        assert.equal(sql.slice(piece.offset, piece.offset + piece.text.length), piece.text, 'a piece is a slice of the script');
        checked(piece.text, parseStatement);
      }
    }),
    budget('sql parser: parseStatements', 800),
  );
});
