import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, connect } from '../helpers/sim-cluster.js';
import { requestReplication, waitForJob } from '../helpers/replicate.js';
import { scratchDir } from '../helpers/scratch.js';
import { writeConf } from '../helpers/config-files.js';
import { runCli } from '../helpers/run-cli.js';

test('verify passes when the target matches and names every planted difference', async (t) => {
  const source = await startCluster('verify-source');
  const target = await startCluster('verify-target');
  t.after(() => Promise.all([source.stop(), target.stop()]));
  const src = await connect(source);
  const dst = await connect(target);
  t.after(() => Promise.all([src.end(), dst.end()]));
  for (const conn of [src, dst]) {
    await conn.query('CREATE DATABASE `d b`');
    await conn.query("CREATE TABLE `d b`.t (k INT NOT NULL, day DATE NOT NULL) DUPLICATE KEY(k) PARTITION BY RANGE(day) (PARTITION p1 VALUES LESS THAN ('2024-06-01'), PARTITION p2 VALUES LESS THAN ('2025-01-01')) DISTRIBUTED BY HASH(k) BUCKETS 2");
    await conn.query('CREATE VIEW `d b`.v AS SELECT k FROM `d b`.t');
  }
  await src.query("INSERT INTO `d b`.t VALUES (1, '2024-01-01'), (2, '2024-07-01'), (3, '2024-08-01')");
  const run = await requestReplication(source, target, 'd b', 't');
  assert.equal((await waitForJob(target, run.jobId!)).State, 'COMMITTED');
  const conf = writeConf(scratchDir('verify'), {
    source_fe_host: '127.0.0.1',
    source_fe_query_port: String(source.fe.queryPort),
    target_fe_host: 'localhost',
    target_fe_query_port: String(target.fe.queryPort),
  });

  const same = await runCli(['verify', '--conf', conf]);
  assert.equal(same.code, 0, same.stdout + same.stderr);
  assert.match(same.stdout, /^OK: 2 tables and 2 partitions match/m);

  await dst.query("INSERT INTO `d b`.t VALUES (4, '2024-02-01')");
  await src.query('CREATE TABLE `d b`.only_source (k INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1');
  const planted = await runCli(['verify', '--conf', conf]);
  assert.equal(planted.code, 1);
  assert.match(planted.stdout, /^DIFF {2}d b\.t\.p1: visible version: source 2, target 3$/m);
  assert.match(planted.stdout, /^DIFF {2}d b\.t\.p1: row count: source 1, target 2$/m);
  assert.match(planted.stdout, /^DIFF {2}d b\.t: SELECT COUNT\(\*\): source 3, target 4$/m);
  assert.match(planted.stdout, /^DIFF {2}d b\.only_source: missing on the target/m);
  assert.match(planted.stdout, /^4 difference\(s\) in 3 tables and 2 partitions$/m);
});
