// Building SHOW results: named VARCHAR columns and text rows, with SHOW's LIKE (on the first
// column) and WHERE (over the named columns) filters.
import type { Value } from '../../common/column-types.js';
import type { ShowFilter } from '../../sql/ast.js';
import type { StatementResult, TextRow } from '../mysql/index.js';
import { likeMatches, passes, type EvalContext } from '../query/expression.js';

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
    const scope: EvalContext = { ...evalContext, columns: names.map((name) => ({ name, type: { name: 'VARCHAR' } })) };
    text = text.filter((row) => passes(filter.where, row as Value[], scope));
  }
  return { kind: 'rows', columns: names.map((name) => ({ name })), rows: text };
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
