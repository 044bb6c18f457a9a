// INSERT INTO t [[TEMPORARY] PARTITION (...)] [WITH LABEL l] [(cols)] VALUES ... | SELECT ...: a
// load like any other (labelled transaction, atomic visibility). In strict mode
// (enable_insert_strict, the default) one bad row fails the statement, as in StarRocks.
// INSERT OVERWRITE runs the same load into temporary partitions (insert-overwrite.ts).
import { randomUUID } from 'node:crypto';
import type { Value } from '../../common/column-types.js';
import { formatValue } from '../../common/values.js';
import type { InsertStatement } from '../../sql/ast.js';
import type { StatementResult } from '../mysql/index.js';
import type { DatabaseMeta, OlapTableMeta, TransactionMeta } from '../catalog/model.js';
import { partitionByName } from '../catalog/partitions.js';
import { requireOlapTable, type FeContext } from '../fe-context.js';
import { databaseOf } from '../ddl/table-ddl.js';
import { evaluate, type EvalContext } from '../query/expression.js';
import { executeSelect } from '../query/select-executor.js';
import { BeginTransactionError, SimError } from '../sim-error.js';
import { beginLoad, LoadError, runLoad, TOO_MANY_FILTERED_ROWS, type IncomingRow } from './load-coordinator.js';
import { RowConverter } from './row-conversion.js';

function literalText(value: Value, typed: { type?: Parameters<typeof formatValue>[0] }): string | null {
  if (value === null) return null;
  if (typed.type) return formatValue(typed.type, value);
  if (typeof value === 'boolean') return value ? '1' : '0';
  return String(value);
}

/** The statement's rows (VALUES or the SELECT's result) in table column order, in batches. */
export async function insertRows(ctx: FeContext, stmt: InsertStatement, table: OlapTableMeta, evalContext: Omit<EvalContext, 'columns'>, sessionDb: string | undefined): Promise<AsyncIterable<IncomingRow[]>> {
  const converter = new RowConverter(table.columns, stmt.columns);
  const scope: EvalContext = { ...evalContext, columns: [] };
  if (stmt.source.kind === 'values') {
    const values = stmt.source.rows;
    values.forEach((row, i) => {
      if (row.length !== converter.fieldCount) throw SimError.columnCountMismatch(i + 1);
    });
    return (async function* () {
      yield values.map((row) =>
        converter.convert(
          row.map((expr) => {
            const typed = evaluate(expr, [], scope);
            return literalText(typed.value, typed);
          }),
        ),
      );
    })();
  }
  const result = await executeSelect(ctx, stmt.source.query, evalContext, sessionDb);
  if (result.kind !== 'rows') throw SimError.internal('INSERT ... SELECT: the query returned no rows');
  if (result.columns.length !== converter.fieldCount) throw SimError.columnCountMismatch(1);
  return (async function* () {
    let batch: IncomingRow[] = [];
    for await (const row of result.rows) {
      batch.push(converter.convert([...row]));
      if (batch.length >= 1024) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  })();
}

export interface InsertTarget {
  db: DatabaseMeta;
  table: OlapTableMeta;
  label: string;
  /** Partitions that may receive rows; all formal ones when absent. */
  partitions?: ReadonlySet<string>;
  temporary?: boolean;
  strict: boolean;
  /** The load transaction's timeout: the session's query_timeout or insert_timeout, by release. */
  timeoutSeconds: number;
}

/** What the session decides about an INSERT. */
export interface InsertSettings {
  strict: boolean;
  timeoutSeconds: number;
}

/** Loads the rows as one labelled transaction and answers as StarRocks' INSERT does. */
export async function loadInsertRows(ctx: FeContext, target: InsertTarget, rows: AsyncIterable<IncomingRow[]>): Promise<StatementResult> {
  const timeoutMs = target.timeoutSeconds * 1000;
  const request = {
    dbId: target.db.id,
    tableId: target.table.id,
    label: target.label,
    sourceType: 'INSERT_STREAMING' as const,
    timeoutMs,
    maxFilterRatio: target.strict ? 0 : 1,
    ...(target.partitions ? { partitions: target.partitions } : {}),
    ...(target.temporary ? { temporary: true } : {}),
  };
  let txn: TransactionMeta;
  try {
    txn = beginLoad(ctx, request);
  } catch (error) {
    // StarRocks: sql/StatementPlanner.java begins an INSERT's transaction while planning and
    // turns every failure to begin into a SemanticException "fail to begin transaction. <cause>".
    if (error instanceof BeginTransactionError) throw SimError.semantic(`fail to begin transaction. ${error.message}`);
    throw error;
  }
  try {
    const outcome = await runLoad(ctx, request, txn, rows);
    return {
      kind: 'ok',
      affectedRows: outcome.loadedRows,
      info: `{'label':'${target.label}', 'status':'${outcome.status}', 'txnId':'${outcome.txnId}'}`,
    };
  } catch (error) {
    if (error instanceof LoadError && error.message === TOO_MANY_FILTERED_ROWS) {
      throw SimError.invalid(`Insert has filtered data in strict mode. ${error.stats.filterReasons[0] ?? ''}`.trim());
    }
    throw error;
  }
}

export function insertLabel(stmt: InsertStatement): string {
  return stmt.label ?? `insert_${randomUUID().replaceAll('-', '')}`;
}

export async function executeInsert(ctx: FeContext, stmt: InsertStatement, evalContext: Omit<EvalContext, 'columns'>, sessionDb: string | undefined, settings: InsertSettings): Promise<StatementResult> {
  const db = databaseOf(ctx, stmt.table, sessionDb);
  const table = requireOlapTable(db, stmt.table.name);
  // StarRocks: sql/analyzer/InsertAnalyzer.java resolves each named partition, formal or temporary.
  for (const name of stmt.partitions ?? []) if (!partitionByName(table, name, stmt.temporary ?? false)) throw SimError.unknownPartition(name, table.name);
  const rows = await insertRows(ctx, stmt, table, evalContext, sessionDb);
  return loadInsertRows(
    ctx,
    { db, table, label: insertLabel(stmt), ...settings, ...(stmt.partitions ? { partitions: new Set(stmt.partitions) } : {}), ...(stmt.temporary ? { temporary: true } : {}) },
    rows,
  );
}
