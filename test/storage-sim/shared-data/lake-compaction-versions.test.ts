// Lake compaction is a transaction that publishes a version of its own, with no new data. Since
// PR #54787 (3.3.10, 3.4.1; the '3.5' and '4.0' profiles) it leaves the partition's data version,
// epoch and transaction type alone, and replication aligns on the data version: a target whose
// compactions ran keeps replicating. Before it (the '3.3' profile, 3.3.9) the compaction's version
// counted as data, which is why seed 003 turns compaction off on a migration target: the target
// then looks as far along as the source while it lacks the source's newest load.
// StarRocks: fe/fe-core/src/main/java/com/starrocks/transaction/LakeTableTxnLogApplier.java (no
// setDataVersion for LAKE_COMPACTION), transaction/DatabaseTransactionMgr.java (a replication
// commit: version = committed + (src_version - data version), data version = src_version),
// catalog/PhysicalPartition.java (dataVersion), lake/compaction/CompactionScheduler.java
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { rows } from '../../helpers/sim-cluster.js';
import { startLakeReplicationPair } from '../../helpers/lake-replication-pair.js';
import { eventually } from '../../helpers/eventually.js';
import { requestReplication, waitForJob } from '../../helpers/replicate.js';
import { beDir } from '../../../src/storage-sim/cluster/cluster-layout.js';

const DDL = 'CREATE TABLE db.t (k BIGINT NOT NULL, v VARCHAR(40)) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES ("replication_num" = "1")';

async function clusters(name: string, starrocksVersion: string, t: import('node:test').TestContext) {
  // Compaction on at the target, as a target left at its default would have it.
  const { s3, source, target, src, dst } = await startLakeReplicationPair(name, t, { ddl: DDL, targetVersion: starrocksVersion, targetConfig: { lake_compaction_max_tasks: '-1' } });
  const load = async (count: number) => {
    for (let i = 0; i < count; i++) await src.query(`INSERT INTO db.t VALUES (${Date.now() % 1_000_000_000 * 100 + i}, 'row ${i}')`);
  };
  const replicate = async () => {
    const run = await requestReplication(source, target, 'db', 't');
    assert.equal(run.response.status?.status_code, 0, JSON.stringify(run.response.status));
    const job = await waitForJob(target, run.jobId!);
    assert.equal(job.State, 'COMMITTED', String(job.Error));
  };
  const meta = async (conn: typeof src) => {
    const [row] = await rows(conn, "SELECT VISIBLE_VERSION, DATA_VERSION, VERSION_EPOCH, VERSION_TXN_TYPE FROM information_schema.partitions_meta WHERE TABLE_NAME = 't'");
    return { visible: Number(row!.VISIBLE_VERSION), data: Number(row!.DATA_VERSION), epoch: String(row!.VERSION_EPOCH), type: String(row!.VERSION_TXN_TYPE) };
  };
  const count = async (conn: typeof src) => Number((await rows(conn, 'SELECT COUNT(*) AS n FROM db.t'))[0]!.n);
  return { s3, source, target, src, dst, load, replicate, meta, count };
}

test('4.0: a lake compaction publishes a version without data; replication aligns on the data version and keeps going', async (t) => {
  const c = await clusters('lake-compaction-4-0', '4.0', t);
  await c.load(12);
  await c.replicate();
  const replicated = async () => ({ ...(await c.meta(c.src)), type: 'TXN_REPLICATION' });
  assert.deepEqual(await c.meta(c.dst), await replicated(), 'replicated: the source version and epoch, TXN_REPLICATION');

  // Twelve versions since the last compaction: the target compacts, in a transaction of its own.
  await eventually('the target compacts', async () => (await c.meta(c.dst)).visible === 14);
  const compacted = await c.meta(c.dst);
  assert.deepEqual(compacted, { ...(await replicated()), visible: 14 }, 'only the visible version moved: data version, epoch and txn type are the replicated ones');
  const txns = await rows(c.dst, "SHOW PROC '/transactions/db/finished'");
  assert.deepEqual(txns.filter((r) => r.LoadJobSourceType === 'LAKE_COMPACTION').map((r) => r.TransactionStatus), ['VISIBLE'], JSON.stringify(txns));
  assert.equal(await c.count(c.dst), 12);

  // New loads on the source: the target's data version is behind, its visible version is not.
  await c.load(2);
  assert.equal((await c.meta(c.src)).visible, 15);
  await c.replicate();
  const after = await c.meta(c.dst);
  assert.deepEqual(after, { ...(await replicated()), visible: 16 }, 'version = 14 + (15 - 13), data version 15');
  assert.deepEqual(await rows(c.dst, 'SELECT * FROM db.t ORDER BY k'), await rows(c.src, 'SELECT * FROM db.t ORDER BY k'));

  // What the object store holds says the same: a wiped compute node cache answers the same rows.
  await c.target.stopBackend(0);
  rmSync(join(beDir(c.target.options.dir, 0), 'storage'), { recursive: true, force: true });
  await c.target.restartBackend(0);
  assert.deepEqual(await rows(c.dst, 'SELECT * FROM db.t ORDER BY k'), await rows(c.src, 'SELECT * FROM db.t ORDER BY k'));
});

test('3.3.9: a lake compaction moves the data version too, so a target with compaction on looks synced while it misses a load', async (t) => {
  const c = await clusters('lake-compaction-3-3', '3.3', t);
  await c.load(12);
  await c.replicate();
  await eventually('the target compacts', async () => (await c.meta(c.dst)).visible === 14);
  const compacted = await c.meta(c.dst);
  assert.equal(compacted.data, 14, 'the compaction counted as data');
  assert.equal(compacted.type, 'TXN_NORMAL', 'and as a write of the target: the lineage is no longer the source\'s');
  assert.notEqual(compacted.epoch, (await c.meta(c.src)).epoch);

  // One more load on the source: version 14 on both sides, yet the target lacks that load's row.
  await c.load(1);
  assert.equal((await c.meta(c.src)).visible, 14);
  assert.equal(await c.count(c.src), 13);
  assert.equal(await c.count(c.dst), 12, 'same version, different data: why compaction must be off before 3.3.10');
});
