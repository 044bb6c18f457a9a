// Tablet placement from information_schema.be_tablets (one row per replica a BE holds), grouped
// into partitions' tablet lists (pure). be_tablets names no index, so a partition's rows are
// trusted only when they hold exactly its bucket count of tablets: anything else (a rollup's
// tablets, a BE missing from the scan, tablets being dropped) sends the caller back to SHOW PROC.
import type { TabletLayout } from './table-layout.js';

export interface ReplicaPlacement {
  tableId: number;
  partitionId: number;
  tabletId: number;
  backendId: number;
  schemaHash: number;
}

/** Replicas by "tableId/partitionId", then backend ids by tablet id. */
export type GroupedPlacement = Map<string, { tablets: Map<number, number[]>; schemaHash: number }>;

export function groupPlacement(rows: readonly ReplicaPlacement[]): GroupedPlacement {
  const grouped: GroupedPlacement = new Map();
  for (const row of rows) {
    const key = `${row.tableId}/${row.partitionId}`;
    let partition = grouped.get(key);
    if (!partition) grouped.set(key, (partition = { tablets: new Map(), schemaHash: row.schemaHash }));
    const backends = partition.tablets.get(row.tabletId);
    if (backends) backends.push(row.backendId);
    else partition.tablets.set(row.tabletId, [row.backendId]);
  }
  return grouped;
}

/** A partition's tablets sorted by id, or undefined when be_tablets does not show exactly `buckets` of them. */
export function tabletsOfPartition(grouped: GroupedPlacement, tableId: number, partitionId: number, buckets: number): { tablets: TabletLayout[]; schemaHash: number } | undefined {
  const partition = grouped.get(`${tableId}/${partitionId}`);
  if (!partition || buckets <= 0 || partition.tablets.size !== buckets) return undefined;
  const tablets = [...partition.tablets].map(([id, backendIds]) => ({ id, backendIds })).sort((a, b) => a.id - b.id);
  return { tablets, schemaHash: partition.schemaHash };
}
