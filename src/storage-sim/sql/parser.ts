// Entry point: statement text in, Statement out, or SqlSyntaxError / UnsupportedStatementError.
// The first words pick the statement; each family has its own file.
import type { Statement } from './ast.js';
import { Cursor, describeToken } from './cursor.js';
import { tokenize } from './lexer.js';
import { parseAdmin, parseUpdate } from './parse-admin.js';
import { parseAlterTable } from './parse-alter.js';
import { parseCancelJob, parseCreateRepository, parseSnapshotJob } from './parse-backup.js';
import {
  parseCreateDatabase,
  parseDropDatabase,
  parseDropMaterializedView,
  parseDropTable,
  parseDropView,
  parseTruncateTable,
  parseUse,
} from './parse-ddl.js';
import { parseInsert } from './parse-insert.js';
import { parseCancelLoad, parseLoad } from './parse-load.js';
import { parseSelect } from './parse-select.js';
import { parseKill, parseSet } from './parse-session.js';
import { parseShow } from './parse-show.js';
import { parseCreateTable } from './parse-table.js';
import {
  parseAlterStorageVolume,
  parseCreateStorageVolume,
  parseDescStorageVolume,
  parseDropStorageVolume,
} from './parse-storage-volume.js';
import { parseAlterView, parseCreateMaterializedView, parseCreateView } from './parse-view.js';

/** StarRocks statements the engine does not implement: refused by name rather than as typos. */
const UNSUPPORTED_STATEMENTS = new Set([
  'ANALYZE', 'CALL', 'CLEAN', 'DEALLOCATE', 'DELETE', 'DESC', 'DESCRIBE', 'EXECUTE', 'EXPLAIN', 'EXPORT',
  'FLUSH', 'GRANT', 'INSTALL', 'LOCK', 'OPTIMIZE', 'PAUSE', 'PREPARE', 'RECOVER', 'REFRESH',
  'REPLACE', 'RESUME', 'REVOKE', 'STOP', 'SUBMIT', 'SYNC', 'UNINSTALL', 'UNLOCK',
]);

/** What CREATE, DROP, ALTER and CANCEL act on in StarRocks besides what the engine implements. */
const OTHER_OBJECTS = new Set([
  'ALTER', 'ANALYZE', 'CATALOG', 'COMPACTION', 'DATABASE', 'DECOMMISSION', 'DICTIONARY', 'EXPORT', 'FILE',
  'FUNCTION', 'GLOBAL', 'INDEX', 'LOAD', 'MATERIALIZED', 'PIPE', 'REFRESH', 'RESOURCE', 'ROLE', 'ROUTINE',
  'SECURITY', 'STATS', 'STORAGE', 'SYSTEM', 'USER', 'WAREHOUSE',
]);

/** Exactly one statement; a trailing `;` is allowed. */
export function parseStatement(sql: string): Statement {
  const c = new Cursor(sql, tokenize(sql));
  while (c.acceptOp(';'));
  if (c.current.kind === 'eof') c.fail('empty statement');
  const stmt = parseOne(c);
  while (c.acceptOp(';'));
  if (c.current.kind !== 'eof') c.fail(`unexpected ${describeToken(c.current)} after the statement`);
  return stmt;
}

/**
 * Every statement of a `;`-separated script, in order; empty ones are skipped. Positions in errors
 * are relative to the whole script. To run statements one by one until one fails, split first
 * (splitStatements) and parse each piece.
 */
export function parseStatements(sql: string): Statement[] {
  const c = new Cursor(sql, tokenize(sql));
  const statements: Statement[] = [];
  for (;;) {
    while (c.acceptOp(';'));
    if (c.current.kind === 'eof') return statements;
    statements.push(parseOne(c));
  }
}

function parseOne(c: Cursor): Statement {
  const start = c.current;
  const stmt = dispatch(c);
  if (!c.atEnd()) c.fail(`unexpected ${describeToken(c.current)}`);
  stmt.text = c.textFrom(start);
  return stmt;
}

function dispatch(c: Cursor): Statement {
  const first = c.current;
  if (first.kind !== 'word') return c.fail(`expected a statement, found ${describeToken(first)}`);
  switch (first.upper) {
    case 'SELECT':
    case 'WITH':
      return parseSelect(c);
  }
  c.next();
  switch (first.upper) {
    case 'CREATE':
      return parseCreate(c);
    case 'DROP':
      return parseDrop(c);
    case 'ALTER':
      if (c.acceptWords('TABLE')) return parseAlterTable(c);
      if (c.acceptWords('VIEW')) return parseAlterView(c);
      if (c.acceptWords('STORAGE', 'VOLUME')) return parseAlterStorageVolume(c);
      return unsupportedOrFail(c, 'ALTER', ['TABLE', 'VIEW', 'STORAGE VOLUME']);
    case 'TRUNCATE':
      c.acceptWords('TABLE');
      return parseTruncateTable(c);
    case 'USE':
      return parseUse(c);
    case 'INSERT':
      return parseInsert(c);
    case 'SHOW':
      return parseShow(c);
    case 'ADMIN':
      return parseAdmin(c);
    case 'UPDATE':
      return parseUpdate(c);
    case 'SET':
      return parseSet(c);
    case 'KILL':
      return parseKill(c);
    case 'BEGIN':
      c.acceptWords('WORK');
      return { kind: 'begin', text: '' };
    case 'START':
      c.expectWords('TRANSACTION');
      return { kind: 'begin', text: '' };
    case 'COMMIT':
      c.acceptWords('WORK');
      return { kind: 'commit', text: '' };
    case 'ROLLBACK':
      c.acceptWords('WORK');
      return { kind: 'rollback', text: '' };
    case 'BACKUP':
      return parseSnapshotJob(c, 'backup');
    case 'RESTORE':
      return parseSnapshotJob(c, 'restore');
    case 'CANCEL':
      if (c.acceptWords('BACKUP')) return parseCancelJob(c, 'cancel_backup');
      if (c.acceptWords('RESTORE')) return parseCancelJob(c, 'cancel_restore');
      if (c.acceptWords('LOAD')) return parseCancelLoad(c);
      return unsupportedOrFail(c, 'CANCEL', ['BACKUP', 'RESTORE', 'LOAD']);
    case 'LOAD':
      return parseLoad(c);
    case 'DESC':
    case 'DESCRIBE':
      if (c.acceptWords('STORAGE', 'VOLUME')) return parseDescStorageVolume(c);
      return c.unsupported(first.upper, first);
  }
  if (UNSUPPORTED_STATEMENTS.has(first.upper)) return c.unsupported(first.upper, first);
  return c.fail(`unknown statement ${describeToken(first)}`, first);
}

function parseCreate(c: Cursor): Statement {
  if (c.acceptOneOf(['DATABASE', 'SCHEMA'] as const)) return parseCreateDatabase(c);
  if (c.acceptWords('TABLE')) return parseCreateTable(c);
  if (c.acceptWords('VIEW')) return parseCreateView(c, false);
  if (c.acceptWords('OR', 'REPLACE', 'VIEW')) return parseCreateView(c, true);
  if (c.acceptWords('MATERIALIZED', 'VIEW')) return parseCreateMaterializedView(c);
  if (c.acceptWords('REPOSITORY')) return parseCreateRepository(c, false);
  if (c.acceptWords('READ', 'ONLY', 'REPOSITORY')) return parseCreateRepository(c, true);
  if (c.acceptWords('STORAGE', 'VOLUME')) return parseCreateStorageVolume(c);
  if (c.isAnyWord(['EXTERNAL', 'TEMPORARY']) && c.isWord('TABLE', 1)) return c.unsupported(`CREATE ${c.current.upper} TABLE`);
  return unsupportedOrFail(c, 'CREATE', ['DATABASE', 'TABLE', 'VIEW', 'MATERIALIZED VIEW', 'REPOSITORY', 'STORAGE VOLUME']);
}

function parseDrop(c: Cursor): Statement {
  if (c.acceptOneOf(['DATABASE', 'SCHEMA'] as const)) return parseDropDatabase(c);
  if (c.acceptWords('TABLE')) return parseDropTable(c);
  if (c.acceptWords('VIEW')) return parseDropView(c);
  if (c.acceptWords('MATERIALIZED', 'VIEW')) return parseDropMaterializedView(c);
  if (c.acceptWords('REPOSITORY')) return { kind: 'drop_repository', text: '', name: c.identifier('a repository name') };
  if (c.acceptWords('STORAGE', 'VOLUME')) return parseDropStorageVolume(c);
  return unsupportedOrFail(c, 'DROP', ['DATABASE', 'TABLE', 'VIEW', 'MATERIALIZED VIEW', 'REPOSITORY', 'STORAGE VOLUME']);
}

/**
 * After a verb whose object the engine does not handle: a StarRocks object (CREATE USER, DROP
 * CATALOG) is refused by name; anything else, a typo included, is a syntax error.
 */
function unsupportedOrFail(c: Cursor, verb: string, expected: readonly string[]): never {
  const token = c.current;
  if (token.kind === 'word' && OTHER_OBJECTS.has(token.upper)) c.unsupported(`${verb} ${token.upper}`);
  return c.fail(`expected ${expected.join(', ')}, found ${describeToken(token)}`);
}
