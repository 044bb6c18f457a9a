// Comparing lists of partition ranges, as REPLACE PARTITION ... WITH TEMPORARY PARTITION checks
// them (StarRocks: fe/fe-core/src/main/java/com/starrocks/common/util/RangeUtils.java):
// - strict_range = true: the two lists must cover exactly the same keys, however they are cut
//   ({[0, 10), [10, 20)} matches {[0, 20)}; {[0, 10), [15, 20)} does not match {[0, 20)}).
// - strict_range = false: the new ranges must not overlap the ranges that stay.
// Ranges are [lower, upper); a null lower is MINVALUE, a null upper MAXVALUE; a bound with fewer
// values than partition columns has its missing values at their minimum.
import type { ColumnType } from '../../common/column-types.js';
import { compareValues, parseValue } from '../../common/values.js';
import type { RangeBounds } from '../catalog/model.js';
import { partitionKeyTextForTypes, rangeTextForTypes } from '../show/partition-text.js';
import { SimError } from '../sim-error.js';

type Side = 'lower' | 'upper';

interface Endpoint {
  values: string[] | null;
  side: Side;
}

function compareEndpoints(types: readonly ColumnType[], a: Endpoint, b: Endpoint): number {
  const rank = (e: Endpoint) => (e.values !== null ? 0 : e.side === 'lower' ? -1 : 1);
  if (a.values === null || b.values === null) return rank(a) - rank(b);
  for (let i = 0; i < types.length; i++) {
    const x = a.values[i];
    const y = b.values[i];
    if (x === undefined || y === undefined) {
      if (x !== y) return x === undefined ? -1 : 1;
      continue;
    }
    const c = compareValues(types[i]!, parseValue(types[i]!, x), parseValue(types[i]!, y));
    if (c !== 0) return c;
  }
  return 0;
}

const lowerOf = (r: RangeBounds): Endpoint => ({ values: r.lower, side: 'lower' });
const upperOf = (r: RangeBounds): Endpoint => ({ values: r.upper, side: 'upper' });

function sortedByLower(types: readonly ColumnType[], ranges: readonly RangeBounds[]): RangeBounds[] {
  return [...ranges].sort((a, b) => compareEndpoints(types, lowerOf(a), lowerOf(b)));
}

/** Refuses unless both lists cover exactly the same keys (StarRocks' "exactly same"). */
export function checkRangeListsMatch(types: readonly ColumnType[], formal: readonly RangeBounds[], temporary: readonly RangeBounds[]): void {
  const typeNames = types.map((t) => t.name);
  const key = partitionKeyTextForTypes(typeNames);
  const text = rangeTextForTypes(typeNames);
  const list1 = sortedByLower(types, formal);
  const list2 = sortedByLower(types, temporary);
  const mismatch = (detail: string) => SimError.invalid(`2 range lists are not strictly matched. ${detail}`);
  let i1 = 0;
  let i2 = 0;
  let range1 = list1[0]!;
  let range2 = list2[0]!;
  for (;;) {
    if (compareEndpoints(types, lowerOf(range1), lowerOf(range2)) !== 0) {
      throw mismatch(`${key(range1.lower, 'lower')} vs. ${key(range2.lower, 'lower')}`);
    }
    const order = compareEndpoints(types, upperOf(range1), upperOf(range2));
    if (order === 0) {
      i1++;
      i2++;
      if (i1 === list1.length || i2 === list2.length) break;
      range1 = list1[i1]!;
      range2 = list2[i2]!;
    } else if (order > 0) {
      // range1 reaches further: what is left of it must match the next ranges of list2.
      if (++i2 === list2.length) break;
      range1 = { lower: range2.upper, upper: range1.upper };
      range2 = list2[i2]!;
    } else {
      if (++i1 === list1.length) break;
      range2 = { lower: range1.upper, upper: range2.upper };
      range1 = list1[i1]!;
    }
  }
  if (i1 < list1.length || i2 < list2.length) {
    throw mismatch(`[${list1.map(text).join(', ')}] vs. [${list2.map(text).join(', ')}]`);
  }
}

/** Refuses when a range of `added` overlaps a range of `kept`. */
export function checkRangeConflict(types: readonly ColumnType[], kept: readonly RangeBounds[], added: readonly RangeBounds[]): void {
  const text = rangeTextForTypes(types.map((t) => t.name));
  for (const range of added) {
    const overlaps = kept.some(
      (k) => compareEndpoints(types, lowerOf(range), upperOf(k)) < 0 && compareEndpoints(types, lowerOf(k), upperOf(range)) < 0,
    );
    if (overlaps) throw SimError.invalid(`Range: ${text(range)} conflicts with existing range`);
  }
}
