// Splits a query text into statements on ';', the way the MySQL server reads a multi-statement
// query: semicolons inside quoted strings, quoted identifiers and comments do not count, and
// pieces holding nothing but whitespace and comments are dropped (so a trailing ';' or a
// trailing comment adds no empty statement).

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';
}

/** Index just past a '...' or "..." string (backslash escapes, doubled quotes) or a `...` name. */
function skipQuoted(sql: string, start: number): number {
  const quote = sql[start];
  let i = start + 1;
  while (i < sql.length) {
    const c = sql[i];
    if (c === '\\' && quote !== '`') {
      i += 2;
    } else if (c === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else {
      i++;
    }
  }
  return sql.length; // unterminated: the statement engine reports the syntax error
}

function skipLine(sql: string, start: number): number {
  const end = sql.indexOf('\n', start);
  return end < 0 ? sql.length : end + 1;
}

function skipBlockComment(sql: string, start: number): number {
  const end = sql.indexOf('*/', start + 2);
  return end < 0 ? sql.length : end + 2;
}

export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let start = 0;
  let hasContent = false;
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    const next = sql[i + 1];
    if (c === "'" || c === '"' || c === '`') {
      i = skipQuoted(sql, i);
      hasContent = true;
    } else if (c === '#') {
      i = skipLine(sql, i);
    } else if (c === '-' && next === '-' && (i + 2 >= sql.length || isSpace(sql[i + 2]))) {
      // MySQL only treats '--' as a comment when whitespace follows it.
      i = skipLine(sql, i);
    } else if (c === '/' && next === '*') {
      // Executable comments (/*! ... */) and optimizer hints (/*+ ... */) are statement text.
      const marker = sql[i + 2];
      if (marker === '!' || marker === '+') hasContent = true;
      i = skipBlockComment(sql, i);
    } else if (c === ';') {
      if (hasContent) statements.push(sql.slice(start, i).trim());
      start = i + 1;
      hasContent = false;
      i++;
    } else {
      if (!isSpace(c)) hasContent = true;
      i++;
    }
  }
  if (hasContent) statements.push(sql.slice(start).trim());
  return statements;
}
