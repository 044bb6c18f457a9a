// Integer types. TINYINT..INT are JavaScript numbers; BIGINT and LARGEINT are decimal strings
// because 64- and 128-bit values do not fit a double exactly. Comparing the strings by sign,
// length and digits avoids BigInt on the hot path (sorting keys, merging rowsets).
import type { ColumnType } from '../column-types.js';
import { invalid, outOfRange } from './value-error.js';

const INTEGER_TEXT = /^[+-]?\d+$/;

const SMALL_RANGES: Record<string, [number, number]> = {
  TINYINT: [-128, 127],
  SMALLINT: [-32768, 32767],
  INT: [-2147483648, 2147483647],
};

const BIG_RANGES: Record<string, [bigint, bigint]> = {
  BIGINT: [-(2n ** 63n), 2n ** 63n - 1n],
  LARGEINT: [-(2n ** 127n), 2n ** 127n - 1n],
};

/** TINYINT, SMALLINT, INT: a number within the type's range. */
export function parseSmallInt(type: ColumnType, text: string): number {
  const trimmed = text.trim();
  if (!INTEGER_TEXT.test(trimmed)) throw invalid(type, text);
  const value = Number(trimmed);
  const range = SMALL_RANGES[type.name];
  if (range === undefined) throw new Error(`not a small integer type: ${type.name}`);
  if (value < range[0] || value > range[1]) throw outOfRange(type, text);
  return value === 0 ? 0 : value; // never -0
}

/** BIGINT, LARGEINT: the canonical decimal string (no '+', no leading zeros, no '-0'). */
export function parseBigInt(type: ColumnType, text: string): string {
  const trimmed = text.trim();
  if (!INTEGER_TEXT.test(trimmed)) throw invalid(type, text);
  // Up to 15 digits is exact as a double, and much cheaper than BigInt.
  const digits = trimmed.length - (trimmed[0] === '-' || trimmed[0] === '+' ? 1 : 0);
  if (digits <= 15) {
    const n = Number(trimmed);
    return n === 0 ? '0' : String(n);
  }
  const value = BigInt(trimmed);
  const range = BIG_RANGES[type.name];
  if (range === undefined) throw new Error(`not a big integer type: ${type.name}`);
  if (value < range[0] || value > range[1]) throw outOfRange(type, text);
  return value.toString();
}

/** BIGINT/LARGEINT values may reach us as numbers (e.g. from callers that computed them). */
export function bigIntText(value: number | string): string {
  return typeof value === 'number' ? (Number.isInteger(value) ? BigInt(value).toString() : String(value)) : value;
}

/** Orders canonical integer strings numerically. */
export function compareIntegerText(a: string, b: string): number {
  const negA = a.charCodeAt(0) === 45; // '-'
  const negB = b.charCodeAt(0) === 45;
  if (negA !== negB) return negA ? -1 : 1;
  const magnitude = a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
  return negA ? -magnitude : magnitude;
}
