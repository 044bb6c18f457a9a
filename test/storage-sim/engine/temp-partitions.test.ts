// Temporary partitions through the MySQL protocol, as StarRocks has them: added and dropped by
// ALTER TABLE, loaded and read by name, invisible to plain queries, listed by SHOW TEMPORARY
// PARTITIONS and partitions_meta (IS_TEMP), swapped in by REPLACE PARTITION keeping their ids,
// versions and data, and kept across an FE restart.
// StarRocks: fe/fe-core/src/main/java/com/starrocks/catalog/TempPartitions.java,
//            fe/fe-core/src/main/java/com/starrocks/catalog/OlapTable.java (replaceTempPartitions),
//            fe/fe-core/src/main/java/com/starrocks/server/LocalMetastore.java (replaceTempPartition, dropPartition)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Connection } from 'mysql2/promise';
import { startCluster, connect, rows, type Rows } from '../../helpers/sim-cluster.js';
import { expectSqlError } from './engine-helpers.js';

const DATE_RANGE = (lower: string, upper: string) => `[types: [DATE]; keys: [${lower}]; ..types: [DATE]; keys: [${upper}]; )`;

async function tempPartitions(conn: Connection, table = 'tp.events'): Promise<Rows> {
  return rows(conn, `SHOW TEMPORARY PARTITIONS FROM ${table}`);
}

async function meta(conn: Connection, table = 'events'): Promise<Rows> {
  return rows(conn, `SELECT PARTITION_NAME, PARTITION_ID, IS_TEMP, VISIBLE_VERSION, VERSION_EPOCH, BUCKETS, REPLICATION_NUM, PARTITION_VALUE FROM information_schema.partitions_meta WHERE DB_NAME = 'tp' AND TABLE_NAME = '${table}' ORDER BY IS_TEMP, PARTITION_NAME`);
}

async function tabletPartitions(conn: Connection): Promise<Set<string>> {
  return new Set((await rows(conn, 'SELECT PARTITION_ID FROM information_schema.be_tablets')).map((r) => String(r.PARTITION_ID)));
}

test('temporary partitions', async (t) => {
  const cluster = await startCluster('engine-temp-partitions');
  t.after(() => cluster.stop());
  const conn = await connect(cluster);
  t.after(() => conn.end());
  await conn.query('CREATE DATABASE tp');
  await conn.query(`CREATE TABLE tp.events (id BIGINT NOT NULL, dt DATE NOT NULL, v VARCHAR(10)) DUPLICATE KEY(id)
    PARTITION BY RANGE(dt) (PARTITION p1 VALUES LESS THAN ("2024-02-01"), PARTITION p2 VALUES LESS THAN ("2024-03-01"), PARTITION p3 VALUES LESS THAN ("2024-04-01"))
    DISTRIBUTED BY HASH(id) BUCKETS 2 PROPERTIES ("replication_num" = "2")`);
  await conn.query("INSERT INTO tp.events VALUES (1, '2024-01-05', 'old1'), (2, '2024-02-05', 'old2'), (3, '2024-03-05', 'old3')");

  await t.test('ADD TEMPORARY PARTITION: its own id and tablets at version 1, listed apart from the formal partitions', async () => {
    await conn.query('ALTER TABLE tp.events ADD TEMPORARY PARTITION tp1 VALUES LESS THAN ("2024-02-01")');
    // LESS THAN starts where the highest temporary partition below ends (here where tp1 ends).
    await conn.query('ALTER TABLE tp.events ADD TEMPORARY PARTITION tp2 VALUES LESS THAN ("2024-03-01") DISTRIBUTED BY HASH(id) BUCKETS 1 PROPERTIES ("replication_num" = "1")');
    const temp = await tempPartitions(conn);
    assert.deepEqual(
      temp.map((r) => [r.PartitionName, r.VisibleVersion, r.Range, r.Buckets, r.ReplicationNum]),
      [
        ['tp1', '1', DATE_RANGE('0000-01-01', '2024-02-01'), '2', '2'],
        ['tp2', '1', DATE_RANGE('2024-02-01', '2024-03-01'), '1', '1'],
      ],
    );
    const formal = await rows(conn, 'SHOW PARTITIONS FROM tp.events');
    assert.deepEqual(formal.map((r) => r.PartitionName), ['p1', 'p2', 'p3']);
    const ids = [...formal, ...temp].map((r) => String(r.PartitionId));
    assert.equal(new Set(ids).size, 5);
    // SHOW PROC answers the same rows.
    const table = (await rows(conn, "SHOW PROC '/dbs/tp'")).find((r) => r.TableName === 'events')!;
    assert.deepEqual(await rows(conn, `SHOW PROC '/dbs/tp/${String(table.TableId)}/temp_partitions'`), temp);
    // partitions_meta: every partition, the temporary ones marked, under their own names and ids.
    assert.deepEqual(
      (await meta(conn)).map((r) => [r.PARTITION_NAME, r.IS_TEMP, r.VISIBLE_VERSION]),
      [['p1', 'false', '2'], ['p2', 'false', '2'], ['p3', 'false', '2'], ['tp1', 'true', '1'], ['tp2', 'true', '1']],
    );
    assert.deepEqual((await meta(conn)).filter((r) => r.IS_TEMP === 'true').map((r) => String(r.PARTITION_ID)), temp.map((r) => String(r.PartitionId)));
    // be_tablets: a temporary partition's tablets like any other (2 buckets x 2 replicas, 1 x 1).
    const tablets = await rows(conn, 'SELECT PARTITION_ID FROM information_schema.be_tablets');
    assert.equal(tablets.filter((r) => String(r.PARTITION_ID) === String(temp[0]!.PartitionId)).length, 4);
    assert.equal(tablets.filter((r) => String(r.PARTITION_ID) === String(temp[1]!.PartitionId)).length, 1);
  });

  await t.test('bad ADD / DROP TEMPORARY PARTITION is refused with StarRocks errors and changes nothing', async () => {
    const before = await tempPartitions(conn);
    // Names are unique among formal and temporary partitions together (OlapTable.checkPartitionNameExist).
    await expectSqlError(conn.query('ALTER TABLE tp.events ADD TEMPORARY PARTITION p1 VALUES [("2024-05-01"), ("2024-06-01"))'), 1517, 'HY000', /^Duplicate partition name p1$/);
    await expectSqlError(conn.query('ALTER TABLE tp.events ADD TEMPORARY PARTITION tp1 VALUES [("2024-05-01"), ("2024-06-01"))'), 1517, 'HY000', /^Duplicate partition name tp1$/);
    await expectSqlError(conn.query('ALTER TABLE tp.events ADD PARTITION tp2 VALUES LESS THAN ("2024-05-01")'), 1517, 'HY000', /^Duplicate partition name tp2$/);
    await conn.query('ALTER TABLE tp.events ADD TEMPORARY PARTITION IF NOT EXISTS tp1 VALUES [("2024-05-01"), ("2024-06-01"))');
    // Temporary ranges may overlap formal ones (tp1 covers p1) but not each other (RangeUtils.checkRangeIntersect).
    const overlap = `Range ${DATE_RANGE('2024-01-15', '2024-02-15')} is intersected with range: ${DATE_RANGE('0000-01-01', '2024-02-01')}`;
    await expectSqlError(conn.query('ALTER TABLE tp.events ADD TEMPORARY PARTITION tp3 VALUES [("2024-01-15"), ("2024-02-15"))'), 1064, 'HY000', new RegExp(`^${escape(overlap)}$`));
    await expectSqlError(conn.query('ALTER TABLE tp.events DROP TEMPORARY PARTITION tp9'), 1507, 'HY000', /^Error in list of partitions to tp9$/);
    await conn.query('ALTER TABLE tp.events DROP TEMPORARY PARTITION IF EXISTS tp9');
    // A formal partition of that name is no temporary one.
    await expectSqlError(conn.query('ALTER TABLE tp.events DROP TEMPORARY PARTITION p1'), 1507, 'HY000', /^Error in list of partitions to p1$/);
    await conn.query('CREATE TABLE tp.flat (id BIGINT NOT NULL) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1');
    await expectSqlError(conn.query('ALTER TABLE tp.flat ADD TEMPORARY PARTITION tp1 VALUES LESS THAN ("10")'), 1064, 'HY000', /not partitioned/);
    // Column changes wait until no temporary partition is left (SchemaChangeHandler).
    await expectSqlError(conn.query('ALTER TABLE tp.events ADD COLUMN extra INT NULL'), 1064, 'HY000', /^Can not alter table when there are temp partitions in table$/);
    assert.deepEqual(await tempPartitions(conn), before);
    assert.deepEqual((await rows(conn, 'SHOW PARTITIONS FROM tp.events')).map((r) => r.PartitionName), ['p1', 'p2', 'p3']);
  });

  await t.test('INSERT ... TEMPORARY PARTITION loads a temporary partition; only a query naming it sees the rows', async () => {
    const result = await conn.query("INSERT INTO tp.events TEMPORARY PARTITION (tp1) VALUES (11, '2024-01-11', 'new11'), (12, '2024-01-12', 'new12')");
    assert.match((result[0] as { info: string }).info, /'status':'VISIBLE'/);
    assert.deepEqual(await rows(conn, 'SELECT id, v FROM tp.events TEMPORARY PARTITION (tp1) ORDER BY id'), [
      { id: '11', v: 'new11' },
      { id: '12', v: 'new12' },
    ]);
    assert.deepEqual(await rows(conn, 'SELECT id FROM tp.events ORDER BY id'), [{ id: '1' }, { id: '2' }, { id: '3' }]);
    assert.deepEqual(await rows(conn, 'SELECT COUNT(*) AS n FROM tp.events PARTITION (p1)'), [{ n: '1' }]);
    assert.equal((await tempPartitions(conn)).find((r) => r.PartitionName === 'tp1')!.VisibleVersion, '2');
    // Rows outside the named temporary partitions fail the statement in strict mode.
    await expectSqlError(conn.query("INSERT INTO tp.events TEMPORARY PARTITION (tp1) VALUES (13, '2024-02-13', 'x')"), 1064, 'HY000', /out of partition ranges/);
    await expectSqlError(conn.query("INSERT INTO tp.events TEMPORARY PARTITION (tp9) VALUES (13, '2024-01-13', 'x')"), 1735, 'HY000', /Unknown partition 'tp9' in table 'events'/);
    await expectSqlError(conn.query('SELECT * FROM tp.events TEMPORARY PARTITION (p1)'), 1735, 'HY000', /Unknown partition 'p1' in table 'events'/);
  });

  await t.test('bad REPLACE PARTITION is refused with StarRocks errors and changes nothing', async () => {
    const before = [await rows(conn, 'SHOW PARTITIONS FROM tp.events'), await tempPartitions(conn)];
    const replace = (sql: string) => conn.query(`ALTER TABLE tp.events ${sql}`);
    await expectSqlError(replace('REPLACE PARTITION (p9) WITH TEMPORARY PARTITION (tp1)'), 1064, 'HY000', /^Partition\[p9\] does not exist$/);
    await expectSqlError(replace('REPLACE PARTITION (p1) WITH TEMPORARY PARTITION (tp9)'), 1064, 'HY000', /^Temp partition\[tp9\] does not exist$/);
    await expectSqlError(replace('REPLACE PARTITION (p1) WITH PARTITION (p2)'), 1064, 'HY000', /^Only support replace partitions with temp partitions$/);
    await expectSqlError(replace('REPLACE PARTITION (p1) WITH TEMPORARY PARTITION (tp1) PROPERTIES ("strict" = "true")'), 1064, 'HY000', /^Unknown properties: \[strict\]$/);
    // strict_range (the default): the ranges must cover the same keys (RangeUtils.checkRangeListsMatch).
    const uppers = `2 range lists are not strictly matched. [${DATE_RANGE('0000-01-01', '2024-02-01')}, ${DATE_RANGE('2024-02-01', '2024-03-01')}] vs. [${DATE_RANGE('0000-01-01', '2024-02-01')}]`;
    await expectSqlError(replace('REPLACE PARTITION (p1, p2) WITH TEMPORARY PARTITION (tp1)'), 1064, 'HY000', new RegExp(`^${escape(uppers)}$`));
    const lowers = '2 range lists are not strictly matched. types: [DATE]; keys: [2024-02-01];  vs. types: [DATE]; keys: [0000-01-01]; ';
    await expectSqlError(replace('REPLACE PARTITION (p2) WITH TEMPORARY PARTITION (tp1)'), 1064, 'HY000', new RegExp(`^${escape(lowers)}$`));
    // Not strict: the new ranges must not overlap the partitions that stay (RangeUtils.checkRangeConflict).
    const conflict = `Range: ${DATE_RANGE('0000-01-01', '2024-02-01')} conflicts with existing range`;
    await expectSqlError(replace('REPLACE PARTITION (p2) WITH TEMPORARY PARTITION (tp1) PROPERTIES ("strict_range" = "false")'), 1064, 'HY000', new RegExp(`^${escape(conflict)}$`));
    assert.deepEqual([await rows(conn, 'SHOW PARTITIONS FROM tp.events'), await tempPartitions(conn)], before);
  });

  await t.test('REPLACE PARTITION swaps atomically: the formal name with the temporary partition\'s id, version and data', async () => {
    const [p1] = (await meta(conn)).filter((r) => r.PARTITION_NAME === 'p1');
    const [tp1] = (await meta(conn)).filter((r) => r.PARTITION_NAME === 'tp1');
    await conn.query('ALTER TABLE tp.events REPLACE PARTITION (p1) WITH TEMPORARY PARTITION (tp1)');
    const after = await meta(conn);
    assert.deepEqual(after.map((r) => [r.PARTITION_NAME, r.IS_TEMP]), [['p1', 'false'], ['p2', 'false'], ['p3', 'false'], ['tp2', 'true']]);
    const p1After = after.find((r) => r.PARTITION_NAME === 'p1')!;
    assert.deepEqual([p1After.PARTITION_ID, p1After.VISIBLE_VERSION, p1After.VERSION_EPOCH], [tp1!.PARTITION_ID, tp1!.VISIBLE_VERSION, tp1!.VERSION_EPOCH]);
    assert.notEqual(p1After.PARTITION_ID, p1!.PARTITION_ID);
    assert.deepEqual(await rows(conn, 'SELECT id, v FROM tp.events ORDER BY id'), [
      { id: '2', v: 'old2' },
      { id: '3', v: 'old3' },
      { id: '11', v: 'new11' },
      { id: '12', v: 'new12' },
    ]);
    // The replaced partition's tablets are gone from the BEs.
    assert.ok(!(await tabletPartitions(conn)).has(String(p1!.PARTITION_ID)));
  });

  await t.test('REPLACE PARTITION of several partitions by one, keeping the temporary name; strict ranges may be cut differently', async () => {
    await conn.query('ALTER TABLE tp.events DROP TEMPORARY PARTITION tp2');
    await conn.query('ALTER TABLE tp.events ADD TEMPORARY PARTITION tq VALUES [("2024-02-01"), ("2024-04-01"))');
    await conn.query("INSERT INTO tp.events TEMPORARY PARTITION (tq) VALUES (20, '2024-03-20', 'q')");
    await conn.query('ALTER TABLE tp.events REPLACE PARTITION (p2, p3) WITH TEMPORARY PARTITION (tq) PROPERTIES ("use_temp_partition_name" = "true")');
    assert.deepEqual((await rows(conn, 'SHOW PARTITIONS FROM tp.events')).map((r) => [r.PartitionName, r.Range]), [
      ['p1', DATE_RANGE('0000-01-01', '2024-02-01')],
      ['tq', DATE_RANGE('2024-02-01', '2024-04-01')],
    ]);
    assert.deepEqual(await tempPartitions(conn), []);
    assert.deepEqual(await rows(conn, 'SELECT id FROM tp.events ORDER BY id'), [{ id: '11' }, { id: '12' }, { id: '20' }]);
    // Not strict: a narrower range may replace a partition when it overlaps none that stays.
    await conn.query('ALTER TABLE tp.events ADD TEMPORARY PARTITION tn VALUES [("2024-02-01"), ("2024-02-15"))');
    await conn.query('ALTER TABLE tp.events REPLACE PARTITION (tq) WITH TEMPORARY PARTITION (tn) PROPERTIES ("strict_range" = "false")');
    assert.deepEqual((await rows(conn, 'SHOW PARTITIONS FROM tp.events')).map((r) => [r.PartitionName, r.Range]), [
      ['p1', DATE_RANGE('0000-01-01', '2024-02-01')],
      ['tq', DATE_RANGE('2024-02-01', '2024-02-15')],
    ]);
  });

  await t.test('formal partition changes leave temporary partitions alone; DROP TEMPORARY PARTITION drops the tablets', async () => {
    await conn.query('ALTER TABLE tp.events ADD TEMPORARY PARTITION keep VALUES [("2024-06-01"), ("2024-07-01"))');
    const keep = (await tempPartitions(conn))[0]!;
    await conn.query('ALTER TABLE tp.events ADD PARTITION p6 VALUES [("2024-06-01"), ("2024-07-01"))');
    await conn.query('ALTER TABLE tp.events DROP PARTITION p6');
    await conn.query('TRUNCATE TABLE tp.events PARTITION (p1)');
    assert.deepEqual(await tempPartitions(conn), [keep]);
    assert.ok((await tabletPartitions(conn)).has(String(keep.PartitionId)));
    await conn.query('ALTER TABLE tp.events DROP TEMPORARY PARTITION keep');
    assert.deepEqual(await tempPartitions(conn), []);
    assert.ok(!(await tabletPartitions(conn)).has(String(keep.PartitionId)));
    assert.deepEqual((await meta(conn)).filter((r) => r.IS_TEMP === 'true'), []);
  });

  await t.test('TRUNCATE of the whole table and DROP TABLE drop the temporary partitions', async () => {
    await conn.query('ALTER TABLE tp.events ADD TEMPORARY PARTITION gone VALUES [("2024-06-01"), ("2024-07-01"))');
    const gone = String((await tempPartitions(conn))[0]!.PartitionId);
    await conn.query('TRUNCATE TABLE tp.events');
    assert.deepEqual(await tempPartitions(conn), []);
    assert.ok(!(await tabletPartitions(conn)).has(gone));
    await conn.query('ALTER TABLE tp.events ADD TEMPORARY PARTITION gone2 VALUES [("2024-06-01"), ("2024-07-01"))');
    const gone2 = String((await tempPartitions(conn))[0]!.PartitionId);
    await conn.query('DROP TABLE tp.events');
    assert.ok(!(await tabletPartitions(conn)).has(gone2));
  });

  await t.test('temporary partitions, their versions and data survive an FE restart', async () => {
    await conn.query(`CREATE TABLE tp.kept (id BIGINT NOT NULL, dt DATE NOT NULL) DUPLICATE KEY(id)
      PARTITION BY RANGE(dt) (PARTITION p1 VALUES LESS THAN ("2024-02-01")) DISTRIBUTED BY HASH(id) BUCKETS 2`);
    await conn.query('ALTER TABLE tp.kept ADD TEMPORARY PARTITION tp1 VALUES LESS THAN ("2024-02-01")');
    await conn.query("INSERT INTO tp.kept TEMPORARY PARTITION (tp1) VALUES (1, '2024-01-01'), (2, '2024-01-02')");
    const before = await tempPartitions(conn, 'tp.kept');
    await cluster.restartFrontend();
    const again = await connect(cluster);
    t.after(() => again.end());
    assert.deepEqual(await tempPartitions(again, 'tp.kept'), before);
    assert.deepEqual(await rows(again, 'SELECT COUNT(*) AS n FROM tp.kept TEMPORARY PARTITION (tp1)'), [{ n: '2' }]);
    assert.deepEqual(await rows(again, 'SELECT COUNT(*) AS n FROM tp.kept'), [{ n: '0' }]);
    assert.deepEqual((await meta(again, 'kept')).map((r) => [r.PARTITION_NAME, r.IS_TEMP, r.VISIBLE_VERSION]), [['p1', 'false', '1'], ['tp1', 'true', '2']]);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
