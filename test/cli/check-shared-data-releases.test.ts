// `cluster-sync check` against shared-data targets of older releases: a 3.3 (3.3.9) target still
// needs compaction off (replication into shared-data compares versions that compaction raises until
// 3.3.10), and a 3.1.8 target lists its compute nodes with the 3.1 columns of SHOW COMPUTE NODES.
// Both have storage volumes (new in 3.1.0), which check reads the same way as on 4.0.
// StarRocks: docs/en/administration/data_migration_tool.md (lake_compaction_max_tasks = 0, "skip this
// step from v3.3.10", PR #54787), fe/fe-core/src/main/java/com/starrocks/common/proc/ComputeNodeProcDir.java
// (the 3.1 columns), fe/fe-core/src/main/java/com/starrocks/server/StorageVolumeMgr.java (3.1.0)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startCluster, connect, syncSettings } from '../helpers/sim-cluster.js';
import { scratchDir } from '../helpers/scratch.js';
import { writeConf } from '../helpers/config-files.js';
import { runCli } from '../helpers/run-cli.js';
import { TEST_SECRETS } from '../helpers/test-secrets.js';
import type { LocalCluster } from '../../src/storage-sim/cluster/local-cluster.js';

async function checkAgainst(t: { after: (fn: () => unknown) => void }, version: '3.3' | '3.1.8'): Promise<{ run: (extra?: Record<string, string>) => ReturnType<typeof runCli>; target: LocalCluster }> {
  const source = await startCluster(`check-sd-${version}-source`, { rootPassword: TEST_SECRETS.sourcePassword, backends: 1 });
  const target = await startCluster(`check-sd-${version}-target`, {
    rootPassword: TEST_SECRETS.targetPassword,
    runMode: 'shared_data',
    objectStore: '127.0.0.1:9000/starrocks',
    backends: 2,
    starrocksVersion: version,
  });
  t.after(() => Promise.all([source.stop(), target.stop()]));
  const dir = scratchDir(`check-shared-data-${version}`);
  const hosts = join(dir, 'hosts.properties');
  writeFileSync(hosts, '');
  let runs = 0;
  const run = (extra: Record<string, string> = {}) => {
    const conf = writeConf(
      dir,
      syncSettings(source, target, { source_cluster_password: TEST_SECRETS.sourcePassword, target_cluster_password: TEST_SECRETS.targetPassword, ...extra }),
      `run-${++runs}.properties`,
    );
    return runCli(['check', '--conf', conf, '--hosts', hosts]);
  };
  return { run, target };
}

async function onTarget(target: LocalCluster, statements: string[]): Promise<void> {
  const conn = await connect(target, { password: TEST_SECRETS.targetPassword });
  try {
    for (const sql of statements) await conn.query(sql);
  } finally {
    await conn.end();
  }
}

const REPLICATION_READY = ['ADMIN SET FRONTEND CONFIG("enable_legacy_compatibility_for_replication"="true")', 'SET GLOBAL enable_filter_unused_columns_in_scan_stage=false'];

for (const version of ['3.3', '3.1.8'] as const) {
  const full = version === '3.3' ? '3\\.3\\.9' : '3\\.1\\.8';
  test(`check on a shared-data ${version} target: compaction must be off, compute nodes and the storage volume are read`, async (t) => {
    const { run, target } = await checkAgainst(t, version);
    await onTarget(target, REPLICATION_READY);

    const compacting = await run();
    assert.equal(compacting.code, 1, compacting.stdout + compacting.stderr);
    assert.match(compacting.stdout, new RegExp(`^PASS +target release +StarRocks ${full} \\(${full}-[0-9a-f]{7}\\), shared-data: `, 'm'));
    assert.match(compacting.stdout, /^FAIL +lake_compaction_max_tasks \(shared-data target\) +-1: run ADMIN SET FRONTEND CONFIG\("lake_compaction_max_tasks"="0"\) on the target .*\(not needed from StarRocks 3\.3\.10\)$/m);
    assert.match(compacting.stdout, /^PASS +target compute nodes alive +2 alive$/m);
    assert.match(compacting.stdout, /^PASS +target storage volume +builtin_storage_volume \(the default storage volume\) exists and is enabled/m);
    assert.doesNotMatch(compacting.stdout, /target BEs alive|target BE disk use/);
    assert.equal(compacting.stdout.split('\n').filter((line) => line.startsWith('FAIL')).length, 1, compacting.stdout);

    await onTarget(target, ['ADMIN SET FRONTEND CONFIG("lake_compaction_max_tasks"="0")']);
    const ready = await run();
    assert.equal(ready.code, 0, ready.stdout + ready.stderr);
    assert.match(ready.stdout, /^PASS +lake_compaction_max_tasks \(shared-data target\) +0$/m);
    assert.match(ready.stdout, /^PASS +target compute nodes alive +2 alive$/m);

    const missing = await run({ target_cluster_storage_volume: 'nowhere' });
    assert.equal(missing.code, 1, missing.stdout + missing.stderr);
    assert.match(missing.stdout, /^FAIL +target storage volume +nowhere \(target_cluster_storage_volume\) does not exist on the target/m);
  });
}
