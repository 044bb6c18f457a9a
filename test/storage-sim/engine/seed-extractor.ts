// Finds the SQL statements (and curl commands) a seed document shows, the way a reader copies them:
// a statement starts on a line that begins with a statement keyword followed by an upper-case word,
// a quote, a bracket or nothing (`CREATE REPOSITORY`, `SHOW FRONTENDS;`, `SELECT `), after an
// optional `mysql> ` prompt, and ends at the first `;` (a document may go on after it on the same
// line: `);- The following example ...`). Prose that starts with a keyword ("BACKUP is an
// asynchronous operation", "BACKUP および RESTORE") does not match. A start that reaches prose
// (a line with non-ASCII text) before any `;` is a title, a table cell or a syntax summary, not a statement
// ("BACKUP SNAPSHOT <db_name>.<snapshot_name> TO <repository_name> [ ON (...) ]"): it is returned
// apart so that it is accounted for too.
import { readFileSync } from 'node:fs';

const KEYWORDS = ['CREATE', 'BACKUP', 'RESTORE', 'SHOW', 'CANCEL', 'ADMIN', 'LOAD', 'DROP', 'ALTER', 'SELECT', 'INSERT', 'SET', 'USE', 'RECOVER', 'TRUNCATE', 'GRANT', 'REFRESH', 'DELETE', 'UPDATE', 'SUBMIT', 'KILL'];
const START = new RegExp(`^\\s*(?:mysql>\\s*)?((?:${KEYWORDS.join('|')})(?:\\s+[A-Z_("'\`<*]|\\s*;|\\s*$).*)$`);
const CURL = /^\s*(?:\$\s*)?(curl\s.*)$/;
// A statement longer than this without a `;` is not one.
const MAX_LINES = 40;

export interface SeedStatement {
  /** The seed file's number: '000' ... '004'. */
  seed: string;
  /** 1-based line of the statement's first line. */
  line: number;
  /** The statement as the document writes it, from its keyword to its `;` (the prompt left out). */
  text: string;
}

export interface SeedExtract {
  statements: SeedStatement[];
  /** Starts that never reached a `;` before prose: syntax summaries. */
  unterminated: SeedStatement[];
}

/** The same statement written with other indentation or line breaks is one statement. */
export function normalize(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\(\s+/g, '(').replace(/\s+\)/g, ')').trim();
}

export function extractStatements(seed: string, text: string): SeedExtract {
  const lines = text.split(/\r?\n/);
  const result: SeedExtract = { statements: [], unterminated: [] };
  for (let i = 0; i < lines.length; i++) {
    const curl = CURL.exec(lines[i]!);
    if (curl) {
      // A curl command ends at the end of its line unless the line continues with a backslash.
      const parts = [curl[1]!];
      while (parts.at(-1)!.endsWith('\\') && i + 1 < lines.length) parts.push(lines[++i]!);
      result.statements.push({ seed, line: i + 2 - parts.length, text: parts.join('\n') });
      continue;
    }
    const start = START.exec(lines[i]!);
    if (!start) continue;
    const parts = [start[1]!];
    let end = i;
    // The line that ends a statement may go on in prose after its `;`; any other line must be code.
    const code = (line: string) => !/[^\x00-\x7f]/.test(line.includes(';') ? line.slice(0, line.indexOf(';')) : line);
    while (!parts.at(-1)!.includes(';') && end + 1 < lines.length && end - i < MAX_LINES && code(lines[end + 1]!)) parts.push(lines[++end]!);
    const last = parts.at(-1)!;
    if (!last.includes(';')) {
      result.unterminated.push({ seed, line: i + 1, text: parts.join('\n') });
      continue;
    }
    parts[parts.length - 1] = last.slice(0, last.indexOf(';') + 1);
    result.statements.push({ seed, line: i + 1, text: parts.join('\n') });
    i = end;
  }
  return result;
}

export function extractSeedFile(path: string): SeedExtract {
  const seed = /(\d{3})_[^/]*$/.exec(path)?.[1];
  if (!seed) throw new Error(`${path}: expected a seed file named NNN_<hash>.txt`);
  return extractStatements(seed, readFileSync(path, 'utf8'));
}
