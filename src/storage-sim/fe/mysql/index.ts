// The MySQL-protocol server layer of the reference FE.

export { SqlError, toSqlErrorInfo, type SqlErrorInfo } from './errors.js';
export { MysqlServer } from './server.js';
export { splitStatements } from './split-statements.js';
export type { ColumnSpec, MysqlServerOptions, Session, StatementResult, TextRow } from './types.js';
export { passwordHash } from './native-password.js';
export { rowBatches, type RowBatches } from './row-batches.js';
