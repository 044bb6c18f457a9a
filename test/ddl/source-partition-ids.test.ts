import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffCatalogs } from '../../src/ddl/diff-catalogs.js';
import { nextSourcePartitionIds, syncedFromOf } from '../../src/ddl/source-partition-ids.js';
import { partitionConsistency } from '../../src/ddl/partition-consistency.js';
import { catalog, JANUARY, options, sourcePartition, summary, table, targetPartition } from '../helpers/catalog-fixtures.js';
import { partitionKey } from '../../src/meta/table-key.js';

const everything = () => true;
// Clusters before 3.3 print no version epochs (partitions_meta without VERSION_EPOCH, or SHOW PARTITIONS).
const noEpoch = { versionEpoch: 0, versionTxnType: 'TXN_NORMAL' };

test('without epochs, an INSERT OVERWRITE on the source (same name, new id, version 2) is seen by the id', () => {
  // StarRocks: fe/fe-core/src/main/java/com/starrocks/load/InsertOverwriteJobRunner.java swaps in
  // temporary partitions, which keep their own ids: the partition's id changes, its version restarts at 2.
  const before = sourcePartition('p1', JANUARY, { ...noEpoch, id: 500, visibleVersion: 2 });
  const target = targetPartition('p1', JANUARY, { ...noEpoch, id: 900, visibleVersion: 2 });
  const src = catalog('source', table('shop', 'orders', [before]));
  const dst = catalog('target', table('shop', 'orders', [target]));
  const ids = nextSourcePartitionIds(src, dst, new Map(), everything);
  assert.deepEqual([...ids], [[partitionKey('shop', 'orders', 'p1'), 500]]);

  const overwritten = catalog('source', table('shop', 'orders', [{ ...before, id: 777 }]));
  const verdict = partitionConsistency({ ...before, id: 777 }, target, 'replication', 500);
  assert.equal(verdict.verdict, 'inconsistent');
  assert.equal(verdict.cause, 'source-replaced');
  assert.match(verdict.reason, /the source partition was replaced \(id 777; the target holds data of id 500/);
  const plan = diffCatalogs(overwritten, dst, { ...options(), syncedFrom: syncedFromOf(ids) });
  assert.deepEqual(plan.tasks.map(summary), ['drop_partition shop.orders.p1', 'add_partition shop.orders.p1']);
  // Without the note, versions alone would call it in sync.
  assert.deepEqual(diffCatalogs(overwritten, dst, options()).tasks, []);
  // The inconsistent partition keeps its note until re-added; then the new id is followed.
  assert.equal(nextSourcePartitionIds(overwritten, dst, ids, everything).get(partitionKey('shop', 'orders', 'p1')), 500);
  const readded = catalog('target', table('shop', 'orders', [{ ...target, visibleVersion: 1 }]));
  assert.equal(nextSourcePartitionIds(overwritten, readded, ids, everything).get(partitionKey('shop', 'orders', 'p1')), 777);
});

test('notes are kept only for selected source partitions present on the target', () => {
  const src = catalog('source', table('shop', 'a', [sourcePartition('p1', JANUARY, { id: 1 })]), table('shop', 'b', [sourcePartition('p1', JANUARY, { id: 2 })]));
  const dst = catalog('target', table('shop', 'a', [targetPartition('p1', JANUARY)]));
  const stale = new Map([[partitionKey('gone', 'x', 'p'), 5]]);
  assert.deepEqual([...nextSourcePartitionIds(src, dst, stale, (db, t) => t !== 'b')], [[partitionKey('shop', 'a', 'p1'), 1]]);
});
