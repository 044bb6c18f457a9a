// information_schema.be_tablets columns by release (PR #18210, #20360 for the first ones; INDEX_DISK
// PR #35615 in 3.2; MEDIUM_TYPE and NUM_SEGMENT PR #38621 in 3.3). SCHEMA_HASH is the real schema
// hash in every release, and no release has an INDEX_ID column. Naming a column the release does
// not have is an analysis error, as for any unknown column.
// StarRocks: fe/fe-core/src/main/java/com/starrocks/catalog/system/information/BeTabletsSystemTable.java,
// fe/fe-core/src/main/java/com/starrocks/sql/analyzer/Scope.java
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rows } from '../../helpers/sim-cluster.js';
import { failure, query, RELEASES, startRelease, tableLayout } from './release-helpers.js';

const BASE = [
  'BE_ID', 'TABLE_ID', 'PARTITION_ID', 'TABLET_ID', 'NUM_VERSION', 'MAX_VERSION', 'MIN_VERSION', 'NUM_ROWSET', 'NUM_ROW', 'DATA_SIZE', 'INDEX_MEM',
  'CREATE_TIME', 'STATE', 'TYPE', 'DATA_DIR', 'SHARD_ID', 'SCHEMA_HASH',
];
const EXPECTED: Record<(typeof RELEASES)[number], string[]> = {
  '3.1.8': BASE,
  '3.2.3': [...BASE, 'INDEX_DISK'],
  '3.3': [...BASE, 'INDEX_DISK', 'MEDIUM_TYPE', 'NUM_SEGMENT'],
  '3.5': [...BASE, 'INDEX_DISK', 'MEDIUM_TYPE', 'NUM_SEGMENT'],
  '4.0': [...BASE, 'INDEX_DISK', 'MEDIUM_TYPE', 'NUM_SEGMENT'],
};

for (const version of RELEASES) {
  test(`${version}: be_tablets has ${EXPECTED[version].length} columns, the real schema hash, and no others`, async (t) => {
    const { conn, stop } = await startRelease('be-tablets', version);
    t.after(stop);
    await conn.query('CREATE DATABASE db');
    await conn.query('CREATE TABLE db.t (k INT NOT NULL, v INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 2 PROPERTIES ("replication_num" = "1")');
    const { columns, rows: replicas } = await query(conn, 'SELECT * FROM information_schema.be_tablets');
    assert.deepEqual(columns, EXPECTED[version]);
    const layout = await tableLayout(conn, 'db', 't');
    assert.ok(![0, -1].includes(layout.schemaHash));
    assert.deepEqual(replicas.map((r) => Number(r.SCHEMA_HASH)), [layout.schemaHash, layout.schemaHash]);
    const unresolved = (name: string) => `Getting analyzing error. Detail message: Column '\`${name}\`' cannot be resolved.`;
    for (const name of ['INDEX_ID', 'INDEX_DISK', 'MEDIUM_TYPE', 'NUM_SEGMENT'].filter((c) => !EXPECTED[version].includes(c))) {
      const error = await failure(conn.query(`SELECT TABLET_ID, ${name} FROM information_schema.be_tablets`));
      assert.deepEqual([error.errno, error.sqlState, error.message], [1064, 'HY000', unresolved(name)], name);
    }
    if (EXPECTED[version].includes('MEDIUM_TYPE')) assert.deepEqual(await rows(conn, 'SELECT DISTINCT MEDIUM_TYPE FROM information_schema.be_tablets'), [{ MEDIUM_TYPE: 'HDD' }]);
  });
}
