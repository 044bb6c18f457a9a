import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildReplicationRequest, ReplicationPlanError } from '../../src/replication/build-request.js';
import type { TableLayout } from '../../src/meta/table-layout.js';

const source: TableLayout = {
  db: 'd', table: 't', dbId: 1, tableId: 2, indexId: 3, schemaHash: 444,
  partitions: [
    { id: 4, name: 'p1', visibleVersion: 5, versionEpoch: 50, dataSize: 100, tablets: [{ id: 41, backendIds: [1, 2, 3] }, { id: 42, backendIds: [2, 3, 1] }, { id: 43, backendIds: [3, 1, 2] }] },
    { id: 6, name: 'p2', visibleVersion: 2, versionEpoch: 60, dataSize: 7, tablets: [{ id: 61, backendIds: [1] }, { id: 62, backendIds: [2] }, { id: 63, backendIds: [3] }] },
  ],
};
const target: TableLayout = {
  db: 'd', table: 't', dbId: 11, tableId: 12, indexId: 13, schemaHash: 999,
  partitions: [
    // Target tablets are paired by position after sorting by id: 93 <-> 41, 95 <-> 42, 97 <-> 43.
    { id: 14, name: 'p1', visibleVersion: 1, versionEpoch: 1, dataSize: 0, tablets: [{ id: 93, backendIds: [7] }, { id: 95, backendIds: [8] }, { id: 97, backendIds: [9] }] },
    { id: 16, name: 'p2', visibleVersion: 2, versionEpoch: 60, dataSize: 7, tablets: [{ id: 81, backendIds: [7] }, { id: 82, backendIds: [8] }, { id: 83, backendIds: [9] }] },
  ],
};
const input = {
  source,
  target,
  sourceBackends: [1, 2, 3].map((id) => ({ id, host: `be-${id}`, bePort: 9060, httpPort: 8040 + id })),
  mapSourceBackend: (b: { host: string; bePort: number; httpPort: number }) => ({ host: `${b.host}.mapped`, bePort: b.bePort, httpPort: b.httpPort }),
  sourceToken: 'tok',
  targetUser: 'u',
  targetPassword: 'pw',
  jobId: 'job-1',
};

test('only lagging partitions, target ids, tablets paired by position, source replicas in the order read', () => {
  const request = buildReplicationRequest(input);
  assert.equal(request.database_id, 11);
  assert.equal(request.table_id, 12);
  assert.equal(request.src_table_data_size, 100);
  assert.equal(request.job_id, 'job-1');
  assert.deepEqual([...request.partition_replication_infos!.keys()], [14], 'p2 is level on both sides');
  const p1 = request.partition_replication_infos!.get(14)!;
  assert.equal(p1.src_version, 5);
  assert.equal(p1.src_version_epoch, 50);
  const index = p1.index_replication_infos!.get(13)!;
  assert.equal(index.src_schema_hash, 444);
  const firstSources = [...index.tablet_replication_infos!.values()].map((t) => [t.tablet_id, t.src_tablet_id, t.replica_replication_infos!.map((r) => r.src_backend!.host).join(' ')]);
  assert.deepEqual(firstSources, [
    [93, 41, 'be-1.mapped be-2.mapped be-3.mapped'],
    [95, 42, 'be-2.mapped be-3.mapped be-1.mapped'],
    [97, 43, 'be-3.mapped be-1.mapped be-2.mapped'],
  ]);
  assert.equal(index.tablet_replication_infos!.get(95)!.replica_replication_infos![0]!.src_backend!.http_port, 8042);
});

test('layouts that cannot be paired are refused with what differs', () => {
  assert.throws(() => buildReplicationRequest({ ...input, target: { ...target, partitions: [target.partitions[1]!] } }), (e: Error) => e instanceof ReplicationPlanError && /partition p1 of d\.t does not exist on the target/.test(e.message));
  const fewer = { ...target, partitions: [{ ...target.partitions[0]!, tablets: target.partitions[0]!.tablets.slice(1) }, target.partitions[1]!] };
  assert.throws(() => buildReplicationRequest({ ...input, target: fewer }), /partition p1: 3 tablets on the source, 2 on the target/);
  assert.throws(() => buildReplicationRequest({ ...input, sourceBackends: input.sourceBackends.slice(1) }), /tablet 41: source backend 1 is unknown/);
});

test('a job split by size takes only its partitions', () => {
  const request = buildReplicationRequest({ ...input, partitions: ['p2'] });
  assert.equal(request.partition_replication_infos!.size, 0);
});
