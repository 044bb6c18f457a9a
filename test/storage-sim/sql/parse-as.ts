import assert from 'node:assert/strict';
import type { StatementKind, StatementOfKind } from '../../../src/storage-sim/sql/ast.js';
import { SqlSyntaxError, UnsupportedStatementError } from '../../../src/storage-sim/sql/errors.js';
import { parseStatement } from '../../../src/storage-sim/sql/parser.js';

/** Parses one statement and checks its kind, narrowing the type for the assertions that follow. */
export function parseAs<K extends StatementKind>(sql: string, kind: K): StatementOfKind<K> {
  const stmt = parseStatement(sql);
  assert.equal(stmt.kind, kind, `kind of ${sql}`);
  return stmt as StatementOfKind<K>;
}

export function syntaxError(sql: string): SqlSyntaxError {
  try {
    parseStatement(sql);
  } catch (error) {
    if (error instanceof SqlSyntaxError) return error;
    throw error;
  }
  assert.fail(`expected a syntax error for: ${sql}`);
}

export function unsupported(sql: string): UnsupportedStatementError {
  try {
    parseStatement(sql);
  } catch (error) {
    if (error instanceof UnsupportedStatementError) return error;
    throw error;
  }
  assert.fail(`expected UnsupportedStatementError for: ${sql}`);
}
