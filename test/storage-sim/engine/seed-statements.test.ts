// The statements seed 003 tells operators to run (fixtures/seed-statements.sql), run as they
// would run them: with the `mysql` command-line client (Debian's mariadb-client) against a
// started FE. Skipped when the client is not installed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { startCluster, connect, rows } from '../../helpers/sim-cluster.js';
import { mysqlCli, resultAfter } from './mysql-cli.js';

const CLI_MISSING = 'the mysql command-line client is not installed (apt-get install mariadb-client); skipping the seed script';
const cliAvailable = spawnSync('mysql', ['--version'], { encoding: 'utf8' }).status === 0;

const DB = 'sync_demo';
const TABLE = 'orders';

function script(): string {
  const text = readFileSync(new URL('./fixtures/seed-statements.sql', import.meta.url), 'utf8');
  return text.replaceAll('{{db}}', DB).replaceAll('{{table}}', TABLE);
}

test('seed 003 statements through the mysql command-line client', { skip: cliAvailable ? false : CLI_MISSING }, async (t) => {
  const cluster = await startCluster('engine-seed-statements');
  t.after(() => cluster.stop());
  const conn = await connect(cluster);
  t.after(() => conn.end());
  await conn.query(`CREATE DATABASE ${DB}`);
  await conn.query(`CREATE TABLE ${DB}.${TABLE} (id BIGINT NOT NULL, dt DATE NOT NULL, amount DECIMAL(10, 2)) DUPLICATE KEY(id)
    PARTITION BY RANGE(dt) (PARTITION p202401 VALUES LESS THAN ("2024-02-01"), PARTITION p202402 VALUES LESS THAN ("2024-03-01"))
    DISTRIBUTED BY HASH(id) BUCKETS 2 PROPERTIES ("replication_num" = "2")`);
  await conn.query(`CREATE TABLE ${DB}.customers (id BIGINT NOT NULL, name VARCHAR(20)) PRIMARY KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1`);
  await conn.query(`CREATE VIEW ${DB}.big_orders AS SELECT id FROM ${DB}.${TABLE} WHERE amount > 10`);
  await conn.query(`INSERT INTO ${DB}.${TABLE} VALUES (1, '2024-01-05', 10.5), (2, '2024-02-07', 20.25), (3, '2024-01-09', 3)`);
  await conn.query(`INSERT INTO ${DB}.${TABLE} VALUES (4, '2024-01-10', 4)`);
  await conn.query(`INSERT INTO ${DB}.customers VALUES (1, 'ann'), (2, 'bob')`);

  const run = await mysqlCli(cluster.fe.queryPort, script());
  assert.equal(run.code, 0, `mysql exited with ${run.code}: ${run.stderr}`);
  assert.equal(run.stderr, '');
  const lines = run.stdout.split('\n');

  await t.test('ADMIN SHOW / SET FRONTEND CONFIG', () => {
    const legacy = resultAfter(lines, 'Key\tAliasNames\tValue');
    assert.deepEqual(legacy.header, ['Key', 'AliasNames', 'Value', 'Type', 'IsMutable', 'Comment']);
    assert.deepEqual(legacy.rows.map((r) => [r[0], r[2]]), [['enable_legacy_compatibility_for_replication', 'false']]);
    const enabled = resultAfter(lines, 'Key\t', legacy.at + 1);
    assert.deepEqual(enabled.rows.map((r) => [r[0], r[2]]), [['enable_legacy_compatibility_for_replication', 'true']]);
    const compaction = resultAfter(lines, 'Key\t', enabled.at + 1);
    assert.deepEqual(compaction.rows.map((r) => [r[0], r[2]]), [['lake_compaction_max_tasks', '-1']]);
    const disabled = resultAfter(lines, 'Key\t', compaction.at + 1);
    assert.deepEqual(disabled.rows.map((r) => [r[0], r[2]]), [['lake_compaction_max_tasks', '0']]);
  });

  await t.test('SET GLOBAL enable_filter_unused_columns_in_scan_stage=false', () => {
    const variable = resultAfter(lines, 'Variable_name\tValue');
    assert.deepEqual(variable.rows, [['enable_filter_unused_columns_in_scan_stage', 'false']]);
  });

  await t.test('SHOW FRONTENDS, SHOW BACKENDS (SHOW COMPUTE NODES: none)', () => {
    const frontends = resultAfter(lines, 'Name\tIP\tEditLogPort');
    assert.equal(frontends.rows.length, 1);
    assert.equal(frontends.rows[0]![frontends.header.indexOf('QueryPort')], String(cluster.fe.queryPort));
    const backends = resultAfter(lines, 'BackendId\tIP\t');
    assert.equal(backends.rows.length, 3);
    assert.deepEqual(backends.rows.map((r) => r[backends.header.indexOf('Alive')]), ['true', 'true', 'true']);
    assert.ok(!lines.some((line) => line.startsWith('ComputeNodeId')), 'an empty result prints nothing in batch mode');
  });

  await t.test('SHOW PROC "/transactions/<db>/running": nothing running', () => {
    assert.ok(!lines.some((line) => line.startsWith('TransactionId\t')), 'no running transaction rows');
  });

  await t.test('SHOW PARTITIONS FROM <table>: versions and row counts', () => {
    const partitions = resultAfter(lines, 'PartitionId\tPartitionName\tVisibleVersion');
    const col = (name: string) => partitions.header.indexOf(name);
    assert.deepEqual(partitions.rows.map((r) => [r[col('PartitionName')], r[col('VisibleVersion')], r[col('RowCount')], r[col('ReplicationNum')]]), [
      ['p202401', '3', '3', '2'],
      ['p202402', '2', '1', '2'],
    ]);
  });

  await t.test('SHOW DATA: one line per table, then Total, Quota, Left', () => {
    const data = resultAfter(lines, 'TableName\tSize\tReplicaCount');
    assert.deepEqual(data.rows.map((r) => [r[0], r[2]]), [['customers', '3'], [TABLE, '8'], ['Total', '11'], ['Quota', '1073741824'], ['Left', '1073741813']]);
    assert.notEqual(data.rows[1]![1], '0B');
  });

  await t.test('SELECT TABLE_NAME, TABLE_ROWS FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_TYPE = BASE TABLE', () => {
    const tables = resultAfter(lines, 'TABLE_NAME\tTABLE_ROWS');
    assert.deepEqual(tables.rows, [['customers', '2'], [TABLE, '4']]);
  });

  await t.test('the settings stay as the script left them', async () => {
    assert.deepEqual((await rows(conn, "ADMIN SHOW FRONTEND CONFIG LIKE 'enable_legacy_compatibility_for_replication'"))[0]?.Value, 'false');
    assert.deepEqual((await rows(conn, "ADMIN SHOW FRONTEND CONFIG LIKE 'lake_compaction_max_tasks'"))[0]?.Value, '-1');
    assert.deepEqual((await rows(conn, "SHOW GLOBAL VARIABLES LIKE 'enable_filter_unused_columns_in_scan_stage'"))[0]?.Value, 'false');
  });
});
