// The parser's view of the token list: look-ahead, keyword matching and errors that point at the
// token where reading stopped, which is what MySQL's "near '...'" quotes.
import { SqlSyntaxError, UnsupportedStatementError } from './errors.js';
import { RESERVED_WORDS } from './keywords.js';
import type { Token } from './lexer.js';

/** Nesting beyond this is refused rather than risking the call stack. */
const MAX_DEPTH = 200;

export function describeToken(token: Token): string {
  return token.kind === 'eof' ? 'end of statement' : `'${token.value}'`;
}

export class Cursor {
  private index = 0;
  private depth = 0;

  constructor(
    readonly source: string,
    private readonly tokens: readonly Token[],
  ) {}

  get position(): number {
    return this.index;
  }

  /** Back to a position taken earlier (for the few places that try one reading, then another). */
  rewind(position: number): void {
    this.index = position;
  }

  peek(ahead = 0): Token {
    const last = this.tokens.length - 1;
    return this.tokens[Math.min(this.index + ahead, last)]!;
  }

  get current(): Token {
    return this.peek();
  }

  /** The token consumed last (the first token when nothing was). */
  get previous(): Token {
    return this.tokens[Math.max(this.index - 1, 0)]!;
  }

  next(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.index++;
    return token;
  }

  atEnd(): boolean {
    const token = this.current;
    return token.kind === 'eof' || (token.kind === 'op' && token.value === ';');
  }

  isWord(word: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === 'word' && token.upper === word;
  }

  isAnyWord(words: readonly string[], ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === 'word' && words.includes(token.upper);
  }

  /** Consumes a run of keywords only when all of them are next. */
  acceptWords(...words: string[]): boolean {
    for (let i = 0; i < words.length; i++) if (!this.isWord(words[i]!, i)) return false;
    this.index += words.length;
    return true;
  }

  expectWords(...words: string[]): Token {
    const first = this.current;
    for (const word of words) {
      if (!this.isWord(word)) this.fail(`expected ${word}, found ${describeToken(this.current)}`);
      this.index++;
    }
    return first;
  }

  /** The next word if it is one of these (upper case), consumed. */
  acceptOneOf<T extends string>(words: readonly T[]): T | undefined {
    const token = this.current;
    if (token.kind !== 'word' || !(words as readonly string[]).includes(token.upper)) return undefined;
    this.index++;
    return token.upper as T;
  }

  expectOneOf<T extends string>(words: readonly T[]): T {
    const found = this.acceptOneOf(words);
    if (found === undefined) this.fail(`expected ${words.join(' or ')}, found ${describeToken(this.current)}`);
    return found;
  }

  isOp(op: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === 'op' && token.value === op;
  }

  acceptOp(op: string): boolean {
    if (!this.isOp(op)) return false;
    this.index++;
    return true;
  }

  expectOp(op: string): Token {
    if (!this.isOp(op)) this.fail(`expected '${op}', found ${describeToken(this.current)}`);
    return this.next();
  }

  /** A name: a backquoted identifier, or a word that is not reserved. */
  isIdentifier(ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === 'quoted' || (token.kind === 'word' && !RESERVED_WORDS.has(token.upper));
  }

  identifier(what = 'a name'): string {
    if (!this.isIdentifier()) this.fail(`expected ${what}, found ${describeToken(this.current)}`);
    return this.next().value;
  }

  /** After a dot any word is a name (`t.order`), as in MySQL. */
  qualifiedPart(what = 'a name'): string {
    const token = this.current;
    if (token.kind !== 'quoted' && token.kind !== 'word') this.fail(`expected ${what}, found ${describeToken(token)}`);
    return this.next().value;
  }

  string(what = 'a string'): string {
    const token = this.current;
    if (token.kind !== 'string') this.fail(`expected ${what}, found ${describeToken(token)}`);
    return this.next().value;
  }

  /** A non-negative integer literal that fits a double exactly. */
  integer(what = 'a number'): number {
    const token = this.current;
    if (token.kind !== 'number' || !/^\d+$/.test(token.value)) this.fail(`expected ${what}, found ${describeToken(token)}`);
    const value = Number(token.value);
    if (!Number.isSafeInteger(value)) this.fail(`${what} is out of range`);
    this.index++;
    return value;
  }

  /** Source text from a token's start to the end of the last consumed token. */
  textFrom(start: Token): string {
    const end = this.previous.end;
    return end > start.offset ? this.source.slice(start.offset, end) : '';
  }

  /** Guards recursion: every nested expression or parenthesis goes through here. */
  nested<T>(read: () => T): T {
    if (++this.depth > MAX_DEPTH) this.fail('statement is nested too deeply');
    try {
      return read();
    } finally {
      this.depth--;
    }
  }

  fail(detail: string, token: Token = this.current): never {
    throw new SqlSyntaxError(detail, this.source, token.offset);
  }

  unsupported(feature: string, token: Token = this.current): never {
    throw new UnsupportedStatementError(feature, token.offset);
  }
}
