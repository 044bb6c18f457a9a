// Shared-data tablets keep their data in the object store of their storage volume: data files and
// one metadata object per change, under the cluster's id and the partition's id; the compute
// node's disk is only a cache. Loads, queries, schema change and compaction work as on
// shared-nothing tables; a wiped cache is refilled from the object store; a failed object-store
// write leaves nothing visible.
// StarRocks: fe/fe-core/src/main/java/com/starrocks/lake/LakeTablet.java (a lake tablet has no
// replicas of its own: its data lives in the shard's file store),
// fe/fe-core/src/main/java/com/starrocks/lake/compaction/CompactionScheduler.java (lake compaction
// publishes a new version; lake_compaction_max_tasks = 0 turns it off)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { connect, rows, startCluster } from '../../helpers/sim-cluster.js';
import { startS3Server } from '../../helpers/s3-server.js';
import { eventually } from '../../helpers/eventually.js';
import { beDir } from '../../../src/storage-sim/cluster/cluster-layout.js';

async function sharedDataCluster(name: string, t: import('node:test').TestContext, config: Record<string, string> = {}) {
  const s3 = await startS3Server(name, 'starrocks');
  const cluster = await startCluster(name, { runMode: 'shared_data', objectStore: `${s3.endpoint}/starrocks`, backends: 1, config });
  const conn = await connect(cluster);
  t.after(async () => {
    await conn.end();
    await cluster.stop();
    await s3.stop();
  });
  return { s3, cluster, conn };
}

test('a shared-data table keeps its data in the object store; a wiped compute node cache is refilled from it', async (t) => {
  const { s3, cluster, conn } = await sharedDataCluster('lake-tablets', t, { lake_compaction_max_tasks: '0' });
  await conn.query('CREATE DATABASE app');
  await conn.query(`CREATE TABLE app.events (d DATE NOT NULL, id INT NOT NULL, v VARCHAR(20)) DUPLICATE KEY(d, id)
    PARTITION BY RANGE(d) (PARTITION p1 VALUES LESS THAN ('2024-02-01'), PARTITION p2 VALUES LESS THAN ('2024-03-01'))
    DISTRIBUTED BY HASH(id) BUCKETS 2`);
  await conn.query(`CREATE TABLE app.users (id BIGINT NOT NULL, name VARCHAR(20)) PRIMARY KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 2
    PROPERTIES ("enable_persistent_index" = "true", "persistent_index_type" = "CLOUD_NATIVE")`);
  await conn.query("INSERT INTO app.events VALUES ('2024-01-05', 1, 'a'), ('2024-01-06', 2, 'b'), ('2024-02-07', 3, 'c')");
  await conn.query("INSERT INTO app.users VALUES (1, 'ann'), (2, 'bob'), (3, 'cy')");
  await conn.query("INSERT INTO app.users VALUES (2, 'bea')");
  const before = { events: await rows(conn, 'SELECT * FROM app.events ORDER BY id'), users: await rows(conn, 'SELECT * FROM app.users ORDER BY id') };
  assert.deepEqual(before.users.map((r) => r.name), ['ann', 'bea', 'cy']);

  // The data is in the bucket, under the cluster id and each partition id: data files and metas.
  const clusterId = cluster.fe.ctx.store.identity.clusterId;
  const objects = await s3.list(`${clusterId}/`);
  const dataFiles = objects.filter((o) => /\/data\/[^/]+\.dat$/.test(o.key));
  const metas = objects.filter((o) => /\/meta\/\d+_\d{12}\.json$/.test(o.key));
  assert.ok(dataFiles.length >= 4, `data files in the object store: ${JSON.stringify(objects.map((o) => o.key))}`);
  assert.equal(metas.length, 3 * 2, 'one metadata object per tablet (older ones are removed once replaced)');
  const partitionIds = new Set(objects.map((o) => o.key.split('/')[1]));
  assert.equal(partitionIds.size, 3, 'two partitions of events and one of users');

  // Wipe the compute node's cache while it is down: the rows come back from the object store.
  await cluster.stopBackend(0);
  rmSync(join(beDir(cluster.options.dir, 0), 'storage'), { recursive: true, force: true });
  await cluster.restartBackend(0);
  assert.equal(cluster.backends[0]!.store.tabletCount, 0, 'the cache starts empty');
  assert.deepEqual(await rows(conn, 'SELECT * FROM app.events ORDER BY id'), before.events);
  assert.deepEqual(await rows(conn, 'SELECT * FROM app.users ORDER BY id'), before.users);
  // New loads after the refill land on top of what the object store held.
  await conn.query("INSERT INTO app.users VALUES (4, 'dee')");
  assert.deepEqual((await rows(conn, 'SELECT name FROM app.users ORDER BY id')).map((r) => r.name), ['ann', 'bea', 'cy', 'dee']);

  // A schema change is a new metadata object too: it survives another wipe.
  await conn.query('ALTER TABLE app.users ADD COLUMN age INT DEFAULT "7"');
  await cluster.stopBackend(0);
  rmSync(join(beDir(cluster.options.dir, 0), 'storage'), { recursive: true, force: true });
  await cluster.restartBackend(0);
  assert.deepEqual((await rows(conn, 'SELECT id, age FROM app.users ORDER BY id')).map((r) => [String(r.id), Number(r.age)]), [['1', 7], ['2', 7], ['3', 7], ['4', 7]]);

  // DROP TABLE removes the table's objects.
  const db = cluster.fe.ctx.store.state.databases.find((d) => d.name === 'app')!;
  const events = db.tables.find((x) => x.name === 'events')!;
  const eventPartitions = events.kind === 'OLAP' ? events.partitions.map((p) => String(p.id)) : [];
  assert.equal(eventPartitions.length, 2);
  await conn.query('DROP TABLE app.events FORCE');
  const left = (await s3.list(`${clusterId}/`)).filter((o) => eventPartitions.includes(o.key.split('/')[1]!));
  assert.deepEqual(left, [], 'nothing of the dropped table is left in the object store');
});

test('a failed object-store write fails the load and leaves nothing visible; the next load works', async (t) => {
  const { cluster, conn } = await sharedDataCluster('lake-write-failure', t);
  await conn.query('CREATE DATABASE app');
  await conn.query('CREATE TABLE app.t (id INT NOT NULL, v INT) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1');
  await conn.query('INSERT INTO app.t VALUES (1, 1)');
  cluster.backends[0]!.faults.failObjectStoreWrites = 1;
  // The load's rows could not be written to the object store: the commit finds no replica with them.
  await assert.rejects(conn.query('INSERT INTO app.t VALUES (2, 2)'), /Commit failed/);
  assert.deepEqual((await rows(conn, 'SELECT id FROM app.t ORDER BY id')).map((r) => r.id), [1]);
  await conn.query('INSERT INTO app.t VALUES (3, 3)');
  assert.deepEqual((await rows(conn, 'SELECT id FROM app.t ORDER BY id')).map((r) => r.id), [1, 3]);
});

test('lake compaction merges versions into a new metadata object, and is off with lake_compaction_max_tasks = 0', async (t) => {
  const { s3, cluster, conn } = await sharedDataCluster('lake-compaction', t);
  await conn.query('CREATE DATABASE app');
  await conn.query('CREATE TABLE app.t (id INT NOT NULL, v INT) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1');
  const tabletId = () => cluster.backends[0]!.store.tabletIds()[0]!;
  const rowsets = () => cluster.backends[0]!.store.rowsets(tabletId()).length;
  await conn.query("ADMIN SET FRONTEND CONFIG ('lake_compaction_max_tasks' = '0')");
  for (let i = 1; i <= 12; i++) await conn.query(`INSERT INTO app.t VALUES (${i}, ${i})`);
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  assert.equal(rowsets(), 13, 'no compaction while it is off: the initial rowset and 12 loads');
  await conn.query("ADMIN SET FRONTEND CONFIG ('lake_compaction_max_tasks' = '-1')");
  await eventually('the versions are merged', () => rowsets() < 13);
  // The merged state is what the object store holds: a wiped cache reads it back.
  const clusterId = cluster.fe.ctx.store.identity.clusterId;
  const dataFiles = async () => (await s3.list(`${clusterId}/`)).filter((o) => o.key.endsWith('.dat')).length;
  // The replaced files are removed once the merged version's metadata is written.
  await eventually('replaced data files leave the object store', async () => (await dataFiles()) < 12);
  await cluster.stopBackend(0);
  rmSync(join(beDir(cluster.options.dir, 0), 'storage'), { recursive: true, force: true });
  await cluster.restartBackend(0);
  assert.equal(Number((await rows(conn, 'SELECT COUNT(*) AS n FROM app.t'))[0]!.n), 12);
  assert.ok(rowsets() < 13, `the refilled cache has the merged rowsets (${rowsets()})`);
});

test('be_tablets lists no lake tablets; SHOW PROC lists them with the compute nodes serving each', async (t) => {
  // StarRocks: be/src/exec/schema_scanner/schema_be_tablets_scanner.cpp (the local tablet manager
  // only), fe/fe-core/src/main/java/com/starrocks/common/proc/LakeTabletsProcDir.java
  const { cluster, conn } = await sharedDataCluster('lake-tablet-listing', t, { lake_compaction_max_tasks: '0' });
  await conn.query('CREATE DATABASE app');
  await conn.query('CREATE TABLE app.t (id INT NOT NULL, v INT) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 3');
  await conn.query('INSERT INTO app.t VALUES (1, 1), (2, 2), (3, 3), (4, 4)');
  assert.deepEqual(await rows(conn, 'SELECT TABLET_ID FROM information_schema.be_tablets'), []);
  const db = cluster.fe.ctx.store.state.databases.find((d) => d.name === 'app')!;
  const table = db.tables.find((x) => x.name === 't')!;
  if (table.kind !== 'OLAP') throw new Error('not an OLAP table');
  const partition = table.partitions[0]!;
  const listed = await rows(conn, `SHOW PROC '/dbs/${db.id}/${table.id}/partitions/${partition.id}/${table.indexId}'`);
  const node = cluster.fe.ctx.backends.list()[0]!.id;
  assert.deepEqual(listed.map((r) => [Number(r.TabletId), r.BackendId]), partition.tablets.map((x) => x.id).sort((a, b) => a - b).map((id) => [id, `[${node}]`]));
  assert.deepEqual(Object.keys(listed[0]!), ['TabletId', 'BackendId', 'DataSize', 'RowCount']);
  assert.equal(listed.reduce((n, r) => n + Number(r.RowCount), 0), 4);
  assert.ok(listed.every((r) => /^\d+(\.\d+)?[KMGT]?B$/.test(String(r.DataSize))), JSON.stringify(listed));
});
