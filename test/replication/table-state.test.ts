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
