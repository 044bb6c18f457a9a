// A one-time migration into shared-data targets of older releases, each from a source of its own
// era, with compaction off as those releases need (seed 003; before 3.3.10 a lake compaction's
// version counts as data): 3.3.9 (partitions_meta with DATA_VERSION, SHOW PROC '/replications')
// and 3.2.3 (neither: versions from SHOW PARTITIONS, jobs followed through their transactions).
// The run exits 0, the rows and versions match, `verify` agrees and the data is in the object store.
// StarRocks: docs/en/administration/data_migration_tool.md (compaction off before v3.3.10),
// fe/fe-core/src/main/java/com/starrocks/catalog/system/information/PartitionsMetaSystemTable.java
// (PR #39265 in 3.1.9 / 3.2.4; DATA_VERSION from PR #46507 in 3.3.9),
// fe/fe-core/src/main/java/com/starrocks/common/proc/ReplicationsProcNode.java (PR #50483, 3.3.4)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startCluster, syncSettings, connect, rows } from '../helpers/sim-cluster.js';
import { startS3Server } from '../helpers/s3-server.js';
import { scratchDir } from '../helpers/scratch.js';
import { writeConf } from '../helpers/config-files.js';
import { runCli } from '../helpers/run-cli.js';

const TARGET_READY = { lake_compaction_max_tasks: '0', enable_legacy_compatibility_for_replication: 'true' };

for (const version of ['3.3', '3.2.3'] as const) {
  test(`a shared-nothing ${version} source is migrated into a shared-data ${version} target with compaction off`, async (t) => {
    const name = `sd-release-${version.replace(/\./g, '-')}`;
    const s3 = await startS3Server(name, 'starrocks');
    t.after(() => s3.stop());
    const source = await startCluster(`${name}-source`, { backends: 2, starrocksVersion: version });
    const target = await startCluster(`${name}-target`, { runMode: 'shared_data', objectStore: `${s3.endpoint}/starrocks`, backends: 1, starrocksVersion: version, config: TARGET_READY });
    t.after(() => Promise.all([source.stop(), target.stop()]));
    const src = await connect(source);
    const dst = await connect(target);
    t.after(() => Promise.all([src.end(), dst.end()]));

    await src.query('CREATE DATABASE app');
    await src.query(`CREATE TABLE app.events (day DATE NOT NULL, id BIGINT NOT NULL, v VARCHAR(20)) DUPLICATE KEY(day, id)
      PARTITION BY RANGE(day) (PARTITION p1 VALUES LESS THAN ('2024-07-01'), PARTITION p2 VALUES LESS THAN ('2025-01-01'))
      DISTRIBUTED BY HASH(id) BUCKETS 2 PROPERTIES ("replication_num" = "2")`);
    await src.query('CREATE TABLE app.users (id BIGINT NOT NULL, name VARCHAR(20)) PRIMARY KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 2 PROPERTIES ("replication_num" = "2")');
    for (let i = 1; i <= 4; i++) {
      await src.query(`INSERT INTO app.events VALUES ('2024-0${i}-05', ${i}, 'a${i}'), ('2024-${String(i + 6).padStart(2, '0')}-06', ${i + 10}, 'b${i}')`);
      await src.query(`INSERT INTO app.users VALUES (${i % 3}, 'u${i}')`);
    }
    await dst.query('SET GLOBAL enable_filter_unused_columns_in_scan_stage=false').catch(() => undefined);

    const dir = scratchDir(name);
    const settings = syncSettings(source, target);
    const logDir = join(dir, 'log');
    const once = await runCli(['start', '--conf', writeConf(dir, { ...settings, one_time_run_mode: 'true' }), '--log-dir', logDir]);
    const info = readFileSync(join(logDir, 'sync.INFO.log'), 'utf8');
    assert.equal(once.code, 0, once.stderr + info.slice(-3000));
    assert.match(info, /shared-data/);

    for (const table of ['app.events', 'app.users']) {
      assert.deepEqual(await rows(dst, `SELECT * FROM ${table} ORDER BY 1, 2`), await rows(src, `SELECT * FROM ${table} ORDER BY 1, 2`), table);
    }
    const versions = async (conn: typeof src, table: string) => (await rows(conn, `SHOW PARTITIONS FROM ${table}`)).map((p) => `${String(p.PartitionName)}@${String(p.VisibleVersion)}`);
    for (const table of ['app.events', 'app.users']) assert.deepEqual(await versions(dst, table), await versions(src, table), `${table} versions`);
    assert.match(String((await rows(dst, 'SHOW CREATE TABLE app.users'))[0]!['Create Table']), /"replication_num" = "1"/);

    const verify = await runCli(['verify', '--conf', writeConf(dir, settings, 'verify.properties')]);
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
    assert.match(verify.stdout, /^OK: 2 tables and 3 partitions match/m);
    const clusterId = target.fe.ctx.store.identity.clusterId;
    assert.ok((await s3.list(`${clusterId}/`)).some((o) => o.key.endsWith('.dat')), 'the data is in the object store');
  });
}
