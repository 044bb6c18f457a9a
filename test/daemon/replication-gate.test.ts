// Whether new replication jobs may go out: full target disks stop them with the BEs named; a
// closed quiet-hours window only holds them back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { replicationGate } from '../../src/daemon/replication-gate.js';
import type { BackendModel } from '../../src/meta/catalog-model.js';

const backend = (host: string, usedPercent: number): BackendModel => ({ id: 1, host, bePort: 9060, httpPort: 8040, alive: true, decommissioned: false, usedPercent });

test('sends while the disks have room and the window is open', () => {
  assert.deepEqual(replicationGate({ targetBackends: [backend('be1', 80), backend('be2', 12.5)], maxDiskUsedPercent: 80, windowOpen: true }), { send: true });
});

test('full disks hold replication back and name every full BE, window or not', () => {
  const expected = { send: false, cause: 'disk-full', reason: 'no new replication: target BE disk use above target_cluster_max_disk_used_percent=80% on be1 (80.1%), be3 (97.0%)' };
  const backends = [backend('be1', 80.06), backend('be2', 50), backend('be3', 97)];
  assert.deepEqual(replicationGate({ targetBackends: backends, maxDiskUsedPercent: 80, windowOpen: true }), expected);
  assert.deepEqual(replicationGate({ targetBackends: backends, maxDiskUsedPercent: 80, windowOpen: false }), expected);
});

test('a closed window waits', () => {
  assert.deepEqual(replicationGate({ targetBackends: [backend('be1', 10)], maxDiskUsedPercent: 80, windowOpen: false }), { send: false, cause: 'window-closed' });
});
