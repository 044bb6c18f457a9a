// INSERT INTO t [PARTITION (...)] [WITH LABEL l] [(cols)] VALUES ... | SELECT ...: a load like any
// other (labelled transaction, atomic visibility). In strict mode (enable_insert_strict, the
// default) one bad row fails the statement, as in StarRocks.
import { randomUUID } from 'node:crypto';
import type { Value } from '../../common/column-types.js';
import { formatValue } from '../../common/values.js';
import type { InsertStatement } from '../../sql/ast.js';
import type { StatementResult } from '../mysql/index.js';
import { requireOlapTable, type FeContext } from '../fe-context.js';
import { databaseOf } from '../ddl/table-ddl.js';
import { evaluate, type EvalContext } from '../query/expression.js';
import { executeSelect } from '../query/select-executor.js';
import { SimError } from '../sim-error.js';
import { beginLoad, LoadError, runLoad, type IncomingRow } from './load-coordinator.js';
import { RowConverter } from './row-conversion.js';

function literalText(value: Value, typed: { type?: Parameters<typeof formatValue>[0] }): string | null {
  if (value === null) return null;
  if (typed.type) return formatValue(typed.type, value);
  if (typeof value === 'boolean') return value ? '1' : '0';
  return String(value);
}

export async function executeInsert(ctx: FeContext, stmt: InsertStatement, evalContext: Omit<EvalContext, 'columns'>, sessionDb: string | undefined, strict: boolean): Promise<StatementResult> {
  const db = databaseOf(ctx, stmt.table, sessionDb);
  const table = requireOlapTable(db, stmt.table.name);
  const converter = new RowConverter(table.columns, stmt.columns);
  const scope: EvalContext = { ...evalContext, columns: [] };
  for (const name of stmt.partitions ?? []) if (!table.partitions.some((p) => p.name === name)) throw SimError.unknownPartition(name, table.name);

  let rows: AsyncIterable<IncomingRow[]>;
  if (stmt.source.kind === 'values') {
    const values = stmt.source.rows;
    values.forEach((row, i) => {
      if (row.length !== converter.fieldCount) throw SimError.columnCountMismatch(i + 1);
    });
    rows = (async function* () {
      yield values.map((row) =>
        converter.convert(
          row.map((expr) => {
            const typed = evaluate(expr, [], scope);
            return literalText(typed.value, typed);
          }),
        ),
      );
    })();
  } else {
    const result = await executeSelect(ctx, stmt.source.query, evalContext, sessionDb);
    if (result.kind !== 'rows') throw SimError.internal('INSERT ... SELECT: the query returned no rows');
    if (result.columns.length !== converter.fieldCount) throw SimError.columnCountMismatch(1);
    rows = (async function* () {
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

  const label = stmt.label ?? `insert_${randomUUID().replaceAll('-', '')}`;
  const partitions = stmt.partitions ? new Set(stmt.partitions) : undefined;
  const timeoutMs = ctx.config.getInt('insert_load_default_timeout_second') * 1000;
  const request = { dbId: db.id, tableId: table.id, label, sourceType: 'INSERT_STREAMING' as const, timeoutMs, maxFilterRatio: strict ? 0 : 1, ...(partitions ? { partitions } : {}) };
  const txn = beginLoad(ctx, request);
  try {
    const outcome = await runLoad(ctx, request, txn, rows);
    return {
      kind: 'ok',
      affectedRows: outcome.loadedRows,
      info: `{'label':'${label}', 'status':'${outcome.status}', 'txnId':'${outcome.txnId}'}`,
    };
  } catch (error) {
    if (error instanceof LoadError && error.message === 'too many filtered rows') {
      throw SimError.invalid(`Insert has filtered data in strict mode. ${error.stats.filterReasons[0] ?? ''}`.trim());
    }
    throw error;
  }
}
