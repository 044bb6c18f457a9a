// Writing names and strings back into SQL so that the lexer reads exactly them again: what the FE
// needs to echo definitions (SHOW CREATE TABLE) and what tests use to build statements.
import type { TableName } from './ast.js';

/** Always backquoted, so keywords, spaces and any character survive. */
export function quoteIdentifier(name: string): string {
  return '`' + name.replaceAll('`', '``') + '`';
}

/** `db`.`t`, or just `t` without a database. */
export function quoteTableName(table: TableName): string {
  return [table.catalog, table.db, table.name]
    .filter((part): part is string => part !== undefined)
    .map(quoteIdentifier)
    .join('.');
}

const STRING_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\0': '\\0',
  '\x1a': '\\Z',
};

/** A string literal in the given quotes; backslashes, the quote and control characters are escaped. */
export function quoteString(value: string, quote: "'" | '"' = "'"): string {
  let out = quote;
  for (const ch of value) out += ch === quote ? '\\' + quote : (STRING_ESCAPES[ch] ?? ch);
  return out + quote;
}
