// The write quorum of a load (see catalog/write-quorum.ts), as StarRocks enforces it twice:
// - when the load is planned, each tablet must have at least the quorum of replicas on alive BEs
//   (planner/OlapTableSink.java createLocation: "Tablet lost replicas. Check if any backend is down
//   or not. tablet_id: ..., backends: ..."); the load writes to those replicas only;
// - when it commits, each tablet must have at least the quorum of replicas that wrote it
//   (transaction/OlapTableTxnStateListener.java preCommit: "Commit failed. txn: ... table: ...
//   tablet: ... quorum: n<q errorReplicas: ..."). Replicas that did not write are marked with the
//   version they missed (Replica.lastFailedVersion) and are not published it.
import type { OlapTableMeta, PartitionMeta, ReplicaMeta, TabletMeta, TxnPartitionVersion } from '../catalog/model.js';
import { isHealthy, quorumNum, writeQuorumOf } from '../catalog/write-quorum.js';
import { databaseById, olapTableById, type FeContext } from '../fe-context.js';
import { SimError } from '../sim-error.js';

export function loadQuorum(table: OlapTableMeta, partition: PartitionMeta): number {
  return quorumNum(partition.replicationNum, writeQuorumOf(table));
}

/** The replicas a load writes to: healthy ones on alive BEs, at least the quorum of them. */
export function writableReplicas(ctx: FeContext, table: OlapTableMeta, partition: PartitionMeta, tablet: TabletMeta): ReplicaMeta[] {
  const alive = new Set(ctx.backends.aliveIds());
  const writable = tablet.replicas.filter((r) => isHealthy(r) && alive.has(r.backendId));
  if (writable.length < loadQuorum(table, partition)) {
    const hosts = new Set(tablet.replicas.map((r) => ctx.backends.list().find((b) => b.id === r.backendId)?.host).filter((h) => h !== undefined));
    throw SimError.internal(`Tablet lost replicas. Check if any backend is down or not. tablet_id: ${tablet.id}, backends: ${[...hosts].join(',')}`);
  }
  return writable;
}

/** The commit refusal for a tablet that fewer than the quorum of replicas wrote. */
export function quorumFailure(ctx: FeContext, txnId: number, table: OlapTableMeta, partition: PartitionMeta, tablet: TabletMeta, written: ReadonlySet<number>): string {
  const errors = tablet.replicas
    .filter((r) => !written.has(r.id))
    .map((r) => {
      const host = ctx.backends.list().find((b) => b.id === r.backendId)?.host ?? '';
      const version = r.lastFailedVersion === undefined ? partition.visibleVersion : r.lastFailedVersion - 1;
      return `${r.id}:{be:${r.backendId} ${host} V:${version} LFV:${version}},`;
    })
    .join('');
  return `Commit failed. txn: ${txnId} table: ${table.name} tablet: ${tablet.id} quorum: ${written.size}<${loadQuorum(table, partition)} errorReplicas: ${errors}`;
}

/**
 * Marks, durably and before the versions are published, the replicas of the committed partitions
 * that did not write the load (written: tablet id -> replica ids that wrote it).
 */
export function markMissedVersions(ctx: FeContext, dbId: number, tableId: number, versions: readonly TxnPartitionVersion[], written: ReadonlyMap<number, ReadonlySet<number>>): void {
  const db = databaseById(ctx, dbId);
  const table = db && olapTableById(db, tableId);
  if (!table) return;
  const versionOf = new Map(versions.filter((v) => v.tableId === tableId).map((v) => [v.partitionId, v.version]));
  let changed = false;
  const mark = (partition: PartitionMeta): PartitionMeta => {
    const version = versionOf.get(partition.id);
    if (version === undefined) return partition;
    const tablets = partition.tablets.map((tablet) => {
      const wrote = written.get(tablet.id);
      if (!wrote) return tablet;
      const replicas = tablet.replicas.map((r) => {
        if (!isHealthy(r) || wrote.has(r.id)) return r;
        changed = true;
        return { ...r, lastFailedVersion: version };
      });
      return { ...tablet, replicas };
    });
    return { ...partition, tablets };
  };
  const next: OlapTableMeta = { ...table, partitions: table.partitions.map(mark), ...(table.tempPartitions ? { tempPartitions: table.tempPartitions.map(mark) } : {}) };
  if (changed) ctx.store.write({ op: 'putTable', dbId, table: next });
}
