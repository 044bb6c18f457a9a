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
  const types = table.partitionScheme.columns.map((name) => table.columns.find((c) => c.name === name)?.type.name ?? 'VARCHAR');
  const typeList = `types: [${types.join(', ')}]; `;
  const key = (t: string, extreme: Record<string, string>) => extreme[t] ?? (extreme === MIN_KEY ? 'MIN' : 'MAX');
  // An unbounded side is the type's extreme; a bound with fewer values than partition columns
  // (LESS THAN ("20") over (a, b)) is padded with minimum values, as StarRocks pads it.
  const side = (values: string[] | null, unbounded: Record<string, string>) =>
    `${typeList}keys: [${types.map((t, i) => (values ? (values[i] ?? key(t, MIN_KEY)) : key(t, unbounded))).join(', ')}]; `;
  return (range) => (range ? `[${side(range.lower, MIN_KEY)}..${side(range.upper, MAX_KEY)})` : '');
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
