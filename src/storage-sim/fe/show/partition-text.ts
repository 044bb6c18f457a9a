// How StarRocks prints a partition's range, key and distribution in SHOW PARTITIONS and
// information_schema.partitions_meta, e.g.
//   [types: [DATE]; keys: [2024-01-01]; ..types: [DATE]; keys: [2024-02-01]; )
import type { OlapTableMeta, RangeBounds } from '../catalog/model.js';

const MIN_KEY: Record<string, string> = {
  DATE: '0000-01-01', DATETIME: '0000-01-01 00:00:00', TINYINT: '-128', SMALLINT: '-32768', INT: '-2147483648', BIGINT: '-9223372036854775808',
  LARGEINT: '-170141183460469231731687303715884105728',
};
const MAX_KEY: Record<string, string> = {
  DATE: '9999-12-31', DATETIME: '9999-12-31 23:59:59', TINYINT: '127', SMALLINT: '32767', INT: '2147483647', BIGINT: '9223372036854775807',
  LARGEINT: '170141183460469231731687303715884105727',
};

/**
 * Prints the ranges of one table's partitions. The partition column types are looked up once per
 * table, not once per partition: partitions_meta prints every partition of the cluster.
 */
export function rangeTextOf(table: OlapTableMeta): (range: RangeBounds | undefined) => string {
  if (table.partitionScheme.type !== 'RANGE') return () => '';
  return rangeTextForTypes(table.partitionScheme.columns.map((name) => table.columns.find((c) => c.name === name)?.type.name ?? 'VARCHAR'));
}

/** The same, given the partition columns' type names (for messages about ranges not yet in a table). */
export function rangeTextForTypes(types: readonly string[]): (range: RangeBounds | undefined) => string {
  const key = partitionKeyTextForTypes(types);
  return (range) => (range ? `[${key(range.lower, 'lower')}..${key(range.upper, 'upper')})` : '');
}

/**
 * One bound as StarRocks prints a PartitionKey: `types: [DATE]; keys: [2024-01-01]; `. An
 * unbounded side is the type's extreme; a bound with fewer values than partition columns
 * (LESS THAN ("20") over (a, b)) is padded with minimum values, as StarRocks pads it.
 */
export function partitionKeyTextForTypes(types: readonly string[]): (values: string[] | null, side: 'lower' | 'upper') => string {
  const typeList = `types: [${types.join(', ')}]; `;
  const extreme = (t: string, table: Record<string, string>) => table[t] ?? (table === MIN_KEY ? 'MIN' : 'MAX');
  return (values, side) => `${typeList}keys: [${types.map((t, i) => (values ? (values[i] ?? extreme(t, MIN_KEY)) : extreme(t, side === 'lower' ? MIN_KEY : MAX_KEY))).join(', ')}]; `;
}

export function rangeText(table: OlapTableMeta, range: RangeBounds | undefined): string {
  return rangeTextOf(table)(range);
}

export function partitionKeyText(table: OlapTableMeta): string {
  return table.partitionScheme.type === 'RANGE' ? table.partitionScheme.columns.join(', ') : '';
}

export function distributionKeyText(table: OlapTableMeta): string {
  return table.distribution.type === 'HASH' ? table.distribution.columns.join(', ') : 'ALL KEY';
}
