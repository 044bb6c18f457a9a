// A replication job the target really aborts, and what the operator then reads: the WARN log says
// each failed attempt once, with the table, the job id SHOW PROC '/replications' shows and the
// FE's reason; status.json (and `cluster-sync status`) names the table still failing.
//
// The failure: hosts.properties sends the target BEs to a port where no source BE listens (a
// wrong mapping), so no source snapshot can be made. The target FE then aborts the job with
// "Source snapshots is empty" (ReplicationJob.sendReplicateSnapshotTasks throws it, run() aborts
// the transaction with the exception's text), and SHOW PROC '/replications' shows that text as the
// job's Error: ReplicationJob.getErrorMessage is the aborted transaction's reason.
// StarRocks: fe/fe-core/src/main/java/com/starrocks/replication/ReplicationJob.java
// StarRocks: fe/fe-core/src/main/java/com/starrocks/common/proc/ReplicationsProcNode.java
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { freePort } from '../helpers/free-port.js';
import { join } from 'node:path';
import { startCluster, syncSettings, connect, rows } from '../helpers/sim-cluster.js';
import { scratchDir } from '../helpers/scratch.js';
import { writeConf } from '../helpers/config-files.js';
import { runCli } from '../helpers/run-cli.js';
import type { DaemonStatus } from '../../src/daemon/status-file.js';

const REASON = 'Source snapshots is empty';

test('a job the target aborts is warned about once per attempt with its FE job id and reason, and status.json shows it', async (t) => {
  const source = await startCluster('why-source', { backends: 1 });
  const target = await startCluster('why-target', { backends: 1 });
  t.after(() => Promise.all([source.stop(), target.stop()]));
  const src = await connect(source);
  const dst = await connect(target);
  t.after(() => Promise.all([src.end(), dst.end()]));
  await src.query('CREATE DATABASE db');
  await src.query('CREATE TABLE db.t (k INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES ("replication_num" = "1")');
  await src.query('INSERT INTO db.t VALUES (1), (2)');

  const dir = scratchDir('failure-reasons');
  const conf = writeConf(dir, syncSettings(source, target));
  const hosts = join(dir, 'hosts.properties');
  const sourceBe = source.backends[0]!;
  writeFileSync(hosts, `SOURCE_${sourceBe.advertiseHost}=${sourceBe.advertiseHost};${sourceBe.bePort}:${await freePort()}\n`); // a port nothing listens on
  const logDir = join(dir, 'log');
  const run = await runCli(['start', '--once', '--conf', conf, '--hosts', hosts, '--log-dir', logDir]);
  const warn = readFileSync(join(logDir, 'sync.WARN.log'), 'utf8');
  assert.equal(run.code, 1, run.stderr + warn);

  // One line per attempt: the one-time run gives up after the third.
  const lines = warn.split('\n').filter((line) => line.includes('replication of db.t (t) failed'));
  const attempts = lines.map((line) => {
    const found = /failed on attempt (\d): job (\S+) ABORTED: (.*); (retried at \S+ \(in [\d.]+ s\)|not retried: the run ends)$/.exec(line);
    assert.ok(found, line);
    return { attempt: Number(found[1]), job: found[2]!, reason: found[3], retry: found[4]!.startsWith('retried') };
  });
  assert.deepEqual(
    attempts.map(({ attempt, reason, retry }) => ({ attempt, reason, retry })),
    [
      { attempt: 1, reason: REASON, retry: true },
      { attempt: 2, reason: REASON, retry: true },
      { attempt: 3, reason: REASON, retry: false },
    ],
    warn,
  );
  assert.equal(new Set(attempts.map((a) => a.job)).size, 3, 'each attempt is its own job on the FE');
  assert.match(warn, /one-time run failed: db\.t: replication failed 3 times, last: Source snapshots is empty/);

  // The job id and reason are the FE's own: its SHOW PROC '/replications' row of the last attempt.
  const last = attempts.at(-1)!;
  const [row] = (await rows(dst, "SHOW PROC '/replications'")).filter((r) => r.JobID === last.job);
  assert.deepEqual([row?.State, row?.Error], ['ABORTED', REASON]);

  // status.json: the table still failing, with its last failure; the aborts among the errors.
  const status = JSON.parse(readFileSync(join(logDir, 'status.json'), 'utf8')) as DaemonStatus;
  assert.equal(status.failures?.length, 1, JSON.stringify(status.failures));
  const { at, ...failure } = status.failures![0]!;
  assert.deepEqual(failure, { object: 'db.t', job: last.job, attempt: 3, reason: REASON });
  assert.ok(Date.parse(at) <= Date.now(), at);
  assert.equal(status.errors.filter((e) => e.endsWith(`ABORTED: ${REASON}`)).length, 3, status.errors.join('\n'));
  const shown = await runCli(['status', '--log-dir', logDir]);
  assert.match(shown.stdout, new RegExp(`\\n {2}failing: db\\.t: job ${last.job}, attempt 3, at \\S+: Source snapshots is empty\\n`));
});
