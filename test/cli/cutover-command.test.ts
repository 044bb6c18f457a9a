// cluster-sync cutover as an operator runs it: a process against two reference clusters over real
// TCP, next to a daemon that does the work.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startCluster, connect, rows, syncSettings } from '../helpers/sim-cluster.js';
import { scratchDir } from '../helpers/scratch.js';
import { writeConf } from '../helpers/config-files.js';
import { runCli } from '../helpers/run-cli.js';
import { startDaemon } from '../helpers/run-daemon.js';

async function createTable(conn: import('mysql2/promise').Connection): Promise<void> {
  await conn.query('CREATE DATABASE shop');
  await conn.query(`CREATE TABLE shop.orders (dt DATE NOT NULL, id INT NOT NULL) DUPLICATE KEY(dt)
    PARTITION BY RANGE(dt) (PARTITION p1 VALUES LESS THAN ('2024-07-01'), PARTITION p2 VALUES LESS THAN ('2025-01-01'))
    DISTRIBUTED BY HASH(id) BUCKETS 2 PROPERTIES ("replication_num" = "2")`);
  await conn.query("INSERT INTO shop.orders VALUES ('2024-01-01', 1), ('2024-08-01', 2), ('2024-09-01', 3)");
}

const createOf = async (conn: import('mysql2/promise').Connection, table: string) => String((await rows(conn, `SHOW CREATE TABLE ${table}`))[0]!['Create Table']);

// The newest release, and the oldest pair (a 3.1.8 target has neither partitions_meta nor SHOW PROC '/replications').
for (const releases of [{ source: '4.0', target: '4.0' }, { source: '3.2.3', target: '3.1.8' }]) {
  test(`on a synced pair cutover verifies, turns dynamic partitioning back on where the source has it, prints the state and the to-do, and exits 0 (${releases.source} -> ${releases.target})`, async (t) => {
    const source = await startCluster(`cutover-synced-src-${releases.source}`, { starrocksVersion: releases.source });
    const target = await startCluster(`cutover-synced-dst-${releases.target}`, { starrocksVersion: releases.target });
    t.after(() => Promise.all([source.stop(), target.stop()]));
    const src = await connect(source);
    const dst = await connect(target);
    t.after(() => Promise.all([src.end(), dst.end()]));
    await createTable(src);
    // The source's own scheduler makes this table's partitions; the other one has its scheduler off.
    const dynamic = (enable: string) => `DUPLICATE KEY(day) PARTITION BY RANGE(day) () DISTRIBUTED BY HASH(day) BUCKETS 1
      PROPERTIES ("replication_num" = "2", "dynamic_partition.enable" = "${enable}", "dynamic_partition.time_unit" = "DAY", "dynamic_partition.end" = "2", "dynamic_partition.prefix" = "p")`;
    await src.query(`CREATE TABLE shop.daily (day DATE NOT NULL, n INT) ${dynamic('true')}`);
    await src.query(`CREATE TABLE shop.paused (day DATE NOT NULL, n INT) ${dynamic('false')}`);
    await src.query("ALTER TABLE shop.paused ADD PARTITION p1 VALUES LESS THAN ('2024-01-01')");
    // Seed 003's preparation of the target.
    await dst.query('ADMIN SET FRONTEND CONFIG("enable_legacy_compatibility_for_replication"="true")');

    const dir = scratchDir(`cutover-synced-${releases.target}`);
    const logDir = join(dir, 'log');
    const conf = writeConf(dir, syncSettings(source, target));
    const once = await runCli(['start', '--once', '--conf', conf, '--log-dir', logDir]);
    assert.equal(once.code, 0, once.stderr);
    assert.match(await createOf(dst, 'shop.daily'), /"dynamic_partition\.enable" = "false"/, 'the migration created it with the scheduler off');

    const run = await runCli(['cutover', '--conf', conf, '--log-dir', logDir, '--timeout', '30', '--interval', '1']);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /^In sync: 3 table\(s\), nothing left to create or replicate$/m);
    assert.match(run.stdout, /^OK: 3 tables and \d+ partitions match/m);
    // StarRocks: fe/fe-core/src/main/java/com/starrocks/common/util/DynamicPartitionUtil.java (checkEnable, registerOrRemoveDynamicPartitionTable)
    assert.match(run.stdout, /^Turned back on on the target \(1\):\n {2}shop\.daily: dynamic_partition\.enable false -> true, as on the source.*\n {4}ALTER TABLE `shop`\.`daily` SET \("dynamic_partition\.enable" = "true"\)$/m);
    assert.match(await createOf(dst, 'shop.daily'), /"dynamic_partition\.enable" = "true"/);
    assert.match(await createOf(dst, 'shop.paused'), /"dynamic_partition\.enable" = "false"/, 'off on the source, so left off');
    // The exact state reached: rows and partition versions per table.
    assert.match(run.stdout, /^State reached \(the source and the target hold the same, verified\): 3 table\(s\), \d+ partition\(s\), 3 row\(s\)$/m);
    assert.match(run.stdout, /^ {2}shop\.orders: 3 row\(s\); versions p1=2, p2=2$/m);
    // Seed 003 (StarRocks: docs/en/administration/data_migration_tool.md): legacy compatibility off again after the migration, and out of fe.conf.
    assert.match(run.stdout, /^To do by hand:$/m);
    assert.match(run.stdout, /^ {7}ADMIN SET FRONTEND CONFIG\("enable_legacy_compatibility_for_replication"="false"\);$/m);
    assert.match(run.stdout, /^ {7}fe\.conf: delete the line "enable_legacy_compatibility_for_replication = true"$/m);
    assert.doesNotMatch(run.stdout, /lake_compaction_max_tasks/, 'a shared-nothing target has no compaction step');
    assert.match(run.stdout, /^Cutover done/m);

    // Run again: nothing left to turn on, and the target's scheduler being on is no difference now.
    const again = await runCli(['cutover', '--conf', conf, '--log-dir', logDir, '--no-wait']);
    assert.equal(again.code, 0, again.stdout + again.stderr);
    assert.match(again.stdout, /^Turned back on on the target \(0\):\n {2}shop\.daily: dynamic_partition\.enable already true on the target/m);
  });
}

test('with the target behind and a short --timeout, cutover prints the lag it saw and exits 1 without touching the target', async (t) => {
  const source = await startCluster('cutover-behind-src');
  const target = await startCluster('cutover-behind-dst');
  t.after(() => Promise.all([source.stop(), target.stop()]));
  const src = await connect(source);
  t.after(() => src.end());
  await createTable(src);
  const dir = scratchDir('cutover-behind');
  const conf = writeConf(dir, syncSettings(source, target));

  const run = await runCli(['cutover', '--conf', conf, '--log-dir', join(dir, 'log'), '--timeout', '2', '--interval', '1']);
  assert.equal(run.code, 1, run.stdout + run.stderr);
  assert.match(run.stdout, /^behind: 1 of 1 table\(s\), 2 partition\(s\), [\d.]+ MB; DDL pending: 2, .* \(waited \d+ s, gives up in \d+ s\)$/m);
  assert.match(run.stdout, /^ {2}shop\.orders: does not exist on the target yet/m);
  assert.match(run.stdout, /^no daemon runs on .*log .*cutover only waits/m);
  assert.ok(run.stdout.match(/^behind: /gm)!.length >= 2, 'the lag is printed at each check');
  assert.match(run.stderr, /^cutover: stopped \(sync\): the target is not in sync after waiting \d+ s \(--timeout 2\): behind: 1 of 1 table\(s\)/m);
  const dst = await connect(target);
  t.after(() => dst.end());
  assert.deepEqual(await rows(dst, "SHOW DATABASES LIKE 'shop'"), [], 'cutover only waits: the daemon creates and copies');

  const once = await runCli(['cutover', '--conf', conf, '--log-dir', join(dir, 'log'), '--no-wait']);
  assert.equal(once.code, 1);
  assert.match(once.stderr, /not in sync at the one check \(--no-wait\)/);
  const bad = await runCli(['cutover', '--conf', conf, '--timeout', 'soon']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^cutover: --timeout: expected a whole number of seconds, at least 0, got 'soon'$/m);
});

test('cutover waits while a running daemon brings the target in sync, then succeeds and says to stop that daemon', async (t) => {
  const source = await startCluster('cutover-daemon-src');
  const target = await startCluster('cutover-daemon-dst');
  t.after(() => Promise.all([source.stop(), target.stop()]));
  const src = await connect(source);
  t.after(() => src.end());
  await createTable(src);
  const settings = syncSettings(source, target, { report_interval_seconds: '1' });
  const dir = scratchDir('cutover-daemon');
  const conf = writeConf(dir, settings);
  const logDir = join(dir, 'daemon', 'log');

  // The daemon starts once cutover has seen the target behind.
  let started = false;
  const run = await runCli(['cutover', '--conf', conf, '--log-dir', logDir, '--timeout', '60', '--interval', '1'], {
    onStdout: (chunk) => {
      if (started || !/^behind: /m.test(chunk)) return;
      started = true;
      startDaemon(t, 'cutover-daemon', settings, { logDir });
    },
  });
  assert.ok(started, run.stdout + run.stderr);
  assert.equal(run.code, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /^behind: 1 of 1 table\(s\)/m);
  assert.match(run.stdout, /^In sync: 1 table\(s\)/m);
  assert.match(run.stdout, /^ {2}shop\.orders: 3 row\(s\); versions p1=2, p2=2$/m);
  assert.match(run.stdout, new RegExp(`^ {2}1\\. Stop the daemon \\(pid ${process.pid} runs on ${logDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\)`, 'm'));
  const dst = await connect(target);
  t.after(() => dst.end());
  assert.deepEqual(await rows(dst, 'SELECT * FROM shop.orders ORDER BY id'), [{ dt: '2024-01-01', id: 1 }, { dt: '2024-08-01', id: 2 }, { dt: '2024-09-01', id: 3 }]);
});
