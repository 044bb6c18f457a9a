import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { readClusterState, startProcessCluster, stopProcessCluster } from '../../../src/storage-sim/cluster/process-cluster.js';
import { scratchDir } from '../../helpers/scratch.js';
import { runCli, runProcess } from '../../helpers/run-cli.js';

async function snapshot(port: number) {
  const conn = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root', password: 'pw', supportBigNumbers: true, bigNumberStrings: true, dateStrings: true });
  try {
    const q = async (sql: string) => (await conn.query(sql))[0] as Record<string, unknown>[];
    return {
      databases: await q('SHOW DATABASES'),
      tables: await q("SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE FROM information_schema.tables ORDER BY TABLE_SCHEMA, TABLE_NAME"),
      partitions: await q("SELECT DB_NAME, TABLE_NAME, PARTITION_NAME, PARTITION_ID, VISIBLE_VERSION, VERSION_EPOCH, ROW_COUNT FROM information_schema.partitions_meta ORDER BY DB_NAME, TABLE_NAME, PARTITION_NAME"),
      rows: await q('SELECT * FROM app.events ORDER BY id'),
      pk: await q('SELECT * FROM app.users ORDER BY id'),
      view: await q('SHOW CREATE VIEW app.recent'),
      settings: await q("ADMIN SHOW FRONTEND CONFIG LIKE 'replication_max_parallel_table_count'"),
    };
  } finally {
    await conn.end();
  }
}

test('kill -9 of every node, restart: every database, table, version and row is still there', async (t) => {
  const dir = scratchDir('kill-restart');
  // Started through the CLI, as an operator would.
  const started = await runCli(['sim', 'start', '--dir', dir, '--backends', '3', '--root-password', 'pw']);
  assert.equal(started.code, 0, started.stderr);
  const endpoints = JSON.parse(started.stdout.trim()) as { fe: { queryPort: number; httpPort: number }; backends: unknown[]; token: string };
  assert.equal(endpoints.backends.length, 3);
  assert.match(endpoints.token, /^[0-9a-f-]{36}$/);
  t.after(() => stopProcessCluster(dir));

  const conn = await mysql.createConnection({ host: '127.0.0.1', port: endpoints.fe.queryPort, user: 'root', password: 'pw' });
  await conn.query('CREATE DATABASE app');
  await conn.query(`CREATE TABLE app.events (id BIGINT NOT NULL, day DATE NOT NULL, what VARCHAR(32)) DUPLICATE KEY(id)
    PARTITION BY RANGE(day) (PARTITION p1 VALUES LESS THAN ('2024-07-01'), PARTITION p2 VALUES LESS THAN ('2025-01-01'))
    DISTRIBUTED BY HASH(id) BUCKETS 4 PROPERTIES ("replication_num" = "2")`);
  await conn.query('CREATE TABLE app.users (id INT NOT NULL, name VARCHAR(32)) PRIMARY KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 2');
  await conn.query('CREATE VIEW app.recent AS SELECT id, what FROM app.events WHERE id > 10');
  await conn.query('ADMIN SET FRONTEND CONFIG ("replication_max_parallel_table_count" = "7")');
  await conn.query("INSERT INTO app.users VALUES (1, 'ann'), (2, 'bob')");
  await conn.query("INSERT INTO app.users VALUES (2, 'bea')");
  const file = join(dir, 'events.csv');
  writeFileSync(file, Array.from({ length: 5000 }, (_, i) => `${i},${i % 2 ? '2024-03-01' : '2024-09-01'},e${i}`).join('\n'));
  const load = await runProcess('curl', ['-s', '-u', 'root:pw', '-H', 'label:events-1', '-H', 'column_separator:,', '-T', file, '-XPUT', `http://127.0.0.1:${endpoints.fe.httpPort}/api/app/events/_stream_load`]);
  assert.equal(JSON.parse(load.stdout).Status, 'Success');
  await conn.end();
  const before = await snapshot(endpoints.fe.queryPort);
  assert.equal(before.rows.length, 5000);
  assert.deepEqual(before.pk, [{ id: 1, name: 'ann' }, { id: 2, name: 'bea' }]);

  const state = readClusterState(dir)!;
  for (const pid of [state.pids.fe, ...state.pids.backends]) process.kill(pid, 'SIGKILL');
  await new Promise((resolve) => setTimeout(resolve, 300));
  const status = await runCli(['sim', 'status', '--dir', dir]);
  assert.equal(status.code, 1, 'status reports the dead nodes');
  assert.match(status.stdout, /fe +pid \d+ stopped/);

  const restarted = await startProcessCluster({ dir });
  assert.equal(restarted.endpoints.token, endpoints.token, 'the cluster keeps its token');
  const after = await snapshot(restarted.endpoints.fe.queryPort);
  assert.deepEqual(after, before);
});
