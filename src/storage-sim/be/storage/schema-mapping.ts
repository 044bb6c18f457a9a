// Reading a rowset written under an older schema: columns are matched by name, a column the file
// does not have (added later) reads as its default or NULL, a column the file has but the schema
// no longer does (dropped) is skipped, and so is one the rowset marks hidden (dropped and maybe
// added again since: its old values must not come back).
import type { Value } from '../../common/column-types.js';
import { parseValue } from '../../common/values.js';
import type { StorageColumn } from './tablet-meta.js';

export interface ColumnMapping {
  /** For each target column, its index in the file row (after any op byte), or -1. */
  sources: Int32Array;
  defaults: Value[];
  /** The file row is already in target order: rows pass through untouched. */
  identity: boolean;
}

export function defaultValueOf(column: StorageColumn): Value {
  if (column.defaultValue === undefined) return null;
  return parseValue(column.type, column.defaultValue);
}

export function buildMapping(fileColumns: readonly string[], hidden: readonly string[] | undefined, target: readonly StorageColumn[]): ColumnMapping {
  const position = new Map<string, number>();
  fileColumns.forEach((name, i) => {
    if (!hidden?.includes(name)) position.set(name, i);
  });
  const sources = new Int32Array(target.length);
  const defaults: Value[] = [];
  let identity = fileColumns.length === target.length;
  target.forEach((column, i) => {
    const source = position.get(column.name) ?? -1;
    sources[i] = source;
    defaults.push(source < 0 ? defaultValueOf(column) : null);
    if (source !== i) identity = false;
  });
  return { sources, defaults, identity };
}

/** Rows of one decoded block in target column order. */
export function mapRows(rows: Value[][], mapping: ColumnMapping): Value[][] {
  if (mapping.identity) return rows;
  const { sources, defaults } = mapping;
  const width = sources.length;
  const out = new Array<Value[]>(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    const mapped = new Array<Value>(width);
    for (let i = 0; i < width; i++) {
      const s = sources[i]!;
      mapped[i] = s >= 0 ? row[s]! : defaults[i]!;
    }
    out[r] = mapped;
  }
  return out;
}
