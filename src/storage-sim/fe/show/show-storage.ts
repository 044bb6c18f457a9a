// SHOW PARTITIONS, SHOW TABLET and SHOW DATA, with StarRocks' columns.
import { byteSizeText } from '../query/byte-size-text.js';
import type { TabletStats } from '../../common/be-api.js';
import type { DatabaseMeta, OlapTableMeta, PartitionMeta } from '../catalog/model.js';
import type { FeContext } from '../fe-context.js';
import { formatTime } from '../query/virtual-table.js';
import { physicalPartitionsOf, tempPartitionsOf } from '../catalog/partitions.js';
import { SimError } from '../sim-error.js';
import { prettyBytes, type Cell } from './show-result.js';
import { distributionKeyText, partitionKeyText, rangeText } from './partition-text.js';

export const PARTITION_COLUMNS = [
  'PartitionId', 'PartitionName', 'VisibleVersion', 'VisibleVersionTime', 'VisibleVersionHash', 'State', 'PartitionKey', 'Range',
  'DistributionKey', 'Buckets', 'ReplicationNum', 'StorageMedium', 'CooldownTime', 'LastConsistencyCheckTime', 'DataSize', 'IsInMemory', 'RowCount',
];

/** SHOW PARTITIONS rows of the formal partitions, or of the temporary ones (SHOW TEMPORARY PARTITIONS). */
export function partitionRows(table: OlapTableMeta, temporary = false): Cell[][] {
  return (temporary ? tempPartitionsOf(table) : table.partitions).map((p) => [
    p.id, p.name, p.visibleVersion, formatTime(p.visibleVersionTime), 0, 'NORMAL', partitionKeyText(table), rangeText(table, p.range),
    distributionKeyText(table), p.buckets, p.replicationNum, p.storageMedium, '9999-12-31 23:59:59', null, prettyBytes(p.dataSize), false, p.rowCount,
  ]);
}

export const TABLET_COLUMNS = [
  'TabletId', 'ReplicaId', 'BackendId', 'SchemaHash', 'Version', 'VersionHash', 'LstSuccessVersion', 'LstSuccessVersionHash',
  'LstFailedVersion', 'LstFailedVersionHash', 'LstFailedTime', 'DataSize', 'RowCount', 'State', 'LstConsistencyCheckTime',
  'CheckVersion', 'CheckVersionHash', 'VersionCount', 'PathHash', 'MetaUrl', 'CompactionStatus',
];

/** Per-replica statistics asked from the BEs; a BE that does not answer shows its replicas with unknown sizes. */
export async function replicaStats(ctx: FeContext, partitions: PartitionMeta[]): Promise<Map<string, TabletStats>> {
  const perBackend = new Map<number, { tabletId: number; version: number }[]>();
  for (const p of partitions) {
    for (const t of p.tablets) for (const r of t.replicas) perBackend.set(r.backendId, [...(perBackend.get(r.backendId) ?? []), { tabletId: t.id, version: p.visibleVersion }]);
  }
  const stats = new Map<string, TabletStats>();
  await Promise.all(
    [...perBackend].map(async ([backendId, tablets]) => {
      try {
        const result = await ctx.backends.client(backendId).stats({ tablets });
        for (const s of result.tablets) stats.set(`${backendId}/${s.tabletId}`, s);
      } catch {
        // leave unknown
      }
    }),
  );
  return stats;
}

export async function tabletRows(ctx: FeContext, partitions: PartitionMeta[]): Promise<Cell[][]> {
  const stats = await replicaStats(ctx, partitions);
  const alive = new Set(ctx.backends.aliveIds());
  // Not the table's schema hash: what the release prints for a replica (-1 or 0, see starrocks-release.ts).
  const schemaHash = ctx.release.tabletListingSchemaHash;
  return partitions.flatMap((p) =>
    p.tablets.flatMap((t) =>
      t.replicas.map((r) => {
        const s = stats.get(`${r.backendId}/${t.id}`);
        // A BE that does not answer: what the catalogue knows it holds (less than visible when it missed a load).
        const version = s?.version ?? (r.lastFailedVersion !== undefined ? r.lastFailedVersion - 1 : p.visibleVersion);
        const backend = ctx.backends.list().find((b) => b.id === r.backendId);
        return [
          t.id, r.id, r.backendId, schemaHash, version, 0, version, 0, r.lastFailedVersion ?? -1, 0, null,
          s?.dataSize ?? 0, s?.rowCount ?? 0, alive.has(r.backendId) ? 'NORMAL' : 'BAD', null, -1, 0, s?.rowsetCount ?? 0, 0,
          backend ? `http://${backend.host}:${backend.httpPort}/api/meta/header/${t.id}` : '', backend ? `http://${backend.host}:${backend.httpPort}/api/compaction/show?tablet_id=${t.id}` : '',
        ];
      }),
    ),
  );
}

/**
 * SHOW PROC '/dbs/<db>/<table>/partitions/<partition>/<index>' on a shared-data cluster: one row
 * per lake tablet, sorted by id, with the compute nodes serving it as a JSON list (StarRocks:
 * common/proc/LakeTabletsProcDir.java: TabletId, BackendId, DataSize as ByteSizeValue text, RowCount).
 */
export const LAKE_TABLET_COLUMNS = ['TabletId', 'BackendId', 'DataSize', 'RowCount'];

export async function lakeTabletRows(ctx: FeContext, partition: PartitionMeta): Promise<Cell[][]> {
  const stats = await replicaStats(ctx, [partition]);
  return [...partition.tablets]
    .sort((a, b) => a.id - b.id)
    .map((t) => {
      const s = t.replicas.map((r) => stats.get(`${r.backendId}/${t.id}`)).find((x) => x !== undefined);
      return [t.id, JSON.stringify(t.replicas.map((r) => r.backendId)), byteSizeText(s?.dataSize ?? 0), s?.rowCount ?? 0];
    });
}

export function selectPartitions(table: OlapTableMeta, names?: string[]): PartitionMeta[] {
  if (!names) return table.partitions;
  return names.map((name) => table.partitions.find((p) => p.name === name) ?? (() => { throw SimError.unknownPartition(name, table.name); })());
}

export const SHOW_TABLET_BY_ID_COLUMNS = ['DbName', 'TableName', 'PartitionName', 'IndexName', 'DbId', 'TableId', 'PartitionId', 'IndexId', 'IsSync', 'DetailCmd'];

export function tabletByIdRow(ctx: FeContext, tabletId: number): Cell[] {
  for (const db of ctx.store.state.databases) {
    for (const table of db.tables) {
      if (table.kind !== 'OLAP') continue;
      for (const p of physicalPartitionsOf(table)) {
        if (p.tablets.some((t) => t.id === tabletId)) {
          return [db.name, table.name, p.name, table.name, db.id, table.id, p.id, table.indexId, true, `SHOW PROC '/dbs/${db.id}/${table.id}/partitions/${p.id}/${table.indexId}/${tabletId}';`];
        }
      }
    }
  }
  throw SimError.invalid(`Unknown tablet id ${tabletId}`);
}

function replicaCount(table: OlapTableMeta): number {
  return table.partitions.reduce((sum, p) => sum + p.tablets.reduce((s, t) => s + t.replicas.length, 0), 0);
}

/** SHOW DATA (a database: one row per table plus Total/Quota/Left) or SHOW DATA FROM t. */
export function showDataRows(db: DatabaseMeta, table?: OlapTableMeta): { columns: string[]; rows: Cell[][] } {
  const size = (t: OlapTableMeta) => t.partitions.reduce((sum, p) => sum + p.dataSize * p.replicationNum, 0);
  if (table) {
    const rows = table.partitions.reduce((sum, p) => sum + p.rowCount, 0);
    return {
      columns: ['TableName', 'IndexName', 'Size', 'ReplicaCount', 'RowCount'],
      rows: [
        [table.name, table.name, prettyBytes(size(table)), replicaCount(table), rows],
        ['', 'Total', prettyBytes(size(table)), replicaCount(table), ''],
      ],
    };
  }
  const tables = db.tables.filter((t): t is OlapTableMeta => t.kind === 'OLAP').sort((a, b) => a.name.localeCompare(b.name));
  const total = tables.reduce((sum, t) => sum + size(t), 0);
  const replicas = tables.reduce((sum, t) => sum + replicaCount(t), 0);
  return {
    columns: ['TableName', 'Size', 'ReplicaCount'],
    rows: [
      ...tables.map((t): Cell[] => [t.name, prettyBytes(size(t)), replicaCount(t)]),
      ['Total', prettyBytes(total), replicas],
      ['Quota', '8388608.000 TB', 1073741824],
      ['Left', '8388608.000 TB', 1073741824 - replicas],
    ],
  };
}
