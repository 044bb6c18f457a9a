// Table layouts for a batch of tables, read from a reference cluster over real TCP: the batch
// read (partitions_meta + be_tablets + one index listing per table) gives what per-partition
// SHOW PROC reads give, in a number of statements that does not grow with the partitions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, connect, rows } from '../helpers/sim-cluster.js';
import { feClient } from '../helpers/replicate.js';
import { fetchTableLayouts } from '../../src/meta/table-layout.js';
import { tableKey } from '../../src/meta/table-key.js';
import type { FeClient } from '../../src/cluster/fe-client.js';
import { capabilitiesOf } from '../../src/cluster/capability-probes.js';

/** A partition's tablets as SHOW PROC lists them: tablet id -> backend ids. */
async function tabletsByProc(client: FeClient, dbId: number, tableId: number, partitionId: number, indexId: number): Promise<{ id: number; backendIds: number[] }[]> {
  const replicas = await client.query(`SHOW PROC '/dbs/${dbId}/${tableId}/partitions/${partitionId}/${indexId}'`);
  const tablets = new Map<number, number[]>();
  for (const r of replicas) tablets.set(Number(r.TabletId), [...(tablets.get(Number(r.TabletId)) ?? []), Number(r.BackendId)]);
  return [...tablets].map(([id, backendIds]) => ({ id, backendIds: backendIds.sort() })).sort((a, b) => a.id - b.id);
}

test('layouts of a batch of tables in a few statements, equal to per-partition SHOW PROC', async (t) => {
  const cluster = await startCluster('table-layouts');
  t.after(() => cluster.stop());
  const conn = await connect(cluster);
  t.after(() => conn.end());
  await conn.query('CREATE DATABASE `a b`');
  await conn.query('CREATE DATABASE other');
  const partitioned = `(id INT NOT NULL, d DATE NOT NULL) DUPLICATE KEY(id) PARTITION BY RANGE(d) (PARTITION p1 VALUES LESS THAN ('2024-01-01'), PARTITION p2 VALUES LESS THAN ('2025-01-01'), PARTITION p3 VALUES LESS THAN ('2026-01-01')) DISTRIBUTED BY HASH(id) BUCKETS 4 PROPERTIES ("replication_num" = "3")`;
  for (let i = 0; i < 6; i++) await conn.query(`CREATE TABLE \`a b\`.t${i} ${partitioned}`);
  await conn.query('CREATE TABLE other.single (id INT NOT NULL) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 2 PROPERTIES ("replication_num" = "2")');
  await conn.query("INSERT INTO `a b`.t0 VALUES (1, '2023-05-01'), (2, '2024-05-01')");

  const client = feClient(cluster, 'source');
  t.after(() => client.close());
  const refs = [...Array.from({ length: 6 }, (_, i) => ({ db: 'a b', table: `t${i}` })), { db: 'other', table: 'single' }, { db: 'other', table: 'gone' }, { db: 'nodb', table: 'x' }];
  // What the cluster has is learned once, at the first use (capabilities.ts), not per batch.
  await capabilitiesOf(client);
  const before = client.statementsSent;
  const layouts = await fetchTableLayouts(client, refs);
  const statements = client.statementsSent - before;
  // SHOW PROC '/dbs', one table list per database, partitions_meta, be_tablets, one index listing per table.
  assert.equal(statements, 1 + 2 + 1 + 1 + 7, `statements sent: ${statements}`);

  assert.match((layouts.get(tableKey('other', 'gone')) as Error).message, /table other\.gone not found/);
  assert.match((layouts.get(tableKey('nodb', 'x')) as Error).message, /database nodb not found/);
  const meta = await rows(conn, 'SELECT DB_NAME, TABLE_NAME, PARTITION_NAME, PARTITION_ID, VISIBLE_VERSION, DATA_VERSION FROM information_schema.partitions_meta');
  for (const ref of refs.slice(0, 7)) {
    const layout = layouts.get(tableKey(ref.db, ref.table));
    assert.ok(layout && !(layout instanceof Error), `${ref.db}.${ref.table}: ${String(layout)}`);
    const expected = meta.filter((m) => m.DB_NAME === ref.db && m.TABLE_NAME === ref.table);
    assert.deepEqual(layout.partitions.map((p) => [p.name, String(p.id), String(p.visibleVersion)]), expected.map((m) => [m.PARTITION_NAME, m.PARTITION_ID, m.VISIBLE_VERSION]));
    // The data version too, what the skip check compares (PR #46507 prints it: PartitionsMetaSystemTable.java).
    assert.deepEqual(layout.partitions.map((p) => String(p.dataVersion)), expected.map((m) => m.DATA_VERSION));
    const [index] = await client.query(`SHOW PROC '/dbs/${layout.dbId}/${layout.tableId}/index_schema'`);
    assert.equal(layout.indexId, Number(index!.IndexId));
    const hashes = await client.query(`SELECT DISTINCT SCHEMA_HASH FROM information_schema.be_tablets WHERE TABLE_ID = ${layout.tableId}`);
    for (const p of layout.partitions) {
      assert.equal(p.schemaHash, Number(hashes[0]!.SCHEMA_HASH), 'the schema hash be_tablets reports');
      assert.deepEqual(p.tablets.map((tb) => ({ id: tb.id, backendIds: tb.replicas.map((r) => r.backendId).sort() })), await tabletsByProc(client, layout.dbId, layout.tableId, p.id, layout.indexId));
      assert.ok(p.tablets.every((tb) => tb.replicas.every((r) => r.version === p.visibleVersion)), 'each replica holds the visible version');
    }
  }
  const t0 = layouts.get(tableKey('a b', 't0'));
  assert.ok(t0 && !(t0 instanceof Error));
  assert.deepEqual(t0.partitions.map((p) => p.visibleVersion), [2, 2, 1], 'the insert reached p1 and p2');
  assert.ok(t0.partitions.every((p) => p.tablets.length === 4 && p.tablets.every((tb) => tb.replicas.length === 3)));
  assert.equal(t0.dataSize, t0.partitions.reduce((sum, p) => sum + p.dataSize, 0));
});
