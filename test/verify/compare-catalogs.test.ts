import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareCatalogs } from '../../src/verify/compare-catalogs.js';
import { tableKey } from '../../src/meta/table-key.js';
import { catalog, JANUARY, sourcePartition, table, targetPartition } from '../helpers/catalog-fixtures.js';

const counts = (n: number) => new Map([[tableKey('shop', 'daily'), n]]);

test('verify names dynamic-partition tables, and a target whose own scheduler is on is a difference', () => {
  const source = catalog('source', { ...table('shop', 'daily', [sourcePartition('p20261206', JANUARY)]), dynamicPartition: true });
  const mirrored = catalog('target', table('shop', 'daily', [targetPartition('p20261206', JANUARY)]));
  const ok = compareCatalogs({ source, target: mirrored, selected: () => true, sourceCounts: counts(1), targetCounts: counts(1) });
  assert.deepEqual(ok.differences, []);
  assert.deepEqual(ok.notes, ["shop.daily: dynamic-partition table; the target's scheduler is off (dynamic_partition.enable = false) and its partitions follow the source's"]);
  const scheduling = catalog('target', { ...table('shop', 'daily', [targetPartition('p20261206', JANUARY)]), dynamicPartition: true });
  const bad = compareCatalogs({ source, target: scheduling, selected: () => true, sourceCounts: counts(1), targetCounts: counts(1) });
  assert.deepEqual(bad.differences.map((d) => d.what), ["dynamic_partition.enable (the target's own scheduler changes its partitions)"]);
  // After a cutover turned it back on, as the source has it, it is what is expected.
  const afterCutover = compareCatalogs({ source, target: scheduling, selected: () => true, sourceCounts: counts(1), targetCounts: counts(1), targetSchedulerMayRun: true });
  assert.deepEqual(afterCutover.differences, []);
  assert.deepEqual(afterCutover.notes, ["shop.daily: dynamic-partition table; the target's scheduler is on, as the source's (turned back on at cutover)"]);
});

test('verify reports a table it cannot copy whole, and an overwrite under way on the source', () => {
  const source = catalog('source', { ...table('shop', 'daily', [sourcePartition('p1', JANUARY)]), subPartitioned: [{ partition: 'p1', physicalPartitions: 2 }], tempPartitions: ['p1_777'] });
  const target = catalog('target', table('shop', 'daily', [targetPartition('p1', JANUARY)]));
  const report = compareCatalogs({ source, target, selected: () => true, sourceCounts: counts(1), targetCounts: counts(1) });
  assert.deepEqual(report.differences.map((d) => [d.partition, d.what, d.source]), [['p1', 'not supported: several physical partitions, which replication cannot copy whole', '2 physical partitions']]);
  assert.match(report.notes[0]!, /temporary partitions p1_777 on the source \(an INSERT OVERWRITE under way\)/);
});

test('two empty partitions (version 1) are equal whatever epoch each cluster gave them', () => {
  const source = catalog('source', table('shop', 'daily', [sourcePartition('p1', JANUARY, { visibleVersion: 1, versionEpoch: 111 })]));
  const target = catalog('target', table('shop', 'daily', [targetPartition('p1', JANUARY, { visibleVersion: 1, versionEpoch: 222 })]));
  assert.deepEqual(compareCatalogs({ source, target, selected: () => true, sourceCounts: counts(0), targetCounts: counts(0) }).differences, []);
  const written = catalog('source', table('shop', 'daily', [sourcePartition('p1', JANUARY, { visibleVersion: 2, versionEpoch: 111 })]));
  const diverged = catalog('target', table('shop', 'daily', [targetPartition('p1', JANUARY, { visibleVersion: 2, versionEpoch: 222 })]));
  assert.deepEqual(compareCatalogs({ source: written, target: diverged, selected: () => true, sourceCounts: counts(0), targetCounts: counts(0) }).differences.map((d) => d.what), ['version epoch (the target diverged)']);
});

test('a compacted shared-data target whose data version is the source version is no difference; other data versions are', () => {
  // StarRocks: fe/fe-core/src/main/java/com/starrocks/transaction/LakeTableTxnLogApplier.java (lake
  // compaction moves the visible version only) and
  // fe/fe-core/src/main/java/com/starrocks/transaction/DatabaseTransactionMgr.java (replication aligns the data version).
  const source = catalog('source', table('shop', 'daily', [sourcePartition('p1', JANUARY, { visibleVersion: 13 })]));
  const compacted = catalog('target', table('shop', 'daily', [targetPartition('p1', JANUARY, { visibleVersion: 14, dataVersion: 13 })]));
  assert.deepEqual(compareCatalogs({ source, target: compacted, selected: () => true, sourceCounts: counts(1), targetCounts: counts(1) }).differences, []);
  const behind = catalog('target', table('shop', 'daily', [targetPartition('p1', JANUARY, { visibleVersion: 14, dataVersion: 12 })]));
  assert.deepEqual(
    compareCatalogs({ source, target: behind, selected: () => true, sourceCounts: counts(1), targetCounts: counts(1) }).differences.map((d) => [d.what, d.source, d.target]),
    [['data version', '13', '12 (visible 14)']],
  );
});
