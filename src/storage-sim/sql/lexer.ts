// Turns statement text into tokens. Words are not classified here: whether `status` is a keyword
// or a column depends on where it stands, so the parser decides, comparing `upper`.
import { SqlSyntaxError } from './errors.js';
import { lineStarts, positionIn } from './position.js';

export type TokenKind =
  /** A plain identifier or keyword. */
  | 'word'
  /** A backquoted identifier; never a keyword. */
  | 'quoted'
  | 'string'
  | 'number'
  /** @@name, @@global.name, @@session.name */
  | 'system_var'
  /** @name */
  | 'user_var'
  | 'op'
  | 'eof';

export interface Token {
  kind: TokenKind;
  /**
   * A word as written, a backquoted identifier without quotes, a string's characters after
   * escapes, a number's literal text, a variable's name, an operator ('<>' reads as '!=').
   */
  value: string;
  /** value upper-cased, for case-insensitive keyword checks. */
  upper: string;
  /** Start and end (exclusive) of the token in the source. */
  offset: number;
  end: number;
  line: number;
  column: number;
  /** For system_var: the scope written before the name; absent for plain @@name. */
  scope?: 'GLOBAL' | 'SESSION';
}

const TWO_CHAR_OPS = new Set(['<=', '>=', '<>', '!=']);
const ONE_CHAR_OPS = new Set(['=', '<', '>', '(', ')', ',', '.', ';', '*', '+', '-', '/', '%', '[', ']']);

const ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  b: '\b',
  '0': '\0',
  Z: '\x1a',
  // MySQL keeps the backslash before % and _ so LIKE patterns can still tell them apart.
  '%': '\\%',
  _: '\\_',
};

const NON_ASCII_WORD = /^[\p{L}\p{M}\p{N}]$/u;

function isAsciiLetter(ch: string): boolean {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9';
}

function isNonAsciiWordChar(text: string, i: number): number {
  const cp = text.codePointAt(i);
  if (cp === undefined || cp < 0x80) return 0;
  const ch = String.fromCodePoint(cp);
  return NON_ASCII_WORD.test(ch) ? ch.length : 0;
}

/** Length of the identifier character at i (2 for an astral letter), 0 if none. */
function wordCharLength(text: string, i: number, first: boolean): number {
  const ch = text[i];
  if (ch === undefined) return 0;
  if (isAsciiLetter(ch) || ch === '_' || ch === '$') return 1;
  if (isDigit(ch)) return first ? 0 : 1;
  return isNonAsciiWordChar(text, i);
}

function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\f' || ch === '\v' || /^\s$/u.test(ch);
}

export function tokenize(source: string): Token[] {
  const starts = lineStarts(source);
  const tokens: Token[] = [];
  let i = 0;

  const fail = (detail: string, at: number): never => {
    throw new SqlSyntaxError(detail, source, at);
  };
  const push = (kind: TokenKind, value: string, start: number, end: number, scope?: 'GLOBAL' | 'SESSION'): void => {
    const { line, column } = positionIn(starts, start);
    const token: Token = { kind, value, upper: value.toUpperCase(), offset: start, end, line, column };
    if (scope) token.scope = scope;
    tokens.push(token);
  };
  const readWord = (from: number): number => {
    let j = from;
    for (let n = wordCharLength(source, j, true); n > 0; n = wordCharLength(source, j, false)) j += n;
    return j;
  };
  const readQuoted = (start: number, quote: string, escapes: boolean): [string, number] => {
    let out = '';
    let j = start + 1;
    for (;;) {
      const ch = source[j];
      if (ch === undefined) return fail(quote === '`' ? 'unterminated quoted identifier' : 'unterminated string', start);
      if (ch === quote) {
        if (source[j + 1] === quote) {
          out += quote;
          j += 2;
          continue;
        }
        return [out, j + 1];
      }
      if (escapes && ch === '\\') {
        const next = source[j + 1];
        if (next === undefined) return fail('unterminated string', start);
        out += ESCAPES[next] ?? next;
        j += 2;
        continue;
      }
      out += ch;
      j++;
    }
  };

  while (i < source.length) {
    const ch = source[i]!;
    const next = source[i + 1];
    if (isSpace(ch)) {
      i++;
      continue;
    }
    // MySQL reads `--` as a comment only when whitespace follows, so `1--1` stays arithmetic.
    if (ch === '#' || (ch === '-' && next === '-' && (i + 2 >= source.length || isSpace(source[i + 2]!)))) {
      const eol = source.indexOf('\n', i);
      i = eol === -1 ? source.length : eol + 1;
      continue;
    }
    if (ch === '/' && next === '*') {
      const close = source.indexOf('*/', i + 2);
      if (close === -1) fail('unterminated comment', i);
      i = close + 2;
      continue;
    }
    const start = i;
    if (ch === "'" || ch === '"') {
      const [value, end] = readQuoted(start, ch, true);
      push('string', value, start, end);
      i = end;
      continue;
    }
    if (ch === '`') {
      const [value, end] = readQuoted(start, ch, false);
      if (value === '') fail('empty identifier', start);
      push('quoted', value, start, end);
      i = end;
      continue;
    }
    const prev = tokens.at(-1);
    const afterName = prev !== undefined && (prev.kind === 'word' || prev.kind === 'quoted');
    if (isDigit(ch) || (ch === '.' && isDigit(next) && !afterName)) {
      let j = i;
      while (isDigit(source[j])) j++;
      // Names may start with digits (`2024_sales`, `1d`), unless the letters make an exponent.
      const exponent = (source[j] === 'e' || source[j] === 'E') && isDigit(source[j + (source[j + 1] === '+' || source[j + 1] === '-' ? 2 : 1)]);
      if (ch !== '.' && !exponent && wordCharLength(source, j, true) > 0) {
        let end = j;
        for (let n = wordCharLength(source, end, false); n > 0; n = wordCharLength(source, end, false)) end += n;
        push('word', source.slice(i, end), start, end);
        i = end;
        continue;
      }
      if (source[j] === '.') {
        j++;
        while (isDigit(source[j])) j++;
      }
      if (source[j] === 'e' || source[j] === 'E') {
        const sign = source[j + 1] === '+' || source[j + 1] === '-' ? 1 : 0;
        if (isDigit(source[j + 1 + sign])) {
          j += 1 + sign;
          while (isDigit(source[j])) j++;
        }
      }
      push('number', source.slice(i, j), start, j);
      i = j;
      continue;
    }
    if (ch === '@') {
      if (next === '@') {
        let nameStart = i + 2;
        let end = readWord(nameStart);
        if (end === nameStart) fail('expected a variable name after @@', start);
        let scope: 'GLOBAL' | 'SESSION' | undefined;
        const first = source.slice(nameStart, end).toUpperCase();
        if (source[end] === '.' && (first === 'GLOBAL' || first === 'SESSION' || first === 'LOCAL')) {
          scope = first === 'GLOBAL' ? 'GLOBAL' : 'SESSION';
          nameStart = end + 1;
          end = readWord(nameStart);
          if (end === nameStart) fail('expected a variable name after @@' + first.toLowerCase() + '.', start);
        }
        push('system_var', source.slice(nameStart, end), start, end, scope);
        i = end;
        continue;
      }
      const end = readWord(i + 1);
      if (end === i + 1) fail('expected a variable name after @', start);
      push('user_var', source.slice(i + 1, end), start, end);
      i = end;
      continue;
    }
    if (wordCharLength(source, i, true) > 0) {
      const end = readWord(i);
      push('word', source.slice(i, end), start, end);
      i = end;
      continue;
    }
    const two = source.slice(i, i + 2);
    if (TWO_CHAR_OPS.has(two)) {
      push('op', two === '<>' ? '!=' : two, start, i + 2);
      i += 2;
      continue;
    }
    if (ONE_CHAR_OPS.has(ch)) {
      push('op', ch, start, i + 1);
      i++;
      continue;
    }
    fail(`unexpected character '${String.fromCodePoint(source.codePointAt(i)!)}'`, start);
  }
  push('eof', '', source.length, source.length);
  return tokens;
}
