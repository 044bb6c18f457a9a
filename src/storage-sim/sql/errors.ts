// The two ways a statement can be refused before it reaches the catalogue. Both carry the MySQL
// error number and SQLSTATE the FE answers with, so a client sees what it would see from a real
// cluster (which keeps MySQL's 1064 text for syntax errors).
import { positionAt } from './position.js';

/** ER_PARSE_ERROR. */
export const ER_PARSE_ERROR = 1064;
/** ER_NOT_SUPPORTED_YET. */
export const ER_NOT_SUPPORTED_YET = 1235;
/** SQLSTATE of both errors (syntax error or access rule violation). */
export const SQLSTATE_SYNTAX_ERROR = '42000';

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
    return (
      'You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version ' +
      `for the right syntax to use near '${this.near}' at line ${this.line}`
    );
  }
}

/** A statement the grammar recognises but the reference engine does not implement. */
export class UnsupportedStatementError extends Error {
  readonly errno = ER_NOT_SUPPORTED_YET;
  readonly sqlState = SQLSTATE_SYNTAX_ERROR;

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
