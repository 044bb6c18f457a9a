// The types of a table's partition columns, looked up in its schema. Expression partitioning
// (PARTITION BY date_trunc('day', dt)) may report a partition key that is not a column name; the
// types the partition's range prints are the fallback then.
import type { TableSchema } from '../meta/catalog-model.js';
import { isTimeType } from './partition-key-types.js';
import { parsePartitionRange, PartitionRangeSyntaxError } from './partition-range-text.js';

function typesFromRange(rangeText: string): string[] {
  try {
    return parsePartitionRange(rangeText).lower.types;
  } catch (error) {
    if (error instanceof PartitionRangeSyntaxError) return [];
    throw error;
  }
}

/** One type per partition column, in order; [] when they cannot be told. */
export function partitionColumnTypes(schema: TableSchema, rangeText: string): string[] {
  const types = schema.partitionColumns.map((name) => schema.columns.find((column) => column.name === name)?.type);
  if (types.length > 0 && types.every((type): type is string => type !== undefined)) return types;
  return typesFromRange(rangeText);
}

/**
 * Tables partitioned on one DATE or DATETIME column (dynamic partitions, expression partitions):
 * their inconsistent partitions are governed by ddl_job_allow_drop_inconsistent_time_partition.
 */
export function isTimePartitioned(schema: TableSchema, rangeText: string): boolean {
  const types = partitionColumnTypes(schema, rangeText);
  return types.length === 1 && isTimeType(types[0]!);
}

/**
 * A table with one implicit partition (named after the table), which StarRocks cannot drop or add
 * on its own: the table is the unit then. Judged by the absence of both partition columns and
 * range texts, so an expression-partitioned table that reports no partition column still counts
 * as partitioned.
 */
export function isUnpartitioned(schema: TableSchema, rangeTexts: readonly string[]): boolean {
  return schema.partitionColumns.length === 0 && rangeTexts.every((text) => typesFromRange(text).length === 0);
}
