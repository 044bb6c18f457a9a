import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, connect, rows } from '../../helpers/sim-cluster.js';
import { VERSIONS_BEFORE_COMPACTION } from '../../../src/storage-sim/fe/compaction-scheduler.js';
import type { LocalCluster } from '../../../src/storage-sim/cluster/local-cluster.js';

function rowsetCounts(cluster: LocalCluster): number[] {
  return cluster.backends.flatMap((be) => be!.store.tabletIds().map((id) => be!.store.rowsets(id).length));
}

test('background compaction merges versions, and lake_compaction_max_tasks = 0 turns it off', async (t) => {
  const cluster = await startCluster('compaction', { backends: 2 });
  t.after(() => cluster.stop());
  const conn = await connect(cluster);
  t.after(() => conn.end());
  await conn.query('ADMIN SET FRONTEND CONFIG ("lake_compaction_max_tasks" = "0")');
  await conn.query('CREATE DATABASE db');
  await conn.query('CREATE TABLE db.t (k INT, v INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 2 PROPERTIES ("replication_num" = "2")');
  for (let i = 0; i < VERSIONS_BEFORE_COMPACTION + 2; i++) await conn.query(`INSERT INTO db.t VALUES (${i}, ${i}), (${i + 100}, ${i})`);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  // One empty [0-1] rowset plus one per load, untouched while compaction is off.
  assert.deepEqual(rowsetCounts(cluster), [13, 13, 13, 13]);

  await conn.query('ADMIN SET FRONTEND CONFIG ("lake_compaction_max_tasks" = "-1")');
  const deadline = Date.now() + 10_000;
  while (rowsetCounts(cluster).some((n) => n > 1)) {
    assert.ok(Date.now() < deadline, `rowsets were not compacted: ${rowsetCounts(cluster).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.deepEqual(await rows(conn, 'SELECT COUNT(*) AS n, SUM(v) AS s FROM db.t'), [{ n: '24', s: String(2 * 66) }]);
});
