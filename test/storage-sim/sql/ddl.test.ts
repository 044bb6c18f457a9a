import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAs, syntaxError, unsupported } from './parse-as.js';

test('CREATE / DROP DATABASE and USE', () => {
  const create = parseAs('create database if not exists `sales db` PROPERTIES ("replication_num" = "1")', 'create_database');
  assert.equal(create.name, 'sales db');
  assert.equal(create.ifNotExists, true);
  assert.deepEqual(create.properties, { replication_num: '1' });
  assert.equal(parseAs('CREATE SCHEMA s', 'create_database').ifNotExists, false);

  const drop = parseAs('DROP DATABASE IF EXISTS sales FORCE;', 'drop_database');
  assert.deepEqual([drop.name, drop.ifExists, drop.force, drop.text], ['sales', true, true, 'DROP DATABASE IF EXISTS sales FORCE']);
  assert.equal(parseAs('drop database sales', 'drop_database').force, false);

  assert.deepEqual(parseAs('USE sales', 'use'), { kind: 'use', text: 'USE sales', db: 'sales' });
  const qualified = parseAs('USE default_catalog.`sales`', 'use');
  assert.deepEqual([qualified.catalog, qualified.db], ['default_catalog', 'sales']);
});

test('CREATE TABLE as SHOW CREATE TABLE prints it', () => {
  const sql = `CREATE TABLE IF NOT EXISTS \`sales\`.\`orders\` (
  \`dt\` date NOT NULL COMMENT "order date",
  \`id\` bigint(20) NOT NULL COMMENT "",
  \`amount\` decimal(27, 9) SUM NULL DEFAULT "0" COMMENT "",
  \`note\` varchar(65533) REPLACE NULL COMMENT "",
  \`created\` datetime MAX NULL DEFAULT CURRENT_TIMESTAMP COMMENT "",
  INDEX idx_id (\`id\`) USING BITMAP COMMENT 'bitmap on id'
) ENGINE=OLAP
AGGREGATE KEY(\`dt\`, \`id\`)
COMMENT "OLAP"
PARTITION BY RANGE(\`dt\`)
(PARTITION p202001 VALUES [("0000-01-01"), ("2020-02-01")),
PARTITION p202002 VALUES [("2020-02-01"), ("2020-03-01")))
DISTRIBUTED BY HASH(\`id\`) BUCKETS 8
ORDER BY(\`id\`)
PROPERTIES (
"replication_num" = "3",
"in_memory" = "false",
"compression" = "LZ4"
);`;
  const t = parseAs(sql, 'create_table');
  assert.deepEqual(t.table, { db: 'sales', name: 'orders' });
  assert.equal(t.ifNotExists, true);
  assert.equal(t.text, sql.slice(0, -1));
  assert.deepEqual(
    t.columns.map((c) => [c.name, c.type, c.nullable, c.aggregation, c.defaultValue, c.comment]),
    [
      ['dt', { name: 'DATE' }, false, undefined, undefined, 'order date'],
      ['id', { name: 'BIGINT' }, false, undefined, undefined, ''],
      ['amount', { name: 'DECIMAL', length: 27, scale: 9 }, true, 'SUM', { kind: 'value', value: '0' }, ''],
      ['note', { name: 'VARCHAR', length: 65533 }, true, 'REPLACE', undefined, ''],
      ['created', { name: 'DATETIME' }, true, 'MAX', { kind: 'current_timestamp' }, ''],
    ],
  );
  assert.equal(t.columns[2]!.typeText, 'decimal(27, 9)');
  assert.equal(t.columns[0]!.text, '`dt` date NOT NULL COMMENT "order date"');
  assert.deepEqual(t.indexes, [{ name: 'idx_id', columns: ['id'], using: 'BITMAP', comment: 'bitmap on id' }]);
  assert.equal(t.engine, 'OLAP');
  assert.deepEqual(t.keys, { kind: 'AGGREGATE', columns: ['dt', 'id'] });
  assert.equal(t.comment, 'OLAP');
  assert.deepEqual(t.partitioning?.columns, ['dt']);
  assert.deepEqual(
    t.partitioning?.partitions.map((p) => [p.name, p.values]),
    [
      ['p202001', { kind: 'fixed', lower: ['0000-01-01'], upper: ['2020-02-01'] }],
      ['p202002', { kind: 'fixed', lower: ['2020-02-01'], upper: ['2020-03-01'] }],
    ],
  );
  assert.equal(t.partitioning?.partitions[0]!.text, 'PARTITION p202001 VALUES [("0000-01-01"), ("2020-02-01"))');
  assert.deepEqual(t.distribution, { kind: 'HASH', columns: ['id'], buckets: 8 });
  assert.deepEqual(t.orderBy, ['id']);
  assert.deepEqual(Object.entries(t.properties), [
    ['replication_num', '3'],
    ['in_memory', 'false'],
    ['compression', 'LZ4'],
  ]);
});

test('CREATE TABLE: minimal form, key kinds, LESS THAN partitions, RANDOM distribution, empty partition list', () => {
  const minimal = parseAs('CREATE TABLE t (a INT)', 'create_table');
  assert.deepEqual(minimal.table, { name: 't' });
  assert.equal(minimal.columns[0]!.nullable, undefined);
  assert.equal(minimal.keys, undefined);
  assert.equal(minimal.distribution, undefined);
  assert.deepEqual(minimal.properties, {});

  for (const kind of ['DUPLICATE', 'PRIMARY', 'UNIQUE', 'AGGREGATE'] as const) {
    assert.equal(parseAs(`CREATE TABLE t (a INT) ${kind} KEY(a)`, 'create_table').keys?.kind, kind);
  }

  const ranged = parseAs(
    `CREATE TABLE t (k DATE, n INT) DUPLICATE KEY(k)
     PARTITION BY RANGE(k, n) (
       PARTITION p1 VALUES LESS THAN ("2020-01-01", "10"),
       PARTITION p2 VALUES LESS THAN ("2020-02-01", -5) ("replication_num" = "1"),
       PARTITION pmax VALUES LESS THAN MAXVALUE,
       PARTITION pm2 VALUES LESS THAN (MAXVALUE)
     ) DISTRIBUTED BY RANDOM BUCKETS 4`,
    'create_table',
  );
  assert.deepEqual(
    ranged.partitioning?.partitions.map((p) => [p.name, p.values, p.properties]),
    [
      ['p1', { kind: 'less_than', upper: ['2020-01-01', '10'] }, {}],
      ['p2', { kind: 'less_than', upper: ['2020-02-01', '-5'] }, { replication_num: '1' }],
      ['pmax', { kind: 'less_than', upper: null }, {}],
      ['pm2', { kind: 'less_than', upper: null }, {}],
    ],
  );
  assert.deepEqual(ranged.distribution, { kind: 'RANDOM', buckets: 4 });

  const empty = parseAs('CREATE TABLE t (k DATE) PARTITION BY RANGE(k) () DISTRIBUTED BY HASH(k)', 'create_table');
  assert.deepEqual(empty.partitioning, { kind: 'RANGE', columns: ['k'], partitions: [] });
  assert.deepEqual(empty.distribution, { kind: 'HASH', columns: ['k'] });
});

test('column types map to the engine\'s types with StarRocks defaults', () => {
  const cases: [string, object][] = [
    ['INT', { name: 'INT' }],
    ['INTEGER', { name: 'INT' }],
    ['int(11)', { name: 'INT' }],
    ['TINYINT', { name: 'TINYINT' }],
    ['smallint(6)', { name: 'SMALLINT' }],
    ['BIGINT', { name: 'BIGINT' }],
    ['LARGEINT', { name: 'LARGEINT' }],
    ['FLOAT', { name: 'FLOAT' }],
    ['DOUBLE', { name: 'DOUBLE' }],
    ['BOOLEAN', { name: 'BOOLEAN' }],
    ['DECIMAL', { name: 'DECIMAL', length: 10, scale: 0 }],
    ['DECIMAL(12)', { name: 'DECIMAL', length: 12, scale: 0 }],
    ['DECIMALV3(38, 10)', { name: 'DECIMAL', length: 38, scale: 10 }],
    ['decimal32(9, 2)', { name: 'DECIMAL', length: 9, scale: 2 }],
    ['DECIMAL64(18,4)', { name: 'DECIMAL', length: 18, scale: 4 }],
    ['DECIMAL128(38, 0)', { name: 'DECIMAL', length: 38, scale: 0 }],
    ['CHAR', { name: 'CHAR', length: 1 }],
    ['CHAR(20)', { name: 'CHAR', length: 20 }],
    ['VARCHAR', { name: 'VARCHAR', length: 65533 }],
    ['varchar(255)', { name: 'VARCHAR', length: 255 }],
    ['STRING', { name: 'STRING' }],
    ['DATE', { name: 'DATE' }],
    ['DATETIME', { name: 'DATETIME' }],
    ['JSON', { name: 'JSON' }],
  ];
  for (const [text, type] of cases) {
    const column = parseAs(`CREATE TABLE t (c ${text})`, 'create_table').columns[0]!;
    assert.deepEqual(column.type, type, text);
    assert.equal(column.typeText, text);
  }
  assert.match(unsupported('CREATE TABLE t (c ARRAY<INT>)').message, /column type ARRAY/);
  assert.match(unsupported('CREATE TABLE t (c BITMAP BITMAP_UNION)').message, /column type BITMAP/);
  assert.equal(syntaxError('CREATE TABLE t (c INTT)').near, 'INTT)');
});

test('column options: defaults of every kind, AUTO_INCREMENT, options in any order', () => {
  const t = parseAs(
    `CREATE TABLE t (
      a BIGINT NOT NULL AUTO_INCREMENT,
      b VARCHAR(10) DEFAULT 'x''y' NOT NULL,
      c INT NULL DEFAULT NULL,
      d DECIMAL(5,2) DEFAULT -1.25 COMMENT 'neg',
      e DATETIME DEFAULT CURRENT_TIMESTAMP()
    ) PRIMARY KEY (a)`,
    'create_table',
  );
  assert.deepEqual(
    t.columns.map((c) => [c.nullable, c.defaultValue, c.autoIncrement]),
    [
      [false, undefined, true],
      [false, { kind: 'value', value: "x'y" }, undefined],
      [true, { kind: 'null' }, undefined],
      [undefined, { kind: 'value', value: '-1.25' }, undefined],
      [undefined, { kind: 'current_timestamp' }, undefined],
    ],
  );
  assert.equal(syntaxError('CREATE TABLE t (a INT NULL NOT NULL)').near, 'NOT NULL)');
});

test('CREATE TABLE variants the engine refuses by name', () => {
  assert.match(unsupported('CREATE TABLE t (k DATE) PARTITION BY RANGE(k) (START ("2020-01-01") END ("2020-02-01") EVERY (INTERVAL 1 DAY))').message, /START/);
  assert.match(unsupported('CREATE TABLE t (k INT) PARTITION BY LIST(k) ()').message, /LIST/);
  assert.match(unsupported("CREATE TABLE t (k DATE) PARTITION BY date_trunc('day', k)").message, /expression partitioning/);
  assert.match(unsupported('CREATE TABLE t (k INT) ENGINE = mysql').message, /ENGINE = mysql/);
  assert.match(unsupported('CREATE TABLE t2 LIKE t').message, /LIKE/);
  assert.match(unsupported('CREATE TABLE t2 AS SELECT * FROM t').message, /AS SELECT/);
  assert.match(unsupported('CREATE EXTERNAL TABLE t (a INT)').message, /EXTERNAL/);
  assert.match(unsupported('CREATE TABLE t (a INT, INDEX i (a) USING NGRAMBF)').message, /NGRAMBF/);
});

test('DROP TABLE and TRUNCATE TABLE', () => {
  const drop = parseAs('DROP TABLE IF EXISTS db.t FORCE', 'drop_table');
  assert.deepEqual([drop.table, drop.ifExists, drop.force], [{ db: 'db', name: 't' }, true, true]);
  const plain = parseAs('drop table t', 'drop_table');
  assert.deepEqual([plain.ifExists, plain.force], [false, false]);

  assert.equal(parseAs('TRUNCATE TABLE db.t', 'truncate_table').partitions, undefined);
  assert.deepEqual(parseAs('TRUNCATE TABLE t PARTITION (p1, `p 2`)', 'truncate_table').partitions, ['p1', 'p 2']);
  assert.deepEqual(parseAs('TRUNCATE TABLE t PARTITION p1', 'truncate_table').partitions, ['p1']);
});

test('ALTER TABLE ADD / DROP PARTITION', () => {
  const add = parseAs(
    'ALTER TABLE db.t ADD PARTITION IF NOT EXISTS p3 VALUES LESS THAN ("2020-04-01") DISTRIBUTED BY HASH(id) BUCKETS 4 ("replication_num" = "1")',
    'alter_table',
  );
  assert.deepEqual(add.table, { db: 'db', name: 't' });
  assert.equal(add.action.kind, 'add_partition');
  if (add.action.kind !== 'add_partition') return;
  assert.equal(add.action.ifNotExists, true);
  assert.equal(add.action.partition.name, 'p3');
  assert.deepEqual(add.action.partition.values, { kind: 'less_than', upper: ['2020-04-01'] });
  assert.deepEqual(add.action.partition.properties, { replication_num: '1' });
  assert.deepEqual(add.action.distribution, { kind: 'HASH', columns: ['id'], buckets: 4 });

  const fixed = parseAs('ALTER TABLE t ADD PARTITION p4 VALUES [("2020-04-01"), ("2020-05-01"))', 'alter_table').action;
  assert.deepEqual(fixed.kind === 'add_partition' && [fixed.ifNotExists, fixed.partition.values], [
    false,
    { kind: 'fixed', lower: ['2020-04-01'], upper: ['2020-05-01'] },
  ]);

  assert.deepEqual(parseAs('ALTER TABLE t DROP PARTITION IF EXISTS p1 FORCE', 'alter_table').action, {
    kind: 'drop_partition',
    ifExists: true,
    name: 'p1',
    force: true,
  });
  assert.deepEqual(parseAs('ALTER TABLE t DROP PARTITION p1', 'alter_table').action, {
    kind: 'drop_partition',
    ifExists: false,
    name: 'p1',
    force: false,
  });
  assert.match(unsupported('ALTER TABLE t ADD PARTITIONS START ("1") END ("5") EVERY (1)').message, /PARTITIONS/);
  assert.match(unsupported('ALTER TABLE t ADD TEMPORARY PARTITIONS START ("1") END ("5") EVERY (1)').message, /TEMPORARY PARTITIONS/);
});

// StarRocks: fe/fe-core/src/main/java/com/starrocks/sql/parser/StarRocks.g4 (addPartitionClause,
// dropPartitionClause, replacePartitionClause: the TEMPORARY forms).
test('ALTER TABLE ADD / DROP TEMPORARY PARTITION, REPLACE PARTITION', () => {
  const add = parseAs('ALTER TABLE t ADD TEMPORARY PARTITION IF NOT EXISTS tp1 VALUES [("2020-01-01"), ("2020-02-01")) DISTRIBUTED BY HASH(id) BUCKETS 2 ("replication_num" = "1")', 'alter_table').action;
  assert.equal(add.kind, 'add_temp_partition');
  if (add.kind !== 'add_temp_partition') return;
  assert.deepEqual([add.ifNotExists, add.partition.name, add.partition.values, add.partition.properties, add.distribution], [
    true,
    'tp1',
    { kind: 'fixed', lower: ['2020-01-01'], upper: ['2020-02-01'] },
    { replication_num: '1' },
    { kind: 'HASH', columns: ['id'], buckets: 2 },
  ]);
  assert.deepEqual(parseAs('ALTER TABLE t DROP TEMPORARY PARTITION IF EXISTS tp1', 'alter_table').action, { kind: 'drop_temp_partition', ifExists: true, name: 'tp1', force: false });
  assert.deepEqual(parseAs('ALTER TABLE t REPLACE PARTITION (p1, p2) WITH TEMPORARY PARTITION (tp1) PROPERTIES ("strict_range" = "false")', 'alter_table').action, {
    kind: 'replace_partition',
    partitions: { names: ['p1', 'p2'], temporary: false },
    tempPartitions: { names: ['tp1'], temporary: true },
    properties: { strict_range: 'false' },
  });
  // The FE, not the parser, refuses a replacement by formal partitions (as StarRocks' analyzer does).
  assert.deepEqual(parseAs('ALTER TABLE t REPLACE TEMPORARY PARTITION tp1 WITH PARTITION p1', 'alter_table').action, {
    kind: 'replace_partition',
    partitions: { names: ['tp1'], temporary: true },
    tempPartitions: { names: ['p1'], temporary: false },
    properties: {},
  });
  assert.equal(syntaxError('ALTER TABLE t REPLACE PARTITION (p1) TEMPORARY PARTITION (tp1)').near, 'TEMPORARY PARTITION (tp1)');
});

test('ALTER TABLE column changes', () => {
  const one = parseAs("ALTER TABLE t ADD COLUMN c VARCHAR(20) NULL DEFAULT 'x' COMMENT 'new' AFTER b", 'alter_table').action;
  assert.equal(one.kind, 'add_column');
  if (one.kind !== 'add_column') return;
  assert.deepEqual(one.columns.map((c) => [c.name, c.type, c.nullable, c.defaultValue, c.comment]), [
    ['c', { name: 'VARCHAR', length: 20 }, true, { kind: 'value', value: 'x' }, 'new'],
  ]);
  assert.deepEqual(one.position, { kind: 'after', column: 'b' });

  const first = parseAs('ALTER TABLE t ADD COLUMN c INT FIRST', 'alter_table').action;
  assert.deepEqual(first.kind === 'add_column' && first.position, { kind: 'first' });

  const many = parseAs('ALTER TABLE t ADD COLUMN (c1 INT, c2 DATE NOT NULL)', 'alter_table').action;
  assert.deepEqual(many.kind === 'add_column' && [many.columns.map((c) => c.name), many.position], [['c1', 'c2'], undefined]);

  assert.deepEqual(parseAs('ALTER TABLE t DROP COLUMN c', 'alter_table').action, { kind: 'drop_column', name: 'c' });
  const modify = parseAs('ALTER TABLE t MODIFY COLUMN c BIGINT NOT NULL', 'alter_table').action;
  assert.deepEqual(modify.kind === 'modify_column' && [modify.column.name, modify.column.type], ['c', { name: 'BIGINT' }]);
  assert.match(unsupported('ALTER TABLE t RENAME COLUMN a TO b').message, /RENAME COLUMN/);
});

test('ALTER TABLE COMPACT, SET and RENAME', () => {
  assert.deepEqual(parseAs('ALTER TABLE t COMPACT', 'alter_table').action, { kind: 'compact', mode: 'DEFAULT', partitions: [] });
  assert.deepEqual(parseAs('ALTER TABLE t COMPACT p1', 'alter_table').action, { kind: 'compact', mode: 'DEFAULT', partitions: ['p1'] });
  assert.deepEqual(parseAs('ALTER TABLE t BASE COMPACT (p1, p2)', 'alter_table').action, {
    kind: 'compact',
    mode: 'BASE',
    partitions: ['p1', 'p2'],
  });
  assert.equal(parseAs('ALTER TABLE t CUMULATIVE COMPACT', 'alter_table').action.kind, 'compact');
  assert.deepEqual(parseAs('ALTER TABLE t SET ("replication_num" = "2", "dynamic_partition.enable" = "false")', 'alter_table').action, {
    kind: 'set_properties',
    properties: { replication_num: '2', 'dynamic_partition.enable': 'false' },
  });
  assert.deepEqual(parseAs('ALTER TABLE t RENAME t2', 'alter_table').action, { kind: 'rename', newName: 't2' });
  assert.equal(syntaxError('ALTER TABLE t FROB').near, 'FROB');
});

test('CREATE VIEW keeps the column list and the query as written', () => {
  const sql = "CREATE VIEW IF NOT EXISTS db.v (k COMMENT 'key', total) COMMENT 'sums' AS SELECT k, SUM(v) AS total FROM db.t GROUP BY k";
  const v = parseAs(sql, 'create_view');
  assert.deepEqual(v.view, { db: 'db', name: 'v' });
  assert.equal(v.ifNotExists, true);
  assert.equal(v.orReplace, false);
  assert.deepEqual(v.columns, [{ name: 'k', comment: 'key' }, { name: 'total' }]);
  assert.equal(v.columnsText, "(k COMMENT 'key', total)");
  assert.equal(v.comment, 'sums');
  assert.equal(v.queryText, 'SELECT k, SUM(v) AS total FROM db.t GROUP BY k');
  assert.equal(v.query?.from?.table.name, 't');
  assert.equal(v.text, sql);

  const joined = parseAs('CREATE OR REPLACE VIEW v AS SELECT a.x FROM a JOIN b ON a.id = b.id WHERE (a.x > 1)', 'create_view');
  assert.equal(joined.orReplace, true);
  assert.equal(joined.query, null, 'a join is beyond the evaluated subset: kept as text');
  assert.equal(joined.queryText, 'SELECT a.x FROM a JOIN b ON a.id = b.id WHERE (a.x > 1)');

  assert.equal(syntaxError('CREATE VIEW v AS SELECT FROM t').near, 'FROM t');
  assert.equal(syntaxError('CREATE VIEW v AS SELECT a FROM a JOIN b ON (a.x = b.x').near, '(a.x = b.x');

  const altered = parseAs('ALTER VIEW v (a) AS SELECT 1', 'alter_view');
  assert.deepEqual([altered.view, altered.columnsText, altered.queryText], [{ name: 'v' }, '(a)', 'SELECT 1']);
  assert.deepEqual(parseAs('DROP VIEW IF EXISTS db.v', 'drop_view'), { kind: 'drop_view', text: 'DROP VIEW IF EXISTS db.v', view: { db: 'db', name: 'v' }, ifExists: true });
});

test('CREATE MATERIALIZED VIEW keeps every clause and the query as written', () => {
  const clauses =
    "COMMENT 'daily' PARTITION BY date_trunc('day', dt) DISTRIBUTED BY HASH(k) BUCKETS 4 " +
    "REFRESH ASYNC START ('2024-01-01 00:00:00') EVERY (INTERVAL 1 HOUR) PROPERTIES (\"replication_num\" = \"1\")";
  const query = 'SELECT dt, k, SUM(v) AS s FROM db.t GROUP BY dt, k';
  const mv = parseAs(`CREATE MATERIALIZED VIEW IF NOT EXISTS db.mv ${clauses} AS ${query};`, 'create_materialized_view');
  assert.deepEqual(mv.view, { db: 'db', name: 'mv' });
  assert.equal(mv.ifNotExists, true);
  assert.equal(mv.comment, 'daily');
  assert.equal(mv.partitionBy?.text, "date_trunc('day', dt)");
  assert.equal(mv.partitionBy?.expr.kind, 'function');
  assert.deepEqual(mv.distribution, { kind: 'HASH', columns: ['k'], buckets: 4 });
  assert.equal(mv.distributionText, 'DISTRIBUTED BY HASH(k) BUCKETS 4');
  assert.deepEqual(mv.refresh, {
    kind: 'ASYNC',
    start: '2024-01-01 00:00:00',
    every: { value: '1', unit: 'HOUR' },
    text: "REFRESH ASYNC START ('2024-01-01 00:00:00') EVERY (INTERVAL 1 HOUR)",
  });
  assert.deepEqual(mv.properties, { replication_num: '1' });
  assert.equal(mv.propertiesText, 'PROPERTIES ("replication_num" = "1")');
  assert.equal(mv.clausesText, clauses);
  assert.equal(mv.queryText, query);
  assert.deepEqual(mv.query?.groupBy.length, 2);

  const manual = parseAs('CREATE MATERIALIZED VIEW mv REFRESH DEFERRED MANUAL AS SELECT a.k FROM a UNION ALL SELECT b.k FROM b', 'create_materialized_view');
  assert.deepEqual([manual.refresh?.moment, manual.refresh?.kind, manual.query], ['DEFERRED', 'MANUAL', null]);
  assert.equal(manual.clausesText, 'REFRESH DEFERRED MANUAL');

  const bare = parseAs('CREATE MATERIALIZED VIEW mv AS SELECT k, COUNT(*) FROM t GROUP BY k', 'create_materialized_view');
  assert.deepEqual([bare.clausesText, bare.refresh, bare.properties], ['', undefined, {}]);
  assert.equal(parseAs('create materialized view mv refresh immediate async as select 1', 'create_materialized_view').refresh?.moment, 'IMMEDIATE');

  assert.equal(syntaxError('CREATE MATERIALIZED VIEW mv COMMENT "a" COMMENT "b" AS SELECT 1').near, 'COMMENT "b" AS SELECT 1');
  assert.deepEqual(parseAs('DROP MATERIALIZED VIEW IF EXISTS db.mv', 'drop_materialized_view').view, { db: 'db', name: 'mv' });
});
