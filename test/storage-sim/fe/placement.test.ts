import { test } from 'node:test';
import assert from 'node:assert/strict';
import { placeTablets } from '../../../src/storage-sim/fe/catalog/placement.js';

test('replicas of a tablet go to distinct backends and tablets spread evenly', () => {
  const tablets = placeTablets({
    tabletIds: [1, 2, 3, 4, 5, 6],
    replicaIds: Array.from({ length: 12 }, (_, i) => 100 + i),
    replicationNum: 2,
    backendIds: [30, 10, 20],
    offset: 0,
    tableName: 't',
  });
  for (const tablet of tablets) assert.equal(new Set(tablet.replicas.map((r) => r.backendId)).size, 2);
  const perBackend = new Map<number, number>();
  for (const r of tablets.flatMap((t) => t.replicas)) perBackend.set(r.backendId, (perBackend.get(r.backendId) ?? 0) + 1);
  assert.deepEqual([...perBackend.values()], [4, 4, 4]);
  assert.deepEqual(new Set(tablets.flatMap((t) => t.replicas.map((r) => r.id))).size, 12);
});

test('more replicas than backends is refused with StarRocks\' message', () => {
  assert.throws(
    () => placeTablets({ tabletIds: [1], replicaIds: [2, 3, 4], replicationNum: 3, backendIds: [10], offset: 0, tableName: 'orders' }),
    /Table replication num should be less than or equal to the number of available BE nodes.*Current alive backend is \[10\].*table=orders/,
  );
});
