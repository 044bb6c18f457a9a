// CHAR / VARCHAR / STRING. Their declared length counts UTF-8 bytes, as in StarRocks, so 'é' takes
// two of them and an emoji four. Strings compare by their UTF-8 bytes (what StarRocks' memcmp
// does), which is code point order; JavaScript's own < compares UTF-16 units, which puts U+E000..
// U+FFFF after the surrogate pairs of U+10000 and above, so the comparison below corrects that.
import type { ColumnType } from '../column-types.js';
import { ValueError, maxStringBytes, quoteText, typeToString } from './value-error.js';

export function parseText(type: ColumnType, text: string): string {
  const limit = maxStringBytes(type);
  // Each UTF-16 unit is at most 3 UTF-8 bytes, so short strings need no byte count.
  if (text.length * 3 > limit) {
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > limit) throw new ValueError(`${quoteText(text)} is too long for ${typeToString(type)}: ${bytes} bytes`);
  }
  return text;
}

/** Maps a UTF-16 unit so that unit order matches code point order at a first difference. */
function codePointRank(unit: number): number {
  if (unit < 0xd800) return unit;
  if (unit >= 0xe000) return unit - 0x800; // below every surrogate
  return unit + 0x2000; // surrogates stand for code points above U+FFFF
}

export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}
