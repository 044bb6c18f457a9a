// The SQL front end of the reference FE: parse statements, split scripts, quote names and strings.
export * from './ast.js';
export { ER_NOT_SUPPORTED_YET, ER_PARSE_ERROR, SQLSTATE_SYNTAX_ERROR, SqlSyntaxError, UnsupportedStatementError } from './errors.js';
export { tokenize, type Token, type TokenKind } from './lexer.js';
export { parseStatement, parseStatements } from './parser.js';
export { quoteIdentifier, quoteString, quoteTableName } from './quoting.js';
export { splitStatements, type StatementPiece } from './split.js';
