import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isTableSynced, partitionVerdict } from '../../src/replication/table-state.js';
import { partition, replicated, schema, table } from '../helpers/catalog-fixtures.js';

test('partition verdicts: lagging only when the source is ahead and the target on its history', () => {
  const source = partition('p', 6);
  assert.deepEqual(partitionVerdict(source, replicated(source, 1)), { kind: 'lagging' });
  assert.deepEqual(partitionVerdict(source, replicated(source, 4)), { kind: 'lagging' });
  assert.deepEqual(partitionVerdict(source, replicated(source, 6)), { kind: 'synced' });
  assert.equal(partitionVerdict(source, replicated(source, 7)).kind, 'inconsistent');
  assert.equal(partitionVerdict(source, replicated(source, 4, { versionTxnType: 'TXN_NORMAL' })).kind, 'inconsistent');
  assert.equal(partitionVerdict(source, replicated(source, 4, { versionEpoch: 1 })).kind, 'inconsistent');
});

test('clusters that report no version epoch (SHOW PARTITIONS) are compared by versions alone', () => {
  const source = partition('p', 6, { versionEpoch: 0 });
  const target = replicated(source, 4, { versionEpoch: 0, versionTxnType: 'TXN_NORMAL' });
  assert.deepEqual(partitionVerdict(source, target), { kind: 'lagging' });
});

test('isTableSynced: schema, layout and every source partition at the source version', () => {
  const parts = [partition('p1', 3), partition('p2', 1)];
  const source = table('db', 't', parts);
  const target = table('db', 't', parts.map((p) => replicated(p, p.visibleVersion)));
  assert.equal(isTableSynced(source, target), true);
  assert.equal(isTableSynced(source, undefined), false);
  assert.equal(isTableSynced(source, { ...target, schema: schema({ keysType: 'PRIMARY_KEYS' }) }), false);
  assert.equal(isTableSynced(source, { ...target, partitions: target.partitions.slice(1) }), false);
  assert.equal(isTableSynced(source, table('db', 't', [replicated(parts[0]!, 2), replicated(parts[1]!, 1)])), false);
  assert.equal(isTableSynced(source, table('db', 't', [replicated(parts[0]!, 3, { versionTxnType: 'TXN_NORMAL' }), replicated(parts[1]!, 1)])), false);
  assert.equal(isTableSynced(source, { ...target, partitions: [...target.partitions, partition('extra', 9)] }), true, 'target-only partitions do not count');
});

test('restore lineage (transfer_mode=s3): restored partitions are judged by versions alone', () => {
  const source = partition('p', 6);
  const restored = (version: number) => replicated(source, version, { versionEpoch: 4242, versionTxnType: 'TXN_NORMAL' });
  assert.deepEqual(partitionVerdict(source, restored(6), 'restore'), { kind: 'synced' });
  assert.deepEqual(partitionVerdict(source, restored(4), 'restore'), { kind: 'lagging' });
  assert.equal(partitionVerdict(source, restored(7), 'restore').kind, 'inconsistent');
  assert.equal(partitionVerdict(source, restored(6)).kind, 'inconsistent', 'under replication lineage a load wrote it');
});

test('a compacted shared-data target is synced by its data version; a data version past the source is still ahead', () => {
  // StarRocks: fe/fe-core/src/main/java/com/starrocks/transaction/LakeTableTxnLogApplier.java (lake
  // compaction raises the visible version, not the data version) and
  // fe/fe-core/src/main/java/com/starrocks/transaction/DatabaseTransactionMgr.java (replication sets
  // dataVersion to the source's version).
  const source = partition('p', 13);
  const compacted = replicated(source, 14, { dataVersion: 13 });
  assert.deepEqual(partitionVerdict(source, compacted), { kind: 'synced' });
  assert.equal(isTableSynced(table('db', 't', [source]), table('db', 't', [compacted])), true);
  assert.deepEqual(partitionVerdict(partition('p', 15), compacted), { kind: 'lagging' }, 'lagging by the data version, though the visible version is 14');
  assert.equal(partitionVerdict(source, replicated(source, 14, { dataVersion: 14 })).kind, 'inconsistent');
  assert.equal(partitionVerdict(source, replicated(source, 14)).kind, 'inconsistent', 'without a data version the visible version decides, as before');
});
