// CREATE TABLE's AST -> the parts of a table definition, checked the way StarRocks checks them:
// key columns are a prefix of the schema, PRIMARY KEY columns are NOT NULL, partition and
// distribution columns exist, partition ranges are ordered and do not overlap.
import type { ColumnType } from '../../common/column-types.js';
import { compareValues, formatValue, parseValue } from '../../common/values.js';
import type { ColumnDef, CreateTableStatement, DistributionDef, KeysKind, PartitionDef } from '../../sql/ast.js';
import type { ColumnMeta, Distribution, KeysType, PartitionScheme, RangeBounds } from '../catalog/model.js';
import { rangeTextForTypes } from '../show/partition-text.js';
import { SimError } from '../sim-error.js';

const KEYS: Record<KeysKind, KeysType> = { DUPLICATE: 'DUP_KEYS', PRIMARY: 'PRIMARY_KEYS', UNIQUE: 'UNIQUE_KEYS', AGGREGATE: 'AGG_KEYS' };

export const DEFAULT_BUCKETS = 3;

export function columnFromDef(def: ColumnDef, isKey: boolean, keysType: KeysType): ColumnMeta {
  if (keysType === 'PRIMARY_KEYS' && isKey && def.nullable === true) {
    throw SimError.invalid(`primary key column '${def.name}' cannot be nullable`);
  }
  const nullable = def.nullable ?? !(keysType === 'PRIMARY_KEYS' && isKey);
  let defaultValue: string | undefined;
  if (def.defaultValue?.kind === 'value') {
    try {
      parseValue(def.type, def.defaultValue.value);
    } catch (error) {
      throw SimError.invalid(`Invalid default value for '${def.name}': ${(error as Error).message}`);
    }
    defaultValue = def.defaultValue.value;
  } else if (def.defaultValue?.kind === 'current_timestamp') {
    defaultValue = 'CURRENT_TIMESTAMP';
  }
  return {
    name: def.name,
    type: def.type,
    nullable,
    isKey,
    ...(defaultValue !== undefined ? { defaultValue } : {}),
    ...(def.aggregation ? { aggregation: def.aggregation } : {}),
    comment: def.comment ?? '',
  };
}

function lower(names: string[]): string[] {
  return names.map((n) => n.toLowerCase());
}

function requireColumns(columns: ColumnMeta[], names: string[], what: string): string[] {
  return names.map((name) => {
    const column = columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
    if (!column) throw SimError.unknownColumn(name, what);
    return column.name;
  });
}

export interface TableDefinition {
  columns: ColumnMeta[];
  keysType: KeysType;
  keyColumns: string[];
  partitionScheme: PartitionScheme;
  /** Partition name -> range, in definition order (one unnamed entry for unpartitioned tables). */
  partitions: { name: string; range?: RangeBounds }[];
  distribution: Distribution;
}

export function tableDefinition(stmt: CreateTableStatement): TableDefinition {
  if (stmt.columns.length === 0) throw SimError.invalid('A table must have at least one column');
  const seen = new Set<string>();
  for (const c of stmt.columns) {
    if (seen.has(c.name.toLowerCase())) throw SimError.duplicateColumn(c.name);
    seen.add(c.name.toLowerCase());
  }
  const keysType = KEYS[stmt.keys?.kind ?? 'DUPLICATE'];
  const keyNames = stmt.keys ? stmt.keys.columns : [stmt.columns[0]!.name];
  const prefix = lower(stmt.columns.slice(0, keyNames.length).map((c) => c.name));
  if (lower(keyNames).join(',') !== prefix.join(',')) {
    throw SimError.invalid(`Key columns should be a ordered prefix of the schema. KeyColumns[${keyNames.join(', ')}]`);
  }
  const columns = stmt.columns.map((def, i) => columnFromDef(def, i < keyNames.length, keysType));
  const keyColumns = columns.slice(0, keyNames.length).map((c) => c.name);

  let partitionScheme: PartitionScheme = { type: 'UNPARTITIONED' };
  let partitions: TableDefinition['partitions'] = [{ name: stmt.table.name }];
  if (stmt.partitioning) {
    const partitionColumns = requireColumns(columns, stmt.partitioning.columns, 'partition by');
    if (keysType === 'PRIMARY_KEYS' && !partitionColumns.every((c) => keyColumns.includes(c))) {
      throw SimError.invalid('The partition column must be a primary key column');
    }
    partitionScheme = { type: 'RANGE', columns: partitionColumns };
    const types = partitionColumns.map((name) => columns.find((c) => c.name === name)!.type);
    partitions = rangesOf(stmt.partitioning.partitions, types, []);
  }
  return { columns, keysType, keyColumns, partitionScheme, partitions, distribution: distributionOf(stmt.distribution, columns, keysType, keyColumns) };
}

export function distributionOf(def: DistributionDef | undefined, columns: ColumnMeta[], keysType: KeysType, keyColumns: string[]): Distribution {
  if (!def) {
    // StarRocks' defaults: random bucketing for duplicate-key tables, hash of the keys otherwise.
    return keysType === 'DUP_KEYS' ? { type: 'RANDOM', buckets: DEFAULT_BUCKETS } : { type: 'HASH', columns: keyColumns, buckets: DEFAULT_BUCKETS };
  }
  const buckets = def.buckets ?? DEFAULT_BUCKETS;
  if (buckets < 1 || buckets > 1024) throw SimError.invalid(`Number of buckets must be from 1 to 1024, got ${buckets}`);
  if (def.kind === 'RANDOM') {
    if (keysType !== 'DUP_KEYS') throw SimError.invalid('RANDOM distribution is only supported by duplicate key tables');
    return { type: 'RANDOM', buckets };
  }
  const hashColumns = requireColumns(columns, def.columns, 'distributed by');
  if (keysType !== 'DUP_KEYS' && !hashColumns.every((c) => keyColumns.includes(c))) {
    throw SimError.invalid('Distribution column must be a key column');
  }
  return { type: 'HASH', columns: hashColumns, buckets };
}

function compareBound(types: ColumnType[], a: string[], b: string[]): number {
  for (let i = 0; i < types.length; i++) {
    const c = compareValues(types[i]!, parseValue(types[i]!, a[i] ?? ''), parseValue(types[i]!, b[i] ?? ''));
    if (c !== 0) return c;
  }
  return 0;
}

/**
 * A bound's values in their type's canonical text ("2024-02-01" of a DATETIME column becomes
 * "2024-02-01 00:00:00", "007" of an INT "7"), as StarRocks keeps them: SHOW PARTITIONS and SHOW
 * CREATE TABLE then print the same range however it was written.
 */
function checkBound(types: ColumnType[], bound: string[] | null, partition: string): string[] | null {
  if (!bound) return null;
  if (bound.length > types.length) throw SimError.invalid(`Partition ${partition} has more values than partition columns`);
  return bound.map((text, i) => {
    try {
      return formatValue(types[i]!, parseValue(types[i]!, text)) ?? text;
    } catch (error) {
      throw SimError.invalid(`Invalid range value format of partition ${partition}: ${(error as Error).message}`);
    }
  });
}

/** null bound = unbounded; lower inclusive, upper exclusive. */
export function rangesOverlap(types: ColumnType[], a: RangeBounds, b: RangeBounds): boolean {
  const below = (upper: string[] | null, lowerBound: string[] | null) => upper !== null && lowerBound !== null && compareBound(types, upper, lowerBound) <= 0;
  return !(below(a.upper, b.lower) || below(b.upper, a.lower));
}

/**
 * Ranges of new partitions. A LESS THAN partition starts where the highest existing or earlier
 * partition ends (StarRocks' rule), so ranges written in order tile the key space.
 */
export function rangesOf(defs: PartitionDef[], types: ColumnType[], existing: RangeBounds[]): { name: string; range: RangeBounds }[] {
  const result: { name: string; range: RangeBounds }[] = [];
  const names = new Set<string>();
  const all = [...existing];
  for (const def of defs) {
    if (names.has(def.name)) throw SimError.duplicatePartition(def.name);
    names.add(def.name);
    let range: RangeBounds;
    if (def.values.kind === 'less_than') {
      const upper = checkBound(types, def.values.upper, def.name);
      const below = all
        .map((r) => r.upper)
        .filter((u): u is string[] => u !== null && (upper === null || compareBound(types, u, upper) < 0));
      const lowerBound = below.sort((a, b) => compareBound(types, b, a))[0] ?? null;
      range = { lower: lowerBound, upper };
    } else {
      range = { lower: checkBound(types, def.values.lower, def.name), upper: checkBound(types, def.values.upper, def.name) };
      if (range.lower && range.upper && compareBound(types, range.lower, range.upper) >= 0) {
        throw SimError.invalid(`The lower values must smaller than upper values in partition ${def.name}`);
      }
    }
    if (range.lower && range.upper && compareBound(types, range.lower, range.upper) >= 0) {
      throw SimError.invalid(`Range of partition ${def.name} is empty: its upper bound is not above the existing partitions`);
    }
    const clash = all.find((r) => rangesOverlap(types, r, range));
    if (clash) {
      // StarRocks' RangeUtils.checkRangeIntersect words it so, printing both as Guava ranges of PartitionKeys.
      const text = rangeTextForTypes(types.map((t) => t.name));
      throw SimError.invalid(`Range ${text(range)} is intersected with range: ${text(clash)}`);
    }
    all.push(range);
    result.push({ name: def.name, range });
  }
  return result;
}
