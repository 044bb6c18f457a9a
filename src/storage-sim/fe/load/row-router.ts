// Decides where a loaded row goes: its partition (by the RANGE partition columns; lower bound
// inclusive, upper exclusive, as StarRocks defines ranges; among the temporary partitions when the
// load names those) and its tablet within the partition
// (hash of the distribution columns modulo the bucket count, or round-robin for RANDOM).
import type { Value } from '../../common/column-types.js';
import { bucketOf, compareValues, parseValue } from '../../common/values.js';
import type { OlapTableMeta, PartitionMeta } from '../catalog/model.js';
import { tempPartitionsOf } from '../catalog/partitions.js';

export interface RowDestination {
  partition: PartitionMeta;
  tabletIndex: number;
}

interface ParsedRange {
  partition: PartitionMeta;
  lower: Value[] | null;
  upper: Value[] | null;
}

export class RowRouter {
  private readonly ranges: ParsedRange[] = [];
  private readonly keyIndexes: number[];
  private readonly hashIndexes: number[];
  private roundRobin = 0;

  /**
   * @param allowed only these partitions may receive rows (INSERT ... PARTITION (p)); all when absent.
   * @param temporary rows go to the table's temporary partitions (INSERT ... TEMPORARY PARTITION (tp)).
   */
  constructor(
    private readonly table: OlapTableMeta,
    allowed?: ReadonlySet<string>,
    temporary = false,
  ) {
    const indexOf = (name: string) => {
      const i = table.columns.findIndex((c) => c.name.toLowerCase() === name.toLowerCase());
      if (i < 0) throw new Error(`table ${table.name} has no column ${name}`);
      return i;
    };
    this.keyIndexes = table.partitionScheme.type === 'RANGE' ? table.partitionScheme.columns.map(indexOf) : [];
    this.hashIndexes = table.distribution.type === 'HASH' ? table.distribution.columns.map(indexOf) : [];
    const types = this.keyIndexes.map((i) => table.columns[i]!.type);
    for (const partition of temporary ? tempPartitionsOf(table) : table.partitions) {
      if (allowed && !allowed.has(partition.name)) continue;
      const parse = (bound: string[] | null | undefined) => (bound ? bound.map((text, i) => parseValue(types[i]!, text)) : null);
      this.ranges.push({ partition, lower: parse(partition.range?.lower), upper: parse(partition.range?.upper) });
    }
  }

  private compareKey(a: Value[], b: Value[]): number {
    for (let i = 0; i < b.length; i++) {
      const c = compareValues(this.table.columns[this.keyIndexes[i]!]!.type, a[i] ?? null, b[i] ?? null);
      if (c !== 0) return c;
    }
    return 0;
  }

  private partitionOf(row: Value[]): PartitionMeta | undefined {
    if (this.table.partitionScheme.type === 'UNPARTITIONED') return this.ranges[0]?.partition;
    const key = this.keyIndexes.map((i) => row[i] ?? null);
    for (const range of this.ranges) {
      if (range.lower && this.compareKey(key, range.lower) < 0) continue;
      if (range.upper && this.compareKey(key, range.upper) >= 0) continue;
      return range.partition;
    }
    return undefined;
  }

  /** Where the row goes, or undefined when no (allowed) partition covers it. */
  route(row: Value[]): RowDestination | undefined {
    const partition = this.partitionOf(row);
    if (!partition) return undefined;
    const buckets = partition.tablets.length;
    const tabletIndex =
      this.hashIndexes.length > 0 ? bucketOf(this.hashIndexes.map((i) => row[i] ?? null), buckets) : this.roundRobin++ % buckets;
    return { partition, tabletIndex };
  }
}
