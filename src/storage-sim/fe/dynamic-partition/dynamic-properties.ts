// The dynamic_partition.* table properties: checked as StarRocks checks them on CREATE TABLE and
// ALTER TABLE ... SET, kept in the table's properties as given (plus the defaults StarRocks adds),
// and read back into a spec the scheduler and SHOW CREATE TABLE use.
// StarRocks: fe/fe-core/src/main/java/com/starrocks/common/util/DynamicPartitionUtil.java
// (checkInputDynamicPartitionProperties, analyzeDynamicPartition), catalog/DynamicPartitionProperty.java,
// common/ErrorCode.java (the ERROR_DYNAMIC_PARTITION_* messages), server/OlapTableFactory.java
// (unpartitioned tables), alter/SchemaChangeHandler.java (ALTER TABLE ... SET).
import type { ColumnType } from '../../common/column-types.js';
import type { OlapTableMeta } from '../catalog/model.js';
import { SimError } from '../sim-error.js';
import { frontendTimeZone, isKnownTimeZone, TIME_UNITS, type TimeUnit } from './partition-calendar.js';

export const DYNAMIC = {
  enable: 'dynamic_partition.enable',
  timeUnit: 'dynamic_partition.time_unit',
  timeZone: 'dynamic_partition.time_zone',
  start: 'dynamic_partition.start',
  end: 'dynamic_partition.end',
  prefix: 'dynamic_partition.prefix',
  buckets: 'dynamic_partition.buckets',
  historyPartitionNum: 'dynamic_partition.history_partition_num',
  replicationNum: 'dynamic_partition.replication_num',
  startDayOfWeek: 'dynamic_partition.start_day_of_week',
  startDayOfMonth: 'dynamic_partition.start_day_of_month',
} as const;

const KEYS: ReadonlySet<string> = new Set(Object.values(DYNAMIC));

/** dynamic_partition.start when none was given: nothing is ever dropped. */
export const MIN_START_OFFSET = -2147483648;

export interface DynamicPartitionSpec {
  enable: boolean;
  unit: TimeUnit;
  /** time_unit as written (SHOW CREATE TABLE prints it so). */
  unitText: string;
  timeZone: string;
  start: number;
  end: number;
  prefix: string;
  /** 0: the table's bucket count. */
  buckets: number;
  historyPartitionNum: number;
  /** Absent: the table's replication_num. */
  replicationNum?: number;
  startDayOfWeek: number;
  startDayOfMonth: number;
}

/** What the checks need to know of the table. */
export interface PartitionShape {
  partitionColumns: ColumnType[] | undefined;
}

export function partitionShapeOf(table: Pick<OlapTableMeta, 'partitionScheme' | 'columns'>): PartitionShape {
  if (table.partitionScheme.type !== 'RANGE') return { partitionColumns: undefined };
  const names = table.partitionScheme.columns;
  return { partitionColumns: names.map((name) => table.columns.find((c) => c.name === name)!.type) };
}

export function isDynamicPartitionKey(key: string): boolean {
  return KEYS.has(key);
}

/** Java's Integer.parseInt: an optional sign, digits, within 32 bits; anything else is not a number. */
function javaInt(text: string | undefined): number | undefined {
  if (text === undefined || !/^[+-]?\d+$/.test(text)) return undefined;
  const value = Number(text);
  return value >= -2147483648 && value <= 2147483647 ? value : undefined;
}

const empty = (text: string | undefined) => text === undefined || text === '';

/** StarRocks' partition name rule, which the prefix must follow. */
const PARTITION_NAME = /^[a-zA-Z][a-zA-Z0-9_]{0,1023}$/;

/**
 * Fills in what StarRocks fills in when any of the main dynamic properties is given, and refuses
 * what it refuses before looking at single values. Returns false when no dynamic property is given.
 */
function completeInput(given: Map<string, string>, shape: PartitionShape): boolean {
  const main = [DYNAMIC.enable, DYNAMIC.timeUnit, DYNAMIC.timeZone, DYNAMIC.prefix, DYNAMIC.start, DYNAMIC.end, DYNAMIC.buckets];
  if (main.every((key) => empty(given.get(key)))) return false;
  if (!shape.partitionColumns || shape.partitionColumns.length !== 1) throw SimError.ddl('Dynamic partition only support single-column range partition');
  if (empty(given.get(DYNAMIC.enable))) given.set(DYNAMIC.enable, 'true');
  const unit = given.get(DYNAMIC.timeUnit);
  if (empty(unit)) throw SimError.ddl('Must assign dynamic_partition.time_unit properties');
  if (empty(given.get(DYNAMIC.prefix))) given.set(DYNAMIC.prefix, 'p');
  if (empty(given.get(DYNAMIC.start))) given.set(DYNAMIC.start, String(MIN_START_OFFSET));
  if (empty(given.get(DYNAMIC.end))) throw SimError.ddl('Must assign dynamic_partition.end properties');
  if (empty(given.get(DYNAMIC.timeZone))) given.set(DYNAMIC.timeZone, frontendTimeZone());
  // Not a default of StarRocks' input check, but of the analysis that follows it at creation.
  if (!given.has(DYNAMIC.buckets)) given.set(DYNAMIC.buckets, '0');
  return true;
}

/** Hourly partitions need a DATETIME column: a DATE holds no hours. */
function checkHourOnDate(given: Map<string, string>, shape: PartitionShape): void {
  if (given.get(DYNAMIC.timeUnit)?.toUpperCase() === 'HOUR' && shape.partitionColumns?.[0]?.name === 'DATE') {
    // A SemanticException in StarRocks, whose text carries this frame.
    throw SimError.ddl('Getting analyzing error. Detail message: Date type partition does not support dynamic partitioning granularity of hour.');
  }
}

function checkDayOf(key: string, text: string, max: number): void {
  const value = javaInt(text);
  if (value === undefined) throw SimError.ddl(`Invalid properties: ${key}`);
  if (value < 1 || value > max) throw SimError.ddl(`${key} should between 1 and ${max}`);
}

/** Checks each dynamic property that is given, in StarRocks' order, and returns them (the only dynamic properties that are kept). */
function analyze(given: Map<string, string>, maxPartitions: number): Map<string, string> {
  const analyzed = new Map<string, string>();
  const take = (key: string, check: (value: string) => void) => {
    const value = given.get(key);
    if (value === undefined) return;
    check(value);
    analyzed.set(key, value);
  };
  take(DYNAMIC.timeUnit, (v) => {
    if (!TIME_UNITS.includes(v.toUpperCase() as TimeUnit)) throw SimError.ddl(`Unsupported time unit ${v}. Expect DAY/WEEK/MONTH/YEAR.`);
  });
  take(DYNAMIC.prefix, (v) => {
    if (!PARTITION_NAME.test(v)) throw SimError.ddl(`Invalid dynamic partition prefix: ${v}.`);
  });
  take(DYNAMIC.buckets, (v) => {
    if (v === '') throw SimError.ddl('Dynamic partition buckets is empty');
    if (javaInt(v) === undefined) throw SimError.ddl(`Invalid dynamic partition buckets ${v}`);
  });
  take(DYNAMIC.enable, (v) => {
    if (!/^(true|false)$/i.test(v)) throw SimError.ddl(`Invalid dynamic partition enable: ${v}. Expected true or false`);
  });
  take(DYNAMIC.start, (v) => {
    const start = javaInt(v);
    if (start === undefined) throw SimError.ddl(`Invalid dynamic partition start ${v}`);
    if (start >= 0) throw SimError.ddl('Dynamic partition start must less than 0');
  });
  let end = 0;
  take(DYNAMIC.end, (v) => {
    if (v === '') throw SimError.ddl('Dynamic partition end is empty');
    const value = javaInt(v);
    if (value === undefined) throw SimError.ddl(`Invalid dynamic partition end ${v}`);
    if (value <= 0) throw SimError.ddl('Dynamic partition end must greater than 0');
    end = value;
  });
  let history = 0;
  take(DYNAMIC.historyPartitionNum, (v) => {
    const value = javaInt(v);
    if (value === undefined) throw SimError.ddl(`Invalid properties: ${DYNAMIC.historyPartitionNum}`);
    if (value < 0) throw SimError.ddl('Dynamic history partition num must greater than 0');
    history = value;
  });
  if (end + history > maxPartitions) throw SimError.ddl(`Too many dynamic partitions: ${end + history}. Limit: ${maxPartitions}`);
  take(DYNAMIC.startDayOfMonth, (v) => checkDayOf(DYNAMIC.startDayOfMonth, v, 28));
  take(DYNAMIC.startDayOfWeek, (v) => checkDayOf(DYNAMIC.startDayOfWeek, v, 7));
  take(DYNAMIC.timeZone, (v) => {
    if (!isKnownTimeZone(v)) throw SimError.ddl(`Unknown or incorrect time zone: '${v}'`);
  });
  take(DYNAMIC.replicationNum, (v) => {
    if (v === '') throw SimError.ddl(`Invalid properties: ${DYNAMIC.replicationNum}`);
    const value = javaInt(v);
    if (value === undefined) throw SimError.ddl(`Invalid dynamic partition replication num: ${v}.`);
    if (value <= 0) throw SimError.ddl('Dynamic partition replication num must greater than 0');
  });
  return analyzed;
}

function dynamicEntries(properties: Record<string, string>): Map<string, string> {
  return new Map(Object.entries(properties).filter(([key]) => KEYS.has(key)));
}

function withoutDynamic(properties: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(properties).filter(([key]) => !KEYS.has(key)));
}

export interface DynamicPropertyLimits {
  /** max_dynamic_partition_num */
  maxPartitions: number;
}

/**
 * CREATE TABLE: the table's properties with the dynamic ones checked and completed (unchanged when
 * none is given). Throws, changing nothing, on the first bad value.
 */
export function createTableProperties(properties: Record<string, string>, shape: PartitionShape, limits: DynamicPropertyLimits): Record<string, string> {
  if (!shape.partitionColumns && Object.keys(properties).some((key) => key.startsWith('dynamic_partition'))) {
    throw SimError.ddl('Only support dynamic partition properties on range partition table');
  }
  const given = dynamicEntries(properties);
  if (!completeInput(given, shape)) return properties;
  checkHourOnDate(given, shape);
  return { ...withoutDynamic(properties), ...Object.fromEntries(analyze(given, limits.maxPartitions)) };
}

/**
 * ALTER TABLE ... SET: the table's new properties. A table without dynamic partitioning becomes one
 * only when the statement gives everything CREATE TABLE would need; a dynamic table takes any
 * subset, each value checked.
 */
export function alterTableProperties(
  table: Pick<OlapTableMeta, 'name' | 'properties' | 'partitionScheme' | 'columns'>,
  dbName: string,
  changes: Record<string, string>,
  limits: DynamicPropertyLimits,
): Record<string, string> {
  const given = dynamicEntries(changes);
  const merged = { ...table.properties, ...withoutDynamic(changes) };
  if (given.size === 0) return merged;
  if (!dynamicSpecOf(table.properties)) {
    const notDynamic = SimError.ddl(
      `Table ${dbName}.${table.name} is not a dynamic partition table. Use command \`HELP ALTER TABLE\` to see how to change a normal table to a dynamic partition table.`,
    );
    let complete: boolean;
    try {
      complete = completeInput(given, partitionShapeOf(table));
    } catch {
      throw notDynamic;
    }
    if (!complete) throw notDynamic;
    checkHourOnDate(given, partitionShapeOf(table));
  }
  return { ...merged, ...Object.fromEntries(analyze(given, limits.maxPartitions)) };
}

/** The dynamic partitioning of a table, or undefined when it has none. */
export function dynamicSpecOf(properties: Record<string, string>): DynamicPartitionSpec | undefined {
  const unitText = properties[DYNAMIC.timeUnit];
  const end = javaInt(properties[DYNAMIC.end]);
  if (unitText === undefined || end === undefined) return undefined;
  const int = (key: string, fallback: number) => javaInt(properties[key]) ?? fallback;
  const replicationNum = javaInt(properties[DYNAMIC.replicationNum]);
  return {
    enable: (properties[DYNAMIC.enable] ?? '').toLowerCase() === 'true',
    unit: unitText.toUpperCase() as TimeUnit,
    unitText,
    timeZone: properties[DYNAMIC.timeZone] || frontendTimeZone(),
    start: int(DYNAMIC.start, MIN_START_OFFSET),
    end,
    prefix: properties[DYNAMIC.prefix] ?? 'p',
    buckets: int(DYNAMIC.buckets, 0),
    historyPartitionNum: int(DYNAMIC.historyPartitionNum, 0),
    ...(replicationNum !== undefined ? { replicationNum } : {}),
    startDayOfWeek: int(DYNAMIC.startDayOfWeek, 1),
    startDayOfMonth: int(DYNAMIC.startDayOfMonth, 1),
  };
}

/** Whether manual ADD / DROP PARTITION is refused: the table partitions itself. */
export function isDynamicPartitioningOn(table: Pick<OlapTableMeta, 'properties'>): boolean {
  return dynamicSpecOf(table.properties)?.enable === true;
}

/** StarRocks' DdlException for a manual ADD or DROP PARTITION on such a table (the backquotes are part of it). */
export function manualPartitionChangeRefused(): SimError {
  return SimError.ddl('Cannot add/drop partition on a Dynamic Partition Table, Use command `ALTER TABLE tbl_name SET ("dynamic_partition.enable" = "false")` firstly.');
}

/**
 * The dynamic properties as SHOW CREATE TABLE prints them: every one, in StarRocks' order, with
 * the start day only for the unit it applies to.
 */
export function dynamicPropertiesForShow(spec: DynamicPartitionSpec): [string, string][] {
  const entries: [string, string][] = [
    [DYNAMIC.enable, String(spec.enable)],
    [DYNAMIC.timeUnit, spec.unitText],
    [DYNAMIC.timeZone, spec.timeZone],
    [DYNAMIC.start, String(spec.start)],
    [DYNAMIC.end, String(spec.end)],
    [DYNAMIC.prefix, spec.prefix],
    [DYNAMIC.buckets, String(spec.buckets)],
    [DYNAMIC.historyPartitionNum, String(spec.historyPartitionNum)],
  ];
  if (spec.replicationNum !== undefined) entries.push([DYNAMIC.replicationNum, String(spec.replicationNum)]);
  if (spec.unit === 'WEEK') entries.push([DYNAMIC.startDayOfWeek, String(spec.startDayOfWeek)]);
  if (spec.unit === 'MONTH') entries.push([DYNAMIC.startDayOfMonth, String(spec.startDayOfMonth)]);
  return entries;
}
