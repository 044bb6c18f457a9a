// What SHOW PROC '/replications' shows of a table's jobs: only its latest one (ReplicationMgr keeps
// committed and aborted jobs in maps keyed by table id, and admitting a table's job drops the
// table's earlier entries), and an Error only for an aborted job (ReplicationJob.getErrorMessage is
// the aborted transaction's reason, null otherwise; the PROC prints null as an empty string).
// StarRocks: fe/fe-core/src/main/java/com/starrocks/replication/ReplicationMgr.java
// StarRocks: fe/fe-core/src/main/java/com/starrocks/replication/ReplicationJob.java
// StarRocks: fe/fe-core/src/main/java/com/starrocks/common/proc/ReplicationsProcNode.java
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, connect, rows } from '../../helpers/sim-cluster.js';
import { requestReplication, waitForJob } from '../../helpers/replicate.js';

test("SHOW PROC '/replications' keeps each table's latest job, with an Error only when it aborted", async (t) => {
  const source = await startCluster('proc-rows-source', { backends: 1 });
  const target = await startCluster('proc-rows-target', { backends: 1 });
  const src = await connect(source);
  const dst = await connect(target);
  t.after(async () => {
    await Promise.all([src.end(), dst.end()]);
    await Promise.all([source.stop(), target.stop()]);
  });
  for (const conn of [src, dst]) {
    await conn.query('CREATE DATABASE db');
    for (const table of ['a', 'b']) await conn.query(`CREATE TABLE db.${table} (k INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES ("replication_num" = "1")`);
  }
  await src.query('INSERT INTO db.a VALUES (1)');
  await src.query('INSERT INTO db.b VALUES (2)');

  // A wrong token: the source BE refuses the download and the job aborts with a reason.
  const refused = await requestReplication(source, target, 'db', 'a', { token: 'not-the-token' });
  const aborted = await waitForJob(target, refused.jobId!);
  assert.equal(aborted.State, 'ABORTED');
  assert.notEqual(String(aborted.Error), '', 'an aborted job says why');
  const other = await requestReplication(source, target, 'db', 'b');
  assert.deepEqual([(await waitForJob(target, other.jobId!)).State], ['COMMITTED']);

  // The table's next job replaces the aborted one; the other table's job stays.
  const retried = await requestReplication(source, target, 'db', 'a');
  const committed = await waitForJob(target, retried.jobId!);
  assert.deepEqual([committed.State, committed.Error], ['COMMITTED', '']);
  const listed = await rows(dst, "SHOW PROC '/replications'");
  assert.deepEqual(
    listed.map((r) => [r.JobID, r.State, r.Error]),
    [
      [other.jobId, 'COMMITTED', ''],
      [retried.jobId, 'COMMITTED', ''],
    ],
  );
  assert.deepEqual(await rows(dst, 'SELECT k FROM db.a'), [{ k: 1 }]);
});
