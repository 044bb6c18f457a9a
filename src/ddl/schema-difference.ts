// Whether two tables have the same data layout, so that the target's tablets can take the source's
// files: columns (in order, with type, nullability, key and default), the keys model, and the
// partition and distribution columns. Replication number and bucket count are left out on
// purpose: the target may use another replica count (target_cluster_replication_num), and
// buckets are compared per partition, where a difference costs one partition, not the table.
//
// Meaning is compared, not text: the two clusters may run different StarRocks releases, which
// print the same schema differently (letter case, spacing, integer display widths, how a default
// is quoted, which partitioning kinds fill tables_config.PARTITION_KEY). A difference that only
// the two FEs' versions explain would otherwise drop and re-create the target table every round.
import type { ColumnModel, OlapTableModel, TableSchema } from '../meta/catalog-model.js';

/**
 * A column type as a meaning: "decimal(10, 2)" and "DECIMAL(10,2)", "int(11)" and "int",
 * "decimal128(10,2)" and "decimal(10,2)" are the same type.
 */
export function normalizeType(type: string): string {
  return type
    .replace(/\s+/g, '')
    .toLowerCase()
    .replace(/^integer\b/, 'int')
    .replace(/^(tinyint|smallint|int|bigint|largeint)\(\d+\)/, '$1')
    .replace(/^decimal(?:v2|v3|32|64|128)\b/, 'decimal');
}

/** Defaults StarRocks evaluates per row, printed with or without parentheses. */
const FUNCTION_DEFAULTS = new Set(['current_timestamp', 'now', 'current_date', 'uuid', 'uuid_numeric', 'localtime', 'localtimestamp']);

/**
 * A column default as a meaning: NULL in any letter case is no default; quotes around a literal,
 * the letter case and the empty parentheses of a function default (CURRENT_TIMESTAMP,
 * current_timestamp()) do not matter.
 */
export function normalizeDefault(value: string | null): string | null {
  if (value === null) return null;
  const text = value.trim();
  if (/^null$/i.test(text)) return null;
  const unquoted = /^'(.*)'$/s.exec(text)?.[1] ?? /^"(.*)"$/s.exec(text)?.[1] ?? text;
  const call = /^([a-z_]+)(?:\(\))?$/i.exec(unquoted)?.[1]?.toLowerCase();
  return call !== undefined && FUNCTION_DEFAULTS.has(call) ? call : unquoted;
}

const show = (value: unknown): string => JSON.stringify(value);

function columnDifference(source: ColumnModel, target: ColumnModel, position: number): string | null {
  const at = `column ${position + 1}`;
  if (source.name !== target.name) return `${at} is ${show(source.name)} on the source, ${show(target.name)} on the target`;
  const name = `column ${show(source.name)}`;
  if (normalizeType(source.type) !== normalizeType(target.type)) return `${name} type is ${source.type} on the source, ${target.type} on the target`;
  if (source.nullable !== target.nullable) return `${name} is ${source.nullable ? 'nullable' : 'NOT NULL'} on the source, ${target.nullable ? 'nullable' : 'NOT NULL'} on the target`;
  if (source.isKey !== target.isKey) return `${name} is ${source.isKey ? '' : 'not '}a key column on the source, ${target.isKey ? '' : 'not '}on the target`;
  if (normalizeDefault(source.defaultValue) !== normalizeDefault(target.defaultValue)) return `${name} default is ${show(source.defaultValue)} on the source, ${show(target.defaultValue)} on the target`;
  return null;
}

function listDifference(what: string, source: readonly string[], target: readonly string[]): string | null {
  const same = source.length === target.length && source.every((name, i) => name === target[i]);
  return same ? null : `${what} are ${show(source)} on the source, ${show(target)} on the target`;
}

/** What else is known of the two tables, for what the schema rows alone cannot tell. */
export interface SchemaContext {
  /** Whether each table's partitions print ranges (it is partitioned, whatever PARTITION_KEY says). */
  sourcePartitioned?: boolean;
  targetPartitioned?: boolean;
}

/**
 * Whether the partition columns compare. FEs before 3.3 fill tables_config.PARTITION_KEY for
 * range partitioning only (InformationSchemaDataSource.genNormalTableConfigInfo): an empty list
 * from a table whose partitions print values says nothing, and a real difference of partitioning
 * shows in the partitions themselves, which the partition diff compares.
 */
function partitionColumnsKnown(schema: TableSchema, partitioned: boolean | undefined): boolean {
  return schema.partitionColumns.length > 0 || partitioned !== true;
}

/** The first difference in words, or null when the layouts match. */
export function schemaDifference(source: TableSchema, target: TableSchema, context: SchemaContext = {}): string | null {
  if (source.columns.length !== target.columns.length) {
    return `${source.columns.length} columns on the source, ${target.columns.length} on the target`;
  }
  for (let i = 0; i < source.columns.length; i++) {
    const difference = columnDifference(source.columns[i]!, target.columns[i]!, i);
    if (difference) return difference;
  }
  if (source.keysType !== target.keysType) return `keys type is ${source.keysType} on the source, ${target.keysType} on the target`;
  if (source.distributionType.toUpperCase() !== target.distributionType.toUpperCase()) {
    return `distribution is ${source.distributionType} on the source, ${target.distributionType} on the target`;
  }
  const partitionColumnsCompare = partitionColumnsKnown(source, context.sourcePartitioned) && partitionColumnsKnown(target, context.targetPartitioned);
  return (
    listDifference('key columns', source.keyColumns, target.keyColumns) ??
    (partitionColumnsCompare ? listDifference('partition columns', source.partitionColumns, target.partitionColumns) : null) ??
    listDifference('distribution columns', source.distributionColumns, target.distributionColumns)
  );
}

const partitioned = (table: OlapTableModel): boolean => table.partitions.some((p) => p.range !== '');

/** schemaDifference of two tables, with what their partitions tell. */
export function tableSchemaDifference(source: OlapTableModel, target: OlapTableModel): string | null {
  return schemaDifference(source.schema, target.schema, { sourcePartitioned: partitioned(source), targetPartitioned: partitioned(target) });
}
