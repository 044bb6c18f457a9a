import { test } from 'node:test';
import assert from 'node:assert/strict';
import { groupPlacement, lakeTabletsOfPartition, partitionSchemaHash, tabletsById, tabletsOfPartition, type ReplicaPlacement } from '../../src/meta/tablet-placement.js';

const row = (partitionId: number, tabletId: number, backendId: number, tableId = 1, schemaHash = 77): ReplicaPlacement => ({ tableId, partitionId, tabletId, backendId, schemaHash, version: 3 });
const replicas = (...backendIds: number[]) => backendIds.map((backendId) => ({ backendId, version: 3 }));

test("be_tablets rows become each partition's tablets, sorted by id, replicas in the order read", () => {
  const grouped = groupPlacement([row(10, 102, 3), row(10, 101, 1), row(10, 102, 1), row(10, 101, 2), row(11, 103, 2), row(10, 104, 9, 2)]);
  assert.deepEqual(tabletsOfPartition(grouped, 1, 10, 2), { tablets: [{ id: 101, replicas: replicas(1, 2), schemaHash: 77 }, { id: 102, replicas: replicas(3, 1), schemaHash: 77 }] });
  assert.deepEqual(tabletsOfPartition(grouped, 1, 11, 1), { tablets: [{ id: 103, replicas: replicas(2), schemaHash: 77 }] });
  // Table 2's tablet is kept apart from table 1's partition 10.
  assert.deepEqual(tabletsOfPartition(grouped, 2, 10, 1), { tablets: [{ id: 104, replicas: replicas(9), schemaHash: 77 }] });
  // A table with rollups names its base tablets itself (SHOW PROC); be_tablets gives their replicas.
  assert.deepEqual(tabletsById(grouped, [102, 101]), { tablets: [{ id: 101, replicas: replicas(1, 2), schemaHash: 77 }, { id: 102, replicas: replicas(3, 1), schemaHash: 77 }] });
});

test('a partition whose rows do not hold exactly its bucket count waits, saying why', () => {
  const grouped = groupPlacement([row(10, 101, 1), row(10, 102, 1), row(10, 103, 1)]);
  // A BE missing from the scan: fewer tablets than buckets.
  assert.match((tabletsOfPartition(grouped, 1, 10, 4) as { missing: string }).missing, /lists 3 of its 4 tablets/);
  // Tablets being changed (a rollup's share the partition id): more than the buckets.
  assert.match((tabletsOfPartition(grouped, 1, 10, 2) as { missing: string }).missing, /lists 3 of its 2 tablets/);
  assert.match((tabletsOfPartition(grouped, 1, 99, 1) as { missing: string }).missing, /lists 0 of its 1 tablets/);
  assert.match((tabletsOfPartition(grouped, 1, 10, 0) as { missing: string }).missing, /bucket count is unknown/);
  assert.match((tabletsById(grouped, [101, 555]) as { missing: string }).missing, /does not list tablet 555/);
});

test("the schema hash is the one every tablet reports; -1 and 0 are not hashes", () => {
  // StarRocks: fe/fe-core/src/main/java/com/starrocks/common/proc/LocalTabletsProcDir.java and
  // catalog/Replica.java print -1 or 0 where they do not know the hash.
  const tablet = (schemaHash: number) => ({ id: 1, replicas: replicas(1), schemaHash });
  assert.deepEqual(partitionSchemaHash([tablet(368169781), tablet(368169781)]), { schemaHash: 368169781 });
  assert.match((partitionSchemaHash([tablet(1), tablet(2)]) as { missing: string }).missing, /different schema hashes \(1, 2\)/);
  assert.ok('missing' in partitionSchemaHash([tablet(-1)]));
  assert.ok('missing' in partitionSchemaHash([tablet(0)]));
});

test('a shared-data partition\'s tablets come from SHOW PROC rows: sorted, the compute nodes of the JSON list as replicas', () => {
  // StarRocks: fe/fe-core/src/main/java/com/starrocks/common/proc/LakeTabletsProcDir.java
  const rows = [
    { TabletId: '20012', BackendId: '[10003]', DataSize: '1.2KB', RowCount: '4' },
    { TabletId: '20011', BackendId: '[10001,10002]', DataSize: '0B', RowCount: '0' },
  ];
  assert.deepEqual(lakeTabletsOfPartition(rows, 2), {
    tablets: [
      { id: 20011, replicas: [{ backendId: 10001, version: 0 }, { backendId: 10002, version: 0 }], schemaHash: 0 },
      { id: 20012, replicas: [{ backendId: 10003, version: 0 }], schemaHash: 0 },
    ],
  });
  assert.deepEqual(lakeTabletsOfPartition(rows, 3), { missing: 'SHOW PROC lists 2 of its 3 tablets (the tablets are being changed)' });
  assert.deepEqual(lakeTabletsOfPartition([{ TabletId: '20011', BackendId: '[]' }], 1), { missing: 'no compute node serves tablet 20011 now' });
  assert.match((lakeTabletsOfPartition([{ TabletId: '20011', BackendId: '10001' }], 1) as { missing: string }).missing, /cannot read: TabletId 20011, BackendId 10001 \(expected a number and a JSON list\)/);
});
