// Ordering rows by a table's key columns: how keyed writers sort the runs they write and how
// reads and compaction merge runs of several versions.
import type { Value } from '../../common/column-types.js';
import { compareValues } from '../../common/values.js';
import type { StorageColumn } from './tablet-meta.js';

export type RowComparator = (a: readonly Value[], b: readonly Value[]) => number;

/** Indexes of the key columns in the schema, in key order. */
export function keyIndexes(columns: readonly StorageColumn[], keyColumns: readonly string[]): number[] {
  return keyColumns.map((name) => {
    const i = columns.findIndex((c) => c.name === name);
    if (i < 0) throw new Error(`key column ${name} is not in the schema`);
    return i;
  });
}

export function keyComparator(columns: readonly StorageColumn[], keys: readonly number[]): RowComparator {
  const types = keys.map((i) => columns[i]!.type);
  if (keys.length === 1) {
    const k = keys[0]!;
    const type = types[0]!;
    return (a, b) => compareValues(type, a[k]!, b[k]!);
  }
  return (a, b) => {
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      const c = compareValues(types[i]!, a[k]!, b[k]!);
      if (c !== 0) return c;
    }
    return 0;
  };
}
