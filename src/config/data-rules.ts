// include_data_list / exclude_data_list: which databases and tables the daemon syncs.
//
// An item is `db` or `db.table`; a name that holds a dot, comma, space or backtick is written in
// backquotes with inner backticks doubled (`my db`.`a``b`), as in StarRocks SQL.
//
// Resolution (documented order "1. include 2. exclude", and "include takes priority"):
//   1. a table named exactly in include_data_list is selected;
//   2. a table named exactly in exclude_data_list is not;
//   3. a table whose database is in include_data_list is selected;
//   4. a table whose database is in exclude_data_list is not;
//   5. otherwise it is selected only when include_data_list is empty.
// So the more specific rule wins, and between equally specific rules include wins.

import { quoteIdentifier } from '../cluster/sql-text.js';

export interface DataRef {
  db: string;
  /** Absent for a database-level rule. */
  table?: string;
}

export interface DataRules {
  include: readonly DataRef[];
  exclude: readonly DataRef[];
}

export const NO_DATA_RULES: DataRules = { include: [], exclude: [] };

export class DataListSyntaxError extends Error {}

/** Splits one list into references; throws DataListSyntaxError naming the position on bad input. */
export function parseDataList(raw: string): DataRef[] {
  const refs: DataRef[] = [];
  let parts: string[] = [];
  let current = '';
  let quoted = false;
  let wasQuoted = false;
  const finishPart = (position: number) => {
    const name = wasQuoted ? current : current.trim();
    if (name === '') throw new DataListSyntaxError(`empty name at position ${position + 1}`);
    parts.push(name);
    current = '';
    wasQuoted = false;
  };
  const finishItem = (position: number) => {
    finishPart(position);
    if (parts.length > 2) {
      throw new DataListSyntaxError(
        `"${parts.join('.')}" at position ${position + 1} has more than two parts; quote names holding a dot with backticks`,
      );
    }
    refs.push(parts.length === 1 ? { db: parts[0]! } : { db: parts[0]!, table: parts[1]! });
    parts = [];
  };
  if (raw.trim() === '') return refs;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    if (quoted) {
      if (ch === '`' && raw[i + 1] === '`') {
        current += '`';
        i++;
      } else if (ch === '`') {
        quoted = false;
      } else {
        current += ch;
      }
      continue;
    }
    if (ch === '`') {
      if (current.trim() !== '') throw new DataListSyntaxError(`unexpected backtick at position ${i + 1}`);
      quoted = true;
      wasQuoted = true;
      current = '';
    } else if (ch === '.') {
      finishPart(i);
    } else if (ch === ',') {
      finishItem(i);
    } else if (wasQuoted) {
      if (ch.trim() !== '') throw new DataListSyntaxError(`unexpected "${ch}" after a quoted name at position ${i + 1}`);
    } else {
      current += ch;
    }
  }
  if (quoted) throw new DataListSyntaxError('unterminated backtick');
  finishItem(raw.length - 1);
  return refs;
}

function has(list: readonly DataRef[], db: string, table?: string): boolean {
  return list.some((ref) => ref.db === db && ref.table === table);
}

export function isTableSelected(rules: DataRules, db: string, table: string): boolean {
  if (has(rules.include, db, table)) return true;
  if (has(rules.exclude, db, table)) return false;
  if (has(rules.include, db)) return true;
  if (has(rules.exclude, db)) return false;
  return rules.include.length === 0;
}

/** A database is selected when at least one of its tables can be. */
export function isDatabaseSelected(rules: DataRules, db: string): boolean {
  if (has(rules.include, db) || rules.include.some((ref) => ref.db === db && ref.table !== undefined)) return true;
  if (has(rules.exclude, db)) return false;
  return rules.include.length === 0;
}

/** The list written back in the syntax it was read in (for check-config and logs). */
export function formatDataList(refs: readonly DataRef[]): string {
  const quote = (name: string) => (/^[^\s.,`]+$/.test(name) ? name : quoteIdentifier(name));
  return refs.map((ref) => (ref.table === undefined ? quote(ref.db) : `${quote(ref.db)}.${quote(ref.table)}`)).join(',');
}
