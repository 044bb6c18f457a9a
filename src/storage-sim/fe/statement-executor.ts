// One SQL statement in, one result out: parses the text and hands each statement family to its
// executor. Everything a client can send goes through here, over the MySQL protocol.
import { parseStatement } from '../sql/parser.js';
import { SqlSyntaxError } from '../sql/errors.js';
import type { Statement } from '../sql/ast.js';
import type { Session, StatementResult } from './mysql/index.js';
import { findTable, requireDatabase, requireOlapTable, type FeContext } from './fe-context.js';
import { SimError } from './sim-error.js';
import { createDatabase, dropDatabase } from './ddl/database-ddl.js';
import { createTable, databaseOf, dropTable, truncateTable } from './ddl/table-ddl.js';
import { alterTable } from './ddl/alter-table.js';
import { createMaterializedView, createView } from './ddl/view-ddl.js';
import { executeInsert } from './load/insert-executor.js';
import { executeInsertOverwrite } from './load/insert-overwrite.js';
import { executeSelect } from './query/select-executor.js';
import type { EvalContext } from './query/expression.js';
import { evaluate } from './query/expression.js';
import { checkVariable, normalizeVariableValue, variableDefaults, variableValue } from './settings/session-variables.js';
import { currentVersionText } from './starrocks-release.js';
import { validateConfigValue } from './settings/frontend-config.js';
import { orderAndLimit, showRows, type Cell } from './show/show-result.js';
import { showCreateMaterializedView, showCreateTable, showCreateView } from './show/show-create.js';
import { PARTITION_COLUMNS, partitionRows, selectPartitions, SHOW_TABLET_BY_ID_COLUMNS, showDataRows, TABLET_COLUMNS, tabletByIdRow, tabletRows } from './show/show-storage.js';
import { BACKEND_COLUMNS, backendRows, FRONTEND_COLUMNS, frontendRows, TRANSACTION_COLUMNS, transactionRows, type FrontendIdentity } from './show/show-cluster.js';
import { showProc, type ProcRoot } from './show/show-proc.js';
import { computeNodeColumns, computeNodeRows } from './show/show-compute-nodes.js';
import { formatColumnType } from './ddl/column-types-text.js';

/** Statements of later stages (backup, restore, repositories) plug in here. */
export type ExtraExecutor = (ctx: FeContext, session: Session, stmt: Statement) => Promise<StatementResult | undefined>;

export interface StatementEngine {
  ctx: FeContext;
  /** The cluster's FEs as SHOW FRONTENDS lists them: the leader first. */
  frontends(): FrontendIdentity[];
  procRoots: Record<string, ProcRoot>;
  extra: ExtraExecutor[];
  /** Open sessions, for SHOW PROCESSLIST and KILL. */
  sessions(): Session[];
  kill(connectionId: number): boolean;
}

const OK: StatementResult = { kind: 'ok' };

function evalContextOf(engine: StatementEngine, session: Session): Omit<EvalContext, 'columns'> {
  const globals = engine.ctx.store.state.globalVariables;
  const defaults = variableDefaults(engine.ctx.release);
  return {
    variable: (name, scope) => (scope === 'GLOBAL' ? variableValue(name, new Map(), globals, defaults) : variableValue(name, session.variables, globals, defaults)),
    currentVersion: () => currentVersionText(engine.ctx.release),
    database: () => session.database ?? null,
    connectionId: () => session.connectionId,
    user: () => session.user,
  };
}

function parse(sql: string): Statement {
  try {
    return parseStatement(sql);
  } catch (error) {
    if (error instanceof SqlSyntaxError) throw new SimError(error.errno, error.sqlState, error.toMysqlMessage());
    throw error;
  }
}

function text(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

export async function executeStatement(engine: StatementEngine, session: Session, sql: string): Promise<StatementResult> {
  const stmt = parse(sql);
  const ctx = engine.ctx;
  const evalContext = evalContextOf(engine, session);
  const defaults = variableDefaults(ctx.release);
  const sessionDb = session.database;
  for (const extra of engine.extra) {
    const result = await extra(ctx, session, stmt);
    if (result) return result;
  }
  switch (stmt.kind) {
    case 'select':
      return executeSelect(ctx, stmt, evalContext, sessionDb);
    case 'insert': {
      const variable = (name: string) => variableValue(name, session.variables, ctx.store.state.globalVariables, defaults);
      const settings = { strict: variable('enable_insert_strict') !== 'false', timeoutSeconds: Number(variable(ctx.release.insertTimeoutVariable)) };
      return stmt.overwrite ? executeInsertOverwrite(ctx, stmt, evalContext, sessionDb, settings) : executeInsert(ctx, stmt, evalContext, sessionDb, settings);
    }
    case 'use': {
      if (stmt.db.toLowerCase() === 'information_schema') session.database = 'information_schema';
      else session.database = requireDatabase(ctx, stmt.db).name;
      return OK;
    }
    case 'create_database':
      await createDatabase(ctx, stmt);
      return OK;
    case 'drop_database':
      await dropDatabase(ctx, stmt);
      if (session.database === stmt.name) session.database = undefined;
      return OK;
    case 'create_table':
      await createTable(ctx, stmt, sessionDb);
      return OK;
    case 'drop_table':
      await dropTable(ctx, stmt, sessionDb);
      return OK;
    case 'truncate_table':
      await truncateTable(ctx, stmt, sessionDb);
      return OK;
    case 'alter_table':
      await alterTable(ctx, stmt, sessionDb);
      return OK;
    case 'create_view':
    case 'alter_view':
      await createView(ctx, stmt, sessionDb);
      return OK;
    case 'drop_view':
      await dropTable(ctx, { kind: 'drop_table', text: stmt.text, table: stmt.view, ifExists: stmt.ifExists, force: false }, sessionDb, 'VIEW');
      return OK;
    case 'create_materialized_view':
      await createMaterializedView(ctx, stmt, sessionDb);
      return OK;
    case 'drop_materialized_view':
      await dropTable(ctx, { kind: 'drop_table', text: stmt.text, table: stmt.view, ifExists: stmt.ifExists, force: false }, sessionDb, 'MATERIALIZED_VIEW');
      return OK;
    case 'set_names':
    case 'set_charset':
    case 'begin':
    case 'commit':
    case 'rollback':
      return OK;
    case 'set_variables': {
      // Every assignment is checked before any is applied: as in MySQL, one bad value changes nothing.
      const changes = stmt.assignments.flatMap((assignment) => {
        if (assignment.target.kind === 'user') return [];
        const name = checkVariable(assignment.target.name, defaults);
        // SET x = DEFAULT: the session value falls back to the global one, the global one to the default.
        const reset = assignment.value.kind === 'column' && assignment.value.name.toUpperCase() === 'DEFAULT';
        const raw = assignment.value.kind === 'column' ? assignment.value.name : text(evaluate(assignment.value, [], { ...evalContext, columns: [] }).value);
        const value = reset ? defaults[name]! : normalizeVariableValue(name, raw, defaults);
        return [{ name, value, reset, global: assignment.target.scope === 'GLOBAL' }];
      });
      for (const { name, value, reset, global } of changes) {
        if (global) ctx.store.write({ op: 'globalVariable', key: name, value });
        else if (reset) session.variables.delete(name);
        else session.variables.set(name, value);
      }
      return OK;
    }
    case 'kill':
      if (!engine.kill(stmt.id)) throw new SimError(1094, 'HY000', `Unknown thread id: ${stmt.id}`);
      return OK;
    case 'update_be_config': {
      const backends = ctx.backends.list().filter((b) => stmt.backendId === undefined || b.id === stmt.backendId);
      if (backends.length === 0) throw SimError.invalid(`Unknown backend id ${stmt.backendId}`);
      for (const backend of backends) {
        try {
          await ctx.backends.client(backend.id).setConfig(stmt.name, stmt.value);
        } catch (error) {
          throw SimError.invalid(`Failed to set BE config on backend ${backend.id}: ${(error as Error).message}`);
        }
      }
      await ctx.backends.heartbeat();
      return { kind: 'ok', affectedRows: backends.length };
    }
    case 'admin_show_config': {
      if (stmt.target !== 'FRONTEND') throw SimError.unsupported('ADMIN SHOW BACKEND CONFIG');
      return showRows(['Key', 'AliasNames', 'Value', 'Type', 'IsMutable', 'Comment'], ctx.config.rows(), stmt.like !== undefined ? { like: stmt.like } : undefined);
    }
    case 'admin_set_config': {
      if (stmt.target !== 'FRONTEND') throw SimError.unsupported('ADMIN SET BACKEND CONFIG');
      for (const [key, value] of Object.entries(stmt.properties)) validateConfigValue(key, value);
      for (const [key, value] of Object.entries(stmt.properties)) ctx.store.write({ op: 'frontendConfig', key, value });
      return OK;
    }
    case 'show_databases':
      return showRows(['Database'], [['information_schema'], ...ctx.store.state.databases.map((d): Cell[] => [d.name])], stmt, evalContext);
    case 'show_tables': {
      const dbName = stmt.db ?? sessionDb;
      if (!dbName) throw SimError.noDatabaseSelected();
      const db = requireDatabase(ctx, dbName);
      const rows = [...db.tables].sort((a, b) => a.name.localeCompare(b.name)).map((t): Cell[] => (stmt.full ? [t.name, t.kind === 'OLAP' ? 'BASE TABLE' : 'VIEW'] : [t.name]));
      return showRows(stmt.full ? [`Tables_in_${db.name}`, 'Table_type'] : [`Tables_in_${db.name}`], rows, stmt, evalContext);
    }
    case 'show_partitions': {
      const table = requireOlapTable(databaseOf(ctx, stmt.table, sessionDb), stmt.table.name);
      return orderAndLimit(showRows(PARTITION_COLUMNS, partitionRows(table, stmt.temporary), stmt.where ? { where: stmt.where } : undefined, evalContext), stmt.orderBy, stmt.limit);
    }
    case 'show_tablets': {
      const table = requireOlapTable(databaseOf(ctx, stmt.table, sessionDb), stmt.table.name);
      return showRows(TABLET_COLUMNS, await tabletRows(ctx, selectPartitions(table, stmt.partitions)));
    }
    case 'show_tablet':
      return showRows(SHOW_TABLET_BY_ID_COLUMNS, [tabletByIdRow(ctx, stmt.tabletId)]);
    case 'show_data': {
      const db = databaseOf(ctx, stmt.table ?? { name: '' }, sessionDb);
      const data = showDataRows(db, stmt.table ? requireOlapTable(db, stmt.table.name) : undefined);
      return showRows(data.columns, data.rows);
    }
    case 'show_backends':
      // A shared-data cluster's nodes are compute nodes: SHOW BACKENDS lists none of them.
      return showRows(BACKEND_COLUMNS, ctx.runMode === 'shared_data' ? [] : backendRows(ctx));
    case 'show_frontends':
      return showRows(FRONTEND_COLUMNS, frontendRows(ctx, engine.frontends()));
    case 'show_compute_nodes':
      return showRows(computeNodeColumns(ctx.release, ctx.runMode === 'shared_data'), computeNodeRows(ctx));
    case 'show_proc': {
      const result = await showProc(ctx, stmt.path, engine.frontends(), engine.procRoots);
      return showRows(result.columns, result.rows);
    }
    case 'show_transaction': {
      const db = databaseOf(ctx, { name: '', ...(stmt.db ? { db: stmt.db } : {}) }, sessionDb);
      const txn = ctx.txns.get(stmt.id);
      if (!txn || txn.dbId !== db.id) throw SimError.invalid(`transaction with id ${stmt.id} does not exist`);
      return showRows(TRANSACTION_COLUMNS, transactionRows([txn]));
    }
    case 'show_create_table': {
      const db = databaseOf(ctx, stmt.table, sessionDb);
      const table = findTable(db, stmt.table.name);
      if (!table) throw SimError.unknownTable(db.name, stmt.table.name);
      if (table.kind === 'VIEW') return showRows(['View', 'Create View', 'character_set_client', 'collation_connection'], [[table.name, showCreateView(table), 'utf8', 'utf8_general_ci']]);
      if (table.kind === 'MATERIALIZED_VIEW') return showRows(['Materialized View', 'Create Materialized View'], [[table.name, showCreateMaterializedView(table)]]);
      if (stmt.objectType !== 'TABLE') throw SimError.invalid(`'${db.name}.${table.name}' is not a ${stmt.objectType.toLowerCase()}`);
      return showRows(['Table', 'Create Table'], [[table.name, showCreateTable(table)]]);
    }
    case 'show_create_database': {
      const db = requireDatabase(ctx, stmt.name);
      return showRows(['Database', 'Create Database'], [[db.name, `CREATE DATABASE \`${db.name.replaceAll('`', '``')}\``]]);
    }
    case 'show_variables': {
      const globals = ctx.store.state.globalVariables;
      const rows = Object.keys(defaults)
        .sort()
        .map((name): Cell[] => [name, stmt.scope === 'GLOBAL' ? variableValue(name, new Map(), globals, defaults) : variableValue(name, session.variables, globals, defaults)]);
      return showRows(['Variable_name', 'Value'], rows, stmt, evalContext);
    }
    case 'show_columns': {
      const table = requireOlapTable(databaseOf(ctx, stmt.table, sessionDb), stmt.table.name);
      const names = stmt.full ? ['Field', 'Type', 'Collation', 'Null', 'Key', 'Default', 'Extra', 'Privileges', 'Comment'] : ['Field', 'Type', 'Null', 'Key', 'Default', 'Extra'];
      const rows = table.columns.map((c): Cell[] => {
        const base = [c.name, formatColumnType(c.type)];
        const rest = [c.nullable ? 'YES' : 'NO', c.isKey ? 'true' : 'false', c.defaultValue ?? null, c.aggregation ?? ''];
        return stmt.full ? [...base, null, ...rest, '', c.comment] : [...base, ...rest];
      });
      return showRows(names, rows, stmt, evalContext);
    }
    case 'show_materialized_views': {
      const dbName = stmt.db ?? sessionDb;
      if (!dbName) throw SimError.noDatabaseSelected();
      const db = requireDatabase(ctx, dbName);
      const rows = db.tables.filter((t) => t.kind === 'MATERIALIZED_VIEW').map((t): Cell[] => [t.id, t.name, db.name, 'ASYNC', true, t.kind === 'MATERIALIZED_VIEW' ? t.queryText : '', 0]);
      return showRows(['id', 'name', 'database_name', 'refresh_type', 'is_active', 'text', 'rows'], rows, stmt, evalContext);
    }
    case 'show_processlist':
      return showRows(
        ['Id', 'User', 'Host', 'Db', 'Command', 'ConnectionStartTime', 'Time', 'State', 'Info', 'IsPending'],
        engine.sessions().map((s) => [s.connectionId, s.user, s.remoteAddress, s.database ?? '', 'Query', null, 0, 'OK', '', false]),
      );
    case 'show_status':
    case 'show_warnings':
      return showRows(stmt.kind === 'show_status' ? ['Variable_name', 'Value'] : ['Level', 'Code', 'Message'], []);
    default:
      throw SimError.unsupported(stmt.text.split(/\s+/).slice(0, 3).join(' '));
  }
}


