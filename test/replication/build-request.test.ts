import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildReplicationRequest, ReplicationPlanError } from '../../src/replication/build-request.js';
import { LayoutWait, type TableLayout, type TabletLayout } from '../../src/meta/table-layout.js';

const tablet = (id: number, backendIds: number[], version: number, schemaHash = 444): TabletLayout => ({ id, replicas: backendIds.map((backendId) => ({ backendId, version })), schemaHash });

const source: TableLayout = {
  db: 'd', table: 't', dbId: 1, tableId: 2, indexId: 3, dataSize: 1107,
  partitions: [
    { id: 4, name: 'p1', visibleVersion: 5, versionEpoch: 50, dataSize: 100, schemaHash: 444, tablets: [tablet(41, [1, 2, 3], 5), tablet(42, [2, 3, 1], 5), tablet(43, [3, 1, 2], 5)] },
    { id: 6, name: 'p2', visibleVersion: 2, versionEpoch: 60, dataSize: 7, schemaHash: 444, tablets: [tablet(61, [1], 2), tablet(62, [2], 2), tablet(63, [3], 2)] },
    { id: 8, name: 'p3', visibleVersion: 1, versionEpoch: 70, dataSize: 1000, schemaHash: 444, tablets: [tablet(81, [1], 1), tablet(82, [2], 1), tablet(83, [3], 1)] },
  ],
};
const target: TableLayout = {
  db: 'd', table: 't', dbId: 11, tableId: 12, indexId: 13, dataSize: 7,
  partitions: [
    // Target tablets are paired by position after sorting by id: 93 <-> 41, 95 <-> 42, 97 <-> 43.
    { id: 14, name: 'p1', visibleVersion: 1, versionEpoch: 1, dataSize: 0, schemaHash: 999, tablets: [tablet(93, [7], 1, 999), tablet(95, [8], 1, 999), tablet(97, [9], 1, 999)] },
    { id: 16, name: 'p2', visibleVersion: 2, versionEpoch: 60, dataSize: 7, schemaHash: 999, tablets: [tablet(91, [7], 2, 999), tablet(92, [8], 2, 999), tablet(98, [9], 2, 999)] },
    { id: 18, name: 'p3', visibleVersion: 1, versionEpoch: 70, dataSize: 0, schemaHash: 999, tablets: [tablet(71, [7], 1, 999), tablet(72, [8], 1, 999), tablet(73, [9], 1, 999)] },
  ],
};
const input = {
  source,
  target,
  sourceBackends: [1, 2, 3].map((id) => ({ id, host: `be-${id}`, bePort: 9060, httpPort: 8040 + id, alive: true, decommissioned: false })),
  mapSourceBackend: (b: { host: string; bePort: number; httpPort: number }) => ({ host: `${b.host}.mapped`, bePort: b.bePort, httpPort: b.httpPort }),
  replicaChoice: 'spread' as const,
  sourceToken: 'tok',
  targetUser: 'u',
  targetPassword: 'pw',
  jobId: 'job-1',
};

test('only lagging partitions, target ids, tablets paired by position, source replicas in the order read', () => {
  const request = buildReplicationRequest(input);
  assert.equal(request.database_id, 11);
  assert.equal(request.table_id, 12);
  assert.equal(request.job_id, 'job-1');
  assert.deepEqual([...request.partition_replication_infos!.keys()], [14], 'p2 and p3 are level on both sides');
  const p1 = request.partition_replication_infos!.get(14)!;
  assert.equal(p1.src_version, 5);
  assert.equal(p1.src_version_epoch, 50);
  const index = p1.index_replication_infos!.get(13)!;
  assert.equal(index.src_schema_hash, 444, "the source partition's schema hash, as be_tablets reports it");
  const firstSources = [...index.tablet_replication_infos!.values()].map((t) => [t.tablet_id, t.src_tablet_id, t.replica_replication_infos!.map((r) => r.src_backend!.host).join(' ')]);
  assert.deepEqual(firstSources, [
    [93, 41, 'be-1.mapped be-2.mapped be-3.mapped'],
    [95, 42, 'be-2.mapped be-3.mapped be-1.mapped'],
    [97, 43, 'be-3.mapped be-1.mapped be-2.mapped'],
  ]);
  assert.equal(index.tablet_replication_infos!.get(95)!.replica_replication_infos![0]!.src_backend!.http_port, 8042);
});

test('src_table_data_size is the whole source table, not only the partitions sent', () => {
  // StarRocks: fe/fe-core/src/main/java/com/starrocks/replication/ReplicationJob.java: the FE counts
  // src_table_data_size minus its own table's size against replication_max_parallel_data_size_mb.
  assert.equal(buildReplicationRequest(input).src_table_data_size, 1107);
  assert.equal(buildReplicationRequest({ ...input, partitions: ['p1'] }).src_table_data_size, 1107);
});

test('a source without version epochs sends none rather than 0', () => {
  const noEpochs = { ...source, partitions: source.partitions.map((p) => ({ ...p, versionEpoch: 0 })) };
  const info = buildReplicationRequest({ ...input, source: noEpochs }).partition_replication_infos!.get(14)!;
  assert.equal('src_version_epoch' in info, false);
});

test('for a target before 3.3, every target replica is given its own source replica that can serve', () => {
  const oneReplica = { ...source, partitions: source.partitions.map((p) => ({ ...p, tablets: p.tablets.map((t) => ({ ...t, replicas: t.replicas.slice(0, 1) })) })) };
  const threeReplicas = { ...target, partitions: target.partitions.map((p) => ({ ...p, tablets: p.tablets.map((t) => ({ ...t, replicas: [7, 8, 9].map((backendId) => ({ backendId, version: 1 })) })) })) };
  const request = buildReplicationRequest({ ...input, source: oneReplica, target: threeReplicas, replicaChoice: 'by-position' });
  const sources = [...request.partition_replication_infos!.get(14)!.index_replication_infos!.get(13)!.tablet_replication_infos!.values()].map((t) => t.replica_replication_infos!.map((r) => r.src_backend!.host));
  assert.deepEqual(sources, [['be-1.mapped', 'be-1.mapped', 'be-1.mapped'], ['be-2.mapped', 'be-2.mapped', 'be-2.mapped'], ['be-3.mapped', 'be-3.mapped', 'be-3.mapped']]);
});

test('a tablet whose replicas cannot serve makes the table wait, with the reason', () => {
  const down = input.sourceBackends.map((b) => (b.id === 1 ? { ...b, alive: false } : b));
  const single = { ...source, partitions: [{ ...source.partitions[0]!, tablets: [tablet(41, [1], 5), tablet(42, [2], 5), tablet(43, [3], 5)] }] };
  assert.throws(
    () => buildReplicationRequest({ ...input, source: single, sourceBackends: down }),
    (e: Error) => e instanceof LayoutWait && /partition p1: source tablet 41 has no replica on an alive BE at version 5 \(BE 1 at version 5 \(BE down\)\)/.test(e.message),
  );
});

test('layouts that cannot be paired are refused with what differs', () => {
  assert.throws(() => buildReplicationRequest({ ...input, target: { ...target, partitions: target.partitions.slice(1) } }), (e: Error) => e instanceof ReplicationPlanError && /partition p1 of d\.t does not exist on the target/.test(e.message));
  const fewer = { ...target, partitions: [{ ...target.partitions[0]!, tablets: target.partitions[0]!.tablets.slice(1) }, ...target.partitions.slice(1)] };
  assert.throws(() => buildReplicationRequest({ ...input, target: fewer }), /partition p1: 3 tablets on the source, 2 on the target/);
});

test('a job split by size takes only its partitions', () => {
  const request = buildReplicationRequest({ ...input, partitions: ['p2'] });
  assert.equal(request.partition_replication_infos!.size, 0);
});

test('a compacted shared-data target at the source data version is skipped; a lagging one still gets the source visible version', () => {
  // StarRocks: fe/fe-core/src/main/java/com/starrocks/transaction/DatabaseTransactionMgr.java: the
  // target compares the source's version with its data version, which lake compaction leaves alone
  // (fe/fe-core/src/main/java/com/starrocks/transaction/LakeTableTxnLogApplier.java).
  const compactedTarget: TableLayout = {
    ...target,
    partitions: target.partitions.map((p) => (p.name === 'p2' ? { ...p, visibleVersion: 4, dataVersion: 2 } : p.name === 'p1' ? { ...p, visibleVersion: 3, dataVersion: 1 } : p)),
  };
  const request = buildReplicationRequest({ ...input, target: compactedTarget });
  assert.deepEqual([...request.partition_replication_infos!.keys()], [14], 'p2 (data version 2, visible 4) is level with the source at 2');
  assert.equal(request.partition_replication_infos!.get(14)!.src_version, 5, "p1 (data version 1, visible 3) lags: the source's visible version is sent");
  const aheadByVisibleOnly: TableLayout = { ...target, partitions: target.partitions.map((p) => (p.name === 'p1' ? { ...p, visibleVersion: 6, dataVersion: 4 } : p)) };
  assert.deepEqual([...buildReplicationRequest({ ...input, target: aheadByVisibleOnly }).partition_replication_infos!.keys()], [14], 'visible 6 is past the source, data version 4 is not');
});
