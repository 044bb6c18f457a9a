// The error every value conversion throws: loads turn it into a filtered row with this message
// (StarRocks reports the rejected text and the column type), SQL turns it into a statement error.
import type { ColumnType } from '../column-types.js';

export class ValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ValueError';
  }
}

/** The type as StarRocks spells it in messages and DESC output: INT, DECIMAL(10,2), VARCHAR(20). */
export function typeToString(type: ColumnType): string {
  switch (type.name) {
    case 'DECIMAL':
      return `DECIMAL(${decimalPrecision(type)},${decimalScale(type)})`;
    case 'CHAR':
    case 'VARCHAR':
      return `${type.name}(${maxStringBytes(type)})`;
    default:
      return type.name;
  }
}

/** Shortens what is echoed back so a huge rejected value does not become a huge message. */
export function quoteText(text: string): string {
  return text.length > 64 ? `'${text.slice(0, 61)}...'` : `'${text}'`;
}

export function invalid(type: ColumnType, text: string): ValueError {
  return new ValueError(`${quoteText(text)} is not a valid ${typeToString(type)}`);
}

export function outOfRange(type: ColumnType, text: string): ValueError {
  return new ValueError(`${quoteText(text)} is out of range for ${typeToString(type)}`);
}

// Defaults when a type was declared without its parameters, as StarRocks applies them:
// DECIMAL means DECIMAL(10,0), CHAR means CHAR(1), VARCHAR and STRING hold 65533 bytes.
export const DEFAULT_DECIMAL_PRECISION = 10;
export const MAX_DECIMAL_PRECISION = 38;
export const DEFAULT_STRING_BYTES = 65533;

export function decimalPrecision(type: ColumnType): number {
  return type.length ?? DEFAULT_DECIMAL_PRECISION;
}

export function decimalScale(type: ColumnType): number {
  return type.scale ?? 0;
}

export function maxStringBytes(type: ColumnType): number {
  if (type.name === 'CHAR') return type.length ?? 1;
  return type.length ?? DEFAULT_STRING_BYTES;
}
