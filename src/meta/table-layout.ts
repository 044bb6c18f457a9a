// Tables' physical layouts as the replication request needs them: database, table and index ids,
// every partition's id, versions and epoch, and each partition's tablets (sorted by id) with their
// replicas, the BE each is on and the version it holds, and the schema hash. Read over the MySQL
// protocol only for the tables about to be replicated, a batch at a time, from what the cluster
// has (capabilities.ts): the partitions of the whole batch in one partitions_meta query (or, on
// clusters without it, SHOW PARTITIONS per table), the tablets in one information_schema.be_tablets
// query, plus one index listing per table (and per partition for tables with rollups).
//
// The schema hash is taken from be_tablets only: SHOW PROC tablet listings print -1 (before 3.3)
// or the constant 0, and a target BE given either asks the source for a snapshot path that does
// not exist. A table whose tablets be_tablets cannot show completely is not sent: it waits, and
// says why (LayoutWait). A shared-data cluster's be_tablets lists no lake tablets: its tablets
// come from SHOW PROC per partition, and no schema hash is needed of them (a request sends the
// source's).
import type { FeClient, Row } from '../cluster/fe-client.js';
import { quoteTable } from '../cluster/sql-text.js';
import { capabilitiesOf } from '../cluster/capability-probes.js';
import type { ClusterCapabilities } from '../cluster/capabilities.js';
import { tableKey, type TableKey } from './table-key.js';
import { partitionFromMeta, partitionFromShow, partitionsMetaQuery, partitionsMetaTablesWhere, type PartitionRow } from './partition-rows.js';
import { backendFromRow } from './backend-rows.js';
import { groupPlacement, lakeTabletsOfPartition, partitionSchemaHash, tabletsById, tabletsOfPartition, type GroupedPlacement, type ReplicaPlacement, type TabletLayout } from './tablet-placement.js';

export type { ReplicaLayout, TabletLayout } from './tablet-placement.js';

export interface PartitionLayout {
  /** The physical partition's id (what a replication request is keyed by). */
  id: number;
  name: string;
  visibleVersion: number;
  /** partitions_meta.DATA_VERSION where the cluster prints it: what the skip check compares (alignedVersion). */
  dataVersion?: number;
  versionEpoch: number;
  dataSize: number;
  /** The base index's tablets, sorted by id. */
  tablets: TabletLayout[];
  /** The base index's schema hash, as be_tablets reports it. */
  schemaHash: number;
}

export interface TableLayout {
  db: string;
  table: string;
  dbId: number;
  tableId: number;
  indexId: number;
  /** Formal partitions only: temporary ones are never replicated. */
  partitions: PartitionLayout[];
  /** The whole table's data size in bytes (every formal partition), for src_table_data_size. */
  dataSize: number;
}

/** The table cannot be sent now, for a reason that may pass (a BE down, a schema change under way). */
export class LayoutWait extends Error {
  constructor(readonly table: string, readonly reason: string) {
    super(`${table} waits: ${reason}`);
    this.name = 'LayoutWait';
  }
}

export interface BackendAddress {
  id: number;
  host: string;
  bePort: number;
  httpPort: number;
  alive: boolean;
  decommissioned: boolean;
}

export interface TableRef {
  db: string;
  table: string;
}

const num = (value: unknown): number => Number(value ?? 0);

/** Tables per partitions_meta statement: bounds the statement's length for very large batches. */
const TABLES_PER_STATEMENT = 200;

/** The partitions_meta columns a layout needs, when the cluster has them. */
const LAYOUT_PARTITION_COLUMNS = ['DB_NAME', 'TABLE_NAME', 'PARTITION_ID', 'PARTITION_NAME', 'VISIBLE_VERSION', 'DATA_VERSION', 'VERSION_EPOCH', 'IS_TEMP', 'DATA_SIZE', 'BUCKETS'];

export async function fetchBackends(client: FeClient): Promise<BackendAddress[]> {
  return (await client.query('SHOW BACKENDS', 'list backends')).map(backendFromRow);
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

/** One physical partition as the layout needs it. */
interface PartitionEntry {
  row: PartitionRow;
  buckets: number;
}

/** Formal and temporary partition rows of the given tables, grouped by table. */
async function partitionEntries(client: FeClient, caps: ClusterCapabilities, refs: TableRef[]): Promise<Map<TableKey, PartitionEntry[]>> {
  const byTable = new Map<TableKey, PartitionEntry[]>(refs.map((r) => [tableKey(r.db, r.table), []]));
  if (!caps.partitionsMeta) {
    await Promise.all(
      refs.map(async (ref) => {
        const rows = await client.query(`SHOW PARTITIONS FROM ${quoteTable(ref.db, ref.table)}`, `read partitions of ${quoteTable(ref.db, ref.table)}`);
        byTable.set(tableKey(ref.db, ref.table), rows.map((row) => ({ row: partitionFromShow(row), buckets: num(row.Buckets) })));
      }),
    );
    return byTable;
  }
  const select = partitionsMetaQuery(caps.partitionsMeta.columns, LAYOUT_PARTITION_COLUMNS);
  for (let i = 0; i < refs.length; i += TABLES_PER_STATEMENT) {
    const chunk = refs.slice(i, i + TABLES_PER_STATEMENT);
    const rows = await client.query(`${select} WHERE ${partitionsMetaTablesWhere(chunk)}`, chunk.length === 1 ? `read partitions of ${quoteTable(chunk[0]!.db, chunk[0]!.table)}` : `read partitions of ${chunk.length} tables`);
    for (const row of rows) byTable.get(tableKey(String(row.DB_NAME), String(row.TABLE_NAME)))?.push({ row: partitionFromMeta(row), buckets: num(row.BUCKETS) });
  }
  return byTable;
}

/** be_tablets rows of the given tables; undefined when the cluster has no usable be_tablets. */
async function placementRows(client: FeClient, caps: ClusterCapabilities, tableIds: number[]): Promise<ReplicaPlacement[] | undefined> {
  if (!caps.beTablets) return undefined;
  if (tableIds.length === 0) return [];
  const rows = await client.query(
    `SELECT TABLE_ID, PARTITION_ID, TABLET_ID, BE_ID, SCHEMA_HASH, MAX_VERSION FROM information_schema.be_tablets WHERE TABLE_ID IN (${tableIds.join(', ')})`,
    `read tablet placement of ${tableIds.length} table${tableIds.length === 1 ? '' : 's'}`,
  );
  return rows.map((r) => ({ tableId: num(r.TABLE_ID), partitionId: num(r.PARTITION_ID), tabletId: num(r.TABLET_ID), backendId: num(r.BE_ID), schemaHash: num(r.SCHEMA_HASH), version: num(r.MAX_VERSION) }));
}

/** The base index's tablet ids of one partition, from SHOW PROC (tables with rollups). */
async function baseTabletIds(client: FeClient, ids: TableIds, partitionId: number, indexId: number): Promise<number[]> {
  const replicas = await client.query(`SHOW PROC '/dbs/${ids.dbId}/${ids.tableId}/partitions/${partitionId}/${indexId}'`, 'list tablets');
  return [...new Set(replicas.map((r) => num(r.TabletId)))];
}

/** A shared-data partition's tablets, listed by SHOW PROC (be_tablets has none of them). */
async function lakeTablets(client: FeClient, ids: TableIds, partitionId: number, indexId: number, buckets: number) {
  const rows = await client.query(`SHOW PROC '/dbs/${ids.dbId}/${ids.tableId}/partitions/${partitionId}/${indexId}'`, 'list tablets');
  return lakeTabletsOfPartition(rows, buckets);
}

async function tableLayout(client: FeClient, ids: TableIds, entries: PartitionEntry[], placement: GroupedPlacement | undefined, sharedData: boolean): Promise<TableLayout> {
  const { ref } = ids;
  const name = `${ref.db}.${ref.table}`;
  const formal = entries.filter((e) => !e.row.temp);
  const base = { db: ref.db, table: ref.table, dbId: ids.dbId, tableId: ids.tableId, dataSize: formal.reduce((sum, e) => sum + e.row.partition.dataSize, 0) };
  const first = formal[0];
  if (!first) return { ...base, indexId: 0, partitions: [] };
  const named = new Set<string>();
  for (const entry of formal) {
    if (named.has(entry.row.partition.name)) throw new LayoutWait(name, `partition ${entry.row.partition.name} has several physical partitions, which replication does not support`);
    named.add(entry.row.partition.name);
  }
  if (!placement && !sharedData) throw new LayoutWait(name, 'the cluster has no information_schema.be_tablets with SCHEMA_HASH, the only place the schema hash a replication needs is printed');
  const indexes = await client.query(`SHOW PROC '/dbs/${ids.dbId}/${ids.tableId}/partitions/${first.row.partition.id}'`, 'list indexes');
  const indexId = num((indexes.find((r) => r.IndexName === ref.table) ?? indexes[0])?.IndexId);
  const singleIndex = ids.indexCount <= 1 && indexes.length <= 1;
  const partitions = await Promise.all(
    formal.map(async ({ row: { partition }, buckets }): Promise<PartitionLayout> => {
      const found = sharedData
        ? await lakeTablets(client, ids, partition.id, indexId, buckets)
        : singleIndex
          ? tabletsOfPartition(placement!, ids.tableId, partition.id, buckets)
          : tabletsById(placement!, await baseTabletIds(client, ids, partition.id, indexId));
      if ('missing' in found) throw new LayoutWait(name, `partition ${partition.name}: ${found.missing}`);
      // A shared-data (target) table's schema hash is never sent: 0.
      const hash = sharedData ? { schemaHash: 0 } : partitionSchemaHash(found.tablets);
      if ('missing' in hash) throw new LayoutWait(name, `partition ${partition.name}: ${hash.missing}`);
      return {
        id: partition.id,
        name: partition.name,
        visibleVersion: partition.visibleVersion,
        ...(partition.dataVersion !== undefined ? { dataVersion: partition.dataVersion } : {}),
        versionEpoch: partition.versionEpoch,
        dataSize: partition.dataSize,
        tablets: found.tablets,
        schemaHash: hash.schemaHash,
      };
    }),
  );
  return { ...base, indexId, partitions };
}

/**
 * The layouts of a batch of tables, keyed by tableKey: a table that cannot be read (dropped, a
 * failed statement) gets its Error, one that must wait a LayoutWait, and the others are not held
 * back by them.
 */
export async function fetchTableLayouts(client: FeClient, refs: readonly TableRef[]): Promise<Map<TableKey, TableLayout | Error>> {
  const caps = await capabilitiesOf(client);
  const lists = new LayoutLists(client);
  const unique = [...new Map(refs.map((r) => [tableKey(r.db, r.table), r])).values()];
  const result = new Map<TableKey, TableLayout | Error>();
  const resolved = await Promise.all(unique.map((ref) => resolveIds(lists, ref).catch((error: unknown) => error as Error)));
  const found = resolved.filter((r): r is TableIds => !(r instanceof Error));
  resolved.forEach((r, i) => {
    if (r instanceof Error) result.set(tableKey(unique[i]!.db, unique[i]!.table), r);
  });
  const sharedData = caps.runMode === 'shared_data';
  const [partitions, placement] = await Promise.all([
    partitionEntries(client, caps, found.map((f) => f.ref)),
    sharedData ? Promise.resolve(undefined) : placementRows(client, caps, found.map((f) => f.tableId)),
  ]);
  const grouped = placement ? groupPlacement(placement) : undefined;
  await Promise.all(
    found.map(async (ids) => {
      const key = tableKey(ids.ref.db, ids.ref.table);
      try {
        result.set(key, await tableLayout(client, ids, partitions.get(key) ?? [], grouped, sharedData));
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
