// `cluster-sync check` against a shared-data target: the compute nodes instead of BEs, the storage
// volume the tables will use (which must exist and be enabled), and why the disk guard is not
// checked there.
// StarRocks: docs/en/administration/data_migration_tool.md (target_cluster_storage_volume,
// target_cluster_max_disk_used_percent for shared-nothing targets, compaction not needed from
// v3.3.10), fe/fe-core/src/main/java/com/starrocks/common/proc/ComputeNodeProcDir.java,
// fe/fe-core/src/main/java/com/starrocks/storagevolume/StorageVolume.java (DESC STORAGE VOLUME: IsDefault, Enabled)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startCluster, connect, syncSettings } from '../helpers/sim-cluster.js';
import { scratchDir } from '../helpers/scratch.js';
import { writeConf } from '../helpers/config-files.js';
import { runCli } from '../helpers/run-cli.js';
import { TEST_SECRETS } from '../helpers/test-secrets.js';

test('check on a shared-data target: compute nodes, the storage volume, and the disk guard explained; a missing or disabled volume fails', async (t) => {
  const source = await startCluster('check-sd-source', { rootPassword: TEST_SECRETS.sourcePassword, backends: 1 });
  const target = await startCluster('check-sd-target', { rootPassword: TEST_SECRETS.targetPassword, runMode: 'shared_data', objectStore: '127.0.0.1:9000/starrocks', backends: 2 });
  t.after(() => Promise.all([source.stop(), target.stop()]));
  const conn = await connect(target, { password: TEST_SECRETS.targetPassword });
  await conn.query('ADMIN SET FRONTEND CONFIG("enable_legacy_compatibility_for_replication"="true")');
  await conn.query('SET GLOBAL enable_filter_unused_columns_in_scan_stage=false');
  await conn.query('CREATE STORAGE VOLUME cold TYPE = S3 LOCATIONS = ("s3://bucket/cold") PROPERTIES ("aws.s3.use_aws_sdk_default_behavior" = "true", "enabled" = "false")');
  await conn.end();

  const dir = scratchDir('check-shared-data');
  const hosts = join(dir, 'hosts.properties');
  writeFileSync(hosts, '');
  const conf = (name: string, extra: Record<string, string> = {}) =>
    writeConf(
      dir,
      syncSettings(source, target, { source_cluster_password: TEST_SECRETS.sourcePassword, target_cluster_password: TEST_SECRETS.targetPassword, ...extra }),
      `${name}.properties`,
    );

  const ready = await runCli(['check', '--conf', conf('default-volume', { target_cluster_replication_num: '3' }), '--hosts', hosts]);
  assert.equal(ready.code, 0, ready.stdout + ready.stderr);
  assert.match(ready.stdout, /^PASS +target release +StarRocks 4\.0\.1 \(4\.0\.1-[0-9a-f]{7}\), shared-data: /m);
  assert.match(ready.stdout, /^PASS +target compute nodes alive +2 alive$/m);
  assert.match(ready.stdout, /^PASS +target storage volume +builtin_storage_volume \(the default storage volume\) exists and is enabled/m);
  assert.match(ready.stdout, /^PASS +target disk use \(target_cluster_max_disk_used_percent\) +80% not checked on a shared-data target: .*storage volume is checked instead$/m);
  // 4.0 replicates into shared-data with compaction on.
  assert.match(ready.stdout, /^PASS +lake_compaction_max_tasks \(shared-data target\) +not needed on 4\.0\.1/m);
  assert.match(ready.stdout, /^PASS +target_cluster_replication_num \(shared-data target\) +3 is not used/m);
  assert.doesNotMatch(ready.stdout, /target BEs alive|target BE disk use/);

  const missing = await runCli(['check', '--conf', conf('missing-volume', { target_cluster_storage_volume: 'nowhere' }), '--hosts', hosts]);
  assert.equal(missing.code, 1, missing.stdout + missing.stderr);
  assert.match(missing.stdout, /^FAIL +target storage volume +nowhere \(target_cluster_storage_volume\) does not exist on the target \(.*nowhere.*\): create it/m);

  const disabled = await runCli(['check', '--conf', conf('disabled-volume', { target_cluster_storage_volume: 'cold' }), '--hosts', hosts]);
  assert.equal(disabled.code, 1, disabled.stdout + disabled.stderr);
  assert.match(disabled.stdout, /^FAIL +target storage volume +cold \(target_cluster_storage_volume\) is disabled: run ALTER STORAGE VOLUME cold SET \("enabled" = "true"\)/m);
  assert.equal(disabled.stdout.split('\n').filter((line) => line.startsWith('FAIL')).length, 1, disabled.stdout);
});
