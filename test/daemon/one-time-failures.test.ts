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

test('jobs the target keeps aborting: the report counts them failed, the retries back off, one-time mode stops after three and names the cause', async (t) => {
  const source = await startCluster('abort-source', { backends: 2 });
  const target = await startCluster('abort-target', { backends: 2 });
  t.after(() => Promise.all([source.stop(), target.stop()]));
  const src = await connect(source);
  t.after(() => src.end());
  await src.query('CREATE DATABASE db');
  await src.query('CREATE TABLE db.t (k INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES ("replication_num" = "2")');
  await src.query('INSERT INTO db.t VALUES (1), (2)');
  const dir = scratchDir('one-time-aborts');
  // A wrong source token: the source BEs make the snapshots (their be_port takes no token) but refuse
  // every download, so the target FE aborts every job with the source BE's refusal.
  const conf = writeConf(dir, { ...syncSettings(source, target), source_cluster_token: 'not-the-token', report_interval_seconds: '1' });
  const logDir = join(dir, 'log');
  const run = await runCli(['start', '--once', '--conf', conf, '--log-dir', logDir]);
  assert.equal(run.code, 1);
  const warn = readFileSync(join(logDir, 'sync.WARN.log'), 'utf8');
  assert.match(warn, /one-time run failed: db\.t: replication failed 3 times, last: .*NotAuthorized/);
  const jobLines = readFileSync(join(logDir, 'sync.INFO.log'), 'utf8').split('\n').filter((line) => line.includes('Sync job progress:'));
  // Between attempts the job is counted failed; the final report too. Never finished.
  assert.ok(jobLines.some((line) => /total: 1, ddlPending: 0, jobPending: 0, sent: 0, running: 0, finished: 0, failed: 1, unknown: 0/.test(line)), jobLines.join('\n'));
  assert.match(jobLines.at(-1)!, /Sync job progress: 0\.00%, total: 1, .*finished: 0, failed: 1, unknown: 0/);
  assert.ok(jobLines.every((line) => !/finished: [1-9]/.test(line)));
  const status = JSON.parse(readFileSync(join(logDir, 'status.json'), 'utf8')) as { jobs: { failed: number }; errors: string[] };
  assert.equal(status.jobs.failed, 1);
});
