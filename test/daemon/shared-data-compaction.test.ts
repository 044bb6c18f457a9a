// A migration into a shared-data 4.0 target whose lake compaction stays on (the default, -1): its
// compactions publish versions of their own, so the target's visible version runs ahead of the
// source's, while its data version follows the source's. The daemon aligns on DATA_VERSION where
// partitions_meta prints it, keeps replicating, never takes the target for diverged, and `verify`
// agrees. (Before 3.3.10 the compaction's version counted as data and compaction must be off:
// test/storage-sim/shared-data/lake-compaction-versions.test.ts, and `check` asks for it.)
// StarRocks: fe/fe-core/src/main/java/com/starrocks/transaction/LakeTableTxnLogApplier.java,
// transaction/DatabaseTransactionMgr.java (PR #54787), catalog/system/information/PartitionsMetaSystemTable.java (DATA_VERSION)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startCluster, syncSettings, connect, rows } from '../helpers/sim-cluster.js';
import { startS3Server } from '../helpers/s3-server.js';
import { writeConf } from '../helpers/config-files.js';
import { runCli } from '../helpers/run-cli.js';
import { eventually } from '../helpers/eventually.js';
import { startDaemon } from '../helpers/run-daemon.js';

test('a shared-data 4.0 target with compaction on: versions run ahead, data versions follow the source, the sync converges', async (t) => {
  const s3 = await startS3Server('sd-compaction', 'starrocks');
  t.after(() => s3.stop());
  const source = await startCluster('sd-compaction-source', { backends: 1 });
  const target = await startCluster('sd-compaction-target', { runMode: 'shared_data', objectStore: `${s3.endpoint}/starrocks`, backends: 1, config: { lake_compaction_max_tasks: '-1' } });
  t.after(() => Promise.all([source.stop(), target.stop()]));
  const src = await connect(source);
  const dst = await connect(target);
  t.after(() => Promise.all([src.end(), dst.end()]));

  await src.query('CREATE DATABASE app');
  await src.query('CREATE TABLE app.events (id BIGINT NOT NULL, v VARCHAR(20)) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 2 PROPERTIES ("replication_num" = "1")');
  await src.query('CREATE TABLE app.users (id BIGINT NOT NULL, name VARCHAR(20)) PRIMARY KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1 PROPERTIES ("replication_num" = "1")');

  const settings = syncSettings(source, target, { report_interval_seconds: '1' });
  const daemon = startDaemon(t, 'sd-compaction', settings);
  const versions = async (conn: typeof src) =>
    Object.fromEntries((await rows(conn, "SELECT TABLE_NAME, VISIBLE_VERSION, DATA_VERSION FROM information_schema.partitions_meta WHERE DB_NAME = 'app'")).map((r) => [String(r.TABLE_NAME), { visible: Number(r.VISIBLE_VERSION), data: Number(r.DATA_VERSION) }]));
  const query = (table: string) => `SELECT * FROM ${table} ORDER BY id`;
  const synced = async () => {
    const [s, d] = [await versions(src), await versions(dst).catch(() => ({}) as Record<string, { visible: number; data: number }>)];
    if (!['events', 'users'].every((name) => d[name]?.data === s[name]?.visible)) return false;
    for (const table of ['app.events', 'app.users']) if (JSON.stringify(await rows(src, query(table))) !== JSON.stringify(await rows(dst, query(table)))) return false;
    return true;
  };

  // Rounds of loads, each followed by the sync catching up: enough versions for the target to
  // compact between rounds, and loads after its compactions to replicate on top of them.
  let id = 0;
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < 6; i++) {
      id++;
      await src.query(`INSERT INTO app.events VALUES (${id}, 'e${id}'), (${id + 1000}, 'f${id}')`);
      await src.query(`INSERT INTO app.users VALUES (${id % 4}, 'u${id}')`);
    }
    await eventually(`round ${round + 1} reaches the target`, synced, 30_000);
  }
  await eventually('the target compacted', async () => {
    const [s, d] = [await versions(src), await versions(dst)];
    return d.events!.visible > s.events!.visible && d.users!.visible > s.users!.visible;
  }, 20_000);
  const finished = await rows(dst, "SHOW PROC '/transactions/app/finished'");
  assert.ok(finished.some((r) => r.LoadJobSourceType === 'LAKE_COMPACTION' && r.TransactionStatus === 'VISIBLE'), 'the compactions ran as transactions');

  // Loads after the compactions still replicate: the target's data version follows the source's.
  await src.query("INSERT INTO app.events VALUES (9001, 'last')");
  await src.query("INSERT INTO app.users VALUES (1, 'last')");
  await eventually('the loads after the compactions reach the target', synced, 30_000);
  const [s, d] = [await versions(src), await versions(dst)];
  for (const name of ['events', 'users']) {
    assert.equal(d[name]!.data, s[name]!.visible, `${name}: data version = the source's version`);
    assert.ok(d[name]!.visible > d[name]!.data, `${name}: the target's visible version counts its compactions (${JSON.stringify(d[name])})`);
  }

  // Nothing was taken for diverged: no drop, and verify agrees.
  assert.equal(existsSync(join(daemon.logDir, 'drops.log')), false, 'no drop was recorded');
  assert.doesNotMatch(daemon.info() + daemon.warn(), /ahead of the source/);
  const verify = await runCli(['verify', '--conf', writeConf(daemon.dir, settings, 'verify.properties')]);
  assert.equal(verify.code, 0, verify.stdout + verify.stderr);
  assert.match(verify.stdout, /^OK: 2 tables and 2 partitions match/m);
});
