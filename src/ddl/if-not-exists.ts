// Makes a CREATE statement idempotent: `CREATE <object> IF NOT EXISTS ...`, so a DDL job that
// ran a create and then stopped before recording it can run it again harmlessly.
import { StatementSyntaxError, wordsAt, type Token } from './sql-tokens.js';

/**
 * @param objectWords the words after CREATE, e.g. ["TABLE"] or ["MATERIALIZED", "VIEW"]
 * @param tokens the statement's tokens (sql-tokens.ts)
 * @returns the text with IF NOT EXISTS after the object words (unchanged when already there)
 */
export function withIfNotExists(text: string, tokens: readonly Token[], objectWords: readonly string[]): string {
  const header = ['CREATE', ...objectWords];
  if (!wordsAt(text, tokens, 0, header)) {
    throw new StatementSyntaxError(`expected a statement starting with ${header.join(' ')}, got ${JSON.stringify(text.slice(0, 60))}`);
  }
  if (wordsAt(text, tokens, header.length, ['IF', 'NOT', 'EXISTS'])) return text;
  const after = tokens[header.length - 1]!.end;
  return `${text.slice(0, after)} IF NOT EXISTS${text.slice(after)}`;
}
