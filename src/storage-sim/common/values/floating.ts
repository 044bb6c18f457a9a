// FLOAT and DOUBLE. A FLOAT is kept as the shortest decimal that reads back as the same 32-bit
// float (so 1.1 stays 1.1 rather than 1.100000023841858), which also keeps FLOAT values ordered
// like the float32 values they stand for. Infinities and NaN are not storable values.
import type { ColumnType } from '../column-types.js';
import { invalid, outOfRange } from './value-error.js';

const FLOAT_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const FLOAT32_MAX = 3.4028234663852886e38;

export function parseFloating(type: ColumnType, text: string): number {
  const trimmed = text.trim();
  if (!FLOAT_TEXT.test(trimmed)) throw invalid(type, text);
  const value = Number(trimmed);
  if (!Number.isFinite(value)) throw outOfRange(type, text);
  if (type.name === 'FLOAT') {
    if (Math.abs(value) > FLOAT32_MAX) throw outOfRange(type, text);
    return shortestFloat32(value);
  }
  return value;
}

/** The shortest decimal (as a double) that rounds to the same float32 as `value`. */
export function shortestFloat32(value: number): number {
  const target = Math.fround(value);
  if (target === 0 || !Number.isFinite(target)) return target;
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = Number(target.toPrecision(digits));
    if (Math.fround(candidate) === target) return candidate;
  }
  return target; // 9 significant digits always round-trip a float32; not reached
}

/** DOUBLE/FLOAT as the text protocol shows them: the shortest text that reads back exactly. */
export function formatFloating(value: number): string {
  if (Object.is(value, -0)) return '-0';
  return String(value);
}
