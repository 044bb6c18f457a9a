// Reads one cluster's catalogue into the daemon's model with a fixed number of queries, whatever
// the number of tables: information_schema (tables, columns, tables_config, partitions_meta,
// views, materialized_views), SHOW DATABASES and SHOW BACKENDS, side by side. A cluster without
// partitions_meta (before 3.1.9 / 3.2.4) is read with SHOW PARTITIONS and SHOW TEMPORARY
// PARTITIONS per table instead. What the cluster has is known from its capabilities.
import type { FeClient, Row } from '../cluster/fe-client.js';
import { quoteTable } from '../cluster/sql-text.js';
import { capabilitiesOf } from '../cluster/capability-probes.js';
import { formatVersion, type ClusterCapabilities } from '../cluster/capabilities.js';
import { readFrontendConfig } from '../cluster/frontend-config.js';
import type { ClusterCatalog, ColumnModel, DatabaseModel, OlapTableModel, Side, TableModel, TableSchema } from './catalog-model.js';
import { SYSTEM_DATABASES } from './catalog-model.js';
import { partitionFromMeta, partitionFromShow, partitionsMetaQuery, tablePartitions, type PartitionRow } from './partition-rows.js';
import { groupRows, type RowsByTable } from './rows-by-table.js';
import { isDynamicPartitioned, tableDistribution } from './table-config.js';
import { backendFromRow } from './backend-rows.js';

const num = (value: unknown): number => Number(value ?? 0);
const str = (value: unknown): string => (value === null || value === undefined ? '' : String(value));

/**
 * The statements of one catalogue read, all sent side by side with the partitions_meta query
 * (partitionsMetaQuery, with the columns the cluster has). Exported for the benchmark that sets
 * the round's time beside the time of these statements alone.
 */
export const CATALOG_STATEMENTS = {
  tables: 'SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE FROM information_schema.tables',
  columns: 'SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_TYPE, IS_NULLABLE, COLUMN_KEY, COLUMN_DEFAULT FROM information_schema.columns',
  tableConfigs: 'SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_MODEL, PRIMARY_KEY, PARTITION_KEY, DISTRIBUTE_KEY, DISTRIBUTE_TYPE, PROPERTIES FROM information_schema.tables_config',
  views: 'SELECT TABLE_SCHEMA, TABLE_NAME, VIEW_DEFINITION FROM information_schema.views',
  materializedViews: 'SELECT TABLE_SCHEMA, TABLE_NAME, MATERIALIZED_VIEW_DEFINITION FROM information_schema.materialized_views',
  backends: 'SHOW BACKENDS',
  databases: 'SHOW DATABASES',
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

/** Every partition of the cluster by table, in one query; the rows go once converted. */
async function readPartitionsMeta(client: FeClient, columns: ReadonlySet<string>): Promise<RowsByTable<PartitionRow>> {
  const rows = await client.query(partitionsMetaQuery(columns), 'read partitions');
  return groupRows(rows, partitionFromMeta);
}

/** One table's formal and temporary partitions on a cluster without partitions_meta. */
async function showPartitions(client: FeClient, table: OlapTableModel): Promise<PartitionRow[]> {
  const name = quoteTable(table.db, table.name);
  const [formal, temporary] = await Promise.all([
    client.query(`SHOW PARTITIONS FROM ${name}`, `read partitions of ${table.db}.${table.name}`),
    client.query(`SHOW TEMPORARY PARTITIONS FROM ${name}`, `read temporary partitions of ${table.db}.${table.name}`),
  ]);
  return [...formal.map((row) => partitionFromShow(row)), ...temporary.map((row) => partitionFromShow(row, true))];
}

function placePartitions(table: OlapTableModel, rows: readonly PartitionRow[]): void {
  const { partitions, tempPartitions, subPartitioned } = tablePartitions(rows);
  table.partitions = partitions;
  if (tempPartitions.length > 0) table.tempPartitions = tempPartitions;
  if (subPartitioned.length > 0) table.subPartitioned = subPartitioned;
}

export async function fetchCatalog(client: FeClient, side: Side, selectDatabase: (db: string) => boolean = () => true): Promise<ClusterCatalog> {
  const capabilities: ClusterCapabilities = await capabilitiesOf(client);
  const readAt = Date.now();
  const q = CATALOG_STATEMENTS;
  // The partitions (the big read) go first, while the other statements are still being answered and sorted out.
  const partitionsRead = capabilities.partitionsMeta ? readPartitionsMeta(client, capabilities.partitionsMeta.columns) : Promise.resolve(undefined);
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
      const distributionColumns = splitColumnList(config?.DISTRIBUTE_KEY);
      const schema: TableSchema = {
        columns: columnsOf
          .get(db, name)
          .sort((a, b) => a.position - b.position)
          .map((c) => c.column),
        keysType: str(config?.TABLE_MODEL),
        keyColumns: splitColumnList(config?.PRIMARY_KEY),
        partitionColumns: splitColumnList(config?.PARTITION_KEY),
        distributionType: tableDistribution(str(config?.DISTRIBUTE_TYPE), distributionColumns),
        distributionColumns,
      };
      const model: OlapTableModel = { kind: 'table', db, name, schema, partitions: [] };
      if (isDynamicPartitioned(config?.PROPERTIES)) model.dynamicPartition = true;
      olap.push(model);
      table = model;
    }
    ensureDb(db).tables.set(name, table);
  }

  const partitionsOf = await partitionsRead;
  if (partitionsOf) {
    for (const table of olap) placePartitions(table, partitionsOf.get(table.db, table.name));
  } else {
    // One table after another would make a round as slow as the sum of its statements; the
    // client's pool (meta_job_threads connections) bounds how many run at once.
    const perTable = await Promise.all(olap.map((table) => showPartitions(client, table)));
    olap.forEach((table, i) => placePartitions(table, perTable[i]!));
  }

  return {
    side,
    databases,
    backends: backends.map(backendFromRow),
    readAt,
    // Read every round: the operator may turn compaction off (or on) while the daemon runs.
    ...(capabilities.compactionCountsAsData
      ? { lakeCompaction: { maxTasks: await readFrontendConfig(client, 'lake_compaction_max_tasks'), release: formatVersion(capabilities.version) } }
      : {}),
  };
}
