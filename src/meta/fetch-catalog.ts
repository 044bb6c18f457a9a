// Reads one cluster's catalogue into the daemon's model with a fixed number of queries, whatever
// the number of tables: information_schema (tables, columns, tables_config, partitions_meta,
// views, materialized_views) and SHOW BACKENDS. A cluster without partitions_meta (older
// versions) is read with one SHOW PARTITIONS per table instead.
import type { FeClient, Row } from '../cluster/fe-client.js';
import { FeError } from '../cluster/fe-client.js';
import { quoteTable } from '../cluster/sql-text.js';
import type { ClusterCatalog, ColumnModel, DatabaseModel, OlapTableModel, PartitionModel, Side, TableModel, TableSchema } from './catalog-model.js';
import { SYSTEM_DATABASES } from './catalog-model.js';

const num = (value: unknown): number => Number(value ?? 0);
const str = (value: unknown): string => (value === null || value === undefined ? '' : String(value));

/** "`a`, `b`" or "a, b" -> ["a", "b"]. */
export function splitColumnList(text: unknown): string[] {
  const value = str(text).trim();
  if (value === '') return [];
  const names: string[] = [];
  const pattern = /`((?:[^`]|``)*)`|([^,\s][^,]*)/g;
  for (const match of value.matchAll(pattern)) names.push(match[1] !== undefined ? match[1].replaceAll('``', '`') : match[2]!.trim());
  return names;
}

function tableKey(db: string, table: string): string {
  return JSON.stringify([db, table]);
}

function groupBy(rows: Row[]): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const key = tableKey(str(row.TABLE_SCHEMA ?? row.DB_NAME), str(row.TABLE_NAME));
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return groups;
}

/** Pretty sizes from SHOW PARTITIONS ("1.234 KB", "0B") as bytes, for clusters without partitions_meta. */
export function parseSize(text: unknown): number {
  const match = /^([\d.]+)\s*([KMGTP]?B)$/i.exec(str(text).trim());
  if (!match) return num(text);
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  return Math.round(Number(match[1]) * 1024 ** units.indexOf(match[2]!.toUpperCase()));
}

function partitionFromMeta(row: Row): PartitionModel {
  return {
    id: num(row.PARTITION_ID),
    name: str(row.PARTITION_NAME),
    visibleVersion: num(row.VISIBLE_VERSION),
    versionEpoch: num(row.VERSION_EPOCH),
    versionTxnType: str(row.VERSION_TXN_TYPE) || 'TXN_NORMAL',
    range: str(row.PARTITION_VALUE),
    buckets: num(row.BUCKETS),
    replicationNum: num(row.REPLICATION_NUM),
    dataSize: num(row.DATA_SIZE),
    rowCount: num(row.ROW_COUNT),
  };
}

function partitionFromShow(row: Row): PartitionModel {
  return {
    id: num(row.PartitionId),
    name: str(row.PartitionName),
    visibleVersion: num(row.VisibleVersion),
    // Older clusters report no epoch: versions alone are compared.
    versionEpoch: 0,
    versionTxnType: 'TXN_NORMAL',
    range: str(row.Range),
    buckets: num(row.Buckets),
    replicationNum: num(row.ReplicationNum),
    dataSize: parseSize(row.DataSize),
    rowCount: num(row.RowCount),
  };
}

async function hasPartitionsMeta(client: FeClient): Promise<boolean> {
  try {
    await client.query('SELECT PARTITION_ID FROM information_schema.partitions_meta LIMIT 0', 'probe information_schema.partitions_meta');
    return true;
  } catch (error) {
    if (error instanceof FeError && /1146|doesn't exist|Unknown table/i.test(error.message)) return false;
    throw error;
  }
}

export async function fetchCatalog(client: FeClient, side: Side, selectDatabase: (db: string) => boolean = () => true): Promise<ClusterCatalog> {
  const readAt = Date.now();
  const [tables, columns, configs, views, mvs, backends, withMeta] = await Promise.all([
    client.query('SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE FROM information_schema.tables', 'read tables'),
    client.query(
      'SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_TYPE, IS_NULLABLE, COLUMN_KEY, COLUMN_DEFAULT FROM information_schema.columns',
      'read columns',
    ),
    client.query(
      'SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_MODEL, PRIMARY_KEY, PARTITION_KEY, DISTRIBUTE_KEY, DISTRIBUTE_TYPE FROM information_schema.tables_config',
      'read table configs',
    ),
    client.query('SELECT TABLE_SCHEMA, TABLE_NAME, VIEW_DEFINITION FROM information_schema.views', 'read views'),
    client.query('SELECT TABLE_SCHEMA, TABLE_NAME, MATERIALIZED_VIEW_DEFINITION FROM information_schema.materialized_views', 'read materialized views'),
    client.query('SHOW BACKENDS', 'read backends'),
    hasPartitionsMeta(client),
  ]);
  const columnsByTable = groupBy(columns);
  const configByTable = new Map([...groupBy(configs)].map(([key, rows]) => [key, rows[0]!]));
  const viewByTable = new Map([...groupBy(views)].map(([key, rows]) => [key, str(rows[0]!.VIEW_DEFINITION)]));
  const mvByTable = new Map([...groupBy(mvs)].map(([key, rows]) => [key, str(rows[0]!.MATERIALIZED_VIEW_DEFINITION)]));

  const databases = new Map<string, DatabaseModel>();
  const ensureDb = (name: string) => {
    let db = databases.get(name);
    if (!db) databases.set(name, (db = { name, tables: new Map() }));
    return db;
  };
  for (const row of await client.query('SHOW DATABASES', 'list databases')) {
    const name = str(row.Database);
    if (!SYSTEM_DATABASES.has(name) && selectDatabase(name)) ensureDb(name);
  }

  const olap: OlapTableModel[] = [];
  for (const row of tables) {
    const db = str(row.TABLE_SCHEMA);
    const name = str(row.TABLE_NAME);
    if (!databases.has(db)) continue;
    const key = tableKey(db, name);
    let table: TableModel;
    if (mvByTable.has(key)) table = { kind: 'materialized_view', db, name, definition: mvByTable.get(key)! };
    else if (str(row.TABLE_TYPE) === 'VIEW') table = { kind: 'view', db, name, definition: viewByTable.get(key) ?? '' };
    else {
      const config = configByTable.get(key);
      const schema: TableSchema = {
        columns: (columnsByTable.get(key) ?? [])
          .sort((a, b) => num(a.ORDINAL_POSITION) - num(b.ORDINAL_POSITION))
          .map(
            (c): ColumnModel => ({
              name: str(c.COLUMN_NAME),
              type: str(c.COLUMN_TYPE),
              nullable: str(c.IS_NULLABLE) === 'YES',
              isKey: str(c.COLUMN_KEY) !== '',
              defaultValue: c.COLUMN_DEFAULT === null || c.COLUMN_DEFAULT === undefined ? null : str(c.COLUMN_DEFAULT),
            }),
          ),
        keysType: str(config?.TABLE_MODEL),
        keyColumns: splitColumnList(config?.PRIMARY_KEY),
        partitionColumns: splitColumnList(config?.PARTITION_KEY),
        distributionType: str(config?.DISTRIBUTE_TYPE),
        distributionColumns: splitColumnList(config?.DISTRIBUTE_KEY),
      };
      const model: OlapTableModel = { kind: 'table', db, name, schema, partitions: [] };
      olap.push(model);
      table = model;
    }
    ensureDb(db).tables.set(name, table);
  }

  if (withMeta) {
    const byTable = groupBy(await client.query('SELECT * FROM information_schema.partitions_meta', 'read partitions'));
    for (const table of olap) table.partitions = (byTable.get(tableKey(table.db, table.name)) ?? []).map(partitionFromMeta);
  } else {
    for (const table of olap) {
      table.partitions = (await client.query(`SHOW PARTITIONS FROM ${quoteTable(table.db, table.name)}`, `read partitions of ${table.db}.${table.name}`)).map(partitionFromShow);
    }
  }

  return {
    side,
    databases,
    backends: backends.map((b) => ({
      id: num(b.BackendId),
      host: str(b.IP),
      bePort: num(b.BePort),
      httpPort: num(b.HttpPort),
      alive: str(b.Alive).toLowerCase() === 'true',
      usedPercent: Number(str(b.MaxDiskUsedPct ?? b.UsedPct).replace('%', '').trim()) || 0,
    })),
    readAt,
  };
}
