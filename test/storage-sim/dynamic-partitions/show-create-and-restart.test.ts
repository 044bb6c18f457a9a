// The dynamic properties as clients read them back: SHOW CREATE TABLE prints all of them as one
// block after replication_num (defaults included, enable and time zone as StarRocks normalises
// them), information_schema.tables_config lists them in PROPERTIES, they survive an FE restart
// (with the partitions the scheduler made), and SHOW CREATE TABLE's text re-creates an equivalent
// table on another cluster.
// StarRocks: fe/fe-core/src/main/java/com/starrocks/catalog/DynamicPartitionProperty.java (toString),
// fe/fe-core/src/main/java/com/starrocks/server/GlobalStateMgr.java (getDdlStmt: where SHOW CREATE TABLE puts it),
// fe/fe-core/src/main/java/com/starrocks/service/InformationSchemaDataSource.java (tables_config PROPERTIES).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Connection } from 'mysql2/promise';
import { startCluster, connect, rows } from '../../helpers/sim-cluster.js';
import { dayName, partitionsOf } from './dynamic-helpers.js';

async function showCreate(conn: Connection, table: string): Promise<string> {
  return String((await rows(conn, `SHOW CREATE TABLE ${table}`))[0]!['Create Table']);
}

test('dynamic properties in SHOW CREATE TABLE and tables_config, across a restart and on another cluster', async (t) => {
  const source = await startCluster('dynamic-show-create', { backends: 1 });
  t.after(() => source.stop());
  let conn = await connect(source);
  t.after(() => conn.end());
  await conn.query('CREATE DATABASE dp');
  await conn.query(`CREATE TABLE dp.weekly (dt DATE NOT NULL, n INT) DUPLICATE KEY(dt)
    PARTITION BY RANGE(dt) () DISTRIBUTED BY HASH(dt) BUCKETS 2
    PROPERTIES ("replication_num" = "1", "dynamic_partition.enable" = "TRUE", "dynamic_partition.time_unit" = "week",
      "dynamic_partition.end" = "2", "dynamic_partition.prefix" = "w", "dynamic_partition.buckets" = "4")`);
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const text = await showCreate(conn, 'dp.weekly');

  await t.test('SHOW CREATE TABLE prints every dynamic property, after replication_num', () => {
    assert.match(
      text,
      new RegExp(
        [
          'PROPERTIES \\(',
          '"replication_num" = "1",',
          '"dynamic_partition.enable" = "true",',
          '"dynamic_partition.time_unit" = "week",',
          `"dynamic_partition.time_zone" = "${zone}",`,
          '"dynamic_partition.start" = "-2147483648",',
          '"dynamic_partition.end" = "2",',
          '"dynamic_partition.prefix" = "w",',
          '"dynamic_partition.buckets" = "4",',
          '"dynamic_partition.history_partition_num" = "0",',
          '"dynamic_partition.start_day_of_week" = "1"',
          '\\);$',
        ].join('\\n'),
      ),
    );
  });

  await t.test('tables_config.PROPERTIES holds the dynamic properties the table keeps', async () => {
    const [row] = await rows(conn, "SELECT PROPERTIES FROM information_schema.tables_config WHERE TABLE_SCHEMA = 'dp' AND TABLE_NAME = 'weekly'");
    const properties = JSON.parse(String(row!.PROPERTIES)) as Record<string, string>;
    assert.deepEqual(
      Object.fromEntries(Object.entries(properties).filter(([k]) => k.startsWith('dynamic_partition.'))),
      {
        'dynamic_partition.enable': 'TRUE',
        'dynamic_partition.time_unit': 'week',
        'dynamic_partition.time_zone': zone,
        'dynamic_partition.start': '-2147483648',
        'dynamic_partition.end': '2',
        'dynamic_partition.prefix': 'w',
        'dynamic_partition.buckets': '4',
      },
    );
  });

  await t.test('an FE restart keeps the properties, the switch and the partitions', async () => {
    const partitions = await partitionsOf(conn, 'dp.weekly');
    assert.equal(partitions.length, 3, 'this week and the next two');
    assert.ok(partitions.every((p) => /^w\d{4}_\d{2}$/.test(p.name) && p.buckets === 4), JSON.stringify(partitions));
    await conn.query('ALTER TABLE dp.weekly SET ("dynamic_partition.enable" = "false")');
    await conn.end();
    await source.restartFrontend();
    conn = await connect(source);
    assert.equal(await showCreate(conn, 'dp.weekly'), text.replace('"dynamic_partition.enable" = "true"', '"dynamic_partition.enable" = "false"'));
    assert.deepEqual(await partitionsOf(conn, 'dp.weekly'), partitions);
    // Still switched off after the restart: a manual change is accepted.
    await conn.query(`ALTER TABLE dp.weekly DROP PARTITION ${partitions[2]!.name}`);
    await conn.query('ALTER TABLE dp.weekly SET ("dynamic_partition.enable" = "true")');
  });

  await t.test("SHOW CREATE TABLE's text re-creates an equivalent table on another cluster", async () => {
    await conn.query(`CREATE TABLE dp.daily (dt DATE NOT NULL, n INT) DUPLICATE KEY(dt)
      PARTITION BY RANGE(dt) (PARTITION p_old VALUES LESS THAN ("2020-01-01")) DISTRIBUTED BY HASH(dt) BUCKETS 3
      PROPERTIES ("dynamic_partition.time_unit" = "DAY", "dynamic_partition.start" = "-7", "dynamic_partition.end" = "3")`);
    const daily = await showCreate(conn, 'dp.daily');
    assert.deepEqual((await partitionsOf(conn, 'dp.daily')).map((p) => p.name), [0, 1, 2, 3].map((i) => dayName(i)));
    const target = await startCluster('dynamic-show-create-target', { backends: 1 });
    t.after(() => target.stop());
    const other = await connect(target);
    t.after(() => other.end());
    await other.query('CREATE DATABASE dp');
    await other.query('USE dp');
    await other.query(daily);
    assert.equal(await showCreate(other, 'dp.daily'), daily);
    assert.deepEqual(await partitionsOf(other, 'dp.daily'), await partitionsOf(conn, 'dp.daily'));
  });
});
