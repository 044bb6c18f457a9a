// Tablet placement from information_schema.be_tablets (one row per replica an alive BE holds),
// grouped into partitions' tablet lists (pure). be_tablets is the only place StarRocks prints a
// replica's real schema hash (SHOW PROC tablet listings print -1 or 0: LocalTabletsProcDir.java),
// and its MAX_VERSION tells whether a replica holds every version. It names no index, so a
// partition's rows stand for its tablets only when the table has one index and the rows hold
// exactly the partition's bucket count of tablets; a table with rollups takes its tablet ids from
// SHOW PROC and their replicas from these rows.

export interface ReplicaPlacement {
  tableId: number;
  /** The physical partition's id. */
  partitionId: number;
  tabletId: number;
  backendId: number;
  schemaHash: number;
  /** The highest version the BE holds for the replica (MAX_VERSION). */
  version: number;
}

export interface ReplicaLayout {
  backendId: number;
  version: number;
}

export interface TabletLayout {
  id: number;
  /** In the order be_tablets listed them; replicas on BEs that are down are not listed. */
  replicas: ReplicaLayout[];
  schemaHash: number;
}

export interface GroupedPlacement {
  /** "tableId/partitionId" -> tablet id -> tablet. */
  readonly partitions: Map<string, Map<number, TabletLayout>>;
  readonly tablets: Map<number, TabletLayout>;
}

export function groupPlacement(rows: readonly ReplicaPlacement[]): GroupedPlacement {
  const partitions = new Map<string, Map<number, TabletLayout>>();
  const tablets = new Map<number, TabletLayout>();
  for (const row of rows) {
    let tablet = tablets.get(row.tabletId);
    if (!tablet) {
      tablets.set(row.tabletId, (tablet = { id: row.tabletId, replicas: [], schemaHash: row.schemaHash }));
      const key = `${row.tableId}/${row.partitionId}`;
      let partition = partitions.get(key);
      if (!partition) partitions.set(key, (partition = new Map()));
      partition.set(row.tabletId, tablet);
    }
    tablet.replicas.push({ backendId: row.backendId, version: row.version });
  }
  return { partitions, tablets };
}

export type TabletsOrWhy = { tablets: TabletLayout[] } | { missing: string };

const byId = (a: TabletLayout, b: TabletLayout) => a.id - b.id;

/** A single-index table's partition: its tablets sorted by id, when be_tablets shows exactly `buckets` of them. */
export function tabletsOfPartition(grouped: GroupedPlacement, tableId: number, partitionId: number, buckets: number): TabletsOrWhy {
  const found = grouped.partitions.get(`${tableId}/${partitionId}`);
  const count = found?.size ?? 0;
  if (buckets <= 0) return { missing: 'its bucket count is unknown' };
  if (count !== buckets) {
    return { missing: `information_schema.be_tablets lists ${count} of its ${buckets} tablets (a BE holding the others is down, or the tablets are being changed)` };
  }
  return { tablets: [...found!.values()].sort(byId) };
}

/** Tablets named by SHOW PROC (a table with rollups), with their replicas and schema hash from be_tablets. */
export function tabletsById(grouped: GroupedPlacement, tabletIds: readonly number[]): TabletsOrWhy {
  const tablets: TabletLayout[] = [];
  for (const id of tabletIds) {
    const tablet = grouped.tablets.get(id);
    if (!tablet) return { missing: `information_schema.be_tablets does not list tablet ${id} (the BEs holding it are down?)` };
    tablets.push(tablet);
  }
  return { tablets: tablets.sort(byId) };
}

/** The schema hash every tablet of a partition's index shares, or why there is none. */
export function partitionSchemaHash(tablets: readonly TabletLayout[]): { schemaHash: number } | { missing: string } {
  const hashes = [...new Set(tablets.map((t) => t.schemaHash))];
  // -1 and 0 are what FEs print when they do not know the hash (Replica.java); a real one is neither.
  if (hashes.length === 1 && hashes[0] !== -1 && hashes[0] !== 0) return { schemaHash: hashes[0]! };
  if (hashes.length > 1) return { missing: `its tablets report different schema hashes (${hashes.join(', ')}): a schema change is under way` };
  return { missing: 'be_tablets reports no schema hash for its tablets' };
}

/**
 * A shared-data partition's tablets, from SHOW PROC '/dbs/<db>/<table>/partitions/<partition>/<index>'
 * (StarRocks: common/proc/LakeTabletsProcDir.java: TabletId, and BackendId as a JSON list of the
 * compute nodes serving the tablet). information_schema.be_tablets lists no lake tablets there
 * (be/src/exec/schema_scanner/schema_be_tablets_scanner.cpp reads the node's local tablet
 * manager), and no schema hash is needed of them: a request sends the source's. schemaHash is 0.
 */
export function lakeTabletsOfPartition(rows: readonly Record<string, unknown>[], buckets: number): TabletsOrWhy {
  if (buckets <= 0) return { missing: 'its bucket count is unknown' };
  if (rows.length !== buckets) return { missing: `SHOW PROC lists ${rows.length} of its ${buckets} tablets (the tablets are being changed)` };
  const tablets: TabletLayout[] = [];
  for (const row of rows) {
    const id = Number(row.TabletId);
    let nodes: unknown;
    try {
      nodes = JSON.parse(String(row.BackendId ?? ''));
    } catch {
      nodes = undefined;
    }
    if (!Number.isSafeInteger(id) || !Array.isArray(nodes)) return { missing: `SHOW PROC printed a tablet row it cannot read: TabletId ${String(row.TabletId)}, BackendId ${String(row.BackendId)} (expected a number and a JSON list)` };
    if (nodes.length === 0) return { missing: `no compute node serves tablet ${id} now` };
    tablets.push({ id, replicas: nodes.map((node) => ({ backendId: Number(node), version: 0 })), schemaHash: 0 });
  }
  return { tablets: tablets.sort(byId) };
}
