import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseSourceReplicas, type BackendHealth } from '../../src/replication/source-replicas.js';

const up: BackendHealth = { alive: true, decommissioned: false };
const backends = new Map<number, BackendHealth>([
  [1, up],
  [2, up],
  [3, { alive: true, decommissioned: true }],
  [4, { alive: false, decommissioned: false }],
  [5, up],
]);

test('replicas that can serve come first: alive, holding the version, not being decommissioned', () => {
  const replicas = [
    { backendId: 3, version: 9 },
    { backendId: 4, version: 9 },
    { backendId: 5, version: 7 },
    { backendId: 2, version: 9 },
    { backendId: 1, version: 10 },
  ];
  // 3.3 and later share the list out among the target replicas: every replica that can serve, best first.
  assert.deepEqual(chooseSourceReplicas(41, replicas, backends, 9, 3, 'spread'), { backendIds: [2, 1, 3] });
});

test('before 3.3, each target replica gets a source that can serve, repeated when there are fewer', () => {
  // StarRocks: fe/fe-core/src/main/java/com/starrocks/replication/ReplicationJob.java (initTabletInfo
  // before PR #42772): target replica i copies from replica_replication_infos[i], and a list shorter
  // than the target's replica count is refused.
  const replicas = [
    { backendId: 4, version: 9 },
    { backendId: 1, version: 9 },
    { backendId: 5, version: 8 },
  ];
  assert.deepEqual(chooseSourceReplicas(41, replicas, backends, 9, 3, 'by-position'), { backendIds: [1, 1, 1] });
  assert.deepEqual(chooseSourceReplicas(41, [...replicas, { backendId: 2, version: 9 }], backends, 9, 3, 'by-position'), { backendIds: [1, 2, 1] });
  // A source with more replicas than the target: every one named, the target takes the first ones.
  assert.deepEqual(chooseSourceReplicas(41, [{ backendId: 1, version: 9 }, { backendId: 2, version: 9 }], backends, 9, 1, 'by-position'), { backendIds: [1, 2] });
});

test('a tablet no replica can serve waits, saying what each replica is', () => {
  const choice = chooseSourceReplicas(41, [{ backendId: 4, version: 9 }, { backendId: 5, version: 3 }], backends, 9, 3, 'spread');
  assert.deepEqual(choice, { wait: 'source tablet 41 has no replica on an alive BE at version 9 (BE 4 at version 9 (BE down), BE 5 at version 3 (BE alive))' });
  assert.deepEqual(chooseSourceReplicas(41, [], backends, 9, 3, 'by-position'), { wait: 'source tablet 41 has no replica on an alive BE at version 9 (no replica is listed)' });
});
