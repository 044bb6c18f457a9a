// What the daemon does where StarRocks releases, and a production source, differ: an INSERT
// OVERWRITE under way, a rolling upgrade, an old target that pairs replicas by position, a source
// tablet no replica can serve, a target table whose own partition scheduler is on. Clusters play
// the releases (src/storage-sim/fe/starrocks-release.ts); the daemon runs as it does in production.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type mysql from 'mysql2/promise';
import { connect, rows, startCluster, syncSettings } from '../helpers/sim-cluster.js';
import { eventually } from '../helpers/eventually.js';
import { startDaemon } from '../helpers/run-daemon.js';
import { runCli } from '../helpers/run-cli.js';
import { scratchDir } from '../helpers/scratch.js';
import { writeConf } from '../helpers/config-files.js';
import { readStatusFile } from '../../src/daemon/status-file.js';

async function sameRows(src: mysql.Connection, dst: mysql.Connection, sql: string): Promise<boolean> {
  return JSON.stringify(await rows(src, sql)) === JSON.stringify(await rows(dst, sql).catch(() => null));
}

test('while an INSERT OVERWRITE is under way on the source the table waits; no temporary partition reaches the target; the swapped-in data does', async (t) => {
  // A 3.2.3 source: no partitions_meta, no epochs; the replaced partition is told by its id.
  const source = await startCluster('overwrite-wait-src', { starrocksVersion: '3.2.3' });
  const target = await startCluster('overwrite-wait-dst');
  t.after(() => Promise.all([source.stop(), target.stop()]));
  const src = await connect(source);
  const dst = await connect(target);
  t.after(() => Promise.all([src.end(), dst.end()]));
  await src.query('CREATE DATABASE shop');
  await src.query(`CREATE TABLE shop.orders (dt DATE NOT NULL, id INT) DUPLICATE KEY(dt)
    PARTITION BY RANGE(dt) (PARTITION p1 VALUES LESS THAN ('2024-07-01'), PARTITION p2 VALUES LESS THAN ('2025-01-01'))
    DISTRIBUTED BY HASH(dt) BUCKETS 1 PROPERTIES ("replication_num" = "1")`);
  await src.query("INSERT INTO shop.orders VALUES ('2024-01-01', 1), ('2024-08-01', 2)");
  const daemon = startDaemon(t, 'overwrite-wait', syncSettings(source, target, { report_interval_seconds: '1' }));
  const all = 'SELECT * FROM shop.orders ORDER BY dt, id';
  await eventually('the table is synced', () => sameRows(src, dst, all));

  // An INSERT OVERWRITE, step by step as StarRocks runs it (InsertOverwriteJobRunner.java): a
  // temporary partition, loaded, then swapped in for p1.
  await src.query("ALTER TABLE shop.orders ADD TEMPORARY PARTITION tp1 VALUES LESS THAN ('2024-07-01')");
  await src.query("INSERT INTO shop.orders TEMPORARY PARTITION (tp1) VALUES ('2024-02-02', 99)");
  await eventually('the wait is said', () => /replication of shop\.orders waits: temporary partitions tp1 exist on the source/.test(daemon.info()));
  await eventually('status names what the sync waits for', () => readStatusFile(daemon.logDir)?.waiting?.some((w) => w.object === 'shop.orders' && /temporary partitions tp1/.test(w.reason)) === true);
  assert.deepEqual(await rows(dst, 'SHOW TEMPORARY PARTITIONS FROM shop.orders'), [], 'never created on the target');

  await src.query('ALTER TABLE shop.orders REPLACE PARTITION (p1) WITH TEMPORARY PARTITION (tp1)');
  await eventually('the swapped-in data reaches the target', () => sameRows(src, dst, all));
  assert.deepEqual(await rows(dst, all), [{ dt: '2024-02-02', id: 99 }, { dt: '2024-08-01', id: 2 }]);
  assert.match(daemon.warn(), /dropped on the target: shop\.orders\.p1 \(inconsistent: the source partition was replaced \(id \d+; the target holds data of id \d+/);
});

test('a rolling upgrade of the source FE during the sync: the daemon learns the new release and reads it as such', async (t) => {
  const source = await startCluster('upgrade-src', { starrocksVersion: '3.2.3' });
  const target = await startCluster('upgrade-dst', { starrocksVersion: '3.5' });
  t.after(() => Promise.all([source.stop(), target.stop()]));
  let src = await connect(source);
  const dst = await connect(target);
  t.after(() => Promise.all([src.end(), dst.end()]));
  await src.query('CREATE DATABASE app');
  await src.query('CREATE TABLE app.t (k INT, v VARCHAR(8)) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 2 PROPERTIES ("replication_num" = "2")');
  await src.query("INSERT INTO app.t VALUES (1, 'a')");
  const daemon = startDaemon(t, 'upgrade', syncSettings(source, target));
  const all = 'SELECT * FROM app.t ORDER BY k';
  await eventually('synced from 3.2.3', () => sameRows(src, dst, all));
  assert.match(daemon.info(), /source cluster: StarRocks 3\.2\.3 \(3\.2\.3-[0-9a-f]{7}\); no information_schema\.partitions_meta/);

  await src.end();
  await source.restartFrontend({ starrocksVersion: '3.5' });
  src = await connect(source);
  await src.query("INSERT INTO app.t VALUES (2, 'b')");
  await eventually('the new release is learned', () => /source cluster now reports another release \(was 3\.2\.3-[0-9a-f]{7}\); read from now on as: StarRocks 3\.5\.\d+/.test(daemon.warn()));
  await eventually('synced from 3.5', () => sameRows(src, dst, all));
});

test('a target before 3.3 pairs its replicas by position: a source with one replica per tablet still fills all three', async (t) => {
  const source = await startCluster('pairing-src');
  const target = await startCluster('pairing-dst', { starrocksVersion: '3.2.3' });
  t.after(() => Promise.all([source.stop(), target.stop()]));
  const src = await connect(source);
  t.after(() => src.end());
  await src.query('CREATE DATABASE app');
  await src.query('CREATE TABLE app.t (k INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 2 PROPERTIES ("replication_num" = "1")');
  await src.query('INSERT INTO app.t VALUES (1), (2), (3), (4)');
  const dir = scratchDir('pairing');
  const conf = writeConf(dir, syncSettings(source, target, { target_cluster_replication_num: '3' }));
  const run = await runCli(['start', '--once', '--conf', conf, '--log-dir', join(dir, 'log')]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal((await runCli(['verify', '--conf', conf])).code, 0);
  // Every target replica holds the data (each was given the one source replica to copy from).
  const dst = await connect(target);
  t.after(() => dst.end());
  const replicas = await rows(dst, 'SHOW TABLET FROM app.t');
  assert.equal(replicas.length, 6, '2 tablets x 3 replicas');
  assert.ok(replicas.every((r) => Number(r.RowCount) > 0), JSON.stringify(replicas.map((r) => [r.TabletId, r.BackendId, r.RowCount])));
});

test('a source tablet no replica can serve: the table waits and says why (log, report, plan, status); it is sent once the BE is back', async (t) => {
  const source = await startCluster('wait-src');
  const target = await startCluster('wait-dst');
  t.after(() => Promise.all([source.stop(), target.stop()]));
  const src = await connect(source);
  const dst = await connect(target);
  t.after(() => Promise.all([src.end(), dst.end()]));
  await src.query('CREATE DATABASE app');
  await src.query('CREATE TABLE app.t (k INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES ("replication_num" = "1")');
  await src.query('INSERT INTO app.t VALUES (1), (2)');
  const [{ TABLE_ID }] = (await rows(src, "SELECT TABLE_ID FROM information_schema.tables_config WHERE TABLE_SCHEMA = 'app' AND TABLE_NAME = 't'")) as [{ TABLE_ID: unknown }];
  const [{ BE_ID }] = (await rows(src, `SELECT BE_ID FROM information_schema.be_tablets WHERE TABLE_ID = ${Number(TABLE_ID)}`)) as [{ BE_ID: unknown }];
  const index = source.backends.findIndex((be) => be?.backendId === Number(BE_ID));
  await source.stopBackend(index);
  await eventually('the source FE sees the BE down', async () => (await rows(src, 'SHOW BACKENDS')).some((b) => String(b.Alive) === 'false'));

  const daemon = startDaemon(t, 'wait', syncSettings(source, target, { report_interval_seconds: '1' }));
  await eventually('the wait is logged with its reason', () => /replication of app\.t waits: source: partition t: information_schema\.be_tablets lists 0 of its 1 tablets/.test(daemon.warn()));
  await eventually('the report says what the sync waits for', () => /Sync waiting: 1 table\(s\): app\.t \(source: partition t: /.test(daemon.info()));
  const plan = await runCli(['plan', '--conf', daemon.conf, '--log-dir', daemon.logDir]);
  assert.match(plan.stdout, /^Waiting \(1\):\n {2}app\.t: source: partition t: information_schema\.be_tablets lists 0 of its 1 tablets/m, plan.stdout + plan.stderr);
  const status = await runCli(['status', '--log-dir', daemon.logDir]);
  assert.match(status.stdout, /^ {2}waiting: app\.t: source: partition t: /m);
  assert.equal(Number((await rows(dst, 'SELECT COUNT(*) AS n FROM app.t'))[0]!.n), 0, 'nothing sent with guessed values');

  await source.restartBackend(index);
  await eventually('sent once the BE is back', () => sameRows(src, dst, 'SELECT * FROM app.t ORDER BY k'));
});

test("a target table whose own dynamic-partition scheduler is on is switched off once, with a WARN line, and mirrors the source's partitions", async (t) => {
  const config = { dynamic_partition_check_interval_seconds: '1' };
  const source = await startCluster('dynamic-on-src', { config });
  const target = await startCluster('dynamic-on-dst', { config });
  t.after(() => Promise.all([source.stop(), target.stop()]));
  const src = await connect(source);
  const dst = await connect(target);
  t.after(() => Promise.all([src.end(), dst.end()]));
  const create = `CREATE TABLE shop.daily (day DATE NOT NULL, n INT) DUPLICATE KEY(day) PARTITION BY RANGE(day) () DISTRIBUTED BY HASH(day) BUCKETS 1
    PROPERTIES ("replication_num" = "3", "dynamic_partition.time_unit" = "DAY", "dynamic_partition.end" = "2", "dynamic_partition.prefix" = "p")`;
  for (const conn of [src, dst]) {
    await conn.query('CREATE DATABASE shop');
    await conn.query(create);
  }
  const daemon = startDaemon(t, 'dynamic-on', syncSettings(source, target));
  const partitions = async (conn: mysql.Connection) => (await rows(conn, 'SHOW PARTITIONS FROM shop.daily')).map((p) => String(p.PartitionName)).sort();
  // The source's scheduler makes one more partition: the target must get it, which StarRocks refuses while its scheduler is on.
  await src.query('ALTER TABLE shop.daily SET ("dynamic_partition.end" = "3")');
  await eventually('the new partition is mirrored', async () => JSON.stringify(await partitions(dst)) === JSON.stringify(await partitions(src)) && (await partitions(src)).length === 4);
  // The target's own scheduler may make the partition before the daemon's DDL batch has run and said so.
  await eventually('the switch-off is logged', () => /turned off dynamic partitioning of the target table shop\.daily \(dynamic_partition\.enable = false\)/.test(daemon.warn()));
  assert.match(String((await rows(dst, 'SHOW CREATE TABLE shop.daily'))[0]!['Create Table']), /"dynamic_partition\.enable" = "false"/);
});

test('refusals that mean "busy" are retried, never counted as failures: a one-time run ends with every table synced', async (t) => {
  // The target admits one replication job at a time (ReplicationMgr.java: "The replication jobs
  // exceeds the replication_max_parallel_table_count: 1"); a 3.2.3 target, without /replications.
  const source = await startCluster('busy-src');
  const target = await startCluster('busy-dst', { starrocksVersion: '3.2.3', config: { replication_max_parallel_table_count: '1' } });
  t.after(() => Promise.all([source.stop(), target.stop()]));
  const src = await connect(source);
  t.after(() => src.end());
  await src.query('CREATE DATABASE app');
  for (let i = 0; i < 4; i++) {
    await src.query(`CREATE TABLE app.t${i} (k INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 2 PROPERTIES ("replication_num" = "2")`);
    await src.query(`INSERT INTO app.t${i} VALUES (${i}), (${i + 10})`);
  }
  const dir = scratchDir('busy');
  const conf = writeConf(dir, syncSettings(source, target, { report_interval_seconds: '1' }));
  const logDir = join(dir, 'log');
  const run = await runCli(['start', '--once', '--conf', conf, '--log-dir', logDir]);
  const info = readFileSync(join(logDir, 'sync.INFO.log'), 'utf8');
  assert.equal(run.code, 0, run.stderr + info.slice(-3000));
  assert.match(info, /not started: The replication jobs exceeds the replication_max_parallel_table_count: 1/);
  // Said once per table for as long as it waits its turn, not at every round; never a warning.
  for (let i = 0; i < 4; i++) {
    const said = info.split('\n').filter((line) => line.includes(`replication of app.t${i} not started: The replication jobs exceeds`));
    assert.ok(said.length <= 1, said.join('\n'));
  }
  assert.doesNotMatch(readFileSync(join(logDir, 'sync.WARN.log'), 'utf8'), /replication of app\.t\d/);
  const jobLines = info.split('\n').filter((line) => line.includes('Sync job progress:'));
  assert.ok(jobLines.every((line) => / failed: 0,/.test(line)), jobLines.join('\n'));
  assert.match(jobLines.at(-1)!, /Sync job progress: 100\.00%, total: 4, .*finished: 4, failed: 0/);
  assert.equal((await runCli(['verify', '--conf', conf])).code, 0);
});
