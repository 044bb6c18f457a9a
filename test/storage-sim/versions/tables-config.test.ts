// information_schema.tables_config.DISTRIBUTE_TYPE by release: genNormalTableConfigInfo wrote the
// literal HASH for every table until PR #43222 (3.3.0) wrote the table's own distribution type;
// a RANDOM table's DISTRIBUTE_KEY is empty in every release.
// StarRocks: fe/fe-core/src/main/java/com/starrocks/service/InformationSchemaDataSource.java
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rows } from '../../helpers/sim-cluster.js';
import { RELEASES, startRelease } from './release-helpers.js';

const EXPECTED: Record<(typeof RELEASES)[number], string> = { '3.1.8': 'HASH', '3.2.3': 'HASH', '3.3': 'RANDOM', '3.5': 'RANDOM', '4.0': 'RANDOM' };

for (const version of RELEASES) {
  test(`${version}: tables_config.DISTRIBUTE_TYPE of a RANDOM table is ${EXPECTED[version]}`, async (t) => {
    const { conn, stop } = await startRelease('tables-config', version);
    t.after(stop);
    await conn.query('CREATE DATABASE db');
    await conn.query('CREATE TABLE db.hashed (k INT NOT NULL, v INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 2');
    await conn.query('CREATE TABLE db.spread (k INT NOT NULL, v INT) DUPLICATE KEY(k) DISTRIBUTED BY RANDOM BUCKETS 2');
    const config = await rows(conn, "SELECT TABLE_NAME, DISTRIBUTE_KEY, DISTRIBUTE_TYPE, DISTRIBUTE_BUCKET FROM information_schema.tables_config WHERE TABLE_SCHEMA = 'db' ORDER BY TABLE_NAME");
    assert.deepEqual(config, [
      { TABLE_NAME: 'hashed', DISTRIBUTE_KEY: '`k`', DISTRIBUTE_TYPE: 'HASH', DISTRIBUTE_BUCKET: '2' },
      { TABLE_NAME: 'spread', DISTRIBUTE_KEY: '', DISTRIBUTE_TYPE: EXPECTED[version], DISTRIBUTE_BUCKET: '2' },
    ]);
  });
}

// PROPERTIES: before 3.3 a map genProps built itself, the dynamic-partition property as one entry of
// DynamicPartitionProperty.getPropString() text; from 3.3 (PR #43222) the table's own properties, flat.
// StarRocks: fe/fe-core/src/main/java/com/starrocks/catalog/DynamicPartitionProperty.java
for (const version of ['3.2.3', '4.0'] as const) {
  test(`${version}: tables_config.PROPERTIES of a dynamic-partition table`, async (t) => {
    const { conn, stop } = await startRelease('tables-config-properties', version);
    t.after(stop);
    await conn.query('CREATE DATABASE db');
    await conn.query(`CREATE TABLE db.daily (day DATE NOT NULL, n INT) DUPLICATE KEY(day) PARTITION BY RANGE(day) () DISTRIBUTED BY HASH(day) BUCKETS 1
      PROPERTIES ("replication_num" = "1", "dynamic_partition.time_unit" = "DAY", "dynamic_partition.end" = "2", "dynamic_partition.prefix" = "p", "dynamic_partition.time_zone" = "UTC")`);
    const [row] = await rows(conn, "SELECT PROPERTIES FROM information_schema.tables_config WHERE TABLE_NAME = 'daily'");
    const properties = JSON.parse(String(row!.PROPERTIES)) as Record<string, string>;
    if (version === '3.2.3') {
      assert.equal(
        properties.dynamic_partition,
        '{dynamic_partition.enable:true,dynamic_partition.time_unit:DAY,dynamic_partition.time_zone:UTC,dynamic_partition.start:-2147483648,dynamic_partition.end:2,dynamic_partition.prefix:p,dynamic_partition.buckets:0}',
      );
      assert.deepEqual(Object.keys(properties), ['replication_num', 'dynamic_partition', 'in_memory', 'enable_persistent_index', 'compression']);
    } else {
      assert.equal(properties['dynamic_partition.enable'], 'true');
      assert.equal(properties['dynamic_partition.time_unit'], 'DAY');
      assert.equal(properties.dynamic_partition, undefined);
    }
  });
}
