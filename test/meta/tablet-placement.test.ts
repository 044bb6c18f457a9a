import { test } from 'node:test';
import assert from 'node:assert/strict';
import { groupPlacement, tabletsOfPartition, type ReplicaPlacement } from '../../src/meta/tablet-placement.js';

const row = (partitionId: number, tabletId: number, backendId: number, tableId = 1): ReplicaPlacement => ({ tableId, partitionId, tabletId, backendId, schemaHash: 77 });

test("be_tablets rows become each partition's tablets, sorted by id, replicas in the order read", () => {
  const grouped = groupPlacement([row(10, 102, 3), row(10, 101, 1), row(10, 102, 1), row(10, 101, 2), row(11, 103, 2), row(10, 104, 9, 2)]);
  assert.deepEqual(tabletsOfPartition(grouped, 1, 10, 2), { tablets: [{ id: 101, backendIds: [1, 2] }, { id: 102, backendIds: [3, 1] }], schemaHash: 77 });
  assert.deepEqual(tabletsOfPartition(grouped, 1, 11, 1), { tablets: [{ id: 103, backendIds: [2] }], schemaHash: 77 });
  // Table 2's tablet is kept apart from table 1's partition 10.
  assert.deepEqual(tabletsOfPartition(grouped, 2, 10, 1)?.tablets, [{ id: 104, backendIds: [9] }]);
});

test('a partition whose rows do not hold exactly its bucket count is left to SHOW PROC', () => {
  const grouped = groupPlacement([row(10, 101, 1), row(10, 102, 1), row(10, 103, 1)]);
  // A rollup's tablets share the partition id: three tablets for two buckets.
  assert.equal(tabletsOfPartition(grouped, 1, 10, 2), undefined);
  // A BE missing from the scan: fewer tablets than buckets.
  assert.equal(tabletsOfPartition(grouped, 1, 10, 4), undefined);
  assert.equal(tabletsOfPartition(grouped, 1, 99, 1), undefined, 'no rows at all');
  assert.equal(tabletsOfPartition(grouped, 1, 10, 0), undefined, 'an unknown bucket count');
  assert.ok(tabletsOfPartition(grouped, 1, 10, 3));
});
