// SHOW PROC '<path>': StarRocks' tree of internal state. Implemented: /dbs, /dbs/<db>,
// /dbs/<db>/<table>, .../partitions, .../partitions/<partition>, .../partitions/<partition>/<index>,
// /backends, /frontends, /transactions, /transactions/<db>, /transactions/<db>/running|finished,
// and whatever extra roots the FE registers (e.g. /replications).
import type { DatabaseMeta, OlapTableMeta } from '../catalog/model.js';
import type { FeContext } from '../fe-context.js';
import { SimError } from '../sim-error.js';
import { BACKEND_COLUMNS, backendRows, FRONTEND_COLUMNS, frontendRows, TRANSACTION_COLUMNS, transactionRows, type FrontendIdentity } from './show-cluster.js';
import type { Cell } from './show-result.js';
import { LAKE_TABLET_COLUMNS, lakeTabletRows, PARTITION_COLUMNS, partitionRows, TABLET_COLUMNS, tabletRows } from './show-storage.js';

export interface ProcResult {
  columns: string[];
  rows: Cell[][];
}

export type ProcRoot = (ctx: FeContext, rest: string[]) => Promise<ProcResult> | ProcResult;

function notFound(path: string): SimError {
  return SimError.invalid(`Proc path '${path}' doesn't exist`);
}

function dbByIdOrName(ctx: FeContext, key: string, path: string): DatabaseMeta {
  const db = ctx.store.state.databases.find((d) => String(d.id) === key || d.name === key);
  if (!db) throw notFound(path);
  return db;
}

function tableById(db: DatabaseMeta, key: string, path: string): OlapTableMeta {
  const table = db.tables.find((t) => String(t.id) === key || t.name === key);
  if (!table || table.kind !== 'OLAP') throw notFound(path);
  return table;
}

async function dbsProc(ctx: FeContext, parts: string[], path: string): Promise<ProcResult> {
  if (parts.length === 0) {
    return {
      columns: ['DbId', 'DbName', 'TableNum', 'Quota', 'LastConsistencyCheckTime', 'ReplicaQuota'],
      rows: ctx.store.state.databases.map((d) => [d.id, d.name, d.tables.length, '8388608.000 TB', null, 1073741824]),
    };
  }
  const db = dbByIdOrName(ctx, parts[0]!, path);
  if (parts.length === 1) {
    return {
      columns: ['TableId', 'TableName', 'IndexNum', 'PartitionColumnName', 'DistributionColumnName', 'State', 'Type', 'LastConsistencyCheckTime', 'ReplicaCount', 'PartitionNum', 'StoragePath'],
      rows: db.tables.map((t) =>
        t.kind === 'OLAP'
          ? [t.id, t.name, 1, t.partitionScheme.type === 'RANGE' ? t.partitionScheme.columns.join(', ') : '', t.distribution.type === 'HASH' ? t.distribution.columns.join(', ') : 'ALL KEY', t.state, 'OLAP', null, t.partitions.reduce((s, p) => s + p.tablets.length * p.replicationNum, 0), t.partitions.length, '']
          : [t.id, t.name, 0, '', '', 'NORMAL', t.kind === 'VIEW' ? 'VIEW' : 'MATERIALIZED_VIEW', null, 0, 0, ''],
      ),
    };
  }
  const table = tableById(db, parts[1]!, path);
  if (parts.length === 2) return { columns: ['Nodes'], rows: [['partitions'], ['temp_partitions'], ['index_schema']] };
  if (parts[2] === 'temp_partitions' && parts.length === 3) return { columns: PARTITION_COLUMNS, rows: partitionRows(table, true) };
  if (parts[2] === 'index_schema' && parts.length === 3) {
    return { columns: ['IndexId', 'IndexName', 'SchemaVersion', 'SchemaHash', 'ShortKeyColumnCount', 'StorageType', 'Keys'], rows: [[table.indexId, table.name, table.schemaVersion, table.schemaHash, table.keyColumns.length, 'COLUMN', `${table.keysType}(${table.keyColumns.join(', ')})`]] };
  }
  if (parts[2] !== 'partitions') throw notFound(path);
  if (parts.length === 3) return { columns: PARTITION_COLUMNS, rows: partitionRows(table) };
  const partition = table.partitions.find((p) => String(p.id) === parts[3] || p.name === parts[3]);
  if (!partition) throw notFound(path);
  if (parts.length === 4) return { columns: ['IndexId', 'IndexName', 'State', 'LastConsistencyCheckTime'], rows: [[table.indexId, table.name, 'NORMAL', null]] };
  if (parts[4] !== String(table.indexId) || parts.length > 5) throw notFound(path);
  if (ctx.runMode === 'shared_data') return { columns: LAKE_TABLET_COLUMNS, rows: await lakeTabletRows(ctx, partition) };
  return { columns: TABLET_COLUMNS, rows: await tabletRows(ctx, [partition]) };
}

function transactionsProc(ctx: FeContext, parts: string[], path: string): ProcResult {
  if (parts.length === 0) {
    return {
      columns: ['DbId', 'DbName'],
      rows: ctx.store.state.databases.map((d) => [d.id, d.name]),
    };
  }
  const db = dbByIdOrName(ctx, parts[0]!, path);
  if (parts.length === 1) {
    return { columns: ['State', 'Number'], rows: [['running', ctx.txns.running(db.id).length], ['finished', ctx.txns.finished(db.id).length]] };
  }
  if (parts.length === 2 && parts[1] === 'running') return { columns: TRANSACTION_COLUMNS, rows: transactionRows(ctx.txns.running(db.id)) };
  if (parts.length === 2 && parts[1] === 'finished') return { columns: TRANSACTION_COLUMNS, rows: transactionRows(ctx.txns.finished(db.id)) };
  throw notFound(path);
}

export async function showProc(ctx: FeContext, path: string, frontends: FrontendIdentity[], extraRoots: Record<string, ProcRoot>): Promise<ProcResult> {
  const parts = path.split('/').filter((p) => p !== '');
  if (!path.startsWith('/')) throw SimError.invalid(`Proc path '${path}' must start with /`);
  const [root, ...rest] = parts;
  switch (root) {
    case undefined:
      return { columns: ['name'], rows: [['dbs'], ['backends'], ['frontends'], ['transactions'], ...Object.keys(extraRoots).map((k) => [k])] };
    case 'dbs':
      return dbsProc(ctx, rest, path);
    case 'backends':
      if (rest.length > 0) throw notFound(path);
      return { columns: BACKEND_COLUMNS, rows: backendRows(ctx) };
    case 'frontends':
      if (rest.length > 0) throw notFound(path);
      return { columns: FRONTEND_COLUMNS, rows: frontendRows(ctx, frontends) };
    case 'transactions':
      return transactionsProc(ctx, rest, path);
    default: {
      const extra = extraRoots[root];
      if (!extra) throw notFound(path);
      return extra(ctx, rest);
    }
  }
}
