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

test('lake compaction left on where it counts as data holds replication back, before the disks; off, or where it does not count, it does not', () => {
  const on = { maxTasks: '-1', release: '3.3.9' };
  const gate = (lakeCompaction?: { maxTasks: string | undefined; release: string }, backends = [backend('cn1', 10)]) =>
    replicationGate({ targetBackends: backends, maxDiskUsedPercent: 80, windowOpen: true, ...(lakeCompaction ? { lakeCompaction } : {}) });
  assert.deepEqual(gate(on, [backend('cn1', 99)]), {
    send: false,
    cause: 'compaction-on',
    reason:
      'no new replication: lake_compaction_max_tasks is -1 on this shared-data StarRocks 3.3.9 target, where a lake compaction publishes a version replication takes for data (before 3.3.10): ' +
      'run ADMIN SET FRONTEND CONFIG("lake_compaction_max_tasks"="0") on the target and add it to fe.conf',
  });
  assert.match((gate({ maxTasks: undefined, release: '3.2.3' }) as { reason: string }).reason, /lake_compaction_max_tasks is unreadable on this shared-data StarRocks 3\.2\.3 target/);
  assert.deepEqual(gate({ maxTasks: '0', release: '3.3.9' }), { send: true });
  assert.deepEqual(gate(undefined), { send: true }, 'no lakeCompaction fact: a release where compaction does not count, or shared-nothing');
  const paused = replicationGate({ targetBackends: [], maxDiskUsedPercent: 80, windowOpen: true, paused: true, lakeCompaction: on });
  assert.equal(paused.send === false && paused.cause, 'paused', 'an operator\'s pause is said first');
});
