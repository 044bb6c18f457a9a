// Manual ADD / DROP PARTITION on a dynamic partition table: refused while dynamic_partition.enable
// is true (StarRocks' DdlException text, which it sends without an error code: 1064 / HY000),
// before anything else about the partition is looked at, and with nothing changed; accepted once
// the table is switched to false, when the scheduler also leaves the table alone; switched back to
// true, the scheduler's next run restores the window.
// StarRocks: fe/fe-core/src/main/java/com/starrocks/common/util/DynamicPartitionUtil.java
// (checkAlterAllowed), fe/fe-core/src/main/java/com/starrocks/alter/AlterJobExecutor.java
// (visitAddPartitionClause, visitDropPartitionClause), fe/fe-core/src/main/java/com/starrocks/mysql/MysqlErrPacket.java.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, connect } from '../../helpers/sim-cluster.js';
import { expectSqlError } from '../engine/engine-helpers.js';
import { day, dayName, partitionNames, sleep, waitFor } from './dynamic-helpers.js';

const REFUSED = 'Cannot add/drop partition on a Dynamic Partition Table, Use command `ALTER TABLE tbl_name SET ("dynamic_partition.enable" = "false")` firstly.';

test('manual partition changes on a dynamic partition table', async (t) => {
  const cluster = await startCluster('dynamic-manual', { backends: 1, config: { dynamic_partition_check_interval_seconds: '1' } });
  t.after(() => cluster.stop());
  const conn = await connect(cluster);
  t.after(() => conn.end());
  await conn.query('CREATE DATABASE dp');
  await conn.query(`CREATE TABLE dp.events (dt DATE NOT NULL, n INT) DUPLICATE KEY(dt)
    PARTITION BY RANGE(dt) () DISTRIBUTED BY HASH(dt) BUCKETS 1
    PROPERTIES ("dynamic_partition.time_unit" = "DAY", "dynamic_partition.start" = "-3", "dynamic_partition.end" = "2")`);
  const window = [dayName(0), dayName(1), dayName(2)];
  assert.deepEqual(await partitionNames(conn, 'dp.events'), window);

  await t.test('ADD and DROP PARTITION are refused with StarRocks\' message while enabled, changing nothing', async () => {
    const refusals = [
      `ALTER TABLE dp.events ADD PARTITION extra VALUES [("${day(10)}"), ("${day(11)}"))`,
      `ALTER TABLE dp.events DROP PARTITION ${dayName(1)}`,
      // Refused before the partition itself is looked at: IF [NOT] EXISTS and unknown names included.
      'ALTER TABLE dp.events DROP PARTITION IF EXISTS nothing_here',
      `ALTER TABLE dp.events ADD PARTITION IF NOT EXISTS ${dayName(0)} VALUES [("${day(0)}"), ("${day(1)}"))`,
    ];
    for (const sql of refusals) {
      const error = await expectSqlError(conn.query(sql), 1064, 'HY000');
      assert.equal(error.message, REFUSED, sql);
    }
    assert.deepEqual(await partitionNames(conn, 'dp.events'), window);
  });

  await t.test('with dynamic_partition.enable = false, ADD and DROP work and the scheduler leaves the table alone', async () => {
    await conn.query('ALTER TABLE dp.events SET ("dynamic_partition.enable" = "false")');
    await conn.query(`ALTER TABLE dp.events DROP PARTITION ${dayName(2)}`);
    await conn.query(`ALTER TABLE dp.events ADD PARTITION old VALUES [("${day(-30)}"), ("${day(-29)}"))`);
    const manual = ['old', dayName(0), dayName(1)].sort();
    assert.deepEqual(await partitionNames(conn, 'dp.events'), manual);
    await sleep(2_500); // more than two check intervals
    assert.deepEqual(await partitionNames(conn, 'dp.events'), manual, 'neither re-created nor dropped');
  });

  await t.test('switched back to true, the next run restores the window and drops what fell out of it', async () => {
    await conn.query('ALTER TABLE dp.events SET ("dynamic_partition.enable" = "true")');
    await waitFor('the scheduler run', () => partitionNames(conn, 'dp.events'), (names) => names.join() === window.join());
    await expectSqlError(conn.query(`ALTER TABLE dp.events DROP PARTITION ${dayName(0)}`), 1064, 'HY000');
  });
});
