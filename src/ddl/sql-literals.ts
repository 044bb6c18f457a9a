// Quoting for the SQL fragments built here, in the style StarRocks prints its own DDL: names in
// backticks (any character, an inner backtick doubled), values in double quotes with backslash
// escapes.

export function quoteIdentifier(name: string): string {
  return '`' + name.replaceAll('`', '``') + '`';
}

export function quoteValue(value: string): string {
  return '"' + value.replaceAll('\\', '\\\\').replaceAll('"', '\\"') + '"';
}
