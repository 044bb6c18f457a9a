// The SHOW statements MySQL clients, StarRocks tools and the sync daemon send.
import type {
  ShowDataStatement,
  ShowFilter,
  ShowJobStatement,
  ShowMaterializedViewsStatement,
  ShowPartitionsStatement,
  ShowSnapshotStatement,
  ShowStatusStatement,
  ShowTabletsStatement,
  ShowTablesStatement,
  ShowTransactionStatement,
  ShowVariablesStatement,
  Statement,
  TableName,
} from './ast.js';
import { describeToken, type Cursor } from './cursor.js';
import { compact, parseOptionalPartitionNames, parseTableName } from './parse-common.js';
import { parseExpression } from './parse-expression.js';
import { parseLimit, parseOrderByList } from './parse-select.js';
import { parseShowLoad } from './parse-load.js';
import { parseShowStorageVolumes } from './parse-storage-volume.js';

/** StarRocks SHOW statements the engine does not answer: refused by name, not as typos. */
const UNSUPPORTED_SHOWS = new Set([
  'ALTER', 'AUTHORS', 'BROKER', 'BUILTIN', 'CATALOGS', 'CHARACTER', 'CHARSET', 'COLLATION', 'DELETE',
  'DYNAMIC', 'ENGINES', 'ERRORS', 'EVENTS', 'EXPORT', 'FUNCTIONS', 'GRANTS', 'INDEX', 'INDEXES', 'KEYS',
  'OPEN', 'PIPES', 'PLUGINS', 'PRIVILEGES', 'PROCEDURE', 'PROPERTY', 'RESOURCES', 'ROLES',
  'ROUTINE', 'SQLBLACKLIST', 'STORAGE', 'STREAM', 'TABLE', 'TASKS', 'TRIGGERS', 'USERS', 'WAREHOUSES',
]);

/** After SHOW. */
export function parseShow(c: Cursor): Statement {
  const full = c.acceptWords('FULL');
  if (full && !c.isAnyWord(['TABLES', 'COLUMNS', 'FIELDS', 'PROCESSLIST'])) {
    c.fail(`expected TABLES, COLUMNS or PROCESSLIST, found ${describeToken(c.current)}`);
  }
  const scopeWord = c.isAnyWord(['VARIABLES', 'STATUS'], 1) ? c.acceptOneOf(['GLOBAL', 'SESSION', 'LOCAL'] as const) : undefined;
  const scope = scopeWord === undefined ? undefined : scopeWord === 'GLOBAL' ? 'GLOBAL' : 'SESSION';
  if (c.acceptWords('STORAGE', 'VOLUMES')) return parseShowStorageVolumes(c);
  const word = c.current;
  if (word.kind !== 'word') return c.fail(`expected what to show, found ${describeToken(word)}`);
  c.next();
  switch (word.upper) {
    case 'DATABASES':
    case 'SCHEMAS':
      return { kind: 'show_databases', text: '', ...parseFilter(c) };
    case 'TABLES': {
      const db = parseOptionalFromDb(c);
      return compact<ShowTablesStatement>({ kind: 'show_tables', text: '', full, db, ...parseFilter(c) });
    }
    case 'TEMPORARY':
      c.expectWords('PARTITIONS');
      return parseShowPartitions(c, true);
    case 'PARTITIONS':
      return parseShowPartitions(c, false);
    case 'TABLET':
    case 'TABLETS':
      if (c.current.kind === 'number') return { kind: 'show_tablet', text: '', tabletId: c.integer('a tablet id') };
      c.expectWords('FROM');
      return compact<ShowTabletsStatement>({ kind: 'show_tablets', text: '', table: parseTableName(c), partitions: parseOptionalPartitionNames(c) });
    case 'BACKENDS':
      return { kind: 'show_backends', text: '' };
    case 'FRONTENDS':
      return { kind: 'show_frontends', text: '' };
    case 'COMPUTE':
      c.expectWords('NODES');
      return { kind: 'show_compute_nodes', text: '' };
    case 'DATA':
      return compact<ShowDataStatement>({ kind: 'show_data', text: '', table: c.acceptWords('FROM') ? parseTableName(c) : undefined });
    case 'PROC':
      return { kind: 'show_proc', text: '', path: c.string('a proc path in quotes') };
    case 'CREATE':
      return parseShowCreate(c);
    case 'VARIABLES':
      return compact<ShowVariablesStatement>({ kind: 'show_variables', text: '', scope, ...parseFilter(c) });
    case 'STATUS':
      return compact<ShowStatusStatement>({ kind: 'show_status', text: '', scope, ...parseFilter(c) });
    case 'COLUMNS':
    case 'FIELDS': {
      c.expectOneOf(['FROM', 'IN'] as const);
      const table: TableName = parseTableName(c);
      const db = parseOptionalFromDb(c);
      if (db !== undefined) table.db = db;
      return { kind: 'show_columns', text: '', full, table, ...parseFilter(c) };
    }
    case 'MATERIALIZED': {
      c.expectWords('VIEWS');
      const db = parseOptionalFromDb(c);
      return compact<ShowMaterializedViewsStatement>({ kind: 'show_materialized_views', text: '', db, ...parseFilter(c) });
    }
    case 'TRANSACTION':
      return parseShowTransaction(c);
    case 'REPOSITORIES':
      return { kind: 'show_repositories', text: '' };
    case 'SNAPSHOT':
      return parseShowSnapshot(c);
    case 'BACKUP':
    case 'RESTORE':
      return compact<ShowJobStatement>({ kind: word.upper === 'BACKUP' ? 'show_backup' : 'show_restore', text: '', db: parseOptionalFromDb(c) });
    case 'LOAD':
      return parseShowLoad(c);
    case 'PROCESSLIST':
      return { kind: 'show_processlist', text: '', full };
    case 'WARNINGS':
      if (c.acceptWords('LIMIT')) parseLimit(c);
      return { kind: 'show_warnings', text: '' };
    default:
      if (UNSUPPORTED_SHOWS.has(word.upper)) return c.unsupported(`SHOW ${word.upper}`, word);
      return c.fail(`expected what to show, found ${describeToken(word)}`, word);
  }
}

/** `FROM db` or `IN db`. */
function parseOptionalFromDb(c: Cursor): string | undefined {
  return c.acceptOneOf(['FROM', 'IN'] as const) ? c.identifier('a database name') : undefined;
}

function parseFilter(c: Cursor): ShowFilter {
  if (c.acceptWords('LIKE')) return { like: c.string('a pattern') };
  if (c.acceptWords('WHERE')) return { where: parseExpression(c) };
  return {};
}

function parseShowPartitions(c: Cursor, temporary: boolean): Statement {
  c.expectOneOf(['FROM', 'IN'] as const);
  const stmt: ShowPartitionsStatement = {
    kind: 'show_partitions',
    text: '',
    temporary,
    table: parseTableName(c),
    orderBy: [],
  };
  if (c.acceptWords('WHERE')) stmt.where = parseExpression(c);
  if (c.acceptWords('ORDER', 'BY')) stmt.orderBy = parseOrderByList(c);
  if (c.acceptWords('LIMIT')) stmt.limit = parseLimit(c);
  return stmt;
}

function parseShowCreate(c: Cursor): Statement {
  if (c.acceptOneOf(['DATABASE', 'SCHEMA'] as const)) return { kind: 'show_create_database', text: '', name: c.identifier('a database name') };
  let objectType: 'TABLE' | 'VIEW' | 'MATERIALIZED VIEW';
  if (c.acceptWords('MATERIALIZED', 'VIEW')) objectType = 'MATERIALIZED VIEW';
  else objectType = c.expectOneOf(['TABLE', 'VIEW'] as const);
  return { kind: 'show_create_table', text: '', objectType, table: parseTableName(c) };
}

/** `[FROM db] WHERE ID = n` */
function parseShowTransaction(c: Cursor): Statement {
  const db = parseOptionalFromDb(c);
  c.expectWords('WHERE');
  c.expectWords('ID');
  c.expectOp('=');
  const id = c.integer('a transaction id');
  return compact<ShowTransactionStatement>({ kind: 'show_transaction', text: '', db, id });
}

/** `ON repo [WHERE SNAPSHOT = 's' [AND TIMESTAMP = 't']]`, conditions in either order. */
function parseShowSnapshot(c: Cursor): Statement {
  c.expectWords('ON');
  const stmt: ShowSnapshotStatement = {
    kind: 'show_snapshot',
    text: '',
    repository: c.identifier('a repository name'),
  };
  if (c.acceptWords('WHERE')) {
    do {
      const field = c.expectOneOf(['SNAPSHOT', 'TIMESTAMP'] as const);
      const key = field === 'SNAPSHOT' ? 'snapshot' : 'timestamp';
      if (stmt[key] !== undefined) c.fail(`${field} given twice`, c.previous);
      c.expectOp('=');
      stmt[key] = c.string(`a ${key} in quotes`);
    } while (c.acceptWords('AND'));
  }
  return stmt;
}
