// The short DDL statements: databases, USE, and dropping or truncating tables and views.
import type {
  CreateDatabaseStatement,
  DropDatabaseStatement,
  DropMaterializedViewStatement,
  DropTableStatement,
  DropViewStatement,
  TruncateTableStatement,
  UseStatement,
} from './ast.js';
import type { Cursor } from './cursor.js';
import {
  parseIfExists,
  parseIfNotExists,
  parseOptionalPartitionNames,
  parseOptionalProperties,
  parseTableName,
} from './parse-common.js';

/** After CREATE DATABASE / SCHEMA. */
export function parseCreateDatabase(c: Cursor): CreateDatabaseStatement {
  const ifNotExists = parseIfNotExists(c);
  const name = c.identifier('a database name');
  return { kind: 'create_database', text: '', name, ifNotExists, properties: parseOptionalProperties(c) };
}

/** After DROP DATABASE / SCHEMA. */
export function parseDropDatabase(c: Cursor): DropDatabaseStatement {
  const ifExists = parseIfExists(c);
  const name = c.identifier('a database name');
  return { kind: 'drop_database', text: '', name, ifExists, force: c.acceptWords('FORCE') };
}

/** After USE: `db` or `catalog.db`. */
export function parseUse(c: Cursor): UseStatement {
  const first = c.identifier('a database name');
  if (!c.acceptOp('.')) return { kind: 'use', text: '', db: first };
  return { kind: 'use', text: '', catalog: first, db: c.qualifiedPart('a database name') };
}

/** After DROP TABLE. */
export function parseDropTable(c: Cursor): DropTableStatement {
  const ifExists = parseIfExists(c);
  const table = parseTableName(c);
  return { kind: 'drop_table', text: '', table, ifExists, force: c.acceptWords('FORCE') };
}

/** After TRUNCATE [TABLE]. */
export function parseTruncateTable(c: Cursor): TruncateTableStatement {
  const table = parseTableName(c);
  const partitions = parseOptionalPartitionNames(c);
  return partitions ? { kind: 'truncate_table', text: '', table, partitions } : { kind: 'truncate_table', text: '', table };
}

/** After DROP VIEW. */
export function parseDropView(c: Cursor): DropViewStatement {
  const ifExists = parseIfExists(c);
  return { kind: 'drop_view', text: '', view: parseTableName(c, 'a view name'), ifExists };
}

/** After DROP MATERIALIZED VIEW. */
export function parseDropMaterializedView(c: Cursor): DropMaterializedViewStatement {
  const ifExists = parseIfExists(c);
  return { kind: 'drop_materialized_view', text: '', view: parseTableName(c, 'a materialized view name'), ifExists };
}
