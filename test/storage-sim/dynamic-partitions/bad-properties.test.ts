// Bad dynamic_partition.* values are refused with StarRocks' texts (DdlExceptions, which reach the
// client as 1064 / HY000) and change nothing: CREATE TABLE creates no table, ALTER TABLE ... SET
// leaves the properties as they were; a table that is not dynamic becomes one only when ALTER
// gives everything CREATE would need.
// StarRocks: fe/fe-core/src/main/java/com/starrocks/common/util/DynamicPartitionUtil.java
// (checkInputDynamicPartitionProperties, analyzeDynamicPartition), fe/fe-core/src/main/java/com/starrocks/common/ErrorCode.java
// (ERROR_DYNAMIC_PARTITION_*), fe/fe-core/src/main/java/com/starrocks/server/OlapTableFactory.java (unpartitioned
// tables), fe/fe-core/src/main/java/com/starrocks/alter/SchemaChangeHandler.java (the "is not a dynamic partition
// table" refusal).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, connect, rows } from '../../helpers/sim-cluster.js';
import { expectSqlError } from '../engine/engine-helpers.js';
import { partitionNames } from './dynamic-helpers.js';

const GOOD: Record<string, string> = { 'dynamic_partition.time_unit': 'DAY', 'dynamic_partition.start': '-3', 'dynamic_partition.end': '3' };

const propertyList = (properties: Record<string, string>) =>
  Object.entries(properties)
    .map(([k, v]) => `"${k}" = "${v}"`)
    .join(', ');

function createStatement(properties: Record<string, string>, column = 'dt DATE NOT NULL', partitioning = 'PARTITION BY RANGE(dt) ()'): string {
  return `CREATE TABLE dp.t (${column}, n INT) DUPLICATE KEY(dt) ${partitioning} DISTRIBUTED BY HASH(dt) BUCKETS 1 PROPERTIES (${propertyList(properties)})`;
}

test('bad dynamic partition properties', async (t) => {
  const cluster = await startCluster('dynamic-bad-properties', { backends: 1 });
  t.after(() => cluster.stop());
  const conn = await connect(cluster);
  t.after(() => conn.end());
  await conn.query('CREATE DATABASE dp');

  await t.test('CREATE TABLE: each bad value is named, and no table is created', async () => {
    const without = (key: string) => Object.fromEntries(Object.entries(GOOD).filter(([k]) => k !== key));
    const cases: [Record<string, string>, string][] = [
      [without('dynamic_partition.time_unit'), 'Must assign dynamic_partition.time_unit properties'],
      [without('dynamic_partition.end'), 'Must assign dynamic_partition.end properties'],
      [{ ...GOOD, 'dynamic_partition.time_unit': 'MINUTE' }, 'Unsupported time unit MINUTE. Expect DAY/WEEK/MONTH/YEAR.'],
      [{ ...GOOD, 'dynamic_partition.start': '0' }, 'Dynamic partition start must less than 0'],
      [{ ...GOOD, 'dynamic_partition.start': 'yesterday' }, 'Invalid dynamic partition start yesterday'],
      [{ ...GOOD, 'dynamic_partition.end': '0' }, 'Dynamic partition end must greater than 0'],
      [{ ...GOOD, 'dynamic_partition.end': '3.5' }, 'Invalid dynamic partition end 3.5'],
      [{ ...GOOD, 'dynamic_partition.enable': 'yes' }, 'Invalid dynamic partition enable: yes. Expected true or false'],
      [{ ...GOOD, 'dynamic_partition.prefix': '1p' }, 'Invalid dynamic partition prefix: 1p.'],
      [{ ...GOOD, 'dynamic_partition.buckets': 'many' }, 'Invalid dynamic partition buckets many'],
      [{ ...GOOD, 'dynamic_partition.history_partition_num': '-1' }, 'Dynamic history partition num must greater than 0'],
      [{ ...GOOD, 'dynamic_partition.history_partition_num': 'x' }, 'Invalid properties: dynamic_partition.history_partition_num'],
      [{ ...GOOD, 'dynamic_partition.end': '400', 'dynamic_partition.history_partition_num': '101' }, 'Too many dynamic partitions: 501. Limit: 500'],
      [{ ...GOOD, 'dynamic_partition.time_zone': 'Mars/Olympus_Mons' }, "Unknown or incorrect time zone: 'Mars/Olympus_Mons'"],
      [{ ...GOOD, 'dynamic_partition.start_day_of_month': '29' }, 'dynamic_partition.start_day_of_month should between 1 and 28'],
      [{ ...GOOD, 'dynamic_partition.start_day_of_week': '0' }, 'dynamic_partition.start_day_of_week should between 1 and 7'],
      [{ ...GOOD, 'dynamic_partition.replication_num': '0' }, 'Dynamic partition replication num must greater than 0'],
      [{ ...GOOD, 'dynamic_partition.time_unit': 'HOUR' }, 'Getting analyzing error. Detail message: Date type partition does not support dynamic partitioning granularity of hour.'],
    ];
    for (const [properties, message] of cases) {
      const error = await expectSqlError(conn.query(createStatement(properties)), 1064, 'HY000');
      assert.equal(error.message, message, JSON.stringify(properties));
    }
    const unpartitioned = `CREATE TABLE dp.t (dt DATE NOT NULL, n INT) DUPLICATE KEY(dt) DISTRIBUTED BY HASH(dt) BUCKETS 1 PROPERTIES (${propertyList(GOOD)})`;
    await expectSqlError(conn.query(unpartitioned), 1064, 'HY000', /^Only support dynamic partition properties on range partition table$/);
    const twoColumns = createStatement(GOOD, 'dt DATE NOT NULL, k INT NOT NULL', 'PARTITION BY RANGE(dt, k) ()').replace('KEY(dt)', 'KEY(dt, k)');
    await expectSqlError(conn.query(twoColumns), 1064, 'HY000', /^Dynamic partition only support single-column range partition$/);
    assert.deepEqual(await rows(conn, 'SHOW TABLES FROM dp'), []);
    // The same statement with good values works: hourly partitions need a DATETIME column.
    await conn.query(createStatement({ ...GOOD, 'dynamic_partition.time_unit': 'HOUR', 'dynamic_partition.end': '2' }, 'dt DATETIME NOT NULL'));
    assert.equal((await partitionNames(conn, 'dp.t')).length, 3);
  });

  await t.test('ALTER TABLE SET: a bad value on a dynamic table changes nothing', async () => {
    const before = await rows(conn, 'SHOW CREATE TABLE dp.t');
    await expectSqlError(conn.query('ALTER TABLE dp.t SET ("dynamic_partition.end" = "-1")'), 1064, 'HY000', /^Dynamic partition end must greater than 0$/);
    await expectSqlError(conn.query('ALTER TABLE dp.t SET ("dynamic_partition.enable" = "off")'), 1064, 'HY000', /^Invalid dynamic partition enable: off\. Expected true or false$/);
    assert.deepEqual(await rows(conn, 'SHOW CREATE TABLE dp.t'), before);
  });

  await t.test('ALTER TABLE SET on a table that is not dynamic needs every required property', async () => {
    await conn.query(`CREATE TABLE dp.plain (dt DATE NOT NULL, n INT) DUPLICATE KEY(dt)
      PARTITION BY RANGE(dt) (PARTITION p1 VALUES LESS THAN ("2024-01-01")) DISTRIBUTED BY HASH(dt) BUCKETS 1`);
    const error = await expectSqlError(conn.query('ALTER TABLE dp.plain SET ("dynamic_partition.enable" = "true")'), 1064, 'HY000');
    assert.equal(error.message, 'Table dp.plain is not a dynamic partition table. Use command `HELP ALTER TABLE` to see how to change a normal table to a dynamic partition table.');
    assert.doesNotMatch(String((await rows(conn, 'SHOW CREATE TABLE dp.plain'))[0]!['Create Table']), /dynamic_partition/);
    // Given all of them, the table becomes dynamic; its partitions come with the next scheduler run.
    await conn.query(`ALTER TABLE dp.plain SET (${propertyList(GOOD)})`);
    assert.match(String((await rows(conn, 'SHOW CREATE TABLE dp.plain'))[0]!['Create Table']), /"dynamic_partition.enable" = "true",\n"dynamic_partition.time_unit" = "DAY"/);
  });
});
