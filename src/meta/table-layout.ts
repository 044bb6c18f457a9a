// Tables' physical layouts as the replication request needs them: database, table and index ids,
// every partition's id, versions and epoch, and each partition's tablets (sorted by id) with the
// backends holding their replicas. Read over the MySQL protocol only for the tables about to be
// replicated, a batch at a time: the partitions of the whole batch in one partitions_meta query
// and the tablet placement in one information_schema.be_tablets query per cluster, plus one
// index listing per table. Per-partition SHOW PROC reads remain for what be_tablets cannot tell
// apart (tables with rollups) and for clusters without be_tablets.
import type { FeClient, Row } from '../cluster/fe-client.js';
import { quoteString, quoteTable } from '../cluster/sql-text.js';
import { tableKey, type TableKey } from '../replication/table-key.js';
import { groupPlacement, tabletsOfPartition, type ReplicaPlacement } from './tablet-placement.js';

export interface TabletLayout {
  id: number;
  backendIds: number[];
}

export interface PartitionLayout {
  id: number;
  name: string;
  visibleVersion: number;
  versionEpoch: number;
  dataSize: number;
  tablets: TabletLayout[];
}

export interface TableLayout {
  db: string;
  table: string;
  dbId: number;
  tableId: number;
  indexId: number;
  schemaHash: number;
  partitions: PartitionLayout[];
}

export interface BackendAddress {
  id: number;
  host: string;
  bePort: number;
  httpPort: number;
}

export interface TableRef {
  db: string;
  table: string;
}

const num = (value: unknown): number => Number(value ?? 0);

/** Tables per partitions_meta statement: bounds the statement's length for very large batches. */
const TABLES_PER_STATEMENT = 200;

export async function fetchBackends(client: FeClient): Promise<BackendAddress[]> {
  const rows = await client.query('SHOW BACKENDS', 'list backends');
  return rows.map((r) => ({ id: num(r.BackendId), host: String(r.IP), bePort: num(r.BePort), httpPort: num(r.HttpPort) }));
}

/**
 * The database and table lists, read once for a batch of layouts rather than once per table (a
 * batch may hold many tables of one database). One per batch: ids can change between batches.
 */
class LayoutLists {
  private dbs: Promise<Row[]> | undefined;
  private readonly tables = new Map<number, Promise<Row[]>>();

  constructor(private readonly client: FeClient) {}

  databases(): Promise<Row[]> {
    return (this.dbs ??= this.client.query("SHOW PROC '/dbs'", 'list databases'));
  }

  tablesOf(dbId: number): Promise<Row[]> {
    let rows = this.tables.get(dbId);
    if (!rows) this.tables.set(dbId, (rows = this.client.query(`SHOW PROC '/dbs/${dbId}'`, 'list tables')));
    return rows;
  }
}

interface TableIds {
  ref: TableRef;
  dbId: number;
  tableId: number;
  indexCount: number;
}

async function resolveIds(lists: LayoutLists, ref: TableRef): Promise<TableIds> {
  const dbRow = (await lists.databases()).find((r) => String(r.DbName) === ref.db);
  if (!dbRow) throw new Error(`database ${ref.db} not found`);
  const dbId = num(dbRow.DbId);
  const tableRow = (await lists.tablesOf(dbId)).find((r) => String(r.TableName) === ref.table);
  if (!tableRow) throw new Error(`table ${ref.db}.${ref.table} not found`);
  return { ref, dbId, tableId: num(tableRow.TableId), indexCount: num(tableRow.IndexNum ?? 1) };
}

/** partitions_meta rows of the given tables, grouped by table. */
async function partitionRows(client: FeClient, refs: TableRef[]): Promise<Map<TableKey, Row[]>> {
  const byTable = new Map<TableKey, Row[]>(refs.map((r) => [tableKey(r.db, r.table), []]));
  for (let i = 0; i < refs.length; i += TABLES_PER_STATEMENT) {
    const chunk = refs.slice(i, i + TABLES_PER_STATEMENT);
    const where = chunk.map((r) => `(DB_NAME = ${quoteString(r.db)} AND TABLE_NAME = ${quoteString(r.table)})`).join(' OR ');
    const rows = await client.query(
      `SELECT DB_NAME, TABLE_NAME, PARTITION_ID, PARTITION_NAME, VISIBLE_VERSION, VERSION_EPOCH, DATA_SIZE, BUCKETS FROM information_schema.partitions_meta WHERE ${where}`,
      chunk.length === 1 ? `read partitions of ${quoteTable(chunk[0]!.db, chunk[0]!.table)}` : `read partitions of ${chunk.length} tables`,
    );
    for (const row of rows) byTable.get(tableKey(String(row.DB_NAME), String(row.TABLE_NAME)))?.push(row);
  }
  return byTable;
}

/** be_tablets rows of the given tables; undefined when the cluster has no such table (older versions). */
async function placementRows(client: FeClient, tableIds: number[]): Promise<ReplicaPlacement[] | undefined> {
  if (tableIds.length === 0) return [];
  try {
    const rows = await client.query(
      `SELECT TABLE_ID, PARTITION_ID, TABLET_ID, BE_ID, SCHEMA_HASH FROM information_schema.be_tablets WHERE TABLE_ID IN (${tableIds.join(', ')})`,
      `read tablet placement of ${tableIds.length} table${tableIds.length === 1 ? '' : 's'}`,
    );
    return rows.map((r) => ({ tableId: num(r.TABLE_ID), partitionId: num(r.PARTITION_ID), tabletId: num(r.TABLET_ID), backendId: num(r.BE_ID), schemaHash: num(r.SCHEMA_HASH) }));
  } catch {
    return undefined;
  }
}

/** One partition's tablets from SHOW PROC (also the index's schema hash). */
async function tabletsFromProc(client: FeClient, ids: TableIds, partitionId: number, indexId: number): Promise<{ tablets: TabletLayout[]; schemaHash: number }> {
  const replicas = await client.query(`SHOW PROC '/dbs/${ids.dbId}/${ids.tableId}/partitions/${partitionId}/${indexId}'`, 'list tablets');
  const tablets = new Map<number, number[]>();
  let schemaHash = 0;
  for (const replica of replicas) {
    schemaHash = num(replica.SchemaHash);
    const id = num(replica.TabletId);
    tablets.set(id, [...(tablets.get(id) ?? []), num(replica.BackendId)]);
  }
  return { tablets: [...tablets].map(([id, backendIds]) => ({ id, backendIds })).sort((a, b) => a.id - b.id), schemaHash };
}

async function tableLayout(client: FeClient, ids: TableIds, partitions: Row[], placement: ReturnType<typeof groupPlacement> | undefined): Promise<TableLayout> {
  const { ref } = ids;
  const base = { db: ref.db, table: ref.table, dbId: ids.dbId, tableId: ids.tableId };
  const first = partitions[0];
  if (!first) return { ...base, indexId: 0, schemaHash: 0, partitions: [] };
  const indexes = await client.query(`SHOW PROC '/dbs/${ids.dbId}/${ids.tableId}/partitions/${num(first.PARTITION_ID)}'`, 'list indexes');
  const indexId = num((indexes.find((r) => r.IndexName === ref.table) ?? indexes[0])?.IndexId);
  // be_tablets has no index column: its rows are the base index's only when the table has no other.
  const fromPlacement = ids.indexCount === 1 && indexes.length === 1 && placement ? placement : undefined;
  let schemaHash = 0;
  const layouts = await Promise.all(
    partitions.map(async (row): Promise<PartitionLayout> => {
      const id = num(row.PARTITION_ID);
      const placed = fromPlacement ? tabletsOfPartition(fromPlacement, ids.tableId, id, num(row.BUCKETS)) : undefined;
      const { tablets, schemaHash: hash } = placed ?? (await tabletsFromProc(client, ids, id, indexId));
      schemaHash = hash || schemaHash;
      return { id, name: String(row.PARTITION_NAME), visibleVersion: num(row.VISIBLE_VERSION), versionEpoch: num(row.VERSION_EPOCH), dataSize: num(row.DATA_SIZE), tablets };
    }),
  );
  return { ...base, indexId, schemaHash, partitions: layouts };
}

/**
 * The layouts of a batch of tables, keyed by tableKey: a table that cannot be read (dropped, a
 * failed statement) gets its Error, and the others are not held back by it.
 */
export async function fetchTableLayouts(client: FeClient, refs: readonly TableRef[]): Promise<Map<TableKey, TableLayout | Error>> {
  const lists = new LayoutLists(client);
  const unique = [...new Map(refs.map((r) => [tableKey(r.db, r.table), r])).values()];
  const result = new Map<TableKey, TableLayout | Error>();
  const resolved = await Promise.all(unique.map((ref) => resolveIds(lists, ref).catch((error: unknown) => error as Error)));
  const found = resolved.filter((r): r is TableIds => !(r instanceof Error));
  resolved.forEach((r, i) => {
    if (r instanceof Error) result.set(tableKey(unique[i]!.db, unique[i]!.table), r);
  });
  const [partitions, placement] = await Promise.all([partitionRows(client, found.map((f) => f.ref)), placementRows(client, found.filter((f) => f.indexCount === 1).map((f) => f.tableId))]);
  const grouped = placement ? groupPlacement(placement) : undefined;
  await Promise.all(
    found.map(async (ids) => {
      const key = tableKey(ids.ref.db, ids.ref.table);
      try {
        result.set(key, await tableLayout(client, ids, partitions.get(key) ?? [], grouped));
      } catch (error) {
        result.set(key, error as Error);
      }
    }),
  );
  return result;
}

/** One table's layout (the batch read for a batch of one). */
export async function fetchTableLayout(client: FeClient, db: string, table: string): Promise<TableLayout> {
  const layout = (await fetchTableLayouts(client, [{ db, table }])).get(tableKey(db, table))!;
  if (layout instanceof Error) throw layout;
  return layout;
}
