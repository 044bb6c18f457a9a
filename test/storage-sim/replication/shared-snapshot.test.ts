// When a source replica cannot make its snapshot, the target replicas share the snapshots that
// were made (ReplicationJob.sendReplicateSnapshotTasks on releases that split them): two target
// replicas download the same one. It must stay on the source until the job is over: released by
// the first replica to finish, it was pulled from under the other ("snapshot.json is missing")
// and the job aborted, every time that source replica stayed down. The job's snapshots are
// released once it is over, through a target BE.
// StarRocks: fe/fe-core/src/main/java/com/starrocks/replication/ReplicationJob.java
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { connect, rows, startCluster } from '../../helpers/sim-cluster.js';
import { requestReplication, waitForJob } from '../../helpers/replicate.js';
import { eventually } from '../../helpers/eventually.js';

const DDL = `CREATE TABLE db.t (k BIGINT NOT NULL, v VARCHAR(200)) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES ("replication_num" = "3")`;

test('two target replicas downloading one source snapshot both finish; the snapshots are released after the job', async (t) => {
  const source = await startCluster('shared-snapshot-source', { starrocksVersion: '4.0' });
  const target = await startCluster('shared-snapshot-target', { starrocksVersion: '4.0' });
  const src = await connect(source);
  const dst = await connect(target);
  t.after(async () => {
    await Promise.all([src.end(), dst.end()]);
    await Promise.all([source.stop(), target.stop()]);
  });
  for (const conn of [src, dst]) {
    await conn.query('CREATE DATABASE db');
    await conn.query(DDL);
  }
  for (let batch = 0; batch < 3; batch++) {
    await src.query(`INSERT INTO db.t VALUES ${Array.from({ length: 1000 }, (_, i) => `(${batch * 1000 + i}, '${'v'.repeat(150)}${i}')`).join(', ')}`);
  }
  const expected = await rows(src, 'SELECT * FROM db.t ORDER BY k');
  // One source replica cannot make a snapshot: two target replicas download the same one.
  await source.stopBackend(2);
  // Each target BE at its own speed: whichever two share a snapshot, one finishes well before the other.
  for (const [i, kbps] of ['0', '600', '200'].entries()) {
    await dst.query(`UPDATE information_schema.be_configs SET value = '${kbps}' WHERE name = 'max_download_speed_kbps' AND be_id = ${target.backends[i]!.backendId}`);
  }

  const run = await requestReplication(source, target, 'db', 't');
  const job = await waitForJob(target, run.jobId!, 120_000);
  assert.equal(job.State, 'COMMITTED', String(job.Error));
  assert.deepEqual(await rows(dst, 'SELECT * FROM db.t ORDER BY k'), expected);

  const snapshots = () => [0, 1].flatMap((i) => {
    const dir = join(source.backends[i]!.options.storageDir, 'storage', 'snapshot');
    return existsSync(dir) ? readdirSync(dir) : [];
  });
  await eventually('the source snapshots are released', () => snapshots().length === 0, 10_000);
});
