// SELECT over one table (a user table scanned tablet by tablet at each partition's visible
// version, or an information_schema table), or over no table at all. Plain queries stream rows to
// the client as they are scanned; aggregation, DISTINCT and ORDER BY hold what they must.
import type { ColumnType, Value } from '../../common/column-types.js';
import { formatValue } from '../../common/values.js';
import type { Expr, SelectItem, SelectStatement } from '../../sql/ast.js';
import { rowBatches, type ColumnSpec, type StatementResult, type TextRow } from '../mysql/index.js';
import type { OlapTableMeta } from '../catalog/model.js';
import { partitionByName } from '../catalog/partitions.js';
import { findTable, olapTableById, requireDatabase, requireNormalState, type FeContext } from '../fe-context.js';
import { SimError } from '../sim-error.js';
import { columnIndex, compareTyped, evaluate, passes, type EvalContext, type ScopeColumn, type Typed } from './expression.js';
import { informationSchemaTable } from './information-schema.js';
import { isHealthy } from '../catalog/write-quorum.js';

export interface RowSource {
  columns: ScopeColumn[];
  /** Rows in batches (a BE streams them that way; per-row async steps would dominate the cost). */
  rows: AsyncIterable<Value[][]>;
}

/**
 * Rows of a user table at the visible versions: one replica per tablet, on an alive BE if any.
 * `partitionNames` limits the scan to those partitions, temporary ones when `temporary` is set
 * (SELECT ... FROM t TEMPORARY PARTITION (tp)); without names only formal partitions are read.
 */
export function scanTable(ctx: FeContext, table: OlapTableMeta, partitionNames?: string[], temporary = false): AsyncIterable<Value[][]> {
  const pick = (t: OlapTableMeta) =>
    partitionNames
      ? partitionNames.map((name) => partitionByName(t, name, temporary) ?? (() => { throw SimError.unknownPartition(name, t.name); })())
      : t.partitions;
  pick(table); // an unknown name fails the statement before any row is sent
  return (async function* () {
    const end = ctx.scans.begin();
    try {
      // The partitions as of the moment the scan registers: a swap from now on drops the tablets
      // it replaced only after this scan has ended.
      const partitions = pick(olapTableAnywhere(ctx, table.id) ?? table);
      for (const partition of partitions) {
        if (partition.visibleVersion <= 1) continue; // nothing was ever loaded
        for (const tablet of partition.tablets) {
          const alive = new Set(ctx.backends.aliveIds());
          // A replica that missed a version cannot answer at the partition's visible version.
          const replica = tablet.replicas.find((r) => isHealthy(r) && alive.has(r.backendId)) ?? tablet.replicas.find(isHealthy) ?? tablet.replicas[0]!;
          yield* ctx.backends.client(replica.backendId).scan({ tabletId: tablet.id, version: partition.visibleVersion });
        }
      }
    } finally {
      end();
    }
  })();
}

function olapTableAnywhere(ctx: FeContext, tableId: number): OlapTableMeta | undefined {
  for (const db of ctx.store.state.databases) {
    const table = olapTableById(db, tableId);
    if (table) return table;
  }
  return undefined;
}

/** Rows computed as they are read (information_schema), handed on in batches like a BE's. */
async function* inBatches(rows: Iterable<Value[]> | AsyncIterable<Value[]>, size = 1024): AsyncGenerator<Value[][]> {
  let batch: Value[][] = [];
  for await (const row of rows) {
    batch.push(row);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/**
 * The (upper-case) names of the columns a statement refers to anywhere, or undefined when it
 * selects `*`: what a virtual table must compute. A name that is no column (an alias in ORDER
 * BY) is harmless here; unknown columns are reported by checkColumns.
 */
function namedColumns(stmt: SelectStatement): ReadonlySet<string> | undefined {
  if (stmt.items.some((item) => item.kind === 'star')) return undefined;
  const expressions = [
    ...stmt.items.flatMap((item) => (item.kind === 'expr' ? [item.expr] : [])),
    ...(stmt.where ? [stmt.where] : []),
    ...stmt.groupBy,
    ...(stmt.having ? [stmt.having] : []),
    ...stmt.orderBy.map((o) => o.expr),
  ];
  return new Set(expressions.flatMap(columnRefs).map((ref) => ref.name.toUpperCase()));
}

export function sourceFor(ctx: FeContext, stmt: SelectStatement, sessionDb: string | undefined): RowSource {
  const from = stmt.from;
  // FROM DUAL is MySQL's (and StarRocks') name for no table at all.
  const dual = from && !from.table.db && from.table.name.toUpperCase() === 'DUAL' && !from.partitions;
  if (!from || dual) return { columns: [], rows: (async function* () { yield [[]]; })() };
  const dbName = from.table.db ?? sessionDb;
  if (!dbName) throw SimError.noDatabaseSelected();
  const alias = from.alias ?? from.table.name;
  if (dbName.toLowerCase() === 'information_schema') {
    const virtual = informationSchemaTable(from.table.name, ctx.release);
    return { columns: virtual.columns.map((c) => ({ ...c, table: alias })), rows: inBatches(virtual.rows(ctx, namedColumns(stmt))) };
  }
  const db = requireDatabase(ctx, dbName);
  const table = findTable(db, from.table.name);
  if (!table) throw SimError.unknownTable(db.name, from.table.name);
  if (table.kind !== 'OLAP') throw SimError.unsupported(`querying ${table.kind === 'VIEW' ? 'a view' : 'a materialized view'}`);
  requireNormalState(table);
  return { columns: table.columns.map((c) => ({ name: c.name, table: alias, type: c.type })), rows: scanTable(ctx, table, from.partitions, from.temporary) };
}

const AGGREGATES = new Set(['COUNT', 'SUM', 'MIN', 'MAX', 'AVG']);

function hasAggregate(expr: Expr): boolean {
  switch (expr.kind) {
    case 'function':
      return AGGREGATES.has(expr.name) || expr.args.some(hasAggregate);
    case 'unary':
      return hasAggregate(expr.operand);
    case 'binary':
      return hasAggregate(expr.left) || hasAggregate(expr.right);
    default:
      return false;
  }
}

/** The column references in an expression. */
function columnRefs(expr: Expr): Extract<Expr, { kind: 'column' }>[] {
  switch (expr.kind) {
    case 'column':
      return [expr];
    case 'function':
      return expr.args.flatMap(columnRefs);
    case 'unary':
      return columnRefs(expr.operand);
    case 'binary':
      return [...columnRefs(expr.left), ...columnRefs(expr.right)];
    case 'in':
      return [expr.expr, ...expr.list].flatMap(columnRefs);
    case 'between':
      return [expr.expr, expr.low, expr.high].flatMap(columnRefs);
    case 'is_null':
      return columnRefs(expr.expr);
    case 'like':
      return [...columnRefs(expr.expr), ...columnRefs(expr.pattern)];
    default:
      return [];
  }
}

/**
 * StarRocks resolves every name when it analyses the query, so an unknown column fails the
 * statement even when no row would ever reach the expression: an empty table, or a WHERE that
 * drops every row. Evaluation alone would only notice on the first row.
 * StarRocks: fe/fe-core/src/main/java/com/starrocks/sql/analyzer/Scope.java (resolveField)
 */
function checkColumns(stmt: SelectStatement, outputs: OutputColumn[], columns: readonly ScopeColumn[]): void {
  const resolve = (expr: Expr) => {
    for (const ref of columnRefs(expr)) {
      try {
        columnIndex(columns, ref.name, ref.table);
      } catch {
        throw SimError.columnCannotBeResolved(ref.table ? [ref.table, ref.name] : [ref.name]);
      }
    }
  };
  for (const o of outputs) resolve(o.expr);
  if (stmt.where) resolve(stmt.where);
  for (const g of stmt.groupBy) resolve(g);
  for (const o of stmt.orderBy) {
    // ORDER BY may name a select-list alias (see orderKey).
    const e = o.expr;
    if (e.kind === 'column' && !e.table && outputs.some((out) => out.name.toLowerCase() === e.name.toLowerCase())) continue;
    resolve(o.expr);
  }
}

interface OutputColumn {
  name: string;
  expr: Expr;
}

function expandItems(items: SelectItem[], columns: ScopeColumn[]): OutputColumn[] {
  return items.flatMap((item): OutputColumn[] => {
    if (item.kind === 'expr') {
      // A column is labelled with its name, not with the text that named it (`t`.`a b` -> a b),
      // as in MySQL and StarRocks; other expressions keep their text.
      const label = item.expr.kind === 'column' ? item.expr.name : item.text;
      return [{ name: item.alias ?? label, expr: item.expr }];
    }
    const matching = columns.filter((c) => !item.table || c.table?.toLowerCase() === item.table.toLowerCase());
    return matching.map((c) => ({ name: c.name, expr: { kind: 'column', name: c.name, ...(c.table ? { table: c.table } : {}) } }));
  });
}

function text(typed: Typed): string | null {
  if (typed.value === null) return null;
  if (typed.type) return formatValue(typed.type, typed.value);
  if (typeof typed.value === 'boolean') return typed.value ? '1' : '0';
  return String(typed.value);
}

function columnSpec(name: string, sample: Typed | undefined, tableName: string | undefined): ColumnSpec {
  const type = sample?.type;
  return {
    name,
    type: type ? type.name : typeof sample?.value === 'number' ? 'BIGINT' : 'VARCHAR',
    ...(type?.length !== undefined ? { length: type.length } : {}),
    ...(type?.scale !== undefined ? { scale: type.scale } : {}),
    ...(tableName ? { table: tableName } : {}),
  };
}

interface Accumulator {
  add(row: readonly Value[]): void;
  result(): Typed;
}

/** Column types SUM adds exactly, as StarRocks does (integers into BIGINT/LARGEINT, DECIMAL into DECIMAL(38, s)). */
const EXACT_SUM = new Set(['TINYINT', 'SMALLINT', 'INT', 'BIGINT', 'LARGEINT', 'DECIMAL']);

/** An exact column value as an unscaled integer: DECIMAL(10, 2) -1.5 -> -150n. */
function unscaled(type: ColumnType, value: Value): bigint {
  // formatValue writes a DECIMAL with exactly its scale's digits, an integer as plain digits.
  return BigInt((formatValue(type, value) ?? '0').replace('.', ''));
}

function scaledText(sum: bigint, scale: number): string {
  if (scale === 0) return String(sum);
  const digits = String(sum < 0n ? -sum : sum).padStart(scale + 1, '0');
  return `${sum < 0n ? '-' : ''}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

function accumulatorFor(expr: Expr, ctx: EvalContext, firstRow: readonly Value[]): Accumulator {
  if (expr.kind === 'function' && AGGREGATES.has(expr.name)) {
    const arg = expr.args[0];
    let count = 0;
    let best: Typed | undefined;
    let sum = 0;
    // SUM over an integer or DECIMAL column: exact (a double would lose digits past 2^53 and
    // turn 0.10 + 0.20 into 0.30000000000000004).
    let exact: { sum: bigint; type: ColumnType } | undefined;
    let inexact = false;
    const seen = new Set<string>();
    return {
      add(row) {
        if (expr.star) {
          count++;
          return;
        }
        const value = evaluate(arg!, row, ctx);
        if (value.value === null) return;
        if (expr.distinct) {
          const key = JSON.stringify(value.value);
          if (seen.has(key)) return;
          seen.add(key);
        }
        count++;
        if (expr.name === 'SUM' || expr.name === 'AVG') sum += Number(value.value);
        if (expr.name === 'SUM') {
          if (value.type && EXACT_SUM.has(value.type.name) && !inexact) {
            exact ??= { sum: 0n, type: value.type };
            exact.sum += unscaled(value.type, value.value);
          } else {
            inexact = true;
          }
        }
        if (expr.name === 'MIN' || expr.name === 'MAX') {
          const c = best ? compareTyped(value, best) : null;
          if (!best || (c !== null && (expr.name === 'MIN' ? c < 0 : c > 0))) best = value;
        }
      },
      result() {
        switch (expr.name) {
          case 'COUNT':
            return { value: count, type: { name: 'BIGINT' } };
          case 'SUM':
            if (count === 0) return { value: null };
            if (exact && !inexact) {
              const { name, scale } = exact.type;
              if (name === 'DECIMAL') return { value: scaledText(exact.sum, scale ?? 0), type: { name: 'DECIMAL', length: 38, scale: scale ?? 0 } };
              return { value: String(exact.sum), type: { name: name === 'LARGEINT' ? 'LARGEINT' : 'BIGINT' } };
            }
            return { value: sum };
          case 'AVG':
            return { value: count === 0 ? null : sum / count };
          default:
            return best ?? { value: null };
        }
      },
    };
  }
  if (hasAggregate(expr)) throw SimError.unsupported('expressions over aggregate functions');
  // A grouping column or constant: its value in the group's first row.
  const value = evaluate(expr, firstRow, ctx);
  return { add: () => undefined, result: () => value };
}

/**
 * The type of computed column i, for HAVING over the results: the first typed value's (the first
 * group's MIN may be an untyped NULL), else numeric when the values are numbers. Comparing
 * numbers as VARCHAR text would order nothing.
 */
function outputType(produced: Typed[][], i: number): ColumnType {
  for (const row of produced) if (row[i]?.type) return row[i]!.type!;
  return produced.some((row) => typeof row[i]?.value === 'number') ? { name: 'DOUBLE' } : { name: 'VARCHAR' };
}

/** HAVING with each aggregate call replaced by a reference to a hidden output computing it. */
function havingOverOutputs(having: Expr, visible: number): { expr: Expr; hidden: OutputColumn[] } {
  const hidden: OutputColumn[] = [];
  const rewrite = (expr: Expr): Expr => {
    switch (expr.kind) {
      case 'function':
        if (AGGREGATES.has(expr.name)) {
          // A name no select-list column can have (it holds a NUL).
          const name = `\u0000having ${visible + hidden.length}`;
          hidden.push({ name, expr });
          return { kind: 'column', name };
        }
        return { ...expr, args: expr.args.map(rewrite) };
      case 'unary':
        return { ...expr, operand: rewrite(expr.operand) };
      case 'binary':
        return { ...expr, left: rewrite(expr.left), right: rewrite(expr.right) };
      case 'in':
        return { ...expr, expr: rewrite(expr.expr), list: expr.list.map(rewrite) };
      case 'between':
        return { ...expr, expr: rewrite(expr.expr), low: rewrite(expr.low), high: rewrite(expr.high) };
      case 'is_null':
        return { ...expr, expr: rewrite(expr.expr) };
      case 'like':
        return { ...expr, expr: rewrite(expr.expr), pattern: rewrite(expr.pattern) };
      default:
        return expr;
    }
  };
  return { expr: rewrite(having), hidden };
}

function compareRows(a: Typed[], b: Typed[], desc: boolean[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    // NULLs first in ascending order, last in descending, as StarRocks sorts them.
    const c = x.value === null ? (y.value === null ? 0 : -1) : y.value === null ? 1 : (compareTyped(x, y) ?? 0);
    if (c !== 0) return desc[i] ? -c : c;
  }
  return 0;
}

export async function executeSelect(ctx: FeContext, stmt: SelectStatement, evalContext: Omit<EvalContext, 'columns'>, sessionDb: string | undefined): Promise<StatementResult> {
  const source = sourceFor(ctx, stmt, sessionDb);
  const scope: EvalContext = { ...evalContext, columns: source.columns };
  const outputs = expandItems(stmt.items, source.columns);
  checkColumns(stmt, outputs, source.columns);
  const aggregate = stmt.groupBy.length > 0 || outputs.some((o) => hasAggregate(o.expr));
  const limit = stmt.limit;
  const tableName = stmt.from?.table.name;

  let produced: Typed[][] = [];
  if (aggregate) {
    // Aggregates named in HAVING (HAVING COUNT(*) > 1) are computed per group like the select
    // list, as hidden columns dropped once HAVING has run.
    const having = stmt.having ? havingOverOutputs(stmt.having, outputs.length) : undefined;
    const computed = having ? [...outputs, ...having.hidden] : outputs;
    const groups = new Map<string, Accumulator[]>();
    for await (const batch of source.rows) for (const row of batch) {
      if (!passes(stmt.where, row, scope)) continue;
      const key = JSON.stringify(stmt.groupBy.map((g) => evaluate(g, row, scope).value));
      let accumulators = groups.get(key);
      if (!accumulators) {
        accumulators = computed.map((o) => accumulatorFor(o.expr, scope, row));
        groups.set(key, accumulators);
      }
      for (const a of accumulators) a.add(row);
    }
    if (groups.size === 0 && stmt.groupBy.length === 0) groups.set('', computed.map((o) => accumulatorFor(o.expr, scope, [])));
    produced = [...groups.values()].map((accumulators) => accumulators.map((a) => a.result()));
    if (having) {
      const havingScope: EvalContext = { ...scope, columns: computed.map((o, i) => ({ name: o.name, type: outputType(produced, i) })) };
      produced = produced.filter((row) => passes(having.expr, row.map((t) => t.value), havingScope)).map((row) => row.slice(0, outputs.length));
    }
  }

  const needsAll = aggregate || stmt.orderBy.length > 0 || stmt.distinct;
  if (!needsAll) {
    // Streaming: project each row as it arrives, stop at LIMIT.
    const first = await firstRows(source.rows, stmt, scope, outputs);
    const columns = outputs.map((o, i) => columnSpec(o.name, first.sample[i], tableName));
    return { kind: 'rows', columns, rows: first.rows };
  }

  if (!aggregate) {
    const keyed: { out: Typed[]; keys: Typed[] }[] = [];
    for await (const batch of source.rows) for (const row of batch) {
      if (!passes(stmt.where, row, scope)) continue;
      const out = outputs.map((o) => evaluate(o.expr, row, scope));
      keyed.push({ out, keys: stmt.orderBy.map((o) => orderKey(o.expr, row, out, outputs, scope)) });
    }
    keyed.sort((a, b) => compareRows(a.keys, b.keys, stmt.orderBy.map((o) => o.desc)));
    produced = keyed.map((k) => k.out);
  } else if (stmt.orderBy.length > 0) {
    const outScope: EvalContext = { ...scope, columns: outputs.map((o, i) => ({ name: o.name, type: outputType(produced, i) })) };
    const keyed = produced.map((out) => ({ out, keys: stmt.orderBy.map((o) => orderKey(o.expr, out.map((t) => t.value), out, outputs, outScope)) }));
    keyed.sort((a, b) => compareRows(a.keys, b.keys, stmt.orderBy.map((o) => o.desc)));
    produced = keyed.map((k) => k.out);
  }
  if (stmt.distinct) {
    const seen = new Set<string>();
    produced = produced.filter((row) => {
      const key = JSON.stringify(row.map((t) => t.value));
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }
  if (limit) produced = produced.slice(limit.offset, limit.offset + limit.count);
  const columns = outputs.map((o, i) => columnSpec(o.name, produced[0]?.[i], tableName));
  return { kind: 'rows', columns, rows: produced.map((row): TextRow => row.map(text)) };
}

/** ORDER BY 2, ORDER BY alias, or ORDER BY an expression over the source row. */
function orderKey(expr: Expr, row: readonly Value[], out: Typed[], outputs: OutputColumn[], scope: EvalContext): Typed {
  if (expr.kind === 'number' && /^\d+$/.test(expr.text)) {
    const position = Number(expr.text);
    if (position < 1 || position > out.length) throw SimError.invalid(`ORDER BY position ${position} is not in select list`);
    return out[position - 1]!;
  }
  if (expr.kind === 'column' && !expr.table) {
    // As in MySQL, a name in ORDER BY means a select-list alias before it means a source column.
    const byAlias = outputs.findIndex((o) => o.name.toLowerCase() === expr.name.toLowerCase());
    if (byAlias >= 0) return out[byAlias]!;
  }
  // ORDER BY COUNT(*) after SELECT COUNT(*): the select-list item computing the same expression.
  const same = outputs.findIndex((o) => JSON.stringify(o.expr) === JSON.stringify(expr));
  if (same >= 0) return out[same]!;
  return evaluate(expr, row, scope);
}

async function firstRows(batches: AsyncIterable<Value[][]>, stmt: SelectStatement, scope: EvalContext, outputs: OutputColumn[]) {
  // Peek at the first qualifying row to learn the output types, then stream the rest.
  const iterator = batches[Symbol.asyncIterator]();
  let batch: Value[][] = [];
  let at = 0;
  /** The next row of the current or a later batch; undefined when the source is done. */
  const nextRow = async (): Promise<Value[] | undefined> => {
    while (at >= batch.length) {
      const next = await iterator.next();
      if (next.done) return undefined;
      batch = next.value;
      at = 0;
    }
    return batch[at++];
  };
  const project = (row: Value[]) => outputs.map((o) => evaluate(o.expr, row, scope));
  const offset = stmt.limit?.offset ?? 0;
  const count = stmt.limit?.count ?? Number.POSITIVE_INFINITY;
  let first: Typed[] | undefined;
  // LIMIT 0 asks for the columns only (a client learning a table's shape): StarRocks plans an empty
  // set and scans nothing, which for information_schema.be_tablets would mean asking every BE.
  for (let row = count === 0 ? undefined : await nextRow(); row !== undefined; row = await nextRow()) {
    if (!passes(stmt.where, row, scope)) continue;
    first = project(row);
    break;
  }
  const sample = first ?? outputs.map((o) => (o.expr.kind === 'column' ? { value: null, type: scope.columns[columnIndex(scope.columns, o.expr.name, o.expr.table)]!.type } : { value: null }));
  // A select list of plain columns (information_schema reads, SELECT *) is copied out as text
  // directly: no typed value per cell, which is what evaluate + text would amount to.
  const direct = outputs.every((o) => o.expr.kind === 'column')
    ? outputs.map((o) => {
        const ref = o.expr as Extract<Expr, { kind: 'column' }>;
        const at = columnIndex(scope.columns, ref.name, ref.table);
        return { at, type: scope.columns[at]!.type };
      })
    : undefined;
  const textOf = direct ? (row: Value[]): TextRow => direct.map((c) => formatValue(c.type, row[c.at] ?? null)) : (row: Value[]): TextRow => project(row).map(text);
  // Rows go out in the source's batches (see rowBatches): one await per batch, not per row.
  async function* textBatches(): AsyncGenerator<TextRow[]> {
    let index = 0;
    let emitted = 0;
    const emit = () => {
      const keep = index >= offset && emitted < count;
      index++;
      if (keep) emitted++;
      return keep;
    };
    try {
      let out: TextRow[] = [];
      if (first && emit()) out.push(first.map(text));
      for (;;) {
        while (at < batch.length && emitted < count) {
          const row = batch[at++]!;
          if (passes(stmt.where, row, scope) && emit()) out.push(textOf(row));
        }
        if (out.length > 0) yield out;
        out = [];
        if (emitted >= count) break;
        const next = await iterator.next();
        if (next.done) break;
        batch = next.value;
        at = 0;
      }
    } finally {
      await iterator.return?.(undefined);
    }
  }
  return { sample, rows: rowBatches(textBatches) };
}
