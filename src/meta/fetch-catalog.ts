// Reads one cluster's catalogue into the daemon's model with a fixed number of queries, whatever
// the number of tables: information_schema (tables, columns, tables_config, partitions_meta,
// views, materialized_views), SHOW DATABASES and SHOW BACKENDS, side by side. A cluster without
// partitions_meta (older versions) is read with one SHOW PARTITIONS per table instead.
import type { FeClient, Row } from '../cluster/fe-client.js';
import { FeError } from '../cluster/fe-client.js';
import { quoteTable } from '../cluster/sql-text.js';
import type { ClusterCatalog, ColumnModel, DatabaseModel, OlapTableModel, PartitionModel, Side, TableModel, TableSchema } from './catalog-model.js';
import { SYSTEM_DATABASES } from './catalog-model.js';
import { partitionFromMeta, partitionFromShow, partitionsMetaQuery } from './partition-rows.js';
import { groupRows, type RowsByTable } from './rows-by-table.js';

const num = (value: unknown): number => Number(value ?? 0);
const str = (value: unknown): string => (value === null || value === undefined ? '' : String(value));

/**
 * The statements of one catalogue read, all sent side by side; then the partitions_meta query
 * (partitionsMetaQuery) with the columns the probe's row shows. Exported for the benchmark that
 * sets the round's time beside the time of these statements alone.
 */
export const CATALOG_STATEMENTS = {
  tables: 'SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE FROM information_schema.tables',
  columns: 'SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_TYPE, IS_NULLABLE, COLUMN_KEY, COLUMN_DEFAULT FROM information_schema.columns',
  tableConfigs: 'SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_MODEL, PRIMARY_KEY, PARTITION_KEY, DISTRIBUTE_KEY, DISTRIBUTE_TYPE FROM information_schema.tables_config',
  views: 'SELECT TABLE_SCHEMA, TABLE_NAME, VIEW_DEFINITION FROM information_schema.views',
  materializedViews: 'SELECT TABLE_SCHEMA, TABLE_NAME, MATERIALIZED_VIEW_DEFINITION FROM information_schema.materialized_views',
  backends: 'SHOW BACKENDS',
  databases: 'SHOW DATABASES',
  partitionsMetaProbe: 'SELECT * FROM information_schema.partitions_meta LIMIT 1',
} as const;

/** "`a`, `b`" or "a, b" -> ["a", "b"]. */
export function splitColumnList(text: unknown): string[] {
  const value = str(text).trim();
  if (value === '') return [];
  const names: string[] = [];
  const pattern = /`((?:[^`]|``)*)`|([^,\s][^,]*)/g;
  for (const match of value.matchAll(pattern)) names.push(match[1] !== undefined ? match[1].replaceAll('``', '`') : match[2]!.trim());
  return names;
}

function columnFromRow(c: Row): ColumnModel {
  return {
    name: str(c.COLUMN_NAME),
    type: str(c.COLUMN_TYPE),
    nullable: str(c.IS_NULLABLE) === 'YES',
    isKey: str(c.COLUMN_KEY) !== '',
    defaultValue: c.COLUMN_DEFAULT === null || c.COLUMN_DEFAULT === undefined ? null : str(c.COLUMN_DEFAULT),
  };
}

/**
 * One row of partitions_meta, which tells the columns this cluster prints; undefined when the
 * cluster has no partitions_meta (older versions), whose partitions are read per table instead.
 */
async function probePartitionsMeta(client: FeClient): Promise<{ sample: Row | undefined } | undefined> {
  try {
    const rows = await client.query(CATALOG_STATEMENTS.partitionsMetaProbe, 'probe information_schema.partitions_meta');
    return { sample: rows[0] };
  } catch (error) {
    if (error instanceof FeError && /1146|doesn't exist|Unknown table/i.test(error.message)) return undefined;
    throw error;
  }
}

/** Every partition of the cluster by table, in one query; the rows go once converted. */
async function readPartitionsMeta(client: FeClient, sample: Row | undefined): Promise<RowsByTable<PartitionModel>> {
  const rows = await client.query(partitionsMetaQuery(sample), 'read partitions');
  return groupRows(rows, partitionFromMeta);
}

export async function fetchCatalog(client: FeClient, side: Side, selectDatabase: (db: string) => boolean = () => true): Promise<ClusterCatalog> {
  const readAt = Date.now();
  const q = CATALOG_STATEMENTS;
  // The probe goes first, so the partitions (the big read) start as soon as it answers, while the
  // other statements are still being answered and sorted out.
  const partitionsRead = probePartitionsMeta(client).then((probe) => (probe ? readPartitionsMeta(client, probe.sample) : undefined));
  // Its failure is reported where it is awaited, below.
  partitionsRead.catch(() => undefined);
  const [tables, columns, configs, views, mvs, backends, databaseRows] = await Promise.all([
    client.query(q.tables, 'read tables'),
    client.query(q.columns, 'read columns'),
    client.query(q.tableConfigs, 'read table configs'),
    client.query(q.views, 'read views'),
    client.query(q.materializedViews, 'read materialized views'),
    client.query(q.backends, 'read backends'),
    client.query(q.databases, 'list databases'),
  ]);
  const columnsOf = groupRows(columns, (c) => ({ position: num(c.ORDINAL_POSITION), column: columnFromRow(c) }));
  const configOf = groupRows(configs, (row) => row);
  const viewOf = groupRows(views, (row) => str(row.VIEW_DEFINITION));
  const mvOf = groupRows(mvs, (row) => str(row.MATERIALIZED_VIEW_DEFINITION));

  const databases = new Map<string, DatabaseModel>();
  const ensureDb = (name: string) => {
    let db = databases.get(name);
    if (!db) databases.set(name, (db = { name, tables: new Map() }));
    return db;
  };
  for (const row of databaseRows) {
    const name = str(row.Database);
    if (!SYSTEM_DATABASES.has(name) && selectDatabase(name)) ensureDb(name);
  }

  const olap: OlapTableModel[] = [];
  for (const row of tables) {
    const db = str(row.TABLE_SCHEMA);
    const name = str(row.TABLE_NAME);
    if (!databases.has(db)) continue;
    const mv = mvOf.first(db, name);
    let table: TableModel;
    if (mv !== undefined) table = { kind: 'materialized_view', db, name, definition: mv };
    else if (str(row.TABLE_TYPE) === 'VIEW') table = { kind: 'view', db, name, definition: viewOf.first(db, name) ?? '' };
    else {
      const config = configOf.first(db, name);
      const schema: TableSchema = {
        columns: columnsOf
          .get(db, name)
          .sort((a, b) => a.position - b.position)
          .map((c) => c.column),
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

  const partitionsOf = await partitionsRead;
  if (partitionsOf) {
    for (const table of olap) table.partitions = partitionsOf.get(table.db, table.name);
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
