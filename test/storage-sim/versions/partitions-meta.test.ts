// information_schema.partitions_meta by release: absent before 3.1.9 / 3.2.4 (PR #39265); its
// columns (DATA_VERSION, VERSION_EPOCH, VERSION_TXN_TYPE right after NEXT_VERSION, PR #46507);
// DATA_SIZE as ByteSizeValue text until PR #61251 (2025-07) made it a BIGINT of bytes, with the
// type in the result's column definition following.
// StarRocks: fe/fe-core/src/main/java/com/starrocks/catalog/system/information/PartitionsMetaSystemTable.java,
// fe/fe-core/src/main/java/com/starrocks/monitor/unit/ByteSizeValue.java, be/src/exec/schema_scanner/schema_partitions_meta_scanner.cpp
import { test } from 'node:test';
import assert from 'node:assert/strict';
import mysql from 'mysql2';
import type { Connection } from 'mysql2/promise';
import { rows } from '../../helpers/sim-cluster.js';
import { byteSizeText } from '../../../src/storage-sim/fe/query/byte-size-text.js';
import { failure, query, startRelease } from './release-helpers.js';

const COLUMNS = [
  'DB_NAME', 'TABLE_NAME', 'PARTITION_NAME', 'PARTITION_ID', 'COMPACT_VERSION', 'VISIBLE_VERSION', 'VISIBLE_VERSION_TIME', 'NEXT_VERSION',
  'DATA_VERSION', 'VERSION_EPOCH', 'VERSION_TXN_TYPE', 'PARTITION_KEY', 'PARTITION_VALUE', 'DISTRIBUTION_KEY', 'BUCKETS', 'REPLICATION_NUM',
  'STORAGE_MEDIUM', 'COOLDOWN_TIME', 'LAST_CONSISTENCY_CHECK_TIME', 'IS_IN_MEMORY', 'IS_TEMP', 'DATA_SIZE', 'ROW_COUNT', 'ENABLE_DATACACHE',
  'AVG_CS', 'P50_CS', 'MAX_CS', 'STORAGE_PATH',
];

/** p1 holds rows, p2 none. */
async function createTable(conn: Connection): Promise<void> {
  await conn.query('CREATE DATABASE db');
  await conn.query(`CREATE TABLE db.t (k BIGINT NOT NULL, v VARCHAR(64)) DUPLICATE KEY(k)
    PARTITION BY RANGE(k) (PARTITION p1 VALUES LESS THAN ('1000'), PARTITION p2 VALUES LESS THAN ('2000'))
    DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES ("replication_num" = "1")`);
  await conn.query(`INSERT INTO db.t VALUES ${Array.from({ length: 500 }, (_, i) => `(${i}, 'value-${i}')`).join(', ')}`);
}

/** What p1 holds on its BE, in bytes. */
async function p1Bytes(conn: Connection): Promise<number> {
  const [p1] = await rows(conn, "SHOW PARTITIONS FROM db.t WHERE PartitionName = 'p1'");
  const replicas = await rows(conn, `SELECT DATA_SIZE FROM information_schema.be_tablets WHERE PARTITION_ID = ${String(p1!.PartitionId)}`);
  return replicas.reduce((sum, r) => sum + Number(r.DATA_SIZE), 0);
}

test('ByteSizeValue text: 1024-based units, no space, one decimal cut off, a trailing .0 dropped', () => {
  const cases: [number, string][] = [
    [0, '0B'], [512, '512B'], [1023, '1023B'], [1024, '1KB'], [1536, '1.5KB'], [1075, '1KB'], [1126, '1KB'],
    [1048575, '1023.9KB'], [1048576, '1MB'], [249_466_470, '237.9MB'], [2 * 1024 ** 3, '2GB'], [1.25 * 1024 ** 4, '1.2TB'], [3 * 1024 ** 5, '3PB'],
  ];
  for (const [bytes, text] of cases) assert.equal(byteSizeText(bytes), text, String(bytes));
});

for (const version of ['3.1.8', '3.2.3']) {
  test(`${version}: information_schema.partitions_meta does not exist`, async (t) => {
    const { conn, stop } = await startRelease('partitions-meta', version);
    t.after(stop);
    const missing = await failure(conn.query('SELECT PARTITION_ID FROM information_schema.partitions_meta'));
    const unknown = await failure(conn.query('SELECT PARTITION_ID FROM information_schema.no_such_table'));
    assert.equal(missing.message, "Table 'information_schema.partitions_meta' doesn't exist");
    assert.deepEqual([missing.errno, missing.sqlState], [unknown.errno, unknown.sqlState]);
  });
}

for (const version of ['3.3', '3.5']) {
  test(`${version}: partitions_meta has the version columns and DATA_SIZE as VARCHAR text`, async (t) => {
    const { conn, stop } = await startRelease('partitions-meta', version);
    t.after(stop);
    await createTable(conn);
    const { columns, types, rows: partitions } = await query(conn, "SELECT * FROM information_schema.partitions_meta WHERE DB_NAME = 'db' ORDER BY PARTITION_NAME");
    assert.deepEqual(columns, COLUMNS);
    assert.equal(types.DATA_SIZE, mysql.Types.VAR_STRING);
    assert.equal(types.ROW_COUNT, mysql.Types.LONGLONG);
    assert.deepEqual(partitions.map((p) => [p.PARTITION_NAME, p.DATA_VERSION, p.VERSION_TXN_TYPE]), [['p1', '2', 'TXN_NORMAL'], ['p2', '1', 'TXN_NORMAL']]);
    assert.ok(partitions.every((p) => /^\d+$/.test(String(p.VERSION_EPOCH))));
    const bytes = await p1Bytes(conn);
    assert.ok(bytes > 1024, `p1 holds ${bytes} bytes`);
    assert.equal(partitions[0]!.DATA_SIZE, byteSizeText(bytes));
    assert.match(String(partitions[0]!.DATA_SIZE), /^\d+(\.[1-9])?KB$/);
    assert.equal(partitions[1]!.DATA_SIZE, '0B');
  });
}

test('4.0: partitions_meta DATA_SIZE is a BIGINT of bytes', async (t) => {
  const { conn, stop } = await startRelease('partitions-meta', '4.0');
  t.after(stop);
  await createTable(conn);
  const { columns, types, rows: partitions } = await query(conn, "SELECT * FROM information_schema.partitions_meta WHERE DB_NAME = 'db' ORDER BY PARTITION_NAME");
  assert.deepEqual(columns, COLUMNS);
  assert.equal(types.DATA_SIZE, mysql.Types.LONGLONG);
  assert.deepEqual(partitions.map((p) => [p.PARTITION_NAME, p.DATA_SIZE]), [['p1', String(await p1Bytes(conn))], ['p2', '0']]);
});
