import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, connect, rows } from '../helpers/sim-cluster.js';
import { scratchDir } from '../helpers/scratch.js';
import { writeConf } from '../helpers/config-files.js';
import { runCli } from '../helpers/run-cli.js';
import type { PlanTimingsReport } from '../../src/cli/plan-timings.js';

test('plan lists the DDL tasks, blocked drops and replication jobs, and changes nothing', async (t) => {
  const source = await startCluster('plan-source');
  const target = await startCluster('plan-target');
  t.after(() => Promise.all([source.stop(), target.stop()]));
  const src = await connect(source);
  const dst = await connect(target);
  t.after(() => Promise.all([src.end(), dst.end()]));
  await src.query('CREATE DATABASE db');
  await src.query('CREATE TABLE db.t (k INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1');
  await src.query('INSERT INTO db.t VALUES (1)');
  await dst.query('CREATE DATABASE db');
  await dst.query('CREATE TABLE db.old (k INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1');
  const conf = writeConf(scratchDir('plan'), {
    source_fe_host: '127.0.0.1',
    source_fe_query_port: String(source.fe.queryPort),
    target_fe_host: '127.0.0.1',
    target_fe_query_port: String(target.fe.queryPort),
  });
  const plan = await runCli(['plan', '--conf', conf]);
  assert.equal(plan.code, 0, plan.stderr);
  assert.match(plan.stdout, /^DDL tasks \(1\):\n {2}create_table db\.t: /m);
  assert.match(plan.stdout, /^Blocked drops \(1\):\n {2}drop_table db\.old: .*ddl_job_allow_drop_target_only=false keeps it/m);
  assert.match(plan.stdout, /^Replication jobs \(0\):/m);
  assert.match(plan.stdout, /^Not replicated now \(1\):\n {2}db\.t: /m);
  assert.match(plan.stdout, /^0 of 1 tables in sync$/m);
  assert.deepEqual((await rows(dst, 'SHOW TABLES FROM db')).map((r) => Object.values(r)[0]), ['old'], 'nothing was executed');

  // --timings: the same round's cost as one JSON object.
  const timed = await runCli(['plan', '--timings', '--conf', conf]);
  assert.equal(timed.code, 0, timed.stderr);
  const report = JSON.parse(timed.stdout) as PlanTimingsReport;
  assert.ok(report.timings.roundMs >= report.timings.metaMs && report.timings.metaMs > 0);
  // What each cluster supports is learned before the round (capabilities.ts), as the daemon learns it
  // once; the round is the daemon's own (meta-round.ts): SHOW FRONTENDS, then the catalogue, per cluster.
  assert.deepEqual(report.sqlStatements, { source: 9, target: 9, total: 18 });
  assert.deepEqual(report.catalogs.source, { databases: 1, tables: 1, partitions: 1 });
  assert.deepEqual(report.catalogs.target, { databases: 1, tables: 1, partitions: 1 });
  assert.deepEqual([report.ddlTasks, report.blockedDrops, report.replicationJobs, report.skipped, report.tablesInSync, report.tables], [1, 1, 0, 1, 0, 1]);
  assert.ok(report.maxRssMb > 0 && report.cpuMs > 0);
});
