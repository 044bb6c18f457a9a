// Building SHOW results: named VARCHAR columns and text rows, with SHOW's LIKE (on the first
// column) and WHERE (over the named columns) filters.
import type { Value } from '../../common/column-types.js';
import type { Limit, OrderByItem, ShowFilter } from '../../sql/ast.js';
import type { StatementResult, TextRow } from '../mysql/index.js';
import { SimError } from '../sim-error.js';
import { columnIndex, likeMatches, passes, type EvalContext } from '../query/expression.js';

export type Cell = string | number | boolean | null | undefined;

export function cell(value: Cell): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return String(value);
}

export function showRows(names: string[], rows: Cell[][], filter?: ShowFilter, evalContext?: Omit<EvalContext, 'columns'>): StatementResult {
  let text: TextRow[] = rows.map((row) => row.map(cell));
  if (filter?.like !== undefined) text = text.filter((row) => row[0] !== null && likeMatches(row[0]!, filter.like!));
  if (filter?.where && evalContext) {
    // A column holding only integers (ids, versions, counts) compares as numbers, so that
    // `WHERE VisibleVersion > 9` keeps version 10; as text '10' < '9'.
    const integral = (i: number) => text.every((row) => row[i] === null || row[i] === undefined || /^-?\d{1,18}$/.test(row[i]!));
    const scope: EvalContext = { ...evalContext, columns: names.map((name, i) => ({ name, type: { name: integral(i) && text.length > 0 ? 'BIGINT' : 'VARCHAR' } as const })) };
    text = text.filter((row) => passes(filter.where, row as Value[], scope));
  }
  return { kind: 'rows', columns: names.map((name) => ({ name })), rows: text };
}

/** Numbers (ids, versions, counts) order as numbers, the rest as text; NULL first. */
function compareCells(a: string | null, b: string | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  if (/^-?\d+(\.\d+)?$/.test(a) && /^-?\d+(\.\d+)?$/.test(b)) return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * SHOW PARTITIONS' ORDER BY (over its column names) and LIMIT, applied to a built result. Without
 * this they would be parsed and then silently ignored.
 */
export function orderAndLimit(result: StatementResult, orderBy: OrderByItem[], limit: Limit | undefined): StatementResult {
  if (result.kind !== 'rows' || (orderBy.length === 0 && !limit)) return result;
  const scope = result.columns.map((c) => ({ name: c.name, type: { name: 'VARCHAR' as const } }));
  const keys = orderBy.map((o) => {
    if (o.expr.kind !== 'column') throw SimError.unsupported('ORDER BY an expression in SHOW');
    return { index: columnIndex(scope, o.expr.name), desc: o.desc };
  });
  let rows = [...(result.rows as TextRow[])];
  rows.sort((x, y) => {
    for (const { index, desc } of keys) {
      const c = compareCells(x[index] ?? null, y[index] ?? null);
      if (c !== 0) return desc ? -c : c;
    }
    return 0;
  });
  if (limit) rows = rows.slice(limit.offset, limit.offset + limit.count);
  return { ...result, rows };
}

/** Sizes as StarRocks prints them in SHOW PARTITIONS / SHOW DATA: 0B, 512B, 1.234 KB, 2.000 GB. */
export function prettyBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes}B`;
  const units = ['KB', 'MB', 'GB', 'TB', 'PB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(3)} ${units[unit]}`;
}
