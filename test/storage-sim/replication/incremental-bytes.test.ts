import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, connect, rows } from '../../helpers/sim-cluster.js';
import { requestReplication, waitForJob } from '../../helpers/replicate.js';
import type { LocalCluster } from '../../../src/storage-sim/cluster/local-cluster.js';

const DDL = (replicas: number) => `CREATE TABLE db.t (k BIGINT NOT NULL, day DATE NOT NULL, v VARCHAR(40)) DUPLICATE KEY(k)
  PARTITION BY RANGE(day) (PARTITION a VALUES LESS THAN ('2024-07-01'), PARTITION b VALUES LESS THAN ('2025-01-01'))
  DISTRIBUTED BY HASH(k) BUCKETS 3 PROPERTIES ("replication_num" = "${replicas}")`;

function insert(from: number, count: number): string {
  return `INSERT INTO db.t VALUES ${Array.from({ length: count }, (_, i) => `(${from + i}, '2024-${String(1 + ((from + i) % 12)).padStart(2, '0')}-15', 'value-${from + i}')`).join(', ')}`;
}

/** Bytes of the rowsets holding any version after `after` in each partition, read from one replica per tablet. */
function newRowsetBytes(cluster: LocalCluster, after: Map<number, number>): number {
  const table = cluster.fe.ctx.store.state.databases.find((d) => d.name === 'db')!.tables.find((t) => t.name === 't');
  if (table?.kind !== 'OLAP') throw new Error('no table');
  let bytes = 0;
  for (const partition of table.partitions) {
    for (const tablet of partition.tablets) {
      const be = cluster.backends.find((b) => b?.backendId === tablet.replicas[0]!.backendId)!;
      for (const rowset of be.store.rowsets(tablet.id)) if (rowset.endVersion > (after.get(partition.id) ?? 0)) bytes += rowset.dataBytes;
    }
  }
  return bytes;
}

function visibleVersions(cluster: LocalCluster): Map<number, number> {
  const table = cluster.fe.ctx.store.state.databases.find((d) => d.name === 'db')!.tables.find((t) => t.name === 't');
  if (table?.kind !== 'OLAP') throw new Error('no table');
  return new Map(table.partitions.map((p) => [p.id, p.visibleVersion]));
}

const downloaded = (cluster: LocalCluster) => cluster.backends.reduce((sum, be) => sum + (be?.replication.downloadedBytes ?? 0), 0);

test('incremental replication moves exactly the new rowsets; after a source compaction it falls back to a full snapshot', async (t) => {
  const source = await startCluster('bytes-source');
  const target = await startCluster('bytes-target');
  t.after(() => Promise.all([source.stop(), target.stop()]));
  const src = await connect(source);
  const dst = await connect(target);
  t.after(() => Promise.all([src.end(), dst.end()]));
  for (const [conn, replicas] of [[src, 3], [dst, 2]] as const) {
    await conn.query('CREATE DATABASE db');
    await conn.query(DDL(replicas));
  }
  await src.query(insert(0, 500));
  await src.query(insert(500, 500));
  const full = await requestReplication(source, target, 'db', 't');
  assert.equal((await waitForJob(target, full.jobId!)).State, 'COMMITTED');

  const synced = visibleVersions(source);
  await src.query(insert(1000, 300));
  await src.query(insert(1300, 300));
  const expected = newRowsetBytes(source, synced);
  assert.ok(expected > 0);
  const before = downloaded(target);
  const incremental = await requestReplication(source, target, 'db', 't');
  assert.equal((await waitForJob(target, incremental.jobId!)).State, 'COMMITTED');
  // Each of the 2 target replicas of every tablet downloaded exactly the new rowsets.
  assert.equal(downloaded(target) - before, expected * 2);
  assert.deepEqual(await rows(dst, 'SELECT * FROM db.t ORDER BY k'), await rows(src, 'SELECT * FROM db.t ORDER BY k'));

  // Compaction on the source merges versions the target still lacks into older ones.
  await src.query(insert(2000, 200));
  await src.query(insert(2200, 200));
  await src.query('ALTER TABLE db.t COMPACT');
  const fullBytes = newRowsetBytes(source, new Map());
  const beforeFallback = downloaded(target);
  const fallback = await requestReplication(source, target, 'db', 't');
  assert.equal((await waitForJob(target, fallback.jobId!)).State, 'COMMITTED');
  assert.equal(downloaded(target) - beforeFallback, fullBytes * 2, 'a full snapshot of the compacted data was downloaded');
  assert.deepEqual(await rows(dst, 'SELECT * FROM db.t ORDER BY k'), await rows(src, 'SELECT * FROM db.t ORDER BY k'));
  const versions = async (conn: typeof src) => rows(conn, "SELECT PARTITION_NAME, VISIBLE_VERSION, VERSION_EPOCH FROM information_schema.partitions_meta WHERE DB_NAME = 'db' ORDER BY PARTITION_NAME");
  assert.deepEqual(await versions(dst), await versions(src));
});
