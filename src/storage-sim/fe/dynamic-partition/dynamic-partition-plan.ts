// What one run of the dynamic partition scheduler does to one table, decided from the table and
// the clock alone: the partitions to create (one per unit from max(start, -history_partition_num)
// to end, skipping a unit whose range or name is taken) and the partitions to drop (those that end
// at or before the start of the oldest unit kept, when dynamic_partition.start is set).
// StarRocks: fe/fe-core/src/main/java/com/starrocks/clone/DynamicPartitionScheduler.java
// (getAddPartitionClause, getDropPartitionClause).
import type { ColumnType } from '../../common/column-types.js';
import { compareValues, formatValue, parseValue } from '../../common/values.js';
import type { OlapTableMeta, PartitionMeta, RangeBounds } from '../catalog/model.js';
import { rangesOverlap } from '../ddl/table-definition.js';
import { MIN_START_OFFSET, type DynamicPartitionSpec } from './dynamic-properties.js';
import { formatBorder, isStorableYear, partitionNameSuffix, unitStart, type BorderFormat } from './partition-calendar.js';

export interface DynamicPartitionPlan {
  add: { name: string; range: RangeBounds }[];
  drop: PartitionMeta[];
}

const NOTHING: DynamicPartitionPlan = { add: [], drop: [] };

const INTEGER_TYPES = new Set(['TINYINT', 'SMALLINT', 'INT', 'BIGINT', 'LARGEINT']);

/** How the partition column holds a border, or undefined for a column dynamic partitioning cannot use. */
function borderFormatOf(type: ColumnType): BorderFormat | undefined {
  if (type.name === 'DATE' || type.name === 'DATETIME') return type.name;
  return INTEGER_TYPES.has(type.name) ? 'INTEGER' : undefined;
}

export function planDynamicPartitions(table: OlapTableMeta, spec: DynamicPartitionSpec, nowMs: number): DynamicPartitionPlan {
  if (table.partitionScheme.type !== 'RANGE' || table.partitionScheme.columns.length !== 1) return NOTHING;
  const column = table.columns.find((c) => c.name === (table.partitionScheme as { columns: string[] }).columns[0]);
  const format = column ? borderFormatOf(column.type) : undefined;
  // StarRocks records these as scheduling failures and leaves the table as it is.
  if (!column || !format || (spec.unit === 'HOUR' && format !== 'DATETIME')) return NOTHING;
  const type = column.type;
  const starts = { dayOfWeek: spec.startDayOfWeek, dayOfMonth: spec.startDayOfMonth };
  const border = (offset: number): string | undefined => {
    const clock = unitStart(spec.unit, nowMs, spec.timeZone, offset, starts);
    return isStorableYear(clock) ? canonical(type, formatBorder(clock, format)) : undefined;
  };
  const compare = (a: string, b: string) => compareValues(type, parseValue(type, a), parseValue(type, b));

  const add: DynamicPartitionPlan['add'] = [];
  const taken = table.partitions.map((p) => p.range!).filter(Boolean);
  const names = new Set(table.partitions.map((p) => p.name));
  for (let offset = Math.max(spec.start, -spec.historyPartitionNum); offset <= spec.end; offset++) {
    const lower = border(offset);
    const upper = border(offset + 1);
    if (lower === undefined || upper === undefined || compare(lower, upper) >= 0) continue;
    const range: RangeBounds = { lower: [lower], upper: [upper] };
    const name = spec.prefix + partitionNameSuffix(lower, spec.unit);
    // An existing partition covering any of the unit, or holding the name, wins: StarRocks records
    // the clash and moves on to the next unit.
    if (names.has(name) || taken.some((r) => rangesOverlap([type], r, range))) continue;
    add.push({ name, range });
    names.add(name);
    taken.push(range);
  }

  const drop: PartitionMeta[] = [];
  if (spec.start !== MIN_START_OFFSET) {
    const oldestKept = border(spec.start);
    if (oldestKept !== undefined) {
      for (const partition of table.partitions) {
        const upper = partition.range?.upper?.[0];
        if (upper !== undefined && compare(upper, oldestKept) <= 0) drop.push(partition);
      }
    }
  }
  return { add, drop };
}

/** A border as the column's canonical text, the form the catalogue keeps bounds in. */
function canonical(type: ColumnType, text: string): string {
  return formatValue(type, parseValue(type, text)) ?? text;
}
