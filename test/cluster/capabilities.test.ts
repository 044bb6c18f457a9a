import { test } from 'node:test';
import assert from 'node:assert/strict';
import { capabilitiesFrom, capabilityLimitations, describeCapabilities, parseStarRocksVersion, versionAtLeast, type CapabilityProbes } from '../../src/cluster/capabilities.js';

const VARCHAR = 253;
const BIGINT = 8;

/** partitions_meta columns of a 3.3 / 3.5 FE (PartitionsMetaSystemTable.java after PR #46507), DATA_SIZE as text. */
const META_3_3 = ['DB_NAME', 'TABLE_NAME', 'PARTITION_NAME', 'PARTITION_ID', 'COMPACT_VERSION', 'VISIBLE_VERSION', 'VISIBLE_VERSION_TIME', 'NEXT_VERSION', 'DATA_VERSION', 'VERSION_EPOCH', 'VERSION_TXN_TYPE', 'PARTITION_KEY', 'PARTITION_VALUE', 'DISTRIBUTION_KEY', 'BUCKETS', 'REPLICATION_NUM', 'STORAGE_MEDIUM', 'COOLDOWN_TIME', 'LAST_CONSISTENCY_CHECK_TIME', 'IS_IN_MEMORY', 'IS_TEMP', 'DATA_SIZE', 'ROW_COUNT'];
const BE_TABLETS = ['BE_ID', 'TABLE_ID', 'PARTITION_ID', 'TABLET_ID', 'NUM_VERSION', 'MAX_VERSION', 'MIN_VERSION', 'NUM_ROWSET', 'NUM_ROW', 'DATA_SIZE', 'INDEX_MEM', 'CREATE_TIME', 'STATE', 'TYPE', 'DATA_DIR', 'SHARD_ID', 'SCHEMA_HASH'];

function meta(names: string[], dataSizeType: number) {
  return names.map((name) => ({ name, columnType: name === 'DATA_SIZE' ? dataSizeType : name.endsWith('_NAME') ? VARCHAR : BIGINT }));
}

const RELEASES: Record<string, CapabilityProbes> = {
  // 3.2.3: no partitions_meta (3.2.4, PR #39265), no SHOW PROC '/replications' (PR #50483).
  '3.2.3': { versionText: '3.2.3-2a1b3c4', partitionsMeta: 'absent', replicationsProc: false, beTablets: [...BE_TABLETS, 'INDEX_DISK'] },
  // A later 3.2 patch: partitions_meta without epochs, DATA_SIZE text.
  '3.2.12': { versionText: '3.2.12-aa11bb2', partitionsMeta: meta(META_3_3.filter((c) => !['DATA_VERSION', 'VERSION_EPOCH', 'VERSION_TXN_TYPE'].includes(c)), VARCHAR), replicationsProc: true, beTablets: BE_TABLETS },
  '3.3.9': { versionText: '3.3.9-c0ffee1', partitionsMeta: meta(META_3_3, VARCHAR), replicationsProc: true, beTablets: BE_TABLETS },
  // 4.0: DATA_SIZE a BIGINT (PR #61251).
  '4.0.1': { versionText: '4.0.1-beef123', partitionsMeta: meta(META_3_3, BIGINT), replicationsProc: true, beTablets: BE_TABLETS },
};

test('StarRocks versions are read from every form the FEs print', () => {
  assert.deepEqual(parseStarRocksVersion('3.2.3-2a1b3c4'), { major: 3, minor: 2, patch: 3 });
  assert.deepEqual(parseStarRocksVersion('3.2.3 2a1b3c4'), { major: 3, minor: 2, patch: 3 });
  assert.deepEqual(parseStarRocksVersion('StarRocks version 3.0.1'), { major: 3, minor: 0, patch: 1 });
  assert.deepEqual(parseStarRocksVersion('4.0'), { major: 4, minor: 0, patch: 0 });
  assert.equal(parseStarRocksVersion('MAIN-RELEASE 03baf49'), undefined);
  assert.ok(versionAtLeast({ major: 3, minor: 3, patch: 0 }, 3, 3));
  assert.ok(!versionAtLeast({ major: 3, minor: 2, patch: 12 }, 3, 3));
  assert.ok(versionAtLeast({ major: 4, minor: 0, patch: 0 }, 3, 3));
  assert.ok(!versionAtLeast(undefined, 3, 1));
});

test('what each release has decides how it is read', () => {
  const old = capabilitiesFrom(RELEASES['3.2.3']!);
  assert.equal(old.partitionsMeta, undefined);
  assert.equal(old.versionEpochs, false);
  assert.equal(old.replicationsProc, false);
  assert.equal(old.beTablets, true);
  assert.equal(old.distributeTypeNamesRandom, false);
  assert.equal(old.replicaChoice, 'by-position');

  const patched = capabilitiesFrom(RELEASES['3.2.12']!);
  assert.equal(patched.partitionsMeta?.dataSizeAsText, true);
  assert.equal(patched.partitionsMeta?.columns.has('VERSION_EPOCH'), false);
  assert.equal(patched.versionEpochs, false);
  assert.equal(patched.replicationsProc, true);
  assert.equal(patched.replicaChoice, 'by-position');

  const mid = capabilitiesFrom(RELEASES['3.3.9']!);
  assert.equal(mid.partitionsMeta?.dataSizeAsText, true);
  assert.equal(mid.versionEpochs, true);
  assert.equal(mid.distributeTypeNamesRandom, true);
  assert.equal(mid.replicaChoice, 'spread');

  const newest = capabilitiesFrom(RELEASES['4.0.1']!);
  assert.equal(newest.partitionsMeta?.dataSizeAsText, false);
  assert.deepEqual(capabilityLimitations(newest), []);

  // A development build names no release: the request is built for the old pairing, right for both.
  assert.equal(capabilitiesFrom({ ...RELEASES['4.0.1']!, versionText: 'MAIN-RELEASE 03baf49' }).replicaChoice, 'by-position');
  // be_tablets without SCHEMA_HASH is as good as none.
  assert.equal(capabilitiesFrom({ ...RELEASES['4.0.1']!, beTablets: ['BE_ID', 'TABLET_ID'] }).beTablets, false);
});

test('what a release lacks is said in one line', () => {
  const line = describeCapabilities(capabilitiesFrom(RELEASES['3.2.3']!));
  assert.match(line, /^StarRocks 3\.2\.3 \(3\.2\.3-2a1b3c4\); /);
  assert.match(line, /no information_schema\.partitions_meta: partitions are read with SHOW PARTITIONS/);
  assert.match(line, /no SHOW PROC '\/replications'/);
  assert.match(line, /no version epochs/);
  assert.match(line, /pairs target replica i with source replica i/);
  assert.match(describeCapabilities(capabilitiesFrom(RELEASES['4.0.1']!)), /^StarRocks 4\.0\.1 \(4\.0\.1-beef123\); every capability the sync uses is present$/);
  assert.match(describeCapabilities(capabilitiesFrom(RELEASES['3.3.9']!)), /DATA_SIZE is text/);
});

test('the run mode: shared_data from run_mode, shared-nothing otherwise; LOCAL persistent index on shared-data from 3.2, CLOUD_NATIVE from 3.3', () => {
  // StarRocks: fe/fe-core/src/main/java/com/starrocks/common/Config.java (run_mode),
  // fe/fe-core/src/main/java/com/starrocks/common/util/PropertyAnalyzer.java (analyzePersistentIndexType)
  const sharedData = capabilitiesFrom({ ...RELEASES['3.3.9']!, runMode: 'shared_data' });
  assert.equal(sharedData.runMode, 'shared_data');
  assert.equal(sharedData.cloudNativePersistentIndex, true);
  assert.equal(sharedData.localPersistentIndex, true);
  const sharedData32 = capabilitiesFrom({ ...RELEASES['3.2.3']!, runMode: 'shared_data' });
  assert.deepEqual([sharedData32.localPersistentIndex, sharedData32.cloudNativePersistentIndex], [true, false]);
  const sharedData31 = capabilitiesFrom({ ...RELEASES['3.2.3']!, versionText: '3.1.8-7c7f4c9', beTablets: BE_TABLETS, runMode: 'shared_data' });
  assert.deepEqual([sharedData31.localPersistentIndex, sharedData31.cloudNativePersistentIndex], [false, false]);
  for (const runMode of ['shared_nothing', 'absent', undefined]) {
    const caps = capabilitiesFrom({ ...RELEASES['3.3.9']!, ...(runMode === undefined ? {} : { runMode }) });
    assert.equal(caps.runMode, 'shared_nothing');
    assert.equal(caps.cloudNativePersistentIndex, false);
    assert.equal(caps.compactionCountsAsData, false, 'a shared-nothing cluster has no lake compaction');
    assert.equal(caps.localPersistentIndex, false);
  }
  assert.match(describeCapabilities(capabilitiesFrom({ ...RELEASES['4.0.1']!, runMode: 'shared_data' })), /^StarRocks 4\.0\.1 \(4\.0\.1-beef123\), shared-data \(compute nodes, tables in storage volumes\); every capability/);
  assert.doesNotMatch(describeCapabilities(capabilitiesFrom(RELEASES['4.0.1']!)), /shared-data/);
});

test('lake compaction counts as data on shared-data releases before 3.3.10 and on 3.4.0 (PR #54787)', () => {
  // StarRocks: fe/fe-core/src/main/java/com/starrocks/transaction/LakeTableTxnLogApplier.java
  const counts = (versionText: string) => capabilitiesFrom({ ...RELEASES['3.3.9']!, versionText, runMode: 'shared_data' }).compactionCountsAsData;
  assert.deepEqual(['3.1.8-7c7f4c9', '3.2.3-2a1b3c4', '3.3.9-5e8d1f0', '3.4.0-0000000'].map(counts), [true, true, true, true]);
  assert.deepEqual(['3.3.10-0000000', '3.4.1-0000000', '3.5.2-9b6a2d7', '4.0.1-c3f05e1'].map(counts), [false, false, false, false]);
});
