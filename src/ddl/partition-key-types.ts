// Partition column types as the DDL decisions need them: the base type name whatever the text it
// comes from (information_schema COLUMN_TYPE "int(11)", "datetime", or the range text's "INT"),
// and the values StarRocks prints for an unbounded side of a range: the type's minimum for
// "no lower bound" (LESS THAN) and its maximum for MAXVALUE.

/** "int(11)" -> "INT", "decimal(10, 2)" -> "DECIMAL", "DATE" -> "DATE". */
export function baseTypeName(type: string): string {
  const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)/.exec(type);
  return match ? match[1]!.toUpperCase() : type.trim().toUpperCase();
}

const TIME_TYPES = new Set(['DATE', 'DATETIME']);

export function isTimeType(type: string): boolean {
  return TIME_TYPES.has(baseTypeName(type));
}

const MIN_KEYS: Readonly<Record<string, string>> = {
  DATE: '0000-01-01',
  DATETIME: '0000-01-01 00:00:00',
  TINYINT: '-128',
  SMALLINT: '-32768',
  INT: '-2147483648',
  BIGINT: '-9223372036854775808',
  LARGEINT: '-170141183460469231731687303715884105728',
};

const MAX_KEYS: Readonly<Record<string, string>> = {
  DATE: '9999-12-31',
  DATETIME: '9999-12-31 23:59:59',
  TINYINT: '127',
  SMALLINT: '32767',
  INT: '2147483647',
  BIGINT: '9223372036854775807',
  LARGEINT: '170141183460469231731687303715884105727',
};

/**
 * Types without a printable extreme are printed with the words MIN and MAX; only for those is
 * the word a sentinel (for a known type it could not be a value anyway).
 */
function isExtreme(key: string, type: string, extremes: Readonly<Record<string, string>>, word: string): boolean {
  const extreme = extremes[baseTypeName(type)];
  return extreme === undefined ? key === word : key === extreme;
}

export function isMinKey(key: string, type: string): boolean {
  return isExtreme(key, type, MIN_KEYS, 'MIN');
}

export function isMaxKey(key: string, type: string): boolean {
  return isExtreme(key, type, MAX_KEYS, 'MAX');
}

/** Whether the key is a bare word standing for an extreme (no literal can say it). */
export function isExtremeWord(key: string, type: string): boolean {
  return baseTypeName(type) in MIN_KEYS ? false : key === 'MIN' || key === 'MAX';
}
