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
