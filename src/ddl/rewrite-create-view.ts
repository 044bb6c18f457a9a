// Turns the source's SHOW CREATE VIEW / SHOW CREATE MATERIALIZED VIEW into the statement the
// target runs: with IF NOT EXISTS, so a rerun is harmless. A materialized view also holds data
// on the target (it refreshes there), so it can take the target's table properties as a table
// does.
import { withIfNotExists } from './if-not-exists.js';
import { hasProperty, propertyValue, setProperties } from './properties-clause.js';
import { isWord, StatementSyntaxError, tokenize, wordsAt, type Token } from './sql-tokens.js';
import { targetPropertyValues, type TargetPropertyOptions } from './target-properties.js';

/** CREATE VIEW IF NOT EXISTS ...; CREATE OR REPLACE VIEW is left as it is (it is idempotent already). */
export function rewriteCreateView(text: string): string {
  const tokens = tokenize(text);
  if (wordsAt(text, tokens, 0, ['CREATE', 'OR', 'REPLACE', 'VIEW'])) return text;
  return withIfNotExists(text, tokens, ['VIEW']);
}

/** The top-level AS that starts the query: a new PROPERTIES clause goes right before it. */
function beforeQuery(text: string, tokens: readonly Token[]): number {
  const asIndex = tokens.findIndex((token) => token.depth === 0 && isWord(text, token, 'AS'));
  if (asIndex < 1) throw new StatementSyntaxError(`no AS <query> in the materialized view statement ${JSON.stringify(text.slice(0, 60))}`);
  return tokens[asIndex - 1]!.end;
}

/**
 * CREATE MATERIALIZED VIEW IF NOT EXISTS ...; with options, the target's replica count, storage
 * volume and persistent index setting in its PROPERTIES too.
 */
export function rewriteCreateMaterializedView(text: string, options?: TargetPropertyOptions): string {
  const original = tokenize(text);
  const withClause = withIfNotExists(text, original, ['MATERIALIZED', 'VIEW']);
  if (!options) return withClause;
  const tokens = withClause === text ? original : tokenize(withClause);
  // A materialized view declares no PRIMARY KEY: only a persistent index setting it already has is replaced.
  const values = targetPropertyValues(options, {
    persistentIndexApplies: hasProperty(withClause, tokens, 'enable_persistent_index'),
    persistentIndexType: propertyValue(withClause, tokens, 'persistent_index_type'),
  });
  return setProperties(withClause, tokens, values, beforeQuery(withClause, tokens));
}
