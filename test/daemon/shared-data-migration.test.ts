// A shared-nothing cluster migrated into a shared-data one whose storage volume is on a real S3
// server (s3rver): the one-time run (one_time_run_mode) finishes, a continuous daemon then carries
// new loads (PRIMARY KEY upserts and deletes among them), and `cluster-sync verify` agrees. The
// data is in the object store, and a wiped compute node cache loses nothing.
// StarRocks: fe/fe-core/src/main/java/com/starrocks/lake/LakeTablet.java (a shared-data tablet's
// data lives in its storage volume), fe/fe-core/src/main/java/com/starrocks/server/SharedDataStorageVolumeMgr.java (builtin_storage_volume
// on the object store, the default volume of tables created without storage_volume),
// fe/fe-core/src/main/java/com/starrocks/storagevolume/StorageVolume.java (its location: s3://<bucket>[/<prefix>]).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startCluster, syncSettings, connect, rows } from '../helpers/sim-cluster.js';
import { startS3Server, type S3Server } from '../helpers/s3-server.js';
import { scratchDir } from '../helpers/scratch.js';
import { writeConf } from '../helpers/config-files.js';
import { runCli } from '../helpers/run-cli.js';
import { eventually } from '../helpers/eventually.js';
import { startDaemon } from '../helpers/run-daemon.js';
import { streamLoad } from '../helpers/stream-load.js';
import { beDir } from '../../src/storage-sim/cluster/cluster-layout.js';

const BUCKET = 'starrocks';
const TABLES = ['app.events', 'app.daily_totals', 'app.users'] as const;

let s3: S3Server;
after(() => s3?.stop());

/** `s3://bucket/a/b` -> `a/b/` (the keys under the volume), `s3://bucket` -> ``. */
function keyPrefix(location: string): string {
  const path = location.replace(/^s3:\/\/[^/]+\/?/, '');
  return path === '' ? '' : `${path.replace(/\/+$/, '')}/`;
}

test('a shared-nothing source with DUPLICATE, AGGREGATE and PRIMARY KEY tables is migrated into a shared-data target, then kept in sync', async (t) => {
  s3 = await startS3Server('sd-migration', BUCKET);
  const source = await startCluster('sd-migration-source', { backends: 3 });
  const target = await startCluster('sd-migration-target', { runMode: 'shared_data', objectStore: `${s3.endpoint}/${BUCKET}`, backends: 1 });
  t.after(() => Promise.all([source.stop(), target.stop()]));
  const src = await connect(source);
  const dst = await connect(target);
  t.after(() => Promise.all([src.end(), dst.end()]));

  const volume = (await rows(dst, 'DESC STORAGE VOLUME builtin_storage_volume'))[0]!;
  assert.match(String(volume.Location), new RegExp(`^s3://${BUCKET}(/|$)`), 'the builtin volume is on the S3 server given as objectStore');
  const volumePrefix = keyPrefix(String(volume.Location));

  await src.query('CREATE DATABASE app');
  await src.query(`CREATE TABLE app.events (day DATE NOT NULL, id BIGINT NOT NULL, v VARCHAR(20)) DUPLICATE KEY(day, id)
    PARTITION BY RANGE(day) (PARTITION p1 VALUES LESS THAN ('2024-04-01'), PARTITION p2 VALUES LESS THAN ('2024-07-01'), PARTITION p3 VALUES LESS THAN ('2025-01-01'))
    DISTRIBUTED BY HASH(id) BUCKETS 2 PROPERTIES ("replication_num" = "3")`);
  await src.query(`CREATE TABLE app.daily_totals (day DATE NOT NULL, shop INT NOT NULL, amount BIGINT SUM, visits BIGINT SUM) AGGREGATE KEY(day, shop)
    DISTRIBUTED BY HASH(shop) BUCKETS 2 PROPERTIES ("replication_num" = "2")`);
  await src.query(`CREATE TABLE app.users (id BIGINT NOT NULL, name VARCHAR(20), city VARCHAR(20)) PRIMARY KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 2
    PROPERTIES ("replication_num" = "3", "enable_persistent_index" = "true")`);
  await src.query("INSERT INTO app.events VALUES ('2024-01-05', 1, 'a'), ('2024-05-06', 2, 'b'), ('2024-09-07', 3, 'c'), ('2024-12-08', 4, 'd')");
  await src.query("INSERT INTO app.daily_totals VALUES ('2024-01-01', 1, 10, 1), ('2024-01-01', 2, 20, 1)");
  await src.query("INSERT INTO app.daily_totals VALUES ('2024-01-01', 1, 5, 1)");
  await src.query("INSERT INTO app.users VALUES (1, 'ann', 'oslo'), (2, 'bob', 'rome'), (3, 'cy', 'lima')");

  const dir = scratchDir('sd-migration');
  const settings = syncSettings(source, target, { report_interval_seconds: '1' });
  const conf = writeConf(dir, { ...settings, one_time_run_mode: 'true' });
  const logDir = join(dir, 'log-once');
  const once = await runCli(['start', '--conf', conf, '--log-dir', logDir]);
  const info = readFileSync(join(logDir, 'sync.INFO.log'), 'utf8');
  assert.equal(once.code, 0, once.stderr + info.slice(-3000));
  assert.match(info, /one-time run: every selected table reached the source versions of the first round/);
  assert.match(info, /Sync table progress: finishedTableRatio: 100\.00%, expiredTableRatio: 0\.00%, total table: 3, finished table: 3/);

  const query = (table: string) => `SELECT * FROM ${table} ORDER BY 1, 2`;
  for (const table of TABLES) assert.deepEqual(await rows(dst, query(table)), await rows(src, query(table)), `${table} after the one-time run`);
  assert.deepEqual(await rows(dst, 'SELECT * FROM app.daily_totals ORDER BY shop'), [
    { day: '2024-01-01', shop: 1, amount: '15', visits: '2' },
    { day: '2024-01-01', shop: 2, amount: '20', visits: '1' },
  ]);
  // One copy in the object store, in the default volume.
  const users = String((await rows(dst, 'SHOW CREATE TABLE app.users'))[0]!['Create Table']);
  assert.match(users, /"replication_num" = "1"/);
  assert.match(users, /"storage_volume" = "builtin_storage_volume"/);
  assert.deepEqual((await rows(dst, 'SHOW PARTITIONS FROM app.events')).map((p) => p.PartitionName), ['p1', 'p2', 'p3']);

  // Continuous: new loads on the source, upserts and deletes on the PRIMARY KEY table among them.
  startDaemon(t, 'sd-migration-continuous', settings);
  await src.query("INSERT INTO app.events VALUES ('2024-02-10', 5, 'e'), ('2024-10-11', 6, 'f')");
  await src.query("INSERT INTO app.daily_totals VALUES ('2024-01-02', 1, 7, 1), ('2024-01-01', 2, 1, 1)");
  await src.query("INSERT INTO app.users VALUES (2, 'bea', 'rome'), (4, 'dan', 'kyiv')");
  // A delete of a PRIMARY KEY table's key, as a load: Stream Load's __op column (1 = delete).
  const deleted = await streamLoad(source, '/api/app/users/_stream_load', '3,cy,lima,1\n', { label: 'delete-3', column_separator: ',', columns: 'id, name, city, __op' });
  assert.equal(deleted.Status, 'Success', JSON.stringify(deleted));
  const versions = "SELECT TABLE_NAME, PARTITION_NAME, VISIBLE_VERSION FROM information_schema.partitions_meta WHERE DB_NAME = 'app' ORDER BY TABLE_NAME, PARTITION_NAME";
  const same = async (sql: string) => JSON.stringify(await rows(src, sql)) === JSON.stringify(await rows(dst, sql).catch(() => []));
  await eventually('the new loads reach the target', async () => (await same(versions)) && (await Promise.all(TABLES.map((table) => same(query(table))))).every(Boolean), 25_000);
  assert.deepEqual(await rows(dst, 'SELECT * FROM app.users ORDER BY id'), [
    { id: '1', name: 'ann', city: 'oslo' },
    { id: '2', name: 'bea', city: 'rome' },
    { id: '4', name: 'dan', city: 'kyiv' },
  ]);

  const verify = await runCli(['verify', '--conf', writeConf(dir, settings, 'verify.properties')]);
  assert.equal(verify.code, 0, verify.stdout + verify.stderr);
  assert.match(verify.stdout, /^OK: 3 tables and 5 partitions match/m);

  // The data lives in the object store, under the volume: a metadata object per tablet (2 buckets
  // each: 5 partitions, 10 tablets) and the data files they reference.
  const clusterId = target.fe.ctx.store.identity.clusterId;
  const objects = await s3.list(`${volumePrefix}${clusterId}/`);
  const metas = objects.filter((o) => /\/meta\/\d+_\d{12}\.json$/.test(o.key));
  const data = objects.filter((o) => /\/data\/[^/]+\.dat$/.test(o.key));
  assert.equal(metas.length, 10, objects.map((o) => o.key).join('\n'));
  assert.ok(data.length >= 5 && data.reduce((n, o) => n + o.size, 0) > 0, `data files under s3://${BUCKET}/${volumePrefix}${clusterId}/`);

  // The compute node's cache wiped (node stopped, its storage folder removed, started again): the
  // target answers the same rows, read back from the object store, and verify still agrees.
  await target.stopBackend(0);
  rmSync(join(beDir(target.options.dir, 0), 'storage'), { recursive: true, force: true });
  await target.restartBackend(0);
  assert.equal(target.backends[0]!.store.tabletCount, 0, 'the cache is empty');
  for (const table of TABLES) assert.deepEqual(await rows(dst, query(table)), await rows(src, query(table)), `${table} after the cache was wiped`);
  const again = await runCli(['verify', '--conf', writeConf(dir, settings, 'verify.properties')]);
  assert.equal(again.code, 0, again.stdout + again.stderr);
});
