// Splits a script into statements on `;`, skipping semicolons inside strings, backquoted names and
// comments. It never fails: an unterminated string simply runs to the end, and the parser then
// reports it with the right position.

export interface StatementPiece {
  /** The statement without surrounding whitespace or the `;`. */
  text: string;
  /** Where text starts in the script. */
  offset: number;
}

function isSpace(ch: string | undefined): boolean {
  return ch !== undefined && /^\s$/u.test(ch);
}

export function splitStatements(sql: string): StatementPiece[] {
  const pieces: StatementPiece[] = [];
  let start = 0;
  // Whether the current piece has anything besides whitespace and comments.
  let hasContent = false;
  let i = 0;

  const flush = (end: number): void => {
    if (hasContent) {
      let from = start;
      let to = end;
      while (from < to && isSpace(sql[from])) from++;
      while (to > from && isSpace(sql[to - 1])) to--;
      pieces.push({ text: sql.slice(from, to), offset: from });
    }
    hasContent = false;
  };

  while (i < sql.length) {
    const ch = sql[i]!;
    const next = sql[i + 1];
    if (ch === '#' || (ch === '-' && next === '-' && (i + 2 >= sql.length || isSpace(sql[i + 2])))) {
      const eol = sql.indexOf('\n', i);
      i = eol === -1 ? sql.length : eol + 1;
      continue;
    }
    if (ch === '/' && next === '*') {
      const close = sql.indexOf('*/', i + 2);
      i = close === -1 ? sql.length : close + 2;
      continue;
    }
    if (ch === "'" || ch === '"' || ch === '`') {
      hasContent = true;
      i = skipQuoted(sql, i, ch);
      continue;
    }
    if (ch === ';') {
      flush(i);
      start = i + 1;
      i++;
      continue;
    }
    if (!isSpace(ch)) hasContent = true;
    i++;
  }
  flush(sql.length);
  return pieces;
}

/** Index just past the closing quote (doubled quotes and, outside backquotes, backslashes escape). */
function skipQuoted(sql: string, open: number, quote: string): number {
  let i = open + 1;
  while (i < sql.length) {
    const ch = sql[i];
    if (ch === '\\' && quote !== '`') {
      i += 2;
      continue;
    }
    if (ch === quote) {
      if (sql[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return sql.length;
}
