// A one-time migration into shared-data targets of older releases, each from a source of its own
// era, with compaction off as those releases need (seed 003; before 3.3.10 a lake compaction's
// version counts as data): 3.3.9 (partitions_meta with DATA_VERSION, SHOW PROC '/replications')
// and 3.2.3 and 3.1.8 (neither: versions from SHOW PARTITIONS, jobs followed through their
// transactions; 3.1 also has no persistent index on shared data, so a PRIMARY KEY table's is off).
// The run exits 0, the rows and versions match, `verify` agrees and the data is in the object store.
// With compaction left on, the daemon sends nothing, says why, and a one-time run ends unfinished.
// StarRocks: docs/en/administration/data_migration_tool.md (compaction off before v3.3.10),
// fe/fe-core/src/main/java/com/starrocks/catalog/system/information/PartitionsMetaSystemTable.java
// (PR #39265 in 3.1.9 / 3.2.4; DATA_VERSION from PR #46507 in 3.3.9),
// fe/fe-core/src/main/java/com/starrocks/common/proc/ReplicationsProcNode.java (PR #50483, 3.3.4),
// fe/fe-core/src/main/java/com/starrocks/server/OlapTableFactory.java (PR #25170, 3.1)
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startCluster, syncSettings, connect, rows } from '../helpers/sim-cluster.js';
import { startS3Server } from '../helpers/s3-server.js';
import { scratchDir } from '../helpers/scratch.js';
import { writeConf } from '../helpers/config-files.js';
import { runCli } from '../helpers/run-cli.js';

const TARGET_READY = { lake_compaction_max_tasks: '0', enable_legacy_compatibility_for_replication: 'true' };

/** A shared-nothing source with two tables and loads, and an empty shared-data target, both of one release. */
async function clusters(t: TestContext, version: string, targetConfig: Record<string, string>, suffix = '') {
  const name = `sd-release-${version.replace(/\./g, '-')}${suffix}`;
  const s3 = await startS3Server(name, 'starrocks');
  t.after(() => s3.stop());
  const source = await startCluster(`${name}-source`, { backends: 2, starrocksVersion: version });
  const target = await startCluster(`${name}-target`, { runMode: 'shared_data', objectStore: `${s3.endpoint}/starrocks`, backends: 1, starrocksVersion: version, config: targetConfig });
  t.after(() => Promise.all([source.stop(), target.stop()]));
  const src = await connect(source);
  const dst = await connect(target);
  t.after(() => Promise.all([src.end(), dst.end()]));

  await src.query('CREATE DATABASE app');
  await src.query(`CREATE TABLE app.events (day DATE NOT NULL, id BIGINT NOT NULL, v VARCHAR(20)) DUPLICATE KEY(day, id)
    PARTITION BY RANGE(day) (PARTITION p1 VALUES LESS THAN ('2024-07-01'), PARTITION p2 VALUES LESS THAN ('2025-01-01'))
    DISTRIBUTED BY HASH(id) BUCKETS 2 PROPERTIES ("replication_num" = "2")`);
  await src.query('CREATE TABLE app.users (id BIGINT NOT NULL, name VARCHAR(20)) PRIMARY KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 2 PROPERTIES ("replication_num" = "2", "enable_persistent_index" = "true")');
  for (let i = 1; i <= 4; i++) {
    await src.query(`INSERT INTO app.events VALUES ('2024-0${i}-05', ${i}, 'a${i}'), ('2024-${String(i + 6).padStart(2, '0')}-06', ${i + 10}, 'b${i}')`);
    await src.query(`INSERT INTO app.users VALUES (${i % 3}, 'u${i}')`);
  }
  const dir = scratchDir(name);
  const settings = syncSettings(source, target);
  let runs = 0;
  /** A one-time run: its exit code and its INFO and WARN logs. */
  const runOnce = async () => {
    const logDir = join(dir, `log-${++runs}`);
    const run = await runCli(['start', '--conf', writeConf(dir, { ...settings, one_time_run_mode: 'true' }, `once-${runs}.properties`), '--log-dir', logDir]);
    const read = (file: string) => (existsSync(join(logDir, file)) ? readFileSync(join(logDir, file), 'utf8') : '');
    return { code: run.code, stderr: run.stderr, info: read('sync.INFO.log'), warn: read('sync.WARN.log') };
  };
  return { s3, source, target, src, dst, dir, settings, runOnce };
}

for (const version of ['3.3', '3.2.3', '3.1.8'] as const) {
  test(`a shared-nothing ${version} source is migrated into a shared-data ${version} target with compaction off`, async (t) => {
    const { s3, target, src, dst, dir, settings, runOnce } = await clusters(t, version, TARGET_READY);
    await dst.query('SET GLOBAL enable_filter_unused_columns_in_scan_stage=false').catch(() => undefined);
    const once = await runOnce();
    assert.equal(once.code, 0, once.stderr + once.info.slice(-3000));
    assert.match(once.info, /shared-data/);

    for (const table of ['app.events', 'app.users']) {
      assert.deepEqual(await rows(dst, `SELECT * FROM ${table} ORDER BY 1, 2`), await rows(src, `SELECT * FROM ${table} ORDER BY 1, 2`), table);
    }
    const versions = async (conn: typeof src, table: string) => (await rows(conn, `SHOW PARTITIONS FROM ${table}`)).map((p) => `${String(p.PartitionName)}@${String(p.VisibleVersion)}`);
    for (const table of ['app.events', 'app.users']) assert.deepEqual(await versions(dst, table), await versions(src, table), `${table} versions`);
    const users = String((await rows(dst, 'SHOW CREATE TABLE app.users'))[0]!['Create Table']);
    assert.match(users, /"replication_num" = "1"/);
    // 3.1 has no persistent index on shared data and refuses a table asking for one (PR #25170).
    assert.match(users, new RegExp(`"enable_persistent_index" = "${version === '3.1.8' ? 'false' : 'true'}"`));

    const verify = await runCli(['verify', '--conf', writeConf(dir, settings, 'verify.properties')]);
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
    assert.match(verify.stdout, /^OK: 2 tables and 3 partitions match/m);
    const clusterId = target.fe.ctx.store.identity.clusterId;
    assert.ok((await s3.list(`${clusterId}/`)).some((o) => o.key.endsWith('.dat')), 'the data is in the object store');
  });
}

test('compaction left on at a shared-data 3.3.9 target: tables are created, no data is sent, the run ends saying why; turned off, the run completes', async (t) => {
  const { src, dst, runOnce } = await clusters(t, '3.3', { enable_legacy_compatibility_for_replication: 'true', lake_compaction_max_tasks: '-1' }, '-compacting');
  const blocked = await runOnce();
  assert.notEqual(blocked.code, 0, blocked.info.slice(-2000));
  const reason = /no new replication: lake_compaction_max_tasks is -1 on this shared-data StarRocks 3\.3\.9 target, where a lake compaction publishes a version replication takes for data \(before 3\.3\.10\): run ADMIN SET FRONTEND CONFIG\("lake_compaction_max_tasks"="0"\) on the target/;
  assert.match(blocked.warn, reason);
  assert.deepEqual((await rows(dst, 'SHOW TABLES FROM app')).map((r) => Object.values(r)[0]).sort(), ['events', 'users'], 'the tables were created');
  assert.deepEqual(await rows(dst, 'SELECT COUNT(*) AS n FROM app.events'), [{ n: '0' }], 'no data was sent');
  assert.equal((await rows(dst, "SHOW PROC '/replications'")).length, 0, 'no replication job was started');

  await dst.query('ADMIN SET FRONTEND CONFIG ("lake_compaction_max_tasks" = "0")');
  const done = await runOnce();
  assert.equal(done.code, 0, done.stderr + done.info.slice(-3000));
  assert.deepEqual(await rows(dst, 'SELECT * FROM app.events ORDER BY 1, 2'), await rows(src, 'SELECT * FROM app.events ORDER BY 1, 2'));
});
