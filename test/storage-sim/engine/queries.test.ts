// SELECT over user tables and information_schema: filters, ordering, paging, partitions and
// aggregation, with StarRocks' results (exact SUM of DECIMAL and BIGINT, NULLs first ascending).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, connect, rows } from '../../helpers/sim-cluster.js';

const ids = (result: Record<string, unknown>[]) => result.map((r) => r.id);

test('queries', async (t) => {
  const cluster = await startCluster('engine-queries', { backends: 2 });
  t.after(() => cluster.stop());
  const conn = await connect(cluster);
  t.after(() => conn.end());
  await conn.query('CREATE DATABASE q');
  await conn.query(`CREATE TABLE q.sales (
      id BIGINT NOT NULL, dt DATE NOT NULL, region VARCHAR(10), amount DECIMAL(10, 2), qty INT, big BIGINT
    ) DUPLICATE KEY(id)
    PARTITION BY RANGE(dt) (PARTITION p1 VALUES LESS THAN ("2024-02-01"), PARTITION p2 VALUES LESS THAN ("2024-03-01"))
    DISTRIBUTED BY HASH(id) BUCKETS 3`);
  await conn.query(`INSERT INTO q.sales VALUES
    (1, '2024-01-01', 'east', 0.10, 1, 9007199254740993),
    (2, '2024-01-02', 'west', 0.20, 2, 1),
    (3, '2024-02-03', 'east', 10.05, NULL, 1),
    (4, '2024-02-04', NULL, 1.00, 4, 1),
    (5, '2024-01-20', 'north', 7.50, 3, 2)`);
  await conn.query('CREATE VIEW q.v AS SELECT id FROM q.sales');

  await t.test('COUNT(*), SELECT *, column lists', async () => {
    assert.deepEqual(await rows(conn, 'SELECT COUNT(*) FROM q.sales'), [{ 'COUNT(*)': '5' }]);
    const [all, fields] = await conn.query('SELECT * FROM q.sales WHERE id = 3');
    assert.deepEqual(fields?.map((f) => f.name), ['id', 'dt', 'region', 'amount', 'qty', 'big']);
    assert.deepEqual(all, [{ id: '3', dt: '2024-02-03', region: 'east', amount: '10.05', qty: null, big: '1' }]);
    assert.deepEqual(await rows(conn, 'SELECT region, id AS ident FROM q.sales WHERE id = 2'), [{ region: 'west', ident: '2' }]);
  });

  await t.test('WHERE with =, <, >, AND, OR, IN, BETWEEN, LIKE, IS NULL', async () => {
    assert.deepEqual(ids(await rows(conn, "SELECT id FROM q.sales WHERE region = 'east' ORDER BY id")), ['1', '3']);
    assert.deepEqual(ids(await rows(conn, 'SELECT id FROM q.sales WHERE amount < 1 ORDER BY id')), ['1', '2']);
    assert.deepEqual(ids(await rows(conn, "SELECT id FROM q.sales WHERE dt > '2024-01-02' AND amount > 5 ORDER BY id")), ['3', '5']);
    assert.deepEqual(ids(await rows(conn, 'SELECT id FROM q.sales WHERE id IN (1, 3, 9) ORDER BY id')), ['1', '3']);
    assert.deepEqual(ids(await rows(conn, "SELECT id FROM q.sales WHERE region NOT IN ('east') ORDER BY id")), ['2', '5']);
    assert.deepEqual(ids(await rows(conn, 'SELECT id FROM q.sales WHERE id BETWEEN 2 AND 4 ORDER BY id')), ['2', '3', '4']);
    assert.deepEqual(ids(await rows(conn, "SELECT id FROM q.sales WHERE region LIKE '%st' ORDER BY id")), ['1', '2', '3']);
    assert.deepEqual(ids(await rows(conn, 'SELECT id FROM q.sales WHERE qty IS NULL OR region IS NULL ORDER BY id')), ['3', '4']);
    // A DATE compares as a date, not as text; a DECIMAL as a number.
    assert.deepEqual(ids(await rows(conn, "SELECT id FROM q.sales WHERE dt = '2024-1-2'")), ['2']);
    assert.deepEqual(ids(await rows(conn, 'SELECT id FROM q.sales WHERE amount = 7.5')), ['5']);
    assert.deepEqual(await rows(conn, 'SELECT id FROM q.sales WHERE id > 100'), []);
  });

  await t.test('ORDER BY ASC / DESC over several keys, NULLs first ascending', async () => {
    assert.deepEqual(ids(await rows(conn, 'SELECT id FROM q.sales ORDER BY id DESC')), ['5', '4', '3', '2', '1']);
    assert.deepEqual(ids(await rows(conn, 'SELECT id FROM q.sales ORDER BY region ASC, amount DESC')), ['4', '3', '1', '5', '2']);
    assert.deepEqual(ids(await rows(conn, 'SELECT id FROM q.sales ORDER BY region DESC, id')), ['2', '5', '1', '3', '4']);
    assert.deepEqual((await rows(conn, 'SELECT qty FROM q.sales ORDER BY qty')).map((r) => r.qty), [null, 1, 2, 3, 4]);
    assert.deepEqual((await rows(conn, 'SELECT qty FROM q.sales ORDER BY 1 DESC')).map((r) => r.qty), [4, 3, 2, 1, null]);
  });

  await t.test('LIMIT and OFFSET', async () => {
    assert.deepEqual(ids(await rows(conn, 'SELECT id FROM q.sales ORDER BY id LIMIT 2')), ['1', '2']);
    assert.deepEqual(ids(await rows(conn, 'SELECT id FROM q.sales ORDER BY id LIMIT 2 OFFSET 3')), ['4', '5']);
    assert.deepEqual(ids(await rows(conn, 'SELECT id FROM q.sales ORDER BY id LIMIT 1, 2')), ['2', '3']);
    assert.deepEqual(await rows(conn, 'SELECT id FROM q.sales ORDER BY id LIMIT 2 OFFSET 10'), []);
    assert.equal((await rows(conn, 'SELECT * FROM q.sales LIMIT 3')).length, 3);
    assert.deepEqual(await rows(conn, 'SELECT * FROM q.sales LIMIT 0'), []);
    // LIMIT 0 tells the columns without scanning (a client learning a table's shape), information_schema included.
    const [none, fields] = await conn.query('SELECT * FROM information_schema.be_tablets LIMIT 0');
    assert.deepEqual(none, []);
    assert.ok((fields as { name: string }[]).some((f) => f.name === 'SCHEMA_HASH'));
  });

  await t.test('PARTITION (p) reads only those partitions', async () => {
    assert.deepEqual(ids(await rows(conn, 'SELECT id FROM q.sales PARTITION (p1) ORDER BY id')), ['1', '2', '5']);
    assert.deepEqual(ids(await rows(conn, 'SELECT id FROM q.sales PARTITION p2 ORDER BY id')), ['3', '4']);
    assert.deepEqual(await rows(conn, 'SELECT COUNT(*) AS n FROM q.sales PARTITIONS (p1, p2)'), [{ n: '5' }]);
    assert.deepEqual(await rows(conn, "SELECT COUNT(*) AS n FROM q.sales PARTITION (p2) WHERE region = 'east'"), [{ n: '1' }]);
  });

  await t.test('GROUP BY with COUNT, SUM, MIN, MAX', async () => {
    assert.deepEqual(await rows(conn, 'SELECT region, COUNT(*) AS n, SUM(amount) AS total, MIN(dt) AS first, MAX(qty) AS most FROM q.sales GROUP BY region ORDER BY region'), [
      { region: null, n: '1', total: '1.00', first: '2024-02-04', most: 4 },
      { region: 'east', n: '2', total: '10.15', first: '2024-01-01', most: 1 },
      { region: 'north', n: '1', total: '7.50', first: '2024-01-20', most: 3 },
      { region: 'west', n: '1', total: '0.20', first: '2024-01-02', most: 2 },
    ]);
    // SUM is exact: DECIMAL keeps its scale, BIGINT every digit past 2^53.
    assert.deepEqual(await rows(conn, 'SELECT SUM(amount) AS a, SUM(big) AS b, SUM(qty) AS c, COUNT(qty) AS d, COUNT(DISTINCT region) AS e FROM q.sales'), [
      { a: '18.85', b: '9007199254740998', c: '10', d: '4', e: '3' },
    ]);
    // Aggregates over no rows: COUNT 0, the others NULL.
    assert.deepEqual(await rows(conn, 'SELECT COUNT(*) AS n, SUM(qty) AS s, MAX(dt) AS m FROM q.sales WHERE id > 100'), [{ n: '0', s: null, m: null }]);
    assert.deepEqual(await rows(conn, 'SELECT region, COUNT(*) AS n FROM q.sales WHERE id > 100 GROUP BY region'), []);
    assert.deepEqual(await rows(conn, 'SELECT dt, COUNT(*) AS n FROM q.sales PARTITION (p2) GROUP BY dt ORDER BY dt DESC'), [
      { dt: '2024-02-04', n: '1' },
      { dt: '2024-02-03', n: '1' },
    ]);
  });

  await t.test('HAVING and ORDER BY over aggregates', async () => {
    assert.deepEqual(await rows(conn, 'SELECT region, COUNT(*) AS n FROM q.sales GROUP BY region HAVING COUNT(*) > 1'), [{ region: 'east', n: '2' }]);
    assert.deepEqual(await rows(conn, 'SELECT region, COUNT(*) AS n FROM q.sales GROUP BY region HAVING n > 1'), [{ region: 'east', n: '2' }]);
    assert.deepEqual(await rows(conn, 'SELECT region FROM q.sales GROUP BY region HAVING MAX(amount) > 5 ORDER BY region'), [{ region: 'east' }, { region: 'north' }]);
    assert.deepEqual((await rows(conn, 'SELECT region, SUM(amount) FROM q.sales GROUP BY region ORDER BY SUM(amount) DESC LIMIT 2')).map((r) => r.region), ['east', 'north']);
  });

  await t.test('DISTINCT', async () => {
    assert.deepEqual((await rows(conn, 'SELECT DISTINCT region FROM q.sales ORDER BY region')).map((r) => r.region), [null, 'east', 'north', 'west']);
  });

  await t.test('information_schema: schemata, tables, views, partitions_meta', async () => {
    assert.deepEqual(await rows(conn, 'SELECT SCHEMA_NAME FROM information_schema.schemata ORDER BY SCHEMA_NAME'), [{ SCHEMA_NAME: 'information_schema' }, { SCHEMA_NAME: 'q' }]);
    assert.deepEqual(await rows(conn, "SELECT TABLE_NAME, TABLE_TYPE, TABLE_ROWS FROM information_schema.tables WHERE TABLE_SCHEMA = 'q' ORDER BY TABLE_NAME"), [
      { TABLE_NAME: 'sales', TABLE_TYPE: 'BASE TABLE', TABLE_ROWS: '5' },
      { TABLE_NAME: 'v', TABLE_TYPE: 'VIEW', TABLE_ROWS: '0' },
    ]);
    assert.deepEqual(await rows(conn, "SELECT TABLE_TYPE, COUNT(*) AS n FROM information_schema.tables WHERE TABLE_SCHEMA IN ('q') GROUP BY TABLE_TYPE ORDER BY TABLE_TYPE"), [
      { TABLE_TYPE: 'BASE TABLE', n: '1' },
      { TABLE_TYPE: 'VIEW', n: '1' },
    ]);
    assert.deepEqual(await rows(conn, "SELECT TABLE_NAME, VIEW_DEFINITION FROM information_schema.views WHERE TABLE_SCHEMA = 'q'"), [{ TABLE_NAME: 'v', VIEW_DEFINITION: 'SELECT id FROM q.sales' }]);
    assert.deepEqual(await rows(conn, "SELECT PARTITION_NAME, ROW_COUNT FROM information_schema.partitions_meta WHERE DB_NAME = 'q' AND TABLE_NAME = 'sales' AND ROW_COUNT > 2 ORDER BY PARTITION_NAME"), [
      { PARTITION_NAME: 'p1', ROW_COUNT: '3' },
    ]);
    assert.deepEqual(await rows(conn, "SELECT SUM(ROW_COUNT) AS n, MAX(VISIBLE_VERSION) AS v FROM information_schema.partitions_meta WHERE DB_NAME = 'q'"), [{ n: '5', v: '2' }]);
    await conn.query('USE information_schema');
    assert.deepEqual(await rows(conn, "SELECT TABLE_NAME FROM tables WHERE TABLE_SCHEMA = 'q' AND TABLE_TYPE = 'VIEW'"), [{ TABLE_NAME: 'v' }]);
  });

  await t.test('information_schema rows past one scan batch (1,024 rows): paging across the boundary, counting, filtering', async () => {
    const columns = Array.from({ length: 1100 }, (_, i) => `c${i} INT`);
    await conn.query('CREATE DATABASE wide');
    await conn.query(`CREATE TABLE wide.t (${columns.join(', ')}) DUPLICATE KEY(c0) DISTRIBUTED BY HASH(c0) BUCKETS 1`);
    const sql = "SELECT COLUMN_NAME FROM information_schema.columns WHERE TABLE_SCHEMA = 'wide'";
    assert.deepEqual(await rows(conn, `${sql} LIMIT 1022, 4`), [{ COLUMN_NAME: 'c1022' }, { COLUMN_NAME: 'c1023' }, { COLUMN_NAME: 'c1024' }, { COLUMN_NAME: 'c1025' }]);
    assert.equal((await rows(conn, sql)).length, 1100);
    assert.deepEqual(await rows(conn, "SELECT COUNT(*) AS n FROM information_schema.columns WHERE TABLE_SCHEMA = 'wide'"), [{ n: '1100' }]);
    assert.deepEqual(await rows(conn, "SELECT ORDINAL_POSITION FROM information_schema.columns WHERE TABLE_SCHEMA = 'wide' AND COLUMN_NAME = 'c1099'"), [{ ORDINAL_POSITION: '1100' }]);
  });
});
