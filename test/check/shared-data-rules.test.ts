// The preflight on a shared-data target: compute nodes instead of BEs, the storage volume instead
// of a disk guard, and the compaction preparation only where the release needs it.
// StarRocks: docs/en/administration/data_migration_tool.md (compaction off before migrating into
// shared-data, not needed from v3.3.10; target_cluster_max_disk_used_percent applies to
// shared-nothing targets), fe/fe-core/src/main/java/com/starrocks/common/proc/ComputeNodeProcDir.java,
// fe/fe-core/src/main/java/com/starrocks/storagevolume/StorageVolume.java (Enabled, IsDefault)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluatePreflight, type PreflightFacts } from '../../src/check/preflight-rules.js';
import { compactionOffNeeded, parseStarRocksVersion } from '../../src/cluster/capabilities.js';

function sharedDataFacts(target: Partial<PreflightFacts['target']> = {}, replicationNum = -1): PreflightFacts {
  return {
    source: { reachable: true, version: '3.2.3' },
    target: {
      reachable: true,
      version: '3.3.9 abcdef1',
      legacyCompatibility: 'true',
      runMode: 'shared_data',
      lakeCompactionMaxTasks: '0',
      filterUnusedColumns: 'false',
      computeNodes: [{ id: 10, host: 'cn-0', alive: true }],
      storageVolume: { name: 'builtin_storage_volume', chosenBy: 'default', exists: true, enabled: true },
      ...target,
    },
    sourceToken: true,
    maxDiskUsedPercent: 80,
    replicationNum,
  };
}

const byName = (facts: PreflightFacts) => new Map(evaluatePreflight(facts).map((r) => [r.name, r]));

test('a prepared shared-data target passes: compute nodes, volume, and the disk guard explained instead of checked', () => {
  const results = byName(sharedDataFacts());
  assert.deepEqual([...results.values()].filter((r) => !r.pass), []);
  assert.match(results.get('target compute nodes alive')!.detail, /^1 alive$/);
  assert.match(results.get('target storage volume')!.detail, /^builtin_storage_volume \(the default storage volume\) exists and is enabled/);
  assert.match(results.get('target disk use (target_cluster_max_disk_used_percent)')!.detail, /80% not checked on a shared-data target: .*object store.*storage volume is checked instead/);
  // The BE checks have no meaning there.
  assert.equal(results.has('target BEs alive'), false);
  assert.equal(results.has('target BE disk use'), false);
});

test('no alive compute node fails, naming the nodes; a dead one beside a live one is reported but passes', () => {
  const none = byName(sharedDataFacts({ computeNodes: [] })).get('target compute nodes alive')!;
  assert.equal(none.pass, false);
  assert.match(none.detail, /SHOW COMPUTE NODES lists none: a shared-data target needs at least one alive compute node/);
  const dead = byName(sharedDataFacts({ computeNodes: [{ id: 10, host: 'cn-0', alive: false }] })).get('target compute nodes alive')!;
  assert.equal(dead.pass, false);
  assert.match(dead.detail, /none alive \(10 \(cn-0\)\)/);
  const some = byName(sharedDataFacts({ computeNodes: [{ id: 10, host: 'cn-0', alive: false }, { id: 11, host: 'cn-1', alive: true }] })).get('target compute nodes alive')!;
  assert.equal(some.pass, true);
  assert.equal(some.detail, '1 alive; not alive: 10 (cn-0)');
});

test('a missing, disabled or absent default storage volume fails with what to do', () => {
  const missing = byName(sharedDataFacts({ storageVolume: { name: 'hot', chosenBy: 'target_cluster_storage_volume', exists: false, error: 'Unknown storage volume: hot' } })).get('target storage volume')!;
  assert.equal(missing.pass, false);
  assert.match(missing.detail, /^hot \(target_cluster_storage_volume\) does not exist on the target \(Unknown storage volume: hot\): create it/);
  const disabled = byName(sharedDataFacts({ storageVolume: { name: 'builtin_storage_volume', chosenBy: 'target_cluster_use_builtin_storage_volume_only', exists: true, enabled: false } })).get('target storage volume')!;
  assert.equal(disabled.pass, false);
  assert.match(disabled.detail, /builtin_storage_volume \(target_cluster_use_builtin_storage_volume_only\) is disabled: run ALTER STORAGE VOLUME builtin_storage_volume SET \("enabled" = "true"\)/);
  const noDefault = byName(sharedDataFacts({ storageVolume: { chosenBy: 'default', exists: false } })).get('target storage volume')!;
  assert.equal(noDefault.pass, false);
  assert.match(noDefault.detail, /no default storage volume: SET <volume> AS DEFAULT STORAGE VOLUME/);
});

test('lake_compaction_max_tasks = 0 is asked for only before StarRocks 3.3.10', () => {
  const needed = (v: string) => compactionOffNeeded(parseStarRocksVersion(v));
  assert.equal(needed('3.1.8'), true);
  assert.equal(needed('3.2.12'), true);
  assert.equal(needed('3.3.9'), true);
  assert.equal(needed('3.3.10'), false);
  assert.equal(needed('3.4.0'), true);
  assert.equal(needed('3.4.1'), false);
  assert.equal(needed('3.5.0'), false);
  assert.equal(needed('4.0.1'), false);
  // A development build names no release: asked for, which is right for every release.
  assert.equal(needed('MAIN-RELEASE 03baf49'), true);

  const on = byName(sharedDataFacts({ lakeCompactionMaxTasks: '-1' })).get('lake_compaction_max_tasks (shared-data target)')!;
  assert.equal(on.pass, false);
  assert.match(on.detail, /^-1: run ADMIN SET FRONTEND CONFIG\("lake_compaction_max_tasks"="0"\)/);
  const newer = byName(sharedDataFacts({ version: '3.5.2 0a1b2c3', lakeCompactionMaxTasks: '-1' })).get('lake_compaction_max_tasks (shared-data target)')!;
  assert.equal(newer.pass, true);
  assert.match(newer.detail, /^not needed on 3\.5\.2 0a1b2c3: .*from StarRocks 3\.3\.10 \(now -1\)$/);
});

test('target_cluster_replication_num is said to be unused on a shared-data target; a shared-nothing target is checked as before', () => {
  const note = byName(sharedDataFacts({}, 3)).get('target_cluster_replication_num (shared-data target)')!;
  assert.equal(note.pass, true);
  assert.match(note.detail, /^3 is not used: .*replication_num 1$/);
  const sharedNothing = byName({
    ...sharedDataFacts({ runMode: 'shared_nothing', lakeCompactionMaxTasks: '-1', backends: [{ id: 1, host: 'be1', usedPercent: 10, alive: true }] }),
  });
  assert.equal(sharedNothing.get('target BE disk use')!.pass, true);
  assert.equal(sharedNothing.get('target BEs alive')!.pass, true);
  for (const name of ['lake_compaction_max_tasks (shared-data target)', 'target storage volume', 'target compute nodes alive', 'target disk use (target_cluster_max_disk_used_percent)']) {
    assert.equal(sharedNothing.has(name), false, name);
  }
});
