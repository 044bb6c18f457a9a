// Commit and publish: the two steps that make a load (or any transaction that wrote rowsets)
// visible. Commit assigns each touched partition its next version and is logged; publish tells
// every replica of every tablet in those partitions to turn the transaction's pending rowset into
// that version, then moves the partitions' visible versions. Readers use the visible version, so
// they see all of a transaction or none of it. A COMMITTED transaction whose publish failed (a BE
// down) is published again later, also after an FE restart: publishing is idempotent.
import { randomInt } from 'node:crypto';
import type { TabletStats } from '../../common/be-api.js';
import type { PartitionVersionUpdate } from '../catalog/edit-op.js';
import type { PartitionMeta, TransactionMeta, TxnPartitionVersion } from '../catalog/model.js';
import { dataVersionOf, partitionById } from '../catalog/partitions.js';
import { isHealthy } from '../catalog/write-quorum.js';
import { databaseById, olapTableById, type FeContext } from '../fe-context.js';
import { SimError } from '../sim-error.js';

/** A fresh version epoch: unique enough that two clusters never pick the same one. */
export function newVersionEpoch(): number {
  return randomInt(1, 2 ** 47);
}

function partitionsOf(ctx: FeContext, txn: TransactionMeta, versions: TxnPartitionVersion[]): { tableId: number; partition: PartitionMeta; version: number; epoch?: number; dataVersion?: number }[] {
  const db = databaseById(ctx, txn.dbId);
  if (!db) throw SimError.internal(`database ${txn.dbId} of transaction ${txn.id} no longer exists`);
  // A partition dropped after the commit (DROP PARTITION, a temporary partition of a failed
  // INSERT OVERWRITE) has nothing left to publish: StarRocks skips it, so must this.
  return versions.flatMap((v) => {
    const table = olapTableById(db, v.tableId);
    const partition = table && partitionById(table, v.partitionId);
    return partition ? [{ tableId: v.tableId, partition, version: v.version, epoch: v.epoch, dataVersion: v.dataVersion }] : [];
  });
}

/**
 * A lake compaction on a release where it publishes a version of its own without new data
 * (starrocks-release.ts, lakeCompactionKeepsDataVersion): the partition's data version, version
 * epoch and the type of the transaction that wrote the data stay as they were.
 */
function keepsLineage(ctx: FeContext, txn: TransactionMeta): boolean {
  return txn.sourceType === 'LAKE_COMPACTION' && ctx.release.lakeCompactionKeepsDataVersion;
}

/** Assigns versions to the touched partitions and marks the transaction COMMITTED (durably). */
export function commitTransaction(
  ctx: FeContext,
  txn: TransactionMeta,
  touched: { tableId: number; partitionId: number }[],
  stats?: TransactionMeta['stats'],
): TransactionMeta {
  const db = databaseById(ctx, txn.dbId);
  if (!db) throw SimError.internal(`database ${txn.dbId} was dropped during the load`);
  const versions: TxnPartitionVersion[] = [];
  const byTable = new Map<number, PartitionVersionUpdate[]>();
  for (const { tableId, partitionId } of touched) {
    const table = olapTableById(db, tableId);
    const partition = table && partitionById(table, partitionId);
    if (!partition) throw SimError.internal(`partition ${partitionId} was dropped during the load`);
    if (partition.nextVersion !== partition.visibleVersion + 1) {
      throw SimError.internal(`partition ${partition.name} has an unpublished version ${partition.nextVersion - 1}; retry later`);
    }
    // The data version the publish gives: one more, unless the transaction keeps the lineage.
    versions.push({ tableId, partitionId, version: partition.nextVersion, dataVersion: dataVersionOf(partition) + (keepsLineage(ctx, txn) ? 0 : 1) });
    const update: PartitionVersionUpdate = { ...pickVersionFields(partition), nextVersion: partition.nextVersion + 1 };
    byTable.set(tableId, [...(byTable.get(tableId) ?? []), update]);
  }
  for (const [tableId, partitions] of byTable) ctx.store.write({ op: 'partitionVersions', dbId: db.id, tableId, partitions });
  return ctx.txns.markCommitted(txn.id, versions, stats);
}

/** The version fields of a partition, as a partitionVersions edit carries them. */
export function pickVersionFields(p: PartitionMeta): PartitionVersionUpdate {
  return {
    id: p.id,
    visibleVersion: p.visibleVersion,
    visibleVersionTime: p.visibleVersionTime,
    nextVersion: p.nextVersion,
    dataVersion: dataVersionOf(p),
    versionEpoch: p.versionEpoch,
    versionTxnType: p.versionTxnType,
    dataSize: p.dataSize,
    rowCount: p.rowCount,
  };
}

/** What a BE does at the publish: take in a staged snapshot, merge rowsets, or turn pending rowsets into the version. */
function publishKind(txn: TransactionMeta): { replication?: true; compaction?: true } {
  if (txn.sourceType === 'REPLICATION') return { replication: true };
  if (txn.sourceType === 'LAKE_COMPACTION') return { compaction: true };
  return {};
}

/** Publishes a COMMITTED transaction on every replica and makes its versions visible. */
export async function publishTransaction(ctx: FeContext, txn: TransactionMeta): Promise<TransactionMeta> {
  const targets = partitionsOf(ctx, txn, txn.partitionVersions);
  const perBackend = new Map<number, { tabletId: number; version: number }[]>();
  for (const { partition, version } of targets) {
    for (const tablet of partition.tablets) {
      // A replica that missed a version (a quorum load) is not published it: it would claim data it lacks.
      for (const replica of tablet.replicas.filter(isHealthy)) {
        perBackend.set(replica.backendId, [...(perBackend.get(replica.backendId) ?? []), { tabletId: tablet.id, version }]);
      }
    }
  }
  const stats = new Map<number, TabletStats>();
  await Promise.all(
    [...perBackend].map(async ([backendId, tablets]) => {
      const result = await ctx.backends.client(backendId).publish({ txnId: txn.id, tablets, ...publishKind(txn) });
      for (const s of result.tablets) if (!stats.has(s.tabletId)) stats.set(s.tabletId, s);
    }),
  );
  const now = Date.now();
  const byTable = new Map<number, PartitionVersionUpdate[]>();
  const lineageKept = keepsLineage(ctx, txn);
  const replicated = txn.sourceType === 'REPLICATION';
  for (const { tableId, partition, version, epoch, dataVersion } of targets) {
    if (partition.visibleVersion >= version) continue; // published before a restart
    const tabletStats = partition.tablets.map((t) => stats.get(t.id));
    const sizes = {
      visibleVersion: version,
      visibleVersionTime: now,
      nextVersion: Math.max(partition.nextVersion, version + 1),
      dataSize: tabletStats.reduce((sum, s) => sum + (s?.dataSize ?? 0), 0),
      rowCount: tabletStats.reduce((sum, s) => sum + (s?.rowCount ?? 0), 0),
    };
    const update: PartitionVersionUpdate = lineageKept
      ? { ...pickVersionFields(partition), ...sizes }
      : {
          ...pickVersionFields(partition),
          ...sizes,
          dataVersion: dataVersion ?? version,
          versionTxnType: replicated ? 'TXN_REPLICATION' : 'TXN_NORMAL',
          // A load on top of replicated data starts a new lineage; replication adopts the source's.
          versionEpoch: replicated
            ? (epoch ?? partition.versionEpoch)
            : partition.versionTxnType === 'TXN_REPLICATION'
              ? newVersionEpoch()
              : partition.versionEpoch,
        };
    byTable.set(tableId, [...(byTable.get(tableId) ?? []), update]);
  }
  for (const [tableId, partitions] of byTable) ctx.store.write({ op: 'partitionVersions', dbId: txn.dbId, tableId, partitions });
  return ctx.txns.markVisible(txn.id);
}
