// What a BACKUP statement backs up, fixed when the statement runs: the tables (all of the
// database's, or those of ON), their partitions, each partition at its visible version of that
// moment (so the snapshot is consistent at one version per partition, and later loads are not in
// it), and for each tablet the replica to snapshot: the lowest replica id on an alive BE.
import type { SnapshotTableRef } from '../../sql/ast.js';
import type { BackupTable, BackupTablet } from '../catalog/backup-model.js';
import type { DatabaseMeta, MaterializedViewMeta, OlapTableMeta, PartitionMeta } from '../catalog/model.js';
import { tempPartitionsOf } from '../catalog/partitions.js';
import { findTable, type FeContext } from '../fe-context.js';
import { SimError } from '../sim-error.js';
import { backupOrder } from './backup-order.js';
import { isHealthy } from '../catalog/write-quorum.js';

export interface BackupPlan {
  tables: BackupTable[];
  materializedViews: MaterializedViewMeta[];
}

function tabletsOf(ctx: FeContext, table: OlapTableMeta, partition: PartitionMeta): BackupTablet[] {
  const alive = new Set(ctx.backends.aliveIds());
  return partition.tablets.map((tablet) => {
    const replica = [...tablet.replicas].sort((a, b) => a.id - b.id).find((r) => isHealthy(r) && alive.has(r.backendId));
    if (!replica) throw SimError.common(`No alive replica of tablet ${tablet.id} (table ${table.name}, partition ${partition.name}): no backend can make its snapshot`);
    return { tabletId: tablet.id, backendId: replica.backendId };
  });
}

function tablePlan(ctx: FeContext, table: OlapTableMeta, partitionNames?: string[]): BackupTable {
  // StarRocks: backup/BackupHandler.java (releases before the table's name was added say
  // "Do not support backup table with temp partitions").
  if (tempPartitionsOf(table).length > 0) throw SimError.common(`Do not support backup table ${table.name} with temp partitions`);
  const partitions = partitionNames
    ? partitionNames.map((name) => {
        const partition = table.partitions.find((p) => p.name === name);
        if (!partition) throw SimError.common(`Unknown partition ${name} in table ${table.name}`);
        return partition;
      })
    : table.partitions;
  if (new Set(partitions.map((p) => p.name)).size !== partitions.length) throw SimError.common(`A partition of table ${table.name} is named twice in PARTITION (...)`);
  return {
    id: table.id,
    name: table.name,
    partial: partitionNames !== undefined,
    partitions: partitions.map((p) => ({ id: p.id, name: p.name, version: p.visibleVersion, versionEpoch: p.versionEpoch, tablets: tabletsOf(ctx, table, p) })),
  };
}

/**
 * A shared-data table (cloud-native, bound to a storage volume) is not an OLAP table to
 * BackupHandler, which refuses it by name (PR #18118, "Forbid backup/restore of lake table"):
 * shared-data clusters do not support BACKUP. A whole-database BACKUP names every table, in the
 * analyzer's case-insensitive order, so the first such table is the one reported.
 */
function refuseSharedDataTables(tables: readonly OlapTableMeta[]): void {
  const cloudNative = tables.filter((t) => t.storageVolumeId !== undefined).sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()));
  if (cloudNative[0]) throw SimError.notOlapTable(cloudNative[0].name);
}

export function planBackup(ctx: FeContext, db: DatabaseMeta, refs: SnapshotTableRef[]): BackupPlan {
  if (refs.length === 0) {
    refuseSharedDataTables(db.tables.filter((t): t is OlapTableMeta => t.kind === 'OLAP'));
    const order = backupOrder(db);
    return { tables: order.tables.map((t) => tablePlan(ctx, t)), materializedViews: order.materializedViews };
  }
  const seen = new Set<string>();
  const tables = refs.map((ref) => {
    const table = findTable(db, ref.name);
    if (!table) throw SimError.badTable(ref.name);
    if (table.kind !== 'OLAP') throw SimError.notOlapTable(ref.name);
    refuseSharedDataTables([table]);
    if (seen.has(table.name)) throw SimError.common(`Table ${table.name} is named twice in ON (...)`);
    seen.add(table.name);
    return tablePlan(ctx, table, ref.partitions);
  });
  return { tables, materializedViews: [] };
}
