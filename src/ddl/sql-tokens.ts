// A small tokenizer for the CREATE statements StarRocks prints (SHOW CREATE TABLE / VIEW /
// MATERIALIZED VIEW), enough to find clauses at the statement's top level: string literals
// (either quote, backslash escapes, a doubled quote), backquoted identifiers (doubled backtick),
// words, and brackets with their nesting depth. So a parenthesis, quote or keyword inside a
// literal, a COMMENT or a name is never mistaken for structure. A square bracket nests like a
// parenthesis, and either closes either: a fixed partition range opens with one and closes with
// the other, [("a"), ("b")). It does not read comments: StarRocks prints none in these statements.

export type TokenKind = 'word' | 'string' | 'identifier' | 'open' | 'close' | 'comma' | 'equals' | 'semicolon' | 'other';

export interface Token {
  kind: TokenKind;
  /** Offsets in the text: text.slice(start, end) is the token as written. */
  start: number;
  end: number;
  /** Nesting depth the token sits at; an opening or closing bracket has the depth outside it. */
  depth: number;
}

export class StatementSyntaxError extends Error {}

const WORD_START = /[A-Za-z0-9_]/;
const WORD_PART = /[A-Za-z0-9_$]/;
const SINGLE_CHARACTER: Readonly<Record<string, TokenKind>> = { ',': 'comma', '=': 'equals', ';': 'semicolon' };

/** The end offset of a quoted run starting at `start` (its quote character), past the closing quote. */
function quotedEnd(text: string, start: number, quote: string, escapes: boolean): number {
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i]!;
    if (escapes && ch === '\\') {
      i += 2;
    } else if (ch === quote && text[i + 1] === quote) {
      i += 2;
    } else if (ch === quote) {
      return i + 1;
    } else {
      i++;
    }
  }
  const what = quote === '`' ? 'backquoted name' : 'string literal';
  throw new StatementSyntaxError(`unterminated ${what} starting at offset ${start}: ${JSON.stringify(text.slice(start, start + 40))}`);
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let depth = 0;
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    const start = i;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    let kind: TokenKind;
    let tokenDepth = depth;
    if (ch === "'" || ch === '"') {
      kind = 'string';
      i = quotedEnd(text, i, ch, true);
    } else if (ch === '`') {
      kind = 'identifier';
      i = quotedEnd(text, i, ch, false);
    } else if (WORD_START.test(ch)) {
      kind = 'word';
      while (i < text.length && WORD_PART.test(text[i]!)) i++;
    } else if (ch === '(' || ch === '[') {
      kind = 'open';
      depth++;
      i++;
    } else if (ch === ')' || ch === ']') {
      if (depth === 0) throw new StatementSyntaxError(`unbalanced "${ch}" at offset ${i}`);
      kind = 'close';
      tokenDepth = --depth;
      i++;
    } else {
      kind = SINGLE_CHARACTER[ch] ?? 'other';
      i++;
    }
    tokens.push({ kind, start, end: i, depth: tokenDepth });
  }
  if (depth !== 0) throw new StatementSyntaxError(`${depth} unclosed "(" or "[" in the statement`);
  return tokens;
}

export function isWord(text: string, token: Token | undefined, word: string): boolean {
  return token?.kind === 'word' && text.slice(token.start, token.end).toUpperCase() === word;
}

/** Whether the words follow each other from token index `at`. */
export function wordsAt(text: string, tokens: readonly Token[], at: number, words: readonly string[]): boolean {
  return words.every((word, i) => isWord(text, tokens[at + i], word));
}

/** The index of the parenthesis that closes the one at `openIndex`. */
export function matchingClose(tokens: readonly Token[], openIndex: number): number {
  const depth = tokens[openIndex]!.depth;
  for (let i = openIndex + 1; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.kind === 'close' && token.depth === depth) return i;
  }
  throw new StatementSyntaxError('unclosed "("');
}

/** A string literal's value: quotes removed, escapes read. */
export function stringValue(text: string, token: Token): string {
  const quote = text[token.start]!;
  const body = text.slice(token.start + 1, token.end - 1);
  let value = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch === '\\' && i + 1 < body.length) {
      value += body[++i]!;
    } else if (ch === quote && body[i + 1] === quote) {
      value += quote;
      i++;
    } else {
      value += ch;
    }
  }
  return value;
}
