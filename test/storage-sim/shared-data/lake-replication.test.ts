// Replication into a shared-data table: the target FE accepts startTableReplication for it, its
// compute node pulls the source BEs' snapshots (same token and download API), writes the data into
// the object store and commits the source's versions. A compute node killed mid-transfer, or an
// object-store write that fails, aborts the job and leaves nothing visible; the job started again
// completes.
// StarRocks: fe/fe-core/src/main/java/com/starrocks/replication/ReplicationJob.java (one job for
// shared-nothing and lake tables: REMOTE_SNAPSHOT then REPLICATE_SNAPSHOT tasks, abort on a failed task)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { connect, rows } from '../../helpers/sim-cluster.js';
import { startLakeReplicationPair } from '../../helpers/lake-replication-pair.js';
import { requestReplication, waitForJob, feClient } from '../../helpers/replicate.js';
import { beDir } from '../../../src/storage-sim/cluster/cluster-layout.js';
import type { LocalCluster } from '../../../src/storage-sim/cluster/local-cluster.js';

const DDL = `CREATE TABLE db.t (k BIGINT NOT NULL, v VARCHAR(200)) DUPLICATE KEY(k)
  PARTITION BY RANGE(k) (PARTITION p1 VALUES LESS THAN ('2000'), PARTITION p2 VALUES LESS THAN ('10000'))
  DISTRIBUTED BY HASH(k) BUCKETS 2 PROPERTIES ("replication_num" = "1")`;

function setup(name: string, t: import('node:test').TestContext) {
  return startLakeReplicationPair(name, t, { ddl: DDL, targetConfig: { lake_compaction_max_tasks: '0' } });
}

async function load(src: Awaited<ReturnType<typeof connect>>, from: number, count: number) {
  await src.query(`INSERT INTO db.t VALUES ${Array.from({ length: count }, (_, i) => `(${from + i}, '${'v'.repeat(150)}${i}')`).join(', ')}`);
}

async function replicate(source: LocalCluster, target: LocalCluster) {
  const run = await requestReplication(source, target, 'db', 't');
  assert.equal(run.response.status?.status_code, 0, JSON.stringify(run.response.status));
  return waitForJob(target, run.jobId!);
}

const versions = async (conn: Awaited<ReturnType<typeof connect>>) =>
  (await rows(conn, "SELECT PARTITION_NAME, VISIBLE_VERSION FROM information_schema.partitions_meta WHERE TABLE_NAME = 't' ORDER BY PARTITION_NAME")).map((r) => `${String(r.PARTITION_NAME)}@${String(r.VISIBLE_VERSION)}`);

test('a shared-nothing table replicates into a shared-data table: data in the object store, versions of the source', async (t) => {
  const { s3, source, target, src, dst } = await setup('lake-repl', t);
  await load(src, 0, 500);
  await load(src, 2000, 500);
  let job = await replicate(source, target);
  assert.equal(job.State, 'COMMITTED', String(job.Error));
  assert.deepEqual(await rows(dst, 'SELECT * FROM db.t ORDER BY k'), await rows(src, 'SELECT * FROM db.t ORDER BY k'));
  assert.deepEqual(await versions(dst), await versions(src));
  // The replicated files are in the object store under the names the publish gave them.
  const clusterId = target.fe.ctx.store.identity.clusterId;
  const replicated = (await s3.list(`${clusterId}/`)).filter((o) => /\/data\/\d+x[0-9a-f]+_\d+\.dat$/.test(o.key));
  assert.ok(replicated.length >= 2, `replicated data files: ${JSON.stringify(replicated)}`);

  // An incremental round after new loads, then the cache wiped: the target still answers the same.
  await load(src, 500, 100);
  job = await replicate(source, target);
  assert.equal(job.State, 'COMMITTED', String(job.Error));
  await target.stopBackend(0);
  rmSync(join(beDir(target.options.dir, 0), 'storage'), { recursive: true, force: true });
  await target.restartBackend(0);
  assert.deepEqual(await rows(dst, 'SELECT * FROM db.t ORDER BY k'), await rows(src, 'SELECT * FROM db.t ORDER BY k'));
  assert.deepEqual(await versions(dst), await versions(src));
});

test('an object-store write failure during the transfer aborts the job and leaves nothing visible', async (t) => {
  const { source, target, src, dst } = await setup('lake-repl-s3-fault', t);
  await load(src, 0, 300);
  target.backends[0]!.faults.failObjectStoreWrites = 1;
  const failed = await replicate(source, target);
  assert.equal(failed.State, 'ABORTED', JSON.stringify(failed));
  assert.match(String(failed.Error), /object store/, JSON.stringify(failed));
  assert.deepEqual(await rows(dst, 'SELECT COUNT(*) AS n FROM db.t'), [{ n: '0' }]);
  assert.deepEqual(await versions(dst), ['p1@1', 'p2@1']);
  const again = await replicate(source, target);
  assert.equal(again.State, 'COMMITTED', String(again.Error));
  assert.deepEqual(await rows(dst, 'SELECT * FROM db.t ORDER BY k'), await rows(src, 'SELECT * FROM db.t ORDER BY k'));
});

test('a compute node killed mid-transfer aborts the job; started again, it completes', async (t) => {
  const { source, target, src, dst } = await setup('lake-repl-cn-kill', t);
  for (let batch = 0; batch < 4; batch++) await load(src, batch * 1000, 1000);
  await dst.query("UPDATE information_schema.be_configs SET value = '100' WHERE name = 'max_download_speed_kbps'");
  const run = await requestReplication(source, target, 'db', 't');
  const client = feClient(target, 'target');
  t.after(() => client.close());
  // Downloading: the compute node has received bytes but the job has not finished.
  const deadline = Date.now() + 20_000;
  while (target.backends[0]!.replication.downloadedBytes === 0 && target.backends[0]!.replication.active === 0) {
    assert.ok(Date.now() < deadline, 'the transfer never started');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await target.stopBackend(0);
  const aborted = await waitForJob(target, run.jobId!);
  assert.equal(aborted.State, 'ABORTED', JSON.stringify(aborted));
  await target.restartBackend(0);
  assert.deepEqual(await rows(dst, 'SELECT COUNT(*) AS n FROM db.t'), [{ n: '0' }]);
  assert.deepEqual(await versions(dst), ['p1@1', 'p2@1']);
  await dst.query("UPDATE information_schema.be_configs SET value = '0' WHERE name = 'max_download_speed_kbps'");
  const again = await replicate(source, target);
  assert.equal(again.State, 'COMMITTED', String(again.Error));
  assert.deepEqual(await rows(dst, 'SELECT * FROM db.t ORDER BY k'), await rows(src, 'SELECT * FROM db.t ORDER BY k'));
});
