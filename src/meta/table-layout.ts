// A table's physical layout as the replication request needs it: database, table and index ids,
// every partition's id, versions and epoch, and each partition's tablets (sorted by id) with the
// backends holding their replicas. Read over the MySQL protocol with SHOW PROC and
// information_schema, only for the tables about to be replicated.
import type { FeClient, Row } from '../cluster/fe-client.js';
import { quoteString, quoteTable } from '../cluster/sql-text.js';

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

const num = (value: unknown): number => Number(value ?? 0);

function pick(rows: Row[], column: string, value: string, what: string): Row {
  const row = rows.find((r) => String(r[column]) === value);
  if (!row) throw new Error(`${what} not found (${column} = ${value})`);
  return row;
}

export async function fetchBackends(client: FeClient): Promise<BackendAddress[]> {
  const rows = await client.query('SHOW BACKENDS', 'list backends');
  return rows.map((r) => ({ id: num(r.BackendId), host: String(r.IP), bePort: num(r.BePort), httpPort: num(r.HttpPort) }));
}

/**
 * The database and table lists, read once for a batch of layouts rather than once per table (a
 * batch may hold many tables of one database). Use one cache per batch: ids can change between.
 */
export class LayoutLists {
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

export async function fetchTableLayout(client: FeClient, db: string, table: string, lists = new LayoutLists(client)): Promise<TableLayout> {
  const dbRow = pick(await lists.databases(), 'DbName', db, `database ${db}`);
  const dbId = num(dbRow.DbId);
  const tableRow = pick(await lists.tablesOf(dbId), 'TableName', table, `table ${db}.${table}`);
  const tableId = num(tableRow.TableId);
  const versions = await client.query(
    `SELECT PARTITION_ID, PARTITION_NAME, VISIBLE_VERSION, VERSION_EPOCH, DATA_SIZE FROM information_schema.partitions_meta WHERE DB_NAME = ${quoteString(db)} AND TABLE_NAME = ${quoteString(table)}`,
    `read partitions of ${quoteTable(db, table)}`,
  );
  let indexId = 0;
  let schemaHash = 0;
  // The partitions are read side by side (the client's pool bounds how many at once).
  const partitions: PartitionLayout[] = await Promise.all(
    versions.map(async (row) => {
      const partitionId = num(row.PARTITION_ID);
      const indexes = await client.query(`SHOW PROC '/dbs/${dbId}/${tableId}/partitions/${partitionId}'`, 'list indexes');
      indexId = num((indexes.find((r) => r.IndexName === table) ?? indexes[0])?.IndexId);
      const replicas = await client.query(`SHOW PROC '/dbs/${dbId}/${tableId}/partitions/${partitionId}/${indexId}'`, 'list tablets');
      const tablets = new Map<number, number[]>();
      for (const replica of replicas) {
        schemaHash = num(replica.SchemaHash);
        const id = num(replica.TabletId);
        tablets.set(id, [...(tablets.get(id) ?? []), num(replica.BackendId)]);
      }
      return {
        id: partitionId,
        name: String(row.PARTITION_NAME),
        visibleVersion: num(row.VISIBLE_VERSION),
        versionEpoch: num(row.VERSION_EPOCH),
        dataSize: num(row.DATA_SIZE),
        tablets: [...tablets].map(([id, backendIds]) => ({ id, backendIds })).sort((a, b) => a.id - b.id),
      };
    }),
  );
  return { db, table, dbId, tableId, indexId, schemaHash, partitions };
}
