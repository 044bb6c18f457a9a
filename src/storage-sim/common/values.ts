// Value handling shared by FE and BE: parsing SQL/CSV text into the stored representation
// (column-types.ts fixes it), ordering values, printing them as StarRocks' MySQL text protocol
// does, and hashing distribution columns into buckets. The per-type rules live in values/.
import { crc32 } from 'node:zlib';
import type { ColumnType, Value } from './column-types.js';
import { compareDecimalText, parseDecimal } from './values/decimal.js';
import { formatDateTime, parseDate, parseDateTime } from './values/datetime.js';
import { formatFloating, parseFloating } from './values/floating.js';
import { bigIntText, compareIntegerText, parseBigInt, parseSmallInt } from './values/integer.js';
import { parseJson } from './values/json-text.js';
import { compareText, parseText } from './values/text.js';
import { invalid } from './values/value-error.js';

export { ValueError, typeToString } from './values/value-error.js';

/**
 * Whether load or literal text means NULL: `\N` (StarRocks' CSV null), and the word NULL in any
 * case unless `acceptNullWord` is false. Callers pass unquoted text only: a quoted 'NULL' is a string.
 */
export function isNullText(text: string, acceptNullWord = true): boolean {
  return text === '\\N' || (acceptNullWord && text.length === 4 && text.toUpperCase() === 'NULL');
}

/** Converts text (a SQL literal's content or a CSV field) to the stored value; throws ValueError. */
export function parseValue(type: ColumnType, text: string): Value {
  switch (type.name) {
    case 'BOOLEAN':
      return parseBoolean(type, text);
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
      return parseSmallInt(type, text);
    case 'BIGINT':
    case 'LARGEINT':
      return parseBigInt(type, text);
    case 'FLOAT':
    case 'DOUBLE':
      return parseFloating(type, text);
    case 'DECIMAL':
      return parseDecimal(type, text);
    case 'CHAR':
    case 'VARCHAR':
    case 'STRING':
      return parseText(type, text);
    case 'DATE':
      return parseDate(type, text);
    case 'DATETIME':
      return parseDateTime(type, text);
    case 'JSON':
      return parseJson(type, text);
  }
}

function parseBoolean(type: ColumnType, text: string): boolean {
  const word = text.trim().toLowerCase();
  if (word === 'true' || word === '1') return true;
  if (word === 'false' || word === '0') return false;
  throw invalid(type, text);
}

/** Orders two values of one column: NULL first, then by the type's own order. */
export function compareValues(type: ColumnType, a: Value, b: Value): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  switch (type.name) {
    case 'BIGINT':
    case 'LARGEINT':
      if (typeof a === 'number' && typeof b === 'number') return a - b;
      return compareIntegerText(bigIntText(a as number | string), bigIntText(b as number | string));
    case 'DECIMAL':
      return compareDecimalText(String(a), String(b));
    case 'BOOLEAN':
      return Number(a) - Number(b);
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
    case 'FLOAT':
    case 'DOUBLE':
      return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
    case 'CHAR':
    case 'VARCHAR':
    case 'STRING':
    case 'JSON':
      return compareText(a as string, b as string);
    case 'DATE':
    case 'DATETIME':
      // Canonical text sorts chronologically (fixed-width fields; a fraction only makes it later).
      return a < b ? -1 : a > b ? 1 : 0;
  }
}

/** The text StarRocks' MySQL text protocol sends for a value; null for NULL. */
export function formatValue(type: ColumnType, value: Value): string | null {
  if (value === null) return null;
  switch (type.name) {
    case 'BOOLEAN':
      return value === true || value === 1 || value === '1' ? '1' : '0';
    case 'FLOAT':
    case 'DOUBLE':
      return typeof value === 'number' ? formatFloating(value) : String(value);
    case 'BIGINT':
    case 'LARGEINT':
      return bigIntText(value as number | string);
    case 'DECIMAL':
      // Stored values already carry the scale; anything else is brought to it.
      return typeof value === 'string' && hasScale(value, type.scale ?? 0) ? value : parseDecimal(type, String(value));
    case 'DATETIME':
      return formatDateTime(String(value));
    default:
      return String(value);
  }
}

/**
 * The bucket (0..buckets-1) of a row, from its distribution columns' values. The hash is CRC-32
 * over each value's canonical text with a separator between values, so it is the same in every
 * process and on every machine, and a value hashes the same whatever column type carries it.
 */
export function bucketOf(values: readonly Value[], buckets: number): number {
  if (!Number.isInteger(buckets) || buckets < 1) throw new RangeError(`bucket count must be a positive integer, got ${buckets}`);
  let hash = 0;
  for (let i = 0; i < values.length; i++) {
    if (i > 0) hash = crc32(SEPARATOR, hash);
    hash = crc32(hashText(values[i] ?? null), hash);
  }
  return hash % buckets;
}

const SEPARATOR = '\u0000';

/** Whether decimal text has exactly `scale` fraction digits (the stored form), so it prints as is. */
function hasScale(text: string, scale: number): boolean {
  const point = text.indexOf('.');
  return scale === 0 ? point < 0 : point > 0 && point === text.length - scale - 1;
}

function hashText(value: Value): string {
  if (value === null) return '\\N';
  if (typeof value === 'boolean') return value ? '1' : '0';
  return String(value);
}
