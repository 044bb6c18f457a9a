// The two ways a statement can be refused before it reaches the catalogue. Both carry the MySQL
// error number and SQLSTATE the FE answers with, so a client sees what it would see from a real
// cluster. StarRocks answers a syntax error 1064 with SQLSTATE HY000 (mysql/MysqlErrPacket.java:
// an error without an ErrorCode) and, since 3.1 (PR #25490, 2023-06), the text
// "Getting syntax error at line L, column C. Detail message: Unexpected input 'x', the most similar
// input is {...}." (sql/parser/ParsingException.java, sql/parser/ErrorHandler.java), the column
// counted from 0. The "most similar input" comes from ANTLR's expected tokens, which this parser
// does not have: it names what it expected in its own words.
import { positionAt } from './position.js';

/** ER_PARSE_ERROR. */
export const ER_PARSE_ERROR = 1064;
/** ER_NOT_SUPPORTED_YET. */
export const ER_NOT_SUPPORTED_YET = 1235;
/** SQLSTATE of a syntax error: StarRocks' general error state. */
export const SQLSTATE_SYNTAX_ERROR = 'HY000';
/** SQLSTATE of ER_NOT_SUPPORTED_YET (syntax error or access rule violation). */
export const SQLSTATE_NOT_SUPPORTED = '42000';

/** MySQL quotes at most this many characters of the statement after the error. */
const NEAR_LENGTH = 80;

export class SqlSyntaxError extends Error {
  readonly errno = ER_PARSE_ERROR;
  readonly sqlState = SQLSTATE_SYNTAX_ERROR;
  readonly line: number;
  readonly column: number;
  /** The statement text from the offending token on, cut like MySQL cuts it. */
  readonly near: string;

  constructor(
    /** What was expected or found, for logs and tests; the client sees toMysqlMessage(). */
    readonly detail: string,
    readonly source: string,
    readonly offset: number,
  ) {
    const { line, column } = positionAt(source, offset);
    const near = Array.from(source.slice(offset)).slice(0, NEAR_LENGTH).join('');
    super(`${detail} (line ${line}, column ${column}, near '${near}')`);
    this.name = 'SqlSyntaxError';
    this.line = line;
    this.column = column;
    this.near = near;
  }

  toMysqlMessage(): string {
    const found = offendingInput(this.source, this.offset);
    const expected = /^expected (.+?)(?:, found .*)?$/s.exec(this.detail)?.[1];
    const detail = expected ? `Unexpected input '${found}', the most similar input is {${expected}}` : `Unexpected input '${found}': ${this.detail}`;
    return `Getting syntax error at line ${this.line}, column ${this.column - 1}. Detail message: ${detail}.`;
  }
}

/** The token the parser stopped at, as ANTLR names it: its text, or <EOF> at the end of the statement. */
function offendingInput(source: string, offset: number): string {
  const rest = source.slice(offset);
  if (rest.trim() === '') return '<EOF>';
  const word = /^(?:[\p{L}\p{N}_$]+|`[^`]*`?|'[^']*'?|"[^"]*"?|\S)/u.exec(rest)?.[0] ?? rest[0]!;
  return Array.from(word).slice(0, NEAR_LENGTH).join('');
}

/** A statement the grammar recognises but the reference engine does not implement. */
export class UnsupportedStatementError extends Error {
  readonly errno = ER_NOT_SUPPORTED_YET;
  readonly sqlState = SQLSTATE_NOT_SUPPORTED;

  constructor(
    /** The statement or clause, e.g. 'INSERT OVERWRITE' or 'SELECT with JOIN'. */
    readonly feature: string,
    readonly offset: number,
  ) {
    super(`${feature} is not supported by the reference engine`);
    this.name = 'UnsupportedStatementError';
  }

  toMysqlMessage(): string {
    return this.message;
  }
}
