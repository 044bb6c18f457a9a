// The dynamic partition scheduler as a client sees it: CREATE TABLE with dynamic properties comes
// back with today's partition and the next `end` ones (named and ranged as StarRocks names and
// ranges them, with the dynamic bucket count or the table's), history_partition_num reaches back,
// partitions that end at or before the oldest kept day are dropped, and the FE config
// dynamic_partition_enable switches the whole scheduler, which then runs every
// dynamic_partition_check_interval_seconds.
// StarRocks: fe/fe-core/src/main/java/com/starrocks/clone/DynamicPartitionScheduler.java
// (getAddPartitionClause, getDropPartitionClause, runAfterCatalogReady) and
// fe/fe-core/src/main/java/com/starrocks/server/OlapTableFactory.java (the run right after CREATE TABLE).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, connect, rows } from '../../helpers/sim-cluster.js';
import { day, dayName, partitionNames, partitionsOf, rangeText, sleep, waitFor } from './dynamic-helpers.js';

test('the dynamic partition scheduler', async (t) => {
  const cluster = await startCluster('dynamic-scheduler', { backends: 1, config: { dynamic_partition_check_interval_seconds: '1' } });
  t.after(() => cluster.stop());
  const conn = await connect(cluster);
  t.after(() => conn.end());
  await conn.query('CREATE DATABASE dp');

  await t.test("creation makes today's partition and the next `end` ones, with the table's buckets", async () => {
    await conn.query(`CREATE TABLE dp.events (dt DATE NOT NULL, n INT) DUPLICATE KEY(dt)
      PARTITION BY RANGE(dt) () DISTRIBUTED BY HASH(dt) BUCKETS 2
      PROPERTIES ("dynamic_partition.time_unit" = "DAY", "dynamic_partition.start" = "-3", "dynamic_partition.end" = "3")`);
    const expected = [0, 1, 2, 3].map((i) => ({ name: dayName(i), range: rangeText('DATE', day(i), day(i + 1)), buckets: 2, replicationNum: 1 }));
    assert.deepEqual(await partitionsOf(conn, 'dp.events'), expected);
    // partitions_meta, the one query per cluster the migration tool reads, shows the same ranges.
    const meta = await rows(conn, "SELECT PARTITION_NAME, PARTITION_VALUE, BUCKETS FROM information_schema.partitions_meta WHERE DB_NAME = 'dp' AND TABLE_NAME = 'events' ORDER BY PARTITION_NAME");
    assert.deepEqual(meta.map((r) => [r.PARTITION_NAME, r.PARTITION_VALUE, Number(r.BUCKETS)]), expected.map((p) => [p.name, p.range, 2]));
    // The partitions are real: rows land in today's.
    await conn.query(`INSERT INTO dp.events VALUES ("${day(0)}", 1), ("${day(3)}", 2)`);
    assert.deepEqual((await rows(conn, `SELECT n FROM dp.events PARTITION (${dayName(3)})`)).map((r) => Number(r.n)), [2]);
  });

  await t.test('a DATETIME column, a prefix, dynamic buckets and history_partition_num', async () => {
    await conn.query(`CREATE TABLE dp.clicks (at DATETIME NOT NULL, n INT) DUPLICATE KEY(at)
      PARTITION BY RANGE(at) () DISTRIBUTED BY RANDOM BUCKETS 1
      PROPERTIES ("dynamic_partition.time_unit" = "day", "dynamic_partition.start" = "-5", "dynamic_partition.end" = "2",
        "dynamic_partition.prefix" = "d_", "dynamic_partition.buckets" = "3", "dynamic_partition.history_partition_num" = "2")`);
    // From max(start, -history_partition_num) = -2 up to end = 2.
    const expected = [-2, -1, 0, 1, 2].map((i) => ({
      name: dayName(i, 'd_'),
      range: rangeText('DATETIME', `${day(i)} 00:00:00`, `${day(i + 1)} 00:00:00`),
      buckets: 3,
      replicationNum: 1,
    }));
    assert.deepEqual(await partitionsOf(conn, 'dp.clicks'), expected);
  });

  await t.test('partitions that end at or before the oldest kept day are dropped; later ones stay', async () => {
    await conn.query(`CREATE TABLE dp.archive (dt DATE NOT NULL, n INT) DUPLICATE KEY(dt)
      PARTITION BY RANGE(dt) (
        PARTITION p_old VALUES [("2020-01-01"), ("2020-01-02")),
        PARTITION p_edge VALUES [("${day(-4)}"), ("${day(-3)}")),
        PARTITION p_kept VALUES [("${day(-3)}"), ("${day(-2)}"))
      ) DISTRIBUTED BY HASH(dt) BUCKETS 1
      PROPERTIES ("dynamic_partition.time_unit" = "DAY", "dynamic_partition.start" = "-3", "dynamic_partition.end" = "2")`);
    assert.deepEqual(await partitionNames(conn, 'dp.archive'), [dayName(0), dayName(1), dayName(2), 'p_kept'].sort());
    const meta = await rows(conn, "SELECT PARTITION_NAME FROM information_schema.partitions_meta WHERE TABLE_NAME = 'archive'");
    assert.equal(meta.length, 4, 'the dropped partitions are gone from partitions_meta too');
  });

  await t.test('a partition already covering a day is kept and that day is skipped', async () => {
    await conn.query(`CREATE TABLE dp.weekly (dt DATE NOT NULL) DUPLICATE KEY(dt)
      PARTITION BY RANGE(dt) (PARTITION manual VALUES [("${day(0)}"), ("${day(2)}"))) DISTRIBUTED BY HASH(dt) BUCKETS 1
      PROPERTIES ("dynamic_partition.time_unit" = "DAY", "dynamic_partition.end" = "3")`);
    assert.deepEqual(await partitionNames(conn, 'dp.weekly'), [dayName(2), dayName(3), 'manual'].sort());
  });

  await t.test('dynamic_partition_enable = false stops the scheduler; switched back on, its next run creates the partitions', async () => {
    await conn.query('ADMIN SET FRONTEND CONFIG ("dynamic_partition_enable" = "false")');
    await conn.query(`CREATE TABLE dp.later (dt DATE NOT NULL) DUPLICATE KEY(dt) PARTITION BY RANGE(dt) () DISTRIBUTED BY HASH(dt) BUCKETS 1
      PROPERTIES ("dynamic_partition.time_unit" = "DAY", "dynamic_partition.end" = "1")`);
    assert.deepEqual(await partitionNames(conn, 'dp.later'), []);
    await sleep(2_000); // two check intervals
    assert.deepEqual(await partitionNames(conn, 'dp.later'), [], 'no run while the scheduler is off');
    await conn.query('ADMIN SET FRONTEND CONFIG ("dynamic_partition_enable" = "true")');
    await waitFor('the periodic run', () => partitionNames(conn, 'dp.later'), (names) => names.length === 2);
    assert.deepEqual(await partitionNames(conn, 'dp.later'), [dayName(0), dayName(1)]);
  });
});
