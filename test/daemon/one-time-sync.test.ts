import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startCluster, syncSettings, connect, rows } from '../helpers/sim-cluster.js';
import { scratchDir } from '../helpers/scratch.js';
import { writeConf } from '../helpers/config-files.js';
import { runCli } from '../helpers/run-cli.js';

test('one-time mode syncs databases, tables, a view and a materialized view, then exits 0; verify agrees', async (t) => {
  const source = await startCluster('once-source', { frontend: { recordStatements: true } });
  const target = await startCluster('once-target');
  t.after(() => Promise.all([source.stop(), target.stop()]));
  const src = await connect(source);
  t.after(() => src.end());
  await src.query('CREATE DATABASE shop');
  await src.query(`CREATE TABLE shop.orders (day DATE NOT NULL, id BIGINT NOT NULL, amount DECIMAL(10, 2)) DUPLICATE KEY(day, id)
    PARTITION BY RANGE(day) (PARTITION p1 VALUES LESS THAN ('2024-07-01'), PARTITION p2 VALUES LESS THAN ('2025-01-01'))
    DISTRIBUTED BY HASH(id) BUCKETS 3 PROPERTIES ("replication_num" = "3")`);
  await src.query('CREATE TABLE shop.customers (id INT NOT NULL, name VARCHAR(32)) PRIMARY KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 2');
  await src.query('CREATE VIEW shop.big AS SELECT id, amount FROM shop.orders WHERE amount > 10');
  await src.query('CREATE MATERIALIZED VIEW shop.daily REFRESH ASYNC AS SELECT day, SUM(amount) AS s FROM shop.orders GROUP BY day');
  await src.query("INSERT INTO shop.orders VALUES ('2024-01-02', 1, 5.5), ('2024-08-03', 2, 20.25), ('2024-09-04', 3, 30)");
  await src.query("INSERT INTO shop.customers VALUES (1, 'ann'), (2, 'bob')");
  await src.query("INSERT INTO shop.customers VALUES (2, 'bea')");
  await src.query('CREATE DATABASE `销 售`');
  await src.query('CREATE TABLE `销 售`.`t``1` (k INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1');
  await src.query('INSERT INTO `销 售`.`t``1` VALUES (7)');

  const dir = scratchDir('once');
  const conf = writeConf(dir, syncSettings(source, target, { target_cluster_replication_num: '2', report_interval_seconds: '1' }));
  const logDir = join(dir, 'log');
  const setup = source.fe.statementLog!.length;
  const run = await runCli(['start', '--once', '--conf', conf, '--log-dir', logDir], {});
  // The daemon never writes to the source: everything it sent there is a read.
  const sent = source.fe.statementLog!.slice(setup);
  assert.ok(sent.length > 10, `the daemon read the source (${sent.length} statements)`);
  const writes = sent.filter((sql) => !/^\s*(SELECT|SHOW|ADMIN SHOW)\b/i.test(sql));
  assert.deepEqual(writes, []);
  const info = readFileSync(join(logDir, 'sync.INFO.log'), 'utf8');
  assert.equal(run.code, 0, run.stderr + info.slice(-3000));
  assert.match(info, /one-time run: every selected table reached the source versions of the first round/);
  assert.match(info, /Sync job progress: 100\.00%/);
  assert.match(info, /Sync table progress: finishedTableRatio: 100\.00%, expiredTableRatio: 0\.00%, total table: 3, finished table: 3, unfinished table: 0, expired table: 0/);

  const dst = await connect(target);
  t.after(() => dst.end());
  assert.deepEqual(await rows(dst, 'SELECT * FROM shop.orders ORDER BY id'), await rows(src, 'SELECT * FROM shop.orders ORDER BY id'));
  assert.deepEqual(await rows(dst, 'SELECT * FROM shop.customers ORDER BY id'), [{ id: 1, name: 'ann' }, { id: 2, name: 'bea' }]);
  assert.deepEqual(await rows(dst, 'SELECT * FROM `销 售`.`t``1`'), [{ k: 7 }]);
  assert.equal((await rows(dst, 'SHOW FULL TABLES FROM shop')).length, 4);
  assert.match(String((await rows(dst, 'SHOW CREATE TABLE shop.orders'))[0]!['Create Table']), /"replication_num" = "2"/);
  const verify = await runCli(['verify', '--conf', conf]);
  assert.equal(verify.code, 0, verify.stdout + verify.stderr);
});

test('tables the DDL job has just created are replicated in the same round, not a replication interval later', async (t) => {
  const source = await startCluster('once-prompt-source');
  const target = await startCluster('once-prompt-target');
  t.after(() => Promise.all([source.stop(), target.stop()]));
  const src = await connect(source);
  t.after(() => src.end());
  await src.query('CREATE DATABASE app');
  await src.query('CREATE TABLE app.t (k INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1');
  await src.query('INSERT INTO app.t VALUES (1), (2)');

  const dir = scratchDir('once-prompt');
  // The first replication round finds nothing (the target has no table yet); the next regular one
  // would be an hour later. The run must not wait for it.
  const conf = writeConf(dir, syncSettings(source, target, { replication_job_interval_seconds: '3600' }));
  const logDir = join(dir, 'log');
  const run = await runCli(['start', '--once', '--conf', conf, '--log-dir', logDir]);
  const info = readFileSync(join(logDir, 'sync.INFO.log'), 'utf8');
  assert.equal(run.code, 0, run.stderr + info.slice(-3000));
  assert.match(info, /create_table app\.t[\s\S]*replication of app\.t sent/);
  // No replication tick came after the send (the next is an hour away): the closing report still
  // shows the job as the target FE has it now, finished, like the table.
  const jobLines = info.split('\n').filter((line) => line.includes('Sync job progress:'));
  assert.match(jobLines.at(-1)!, /Sync job progress: 100\.00%, total: 1, .*running: 0, finished: 1, failed: 0/, jobLines.join('\n'));
  const dst = await connect(target);
  t.after(() => dst.end());
  assert.deepEqual(await rows(dst, 'SELECT * FROM app.t ORDER BY k'), [{ k: 1 }, { k: 2 }]);
});
