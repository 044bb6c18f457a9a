// DDL as StarRocks runs it: databases, tables (duplicate and primary keys, range partitions in
// both notations, hash and random bucketing, replication), schema and partition changes, views and
// materialized views; and SHOW CREATE, whose DDL recreates the same object on an empty cluster.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Connection } from 'mysql2/promise';
import { startCluster, connect, rows } from '../../helpers/sim-cluster.js';
import { expectSqlError } from './engine-helpers.js';

const TYPES_TABLE = `CREATE TABLE ddl.types (
    k BIGINT NOT NULL, big LARGEINT, amount DECIMAL(27, 9), name VARCHAR(100), day DATE, at DATETIME, flag BOOLEAN
  ) DUPLICATE KEY(k) DISTRIBUTED BY RANDOM BUCKETS 2 PROPERTIES ("replication_num" = "3")`;

const ORDERS_TABLE = `CREATE TABLE ddl.orders (
    id BIGINT NOT NULL COMMENT "order id", dt DATE NOT NULL, status VARCHAR(16) NOT NULL DEFAULT "new", total DECIMAL(10, 2)
  ) PRIMARY KEY(id, dt) COMMENT "all orders"
  PARTITION BY RANGE(dt) (
    PARTITION p2023 VALUES LESS THAN ("2024-01-01"),
    PARTITION p2024h1 VALUES [("2024-01-01"), ("2024-07-01")),
    PARTITION pmax VALUES LESS THAN MAXVALUE
  )
  DISTRIBUTED BY HASH(id) BUCKETS 3
  PROPERTIES ("replication_num" = "2")`;

const PLAIN_TABLE = 'CREATE TABLE ddl.plain (id INT NOT NULL, note VARCHAR(20)) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 4 PROPERTIES ("replication_num" = "1")';

async function tableNames(conn: Connection, db: string): Promise<string[]> {
  return (await rows(conn, `SHOW TABLES FROM ${db}`)).map((r) => String(r[`Tables_in_${db}`]));
}

async function partitionShape(conn: Connection, table: string, withBuckets = true): Promise<unknown[][]> {
  return (await rows(conn, `SHOW PARTITIONS FROM ${table}`)).map((p) => [
    p.PartitionName, p.PartitionKey, p.Range, p.DistributionKey, ...(withBuckets ? [p.Buckets] : []), p.ReplicationNum,
  ]);
}

async function showCreate(conn: Connection, kind: 'TABLE' | 'VIEW' | 'MATERIALIZED VIEW', name: string): Promise<string> {
  const [row] = await rows(conn, `SHOW CREATE ${kind} ${name}`);
  const key = { TABLE: 'Create Table', VIEW: 'Create View', 'MATERIALIZED VIEW': 'Create Materialized View' }[kind];
  return String(row![key]);
}

test('DDL statements', async (t) => {
  const cluster = await startCluster('engine-ddl');
  t.after(() => cluster.stop());
  const conn = await connect(cluster);
  t.after(() => conn.end());

  await t.test('CREATE / DROP DATABASE with IF [NOT] EXISTS', async () => {
    await conn.query('CREATE DATABASE ddl');
    await conn.query('CREATE DATABASE IF NOT EXISTS ddl');
    await conn.query('CREATE DATABASE IF NOT EXISTS scratch');
    assert.deepEqual((await rows(conn, 'SHOW DATABASES')).map((r) => r.Database), ['information_schema', 'ddl', 'scratch']);
    await conn.query('DROP DATABASE scratch');
    await conn.query('DROP DATABASE IF EXISTS scratch');
    assert.deepEqual((await rows(conn, 'SHOW DATABASES')).map((r) => r.Database), ['information_schema', 'ddl']);
  });

  await t.test('column types keep their values exactly', async () => {
    await conn.query(TYPES_TABLE);
    await conn.query(`INSERT INTO ddl.types VALUES
      (1, 170141183460469231731687303715884105727, 123456789012345678.123456789, 'x', '2024-02-29', '2024-02-29 12:34:56', true),
      (2, -170141183460469231731687303715884105728, -1.5, NULL, NULL, NULL, false)`);
    assert.deepEqual(await rows(conn, 'SELECT * FROM ddl.types ORDER BY k'), [
      { k: '1', big: '170141183460469231731687303715884105727', amount: '123456789012345678.123456789', name: 'x', day: '2024-02-29', at: '2024-02-29 12:34:56', flag: 1 },
      { k: '2', big: '-170141183460469231731687303715884105728', amount: '-1.500000000', name: null, day: null, at: null, flag: 0 },
    ]);
    const ddl = await showCreate(conn, 'TABLE', 'ddl.types');
    for (const line of ['`k` bigint(20) NOT NULL', '`big` largeint(40) NULL', '`amount` decimal(27, 9) NULL', '`name` varchar(100) NULL', '`day` date NULL', '`at` datetime NULL', '`flag` boolean NULL', 'DUPLICATE KEY(`k`)', 'DISTRIBUTED BY RANDOM BUCKETS 2', '"replication_num" = "3"']) {
      assert.ok(ddl.includes(line), `${line} in\n${ddl}`);
    }
  });

  await t.test('PRIMARY KEY table, RANGE partitions written LESS THAN and [...), HASH buckets, replication_num', async () => {
    await conn.query(ORDERS_TABLE);
    assert.deepEqual(await partitionShape(conn, 'ddl.orders'), [
      ['p2023', 'dt', '[types: [DATE]; keys: [0000-01-01]; ..types: [DATE]; keys: [2024-01-01]; )', 'id', '3', '2'],
      ['p2024h1', 'dt', '[types: [DATE]; keys: [2024-01-01]; ..types: [DATE]; keys: [2024-07-01]; )', 'id', '3', '2'],
      ['pmax', 'dt', '[types: [DATE]; keys: [2024-07-01]; ..types: [DATE]; keys: [9999-12-31]; )', 'id', '3', '2'],
    ]);
    // 3 partitions x 3 buckets x 2 replicas, each tablet's replicas on distinct BEs.
    const tablets = await rows(conn, 'SHOW TABLET FROM ddl.orders');
    assert.equal(tablets.length, 18);
    const perTablet = new Map<string, Set<string>>();
    for (const r of tablets) perTablet.set(String(r.TabletId), (perTablet.get(String(r.TabletId)) ?? new Set()).add(String(r.BackendId)));
    assert.equal(perTablet.size, 9);
    for (const backends of perTablet.values()) assert.equal(backends.size, 2);
    const ddl = await showCreate(conn, 'TABLE', 'ddl.orders');
    assert.ok(ddl.includes('PRIMARY KEY(`id`, `dt`)'), ddl);
    assert.ok(ddl.includes('`status` varchar(16) NOT NULL DEFAULT "new"'), ddl);
    assert.ok(ddl.includes('COMMENT "all orders"'), ddl);
  });

  await t.test('an unpartitioned table has one partition named after it', async () => {
    await conn.query(PLAIN_TABLE);
    assert.deepEqual(await partitionShape(conn, 'ddl.plain'), [['plain', '', '', 'id', '4', '1']]);
    assert.equal((await rows(conn, 'SHOW TABLET FROM ddl.plain')).length, 4);
  });

  await t.test('replication_num above the number of BEs is refused and creates nothing', async () => {
    const err = await expectSqlError(conn.query('CREATE TABLE ddl.toomany (k BIGINT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 2 PROPERTIES ("replication_num" = "4")'), 1064, 'HY000');
    assert.match(err.message, /replication num should be less than or equal to the number of available BE nodes/);
    assert.ok(!(await tableNames(conn, 'ddl')).includes('toomany'));
    await expectSqlError(conn.query('CREATE TABLE ddl.zero (k BIGINT) DUPLICATE KEY(k) PROPERTIES ("replication_num" = "0")'), 1064, 'HY000');
  });

  await t.test('invalid definitions are refused', async () => {
    // Key columns must be a prefix of the schema; PRIMARY KEY columns cannot be NULL.
    await expectSqlError(conn.query('CREATE TABLE ddl.bad1 (a INT, b INT) DUPLICATE KEY(b)'), 1064, 'HY000', /prefix/);
    await expectSqlError(conn.query('CREATE TABLE ddl.bad2 (a INT NULL, b INT) PRIMARY KEY(a)'), 1064, 'HY000', /nullable/);
    // Overlapping ranges.
    await expectSqlError(
      conn.query('CREATE TABLE ddl.bad3 (d DATE) DUPLICATE KEY(d) PARTITION BY RANGE(d) (PARTITION a VALUES [("2024-01-01"), ("2024-03-01")), PARTITION b VALUES [("2024-02-01"), ("2024-04-01")))'),
      1064,
      'HY000',
      /intersected/,
    );
    assert.deepEqual((await tableNames(conn, 'ddl')).sort(), ['orders', 'plain', 'types']);
  });

  await t.test('TRUNCATE TABLE: data gone, versions back to 1, new partition ids', async () => {
    await conn.query("INSERT INTO ddl.plain VALUES (1, 'a'), (2, 'b')");
    const before = await rows(conn, 'SHOW PARTITIONS FROM ddl.plain');
    assert.deepEqual(before.map((p) => [p.VisibleVersion, p.RowCount]), [['2', '2']]);
    await conn.query('TRUNCATE TABLE ddl.plain');
    const after = await rows(conn, 'SHOW PARTITIONS FROM ddl.plain');
    assert.deepEqual(after.map((p) => [p.VisibleVersion, p.RowCount, p.DataSize]), [['1', '0', '0B']]);
    assert.notEqual(after[0]!.PartitionId, before[0]!.PartitionId);
    assert.deepEqual(await rows(conn, 'SELECT COUNT(*) AS n FROM ddl.plain'), [{ n: '0' }]);
    await conn.query("INSERT INTO ddl.plain VALUES (3, 'c')");
    assert.deepEqual(await rows(conn, 'SELECT id, note FROM ddl.plain'), [{ id: 3, note: 'c' }]);
    assert.deepEqual((await rows(conn, 'SHOW PARTITIONS FROM ddl.plain')).map((p) => p.VisibleVersion), ['2']);
  });

  await t.test('TRUNCATE TABLE ... PARTITION empties only that partition', async () => {
    await conn.query("INSERT INTO ddl.orders (id, dt, total) VALUES (1, '2023-05-01', 1), (2, '2024-02-01', 2), (3, '2025-01-01', 3)");
    await conn.query('TRUNCATE TABLE ddl.orders PARTITION (p2023)');
    assert.deepEqual((await rows(conn, 'SHOW PARTITIONS FROM ddl.orders')).map((p) => [p.PartitionName, p.VisibleVersion, p.RowCount]), [
      ['p2023', '1', '0'],
      ['p2024h1', '2', '1'],
      ['pmax', '2', '1'],
    ]);
    assert.deepEqual(await rows(conn, 'SELECT id FROM ddl.orders ORDER BY id'), [{ id: '2' }, { id: '3' }]);
  });

  await t.test('ALTER TABLE ADD / DROP PARTITION', async () => {
    await conn.query(`CREATE TABLE ddl.events (dt DATE NOT NULL, n INT) DUPLICATE KEY(dt)
      PARTITION BY RANGE(dt) (PARTITION p1 VALUES LESS THAN ("2024-02-01")) DISTRIBUTED BY HASH(dt) BUCKETS 1 PROPERTIES ("replication_num" = "1")`);
    await conn.query('ALTER TABLE ddl.events ADD PARTITION p2 VALUES LESS THAN ("2024-03-01")');
    await conn.query('ALTER TABLE ddl.events ADD PARTITION p4 VALUES [("2024-04-01"), ("2024-05-01")) DISTRIBUTED BY HASH(dt) BUCKETS 2');
    assert.deepEqual((await rows(conn, 'SHOW PARTITIONS FROM ddl.events')).map((p) => [p.PartitionName, p.Range, p.Buckets]), [
      ['p1', '[types: [DATE]; keys: [0000-01-01]; ..types: [DATE]; keys: [2024-02-01]; )', '1'],
      ['p2', '[types: [DATE]; keys: [2024-02-01]; ..types: [DATE]; keys: [2024-03-01]; )', '1'],
      ['p4', '[types: [DATE]; keys: [2024-04-01]; ..types: [DATE]; keys: [2024-05-01]; )', '2'],
    ]);
    await expectSqlError(conn.query('ALTER TABLE ddl.events ADD PARTITION p5 VALUES [("2024-04-15"), ("2024-06-01"))'), 1064, 'HY000', /intersected/);
    await conn.query("INSERT INTO ddl.events VALUES ('2024-01-10', 1), ('2024-02-10', 2), ('2024-04-10', 4)");
    await conn.query('ALTER TABLE ddl.events DROP PARTITION p2');
    assert.deepEqual(await rows(conn, 'SELECT n FROM ddl.events ORDER BY n'), [{ n: 1 }, { n: 4 }]);
    assert.deepEqual((await rows(conn, 'SHOW PARTITIONS FROM ddl.events')).map((p) => p.PartitionName), ['p1', 'p4']);
    // The gap left by p2 is free again.
    await conn.query('ALTER TABLE ddl.events ADD PARTITION p2 VALUES [("2024-02-01"), ("2024-03-01"))');
    assert.deepEqual(await rows(conn, 'SELECT COUNT(*) AS n FROM ddl.events PARTITION (p2)'), [{ n: '0' }]);
  });

  await t.test('ALTER TABLE ADD / DROP COLUMN: old rows read the default, or lose the column', async () => {
    await conn.query('ALTER TABLE ddl.events ADD COLUMN label VARCHAR(10) DEFAULT "none"');
    await conn.query('ALTER TABLE ddl.events ADD COLUMN extra BIGINT');
    await conn.query("INSERT INTO ddl.events VALUES ('2024-01-20', 5, 'five', 50)");
    assert.deepEqual(await rows(conn, 'SELECT n, label, extra FROM ddl.events ORDER BY n'), [
      { n: 1, label: 'none', extra: null },
      { n: 4, label: 'none', extra: null },
      { n: 5, label: 'five', extra: '50' },
    ]);
    await expectSqlError(conn.query('ALTER TABLE ddl.events ADD COLUMN strict_col INT NOT NULL'), 1064, 'HY000', /NOT NULL and has no default/);
    await conn.query('ALTER TABLE ddl.events DROP COLUMN label');
    const [result, fields] = await conn.query('SELECT * FROM ddl.events ORDER BY n');
    assert.deepEqual(fields?.map((f) => f.name), ['dt', 'n', 'extra']);
    assert.deepEqual(result, [
      { dt: '2024-01-10', n: 1, extra: null },
      { dt: '2024-04-10', n: 4, extra: null },
      { dt: '2024-01-20', n: 5, extra: '50' },
    ]);
    await expectSqlError(conn.query('SELECT label FROM ddl.events'), 1064, 'HY000', /Column '`label`' cannot be resolved/);
    // A key column cannot be dropped.
    await expectSqlError(conn.query('ALTER TABLE ddl.events DROP COLUMN dt'), 1064, 'HY000');
    assert.ok(!(await showCreate(conn, 'TABLE', 'ddl.events')).includes('label'));
  });

  await t.test('CREATE / DROP VIEW', async () => {
    await conn.query("CREATE VIEW ddl.big_orders (order_id COMMENT 'the id', amount) COMMENT 'orders over 1' AS SELECT id, total FROM ddl.orders WHERE total > 1");
    assert.deepEqual(await rows(conn, 'SHOW FULL TABLES FROM ddl LIKE \'big%\''), [{ Tables_in_ddl: 'big_orders', Table_type: 'VIEW' }]);
    assert.deepEqual(await rows(conn, "SELECT TABLE_NAME, VIEW_DEFINITION FROM information_schema.views WHERE TABLE_SCHEMA = 'ddl'"), [
      { TABLE_NAME: 'big_orders', VIEW_DEFINITION: 'SELECT id, total FROM ddl.orders WHERE total > 1' },
    ]);
    await expectSqlError(conn.query('CREATE VIEW ddl.broken AS SELECT * FROM ddl.missing'), 1146, '42S02');
    await conn.query('CREATE VIEW ddl.to_drop AS SELECT 1');
    await conn.query('DROP VIEW ddl.to_drop');
    await conn.query('DROP VIEW IF EXISTS ddl.to_drop');
    await expectSqlError(conn.query('DROP VIEW ddl.to_drop'), 1146, '42S02');
    assert.ok(!(await tableNames(conn, 'ddl')).includes('to_drop'));
  });

  await t.test('CREATE / DROP MATERIALIZED VIEW (the definition)', async () => {
    await conn.query('CREATE MATERIALIZED VIEW ddl.order_totals DISTRIBUTED BY HASH(id) BUCKETS 2 REFRESH ASYNC AS SELECT id, SUM(total) AS total FROM ddl.orders GROUP BY id');
    assert.deepEqual(await rows(conn, "SELECT TABLE_NAME, REFRESH_TYPE, MATERIALIZED_VIEW_DEFINITION FROM information_schema.materialized_views WHERE TABLE_SCHEMA = 'ddl'"), [
      { TABLE_NAME: 'order_totals', REFRESH_TYPE: 'ASYNC', MATERIALIZED_VIEW_DEFINITION: 'SELECT id, SUM(total) AS total FROM ddl.orders GROUP BY id' },
    ]);
    await conn.query('CREATE MATERIALIZED VIEW ddl.to_drop REFRESH MANUAL AS SELECT id FROM ddl.orders');
    await conn.query('DROP MATERIALIZED VIEW ddl.to_drop');
    await conn.query('DROP MATERIALIZED VIEW IF EXISTS ddl.to_drop');
    assert.ok(!(await tableNames(conn, 'ddl')).includes('to_drop'));
    // DROP of the wrong kind is refused and drops nothing.
    await expectSqlError(conn.query('DROP VIEW ddl.order_totals'), 1064, 'HY000');
    await expectSqlError(conn.query('DROP TABLE ddl.big_orders'), 1064, 'HY000');
    assert.ok((await tableNames(conn, 'ddl')).includes('order_totals'));
  });

  await t.test('partition bounds of DATETIME, LARGEINT and several columns print in canonical form', async () => {
    await conn.query(`CREATE TABLE ddl.by_time (at DATETIME NOT NULL, n INT) DUPLICATE KEY(at)
      PARTITION BY RANGE(at) (PARTITION p1 VALUES LESS THAN ("2024-01-01"), PARTITION p2 VALUES [("2024-01-01 00:00:00"), ("2024-02-01")))
      DISTRIBUTED BY HASH(at) BUCKETS 1 PROPERTIES ("replication_num" = "1")`);
    assert.deepEqual((await rows(conn, 'SHOW PARTITIONS FROM ddl.by_time')).map((p) => p.Range), [
      '[types: [DATETIME]; keys: [0000-01-01 00:00:00]; ..types: [DATETIME]; keys: [2024-01-01 00:00:00]; )',
      '[types: [DATETIME]; keys: [2024-01-01 00:00:00]; ..types: [DATETIME]; keys: [2024-02-01 00:00:00]; )',
    ]);
    assert.ok((await showCreate(conn, 'TABLE', 'ddl.by_time')).includes('PARTITION `p2` VALUES [("2024-01-01 00:00:00"), ("2024-02-01 00:00:00"))'));
    await conn.query(`CREATE TABLE ddl.by_big (k LARGEINT NOT NULL) DUPLICATE KEY(k)
      PARTITION BY RANGE(k) (PARTITION low VALUES LESS THAN ("0100"), PARTITION high VALUES LESS THAN MAXVALUE) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES ("replication_num" = "1")`);
    assert.deepEqual((await rows(conn, 'SHOW PARTITIONS FROM ddl.by_big')).map((p) => p.Range), [
      '[types: [LARGEINT]; keys: [-170141183460469231731687303715884105728]; ..types: [LARGEINT]; keys: [100]; )',
      '[types: [LARGEINT]; keys: [100]; ..types: [LARGEINT]; keys: [170141183460469231731687303715884105727]; )',
    ]);
    // A bound with fewer values than partition columns is padded with minimum values.
    await conn.query(`CREATE TABLE ddl.by_two (a INT NOT NULL, b DATE NOT NULL) DUPLICATE KEY(a, b)
      PARTITION BY RANGE(a, b) (PARTITION p1 VALUES LESS THAN ("10", "2024-01-01"), PARTITION p2 VALUES LESS THAN ("20")) DISTRIBUTED BY HASH(a) BUCKETS 1 PROPERTIES ("replication_num" = "1")`);
    assert.deepEqual((await rows(conn, 'SHOW PARTITIONS FROM ddl.by_two')).map((p) => p.Range), [
      '[types: [INT, DATE]; keys: [-2147483648, 0000-01-01]; ..types: [INT, DATE]; keys: [10, 2024-01-01]; )',
      '[types: [INT, DATE]; keys: [10, 2024-01-01]; ..types: [INT, DATE]; keys: [20, 0000-01-01]; )',
    ]);
    await conn.query("INSERT INTO ddl.by_two VALUES (10, '2024-01-01'), (19, '2030-01-01'), (5, '2099-01-01')");
    assert.deepEqual((await rows(conn, 'SHOW PARTITIONS FROM ddl.by_two')).map((p) => p.RowCount), ['1', '2']);
    await expectSqlError(conn.query("INSERT INTO ddl.by_two VALUES (20, '2000-01-01')"), 1064, 'HY000', /out of partition ranges/);
  });

  await t.test('SHOW CREATE output recreates every object on an empty second cluster', async (t2) => {
    const second = await startCluster('engine-ddl-copy');
    t2.after(() => second.stop());
    const copy = await connect(second);
    t2.after(() => copy.end());
    await copy.query('CREATE DATABASE ddl');
    await copy.query('USE ddl');
    const objects: ['TABLE' | 'VIEW' | 'MATERIALIZED VIEW', string][] = [
      ['TABLE', 'types'], ['TABLE', 'orders'], ['TABLE', 'plain'], ['TABLE', 'events'], ['TABLE', 'by_time'], ['TABLE', 'by_big'], ['TABLE', 'by_two'],
      ['VIEW', 'big_orders'], ['MATERIALIZED VIEW', 'order_totals'],
    ];
    // Tables first: views and materialized views check their base tables.
    for (const [kind, name] of objects) await copy.query(await showCreate(conn, kind, `ddl.${name}`));
    assert.deepEqual(await tableNames(copy, 'ddl'), await tableNames(conn, 'ddl'));
    for (const [kind, name] of objects) {
      assert.equal(await showCreate(copy, kind, `ddl.${name}`), await showCreate(conn, kind, `ddl.${name}`), `${kind} ${name}`);
      // Bucket counts are compared too, except for `events`: one of its partitions was added with
      // its own BUCKETS, which StarRocks' SHOW CREATE TABLE does not print either.
      const buckets = name !== 'events';
      if (kind === 'TABLE') assert.deepEqual(await partitionShape(copy, `ddl.${name}`, buckets), await partitionShape(conn, `ddl.${name}`, buckets), `partitions of ${name}`);
    }
    // The copies are real tables: the source's rows load into them.
    await copy.query("INSERT INTO ddl.orders (id, dt, total) VALUES (2, '2024-02-01', 2)");
    assert.deepEqual(await rows(copy, 'SELECT id, status, total FROM ddl.orders'), [{ id: '2', status: 'new', total: '2.00' }]);
  });

  await t.test('DROP TABLE removes the table and its tablets', async () => {
    // SHOW BACKENDS reports what the last heartbeat saw: take one now, before and after.
    await cluster.fe.ctx.backends.heartbeat();
    const tabletsBefore = (await rows(conn, 'SHOW BACKENDS')).reduce((sum, b) => sum + Number(b.TabletNum), 0);
    await conn.query('DROP TABLE ddl.plain');
    await conn.query('DROP TABLE IF EXISTS ddl.plain');
    assert.ok(!(await tableNames(conn, 'ddl')).includes('plain'));
    await expectSqlError(conn.query('SELECT * FROM ddl.plain'), 1146, '42S02');
    await cluster.fe.ctx.backends.heartbeat();
    const tabletsAfter = (await rows(conn, 'SHOW BACKENDS')).reduce((sum, b) => sum + Number(b.TabletNum), 0);
    assert.equal(tabletsBefore - tabletsAfter, 4);
  });
});
