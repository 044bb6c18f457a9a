import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startCluster, syncSettings, connect } from '../helpers/sim-cluster.js';
import { scratchDir } from '../helpers/scratch.js';
import { writeConf } from '../helpers/config-files.js';
import { runCli } from '../helpers/run-cli.js';

test('one-time mode exits 1 with the reason when a drop switch blocks a table, or the target disks are too full', async (t) => {
  const source = await startCluster('fail-source');
  const target = await startCluster('fail-target');
  t.after(() => Promise.all([source.stop(), target.stop()]));
  const src = await connect(source);
  const dst = await connect(target);
  t.after(() => Promise.all([src.end(), dst.end()]));
  for (const conn of [src, dst]) await conn.query('CREATE DATABASE db');
  await src.query('CREATE TABLE db.t (k INT, v INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1');
  await dst.query('CREATE TABLE db.t (k INT, w VARCHAR(5)) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1');
  await src.query('INSERT INTO db.t VALUES (1, 1)');
  const dir = scratchDir('one-time-failures');
  const base = syncSettings(source, target);

  const blockedConf = writeConf(dir, { ...base, ddl_job_allow_drop_schema_change_table: 'false' }, 'blocked.properties');
  const blocked = await runCli(['start', '--once', '--conf', blockedConf, '--log-dir', join(dir, 'log-blocked')]);
  assert.equal(blocked.code, 1);
  assert.match(readFileSync(join(dir, 'log-blocked', 'sync.WARN.log'), 'utf8'), /one-time run failed: these cannot be synced: db\.t: .*ddl_job_allow_drop_schema_change_table=false keeps it/);

  const fullConf = writeConf(dir, { ...base, target_cluster_max_disk_used_percent: '1' }, 'full.properties');
  const full = await runCli(['start', '--once', '--conf', fullConf, '--log-dir', join(dir, 'log-full')]);
  assert.equal(full.code, 1);
  assert.match(readFileSync(join(dir, 'log-full', 'sync.WARN.log'), 'utf8'), /no new replication: target BE disk use above target_cluster_max_disk_used_percent=1% on /);
});
