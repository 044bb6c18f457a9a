// DECIMAL(p,s): a canonical string with exactly s digits after the point ('12.50', '-0.05', '7'
// when s = 0). Input is rounded half away from zero to the scale, as StarRocks does on load, and
// rejected when the integer part needs more than p - s digits. Arithmetic is on BigInt so no
// value ever passes through a double.
import type { ColumnType } from '../column-types.js';
import { decimalPrecision, decimalScale, invalid, outOfRange } from './value-error.js';

const DECIMAL_TEXT = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,4}))?$/;

export function parseDecimal(type: ColumnType, text: string): string {
  const precision = decimalPrecision(type);
  const scale = decimalScale(type);
  const match = DECIMAL_TEXT.exec(text.trim());
  const intDigits = match?.[2] ?? '';
  const fracDigits = match?.[3] ?? '';
  if (!match || intDigits.length + fracDigits.length === 0) throw invalid(type, text);
  const negative = match[1] === '-';
  const exponent = Number(match[4] ?? '0');

  // value = digits * 10^(exponent - fracDigits.length); we want it * 10^scale as an integer.
  let unscaled = BigInt(intDigits + fracDigits);
  const shift = exponent - fracDigits.length + scale;
  if (shift >= 0) {
    unscaled *= 10n ** BigInt(shift);
  } else {
    const divisor = 10n ** BigInt(-shift);
    const quotient = unscaled / divisor;
    const remainder = unscaled - quotient * divisor;
    unscaled = remainder * 2n >= divisor ? quotient + 1n : quotient;
  }
  if (unscaled >= 10n ** BigInt(precision)) throw outOfRange(type, text);
  return formatUnscaled(unscaled, scale, negative && unscaled !== 0n);
}

function formatUnscaled(unscaled: bigint, scale: number, negative: boolean): string {
  let digits = unscaled.toString();
  if (scale > 0) {
    digits = digits.padStart(scale + 1, '0');
    digits = `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  }
  return negative ? `-${digits}` : digits;
}

/** Orders decimal strings numerically, whatever their scales, without converting to numbers. */
export function compareDecimalText(a: string, b: string): number {
  const negA = a.charCodeAt(0) === 45;
  const negB = b.charCodeAt(0) === 45;
  if (negA !== negB) {
    // '-0.00' cannot occur in canonical values, so a sign difference decides.
    return negA ? -1 : 1;
  }
  const magnitude = compareMagnitude(negA ? a.slice(1) : a, negB ? b.slice(1) : b);
  return negA ? -magnitude : magnitude;
}

function compareMagnitude(a: string, b: string): number {
  const pointA = a.indexOf('.');
  const pointB = b.indexOf('.');
  const intA = stripLeadingZeros(pointA < 0 ? a : a.slice(0, pointA));
  const intB = stripLeadingZeros(pointB < 0 ? b : b.slice(0, pointB));
  if (intA.length !== intB.length) return intA.length - intB.length;
  if (intA !== intB) return intA < intB ? -1 : 1;
  const fracA = pointA < 0 ? '' : a.slice(pointA + 1);
  const fracB = pointB < 0 ? '' : b.slice(pointB + 1);
  const width = Math.max(fracA.length, fracB.length);
  const fa = fracA.padEnd(width, '0');
  const fb = fracB.padEnd(width, '0');
  return fa < fb ? -1 : fa > fb ? 1 : 0;
}

function stripLeadingZeros(digits: string): string {
  let i = 0;
  while (i < digits.length - 1 && digits.charCodeAt(i) === 48) i++;
  return digits.slice(i);
}
