// Quoting for the SQL the daemon sends: identifiers in backticks (any character, a backtick
// doubled), strings in single quotes with backslashes and quotes escaped, as StarRocks reads them.

export function quoteIdentifier(name: string): string {
  return '`' + name.replaceAll('`', '``') + '`';
}

export function quoteTable(db: string, table: string): string {
  return `${quoteIdentifier(db)}.${quoteIdentifier(table)}`;
}

export function quoteString(value: string): string {
  return "'" + value.replaceAll('\\', '\\\\').replaceAll("'", "\\'") + "'";
}
