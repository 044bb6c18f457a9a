// How versions of one key combine in AGG_KEYS tables: each value column folds with its
// aggregation, oldest version first. SUM skips NULLs (NULL only when every input is NULL),
// MAX/MIN use the column's order, REPLACE takes the newest, REPLACE_IF_NOT_NULL the newest
// non-NULL value. Integer and decimal sums are exact (BigInt over the stored text).
import type { ColumnType, Value } from '../../common/column-types.js';
import { compareValues } from '../../common/values.js';
import type { AggregationType, StorageColumn } from './tablet-meta.js';

type Combine = (older: Value, newer: Value) => Value;

function decimalSum(type: ColumnType): Combine {
  const scale = type.scale ?? 0;
  const toUnscaled = (v: Value): bigint => {
    const text = String(v);
    const negative = text.startsWith('-');
    const [intPart = '0', frac = ''] = (negative ? text.slice(1) : text).split('.');
    const unscaled = BigInt(intPart + frac.padEnd(scale, '0').slice(0, scale));
    return negative ? -unscaled : unscaled;
  };
  return (a, b) => {
    const sum = toUnscaled(a) + toUnscaled(b);
    const negative = sum < 0n;
    let digits = (negative ? -sum : sum).toString();
    if (scale > 0) {
      digits = digits.padStart(scale + 1, '0');
      digits = `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
    }
    return negative ? `-${digits}` : digits;
  };
}

function sumOf(type: ColumnType): Combine {
  switch (type.name) {
    case 'BIGINT':
    case 'LARGEINT':
      return (a, b) => (BigInt(a as string | number) + BigInt(b as string | number)).toString();
    case 'DECIMAL':
      return decimalSum(type);
    default:
      return (a, b) => (a as number) + (b as number);
  }
}

function combinerFor(column: StorageColumn): Combine {
  const kind: AggregationType = column.aggregation ?? 'REPLACE';
  const type = column.type;
  switch (kind) {
    case 'SUM': {
      const sum = sumOf(type);
      return (a, b) => (a === null ? b : b === null ? a : sum(a, b));
    }
    case 'MAX':
      return (a, b) => (a === null ? b : b === null ? a : compareValues(type, b, a) > 0 ? b : a);
    case 'MIN':
      return (a, b) => (a === null ? b : b === null ? a : compareValues(type, b, a) < 0 ? b : a);
    case 'REPLACE_IF_NOT_NULL':
      return (a, b) => (b === null ? a : b);
    case 'REPLACE':
      return (_a, b) => b;
  }
}

/** Folds rows of one key, oldest first, into one row. Key columns are taken from the first. */
export function makeAggregator(columns: readonly StorageColumn[]): (rows: readonly (readonly Value[])[]) => Value[] {
  const combiners = columns.map((c) => (c.isKey ? null : combinerFor(c)));
  return (rows) => {
    const result = [...rows[0]!];
    for (let r = 1; r < rows.length; r++) {
      const row = rows[r]!;
      for (let i = 0; i < combiners.length; i++) {
        const combine = combiners[i];
        if (combine) result[i] = combine(result[i]!, row[i]!);
      }
    }
    return result;
  };
}
