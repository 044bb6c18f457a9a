// Quoting for every SQL text the daemon sends, as StarRocks reads it: identifiers in backticks (any
// character, a backtick doubled); strings in single quotes, or in double quotes for DDL values (the
// style StarRocks prints its own SHOW CREATE TABLE in), with backslashes and quotes escaped.

export function quoteIdentifier(name: string): string {
  return '`' + name.replaceAll('`', '``') + '`';
}

export function quoteTable(db: string, table: string): string {
  return `${quoteIdentifier(db)}.${quoteIdentifier(table)}`;
}

export function quoteString(value: string): string {
  return "'" + value.replaceAll('\\', '\\\\').replaceAll("'", "\\'") + "'";
}

/** A value in generated DDL (PROPERTIES, partition bounds), double-quoted as SHOW CREATE TABLE prints it. */
export function quoteValue(value: string): string {
  return '"' + value.replaceAll('\\', '\\\\').replaceAll('"', '\\"') + '"';
}
