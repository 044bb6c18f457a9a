// The partition part of `ALTER TABLE t ADD PARTITION <clause>`, rebuilt from the range text the
// source prints for it, so the target partition gets exactly the source's bounds:
//   `p1` VALUES [("2024-01-01"), ("2024-02-01"))
// A lower bound at the type's minimum is the first partition, written the way it was declared,
// VALUES LESS THAN (...); an upper bound at the type's maximum is MAXVALUE.
import type { PartitionDistribution } from './ddl-plan.js';
import { isExtremeWord, isMaxKey, isMinKey } from './partition-key-types.js';
import { quoteIdentifier, quoteValue } from '../cluster/sql-text.js';
import { parsePartitionRange, PartitionRangeSyntaxError, type RangeBoundText } from './partition-range-text.js';

/**
 * The types to judge the extremes by: the caller's (the schema's column types) when they fit the
 * bound, else the ones printed in the range itself.
 */
function typesFor(bound: RangeBoundText, partitionColumnTypes: readonly string[]): readonly string[] {
  return partitionColumnTypes.length === bound.keys.length ? partitionColumnTypes : bound.types;
}

function valueList(bound: RangeBoundText, types: readonly string[], rangeText: string): string {
  const values = bound.keys.map((key, i) => {
    if (isExtremeWord(key, types[i] ?? '')) {
      throw new PartitionRangeSyntaxError(`partition range ${JSON.stringify(rangeText)}: ${key} can only stand for a whole bound`);
    }
    return quoteValue(key);
  });
  return `(${values.join(', ')})`;
}

function distributionClause(distribution: PartitionDistribution): string {
  const buckets = distribution.buckets > 0 ? ` BUCKETS ${distribution.buckets}` : '';
  if (distribution.type.toUpperCase() === 'RANDOM') return ` DISTRIBUTED BY RANDOM${buckets}`;
  return ` DISTRIBUTED BY HASH(${distribution.columns.map(quoteIdentifier).join(', ')})${buckets}`;
}

/**
 * @param partitionColumnTypes the partition columns' types (COLUMN_TYPE text or type names); when
 *   their number does not match the range's, the types printed in the range are used.
 * @param distribution when given, the partition is created with this distribution (its bucket
 *   count may differ from the table's default).
 */
export function partitionClause(name: string, rangeText: string, partitionColumnTypes: readonly string[], distribution?: PartitionDistribution): string {
  const range = parsePartitionRange(rangeText);
  const lowerTypes = typesFor(range.lower, partitionColumnTypes);
  const upperTypes = typesFor(range.upper, partitionColumnTypes);
  const unboundedBelow = range.lower.keys.every((key, i) => isMinKey(key, lowerTypes[i] ?? ''));
  const unboundedAbove = range.upper.keys.every((key, i) => isMaxKey(key, upperTypes[i] ?? ''));
  const upper = unboundedAbove ? 'MAXVALUE' : valueList(range.upper, upperTypes, rangeText);
  const values = unboundedBelow
    ? `VALUES LESS THAN ${upper}`
    : `VALUES [${valueList(range.lower, lowerTypes, rangeText)}, ${unboundedAbove ? '(MAXVALUE)' : upper})`;
  return `${quoteIdentifier(name)} ${values}${distribution ? distributionClause(distribution) : ''}`;
}
