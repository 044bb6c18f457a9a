// The statement-level PROPERTIES ("k" = "v", ...) clause of a CREATE TABLE or CREATE MATERIALIZED
// VIEW as StarRocks prints it: found at the top level of the statement (a partition's or a
// rollup's properties sit inside parentheses), read entry by entry, and written back with some
// values set and every other entry kept exactly as it was written.
import { quoteValue } from '../cluster/sql-text.js';
import { isWord, matchingClose, StatementSyntaxError, stringValue, type Token } from './sql-tokens.js';

export interface PropertyEntry {
  /** The key's value, e.g. replication_num. */
  key: string;
  /** The key as written, quotes included, kept when the value is replaced. */
  keyText: string;
  /** The value, unquoted. */
  value: string;
  /** The whole entry as written: "k" = "v". */
  text: string;
}

export interface PropertiesClause {
  /** Token index of the PROPERTIES word and of the parenthesis closing the list. */
  keywordIndex: number;
  closeIndex: number;
  entries: PropertyEntry[];
}

function readEntries(text: string, tokens: readonly Token[], openIndex: number, closeIndex: number): PropertyEntry[] {
  const entries: PropertyEntry[] = [];
  let i = openIndex + 1;
  while (i < closeIndex) {
    const [key, equals, value, after] = [tokens[i], tokens[i + 1], tokens[i + 2], tokens[i + 3]];
    const entryText = key && value ? text.slice(key.start, value.end) : text.slice(tokens[i]!.start, tokens[closeIndex]!.start);
    if (key?.kind !== 'string' || equals?.kind !== 'equals' || value?.kind !== 'string') {
      throw new StatementSyntaxError(`expected "key" = "value" in PROPERTIES, got ${JSON.stringify(entryText.slice(0, 60))}`);
    }
    entries.push({ key: stringValue(text, key), keyText: text.slice(key.start, key.end), value: stringValue(text, value), text: entryText });
    i += 3;
    if (i < closeIndex) {
      if (after?.kind !== 'comma') throw new StatementSyntaxError(`expected "," between PROPERTIES entries after ${JSON.stringify(entryText)}`);
      i++;
    }
  }
  return entries;
}

/** The clause at the statement's top level, or null when the statement has none. */
export function findPropertiesClause(text: string, tokens: readonly Token[]): PropertiesClause | null {
  for (let i = 0; i < tokens.length - 1; i++) {
    const token = tokens[i]!;
    if (token.depth !== 0 || !isWord(text, token, 'PROPERTIES') || tokens[i + 1]!.kind !== 'open') continue;
    const closeIndex = matchingClose(tokens, i + 1);
    return { keywordIndex: i, closeIndex, entries: readEntries(text, tokens, i + 1, closeIndex) };
  }
  return null;
}

function renderClause(entries: readonly string[]): string {
  return `PROPERTIES (\n${entries.join(',\n')}\n)`;
}

const sameKey = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * The statement with the given properties set: replaced in place when present, appended
 * otherwise; a null value removes the entry (a property the target would refuse). Without a
 * clause, one is inserted at `insertAt` (an offset in the text).
 */
export function setProperties(text: string, tokens: readonly Token[], values: ReadonlyMap<string, string | null>, insertAt: number): string {
  if (values.size === 0) return text;
  const clause = findPropertiesClause(text, tokens);
  const entries: (string | null)[] = clause ? clause.entries.map((entry) => entry.text) : [];
  for (const [key, value] of values) {
    const index = clause ? clause.entries.findIndex((entry) => sameKey(entry.key, key)) : -1;
    if (value === null) {
      if (index >= 0) entries[index] = null;
    } else if (index >= 0) entries[index] = `${clause!.entries[index]!.keyText} = ${quoteValue(value)}`;
    else entries.push(`${quoteValue(key)} = ${quoteValue(value)}`);
  }
  const kept = entries.filter((entry): entry is string => entry !== null);
  if (!clause) return kept.length === 0 ? text : `${text.slice(0, insertAt)}\n${renderClause(kept)}${text.slice(insertAt)}`;
  const before = text.slice(0, tokens[clause.keywordIndex]!.start);
  const after = text.slice(tokens[clause.closeIndex]!.end);
  return kept.length === 0 ? before.trimEnd() + after : before + renderClause(kept) + after;
}

/** The value of the statement-level property, or undefined when the statement does not set it. */
export function propertyValue(text: string, tokens: readonly Token[], key: string): string | undefined {
  return findPropertiesClause(text, tokens)?.entries.find((entry) => sameKey(entry.key, key))?.value;
}

export function hasProperty(text: string, tokens: readonly Token[], key: string): boolean {
  return findPropertiesClause(text, tokens)?.entries.some((entry) => sameKey(entry.key, key)) ?? false;
}
