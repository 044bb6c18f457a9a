// Turns the source's SHOW CREATE TABLE into the statement the target runs: CREATE TABLE IF NOT
// EXISTS (a rerun after an interruption is harmless), with the target's replica count, storage
// volume and persistent index setting in PROPERTIES, every other property kept as the source
// printed it. The text is read with a tokenizer, so literals holding parentheses, quotes or
// keywords (comments, defaults, partition values) are left untouched.
//
// A dynamic-partition table is created with dynamic_partition.enable = "false": the target must
// hold exactly the source's partitions, which the DDL job mirrors (the source's scheduler adds and
// drops them); the target's own scheduler would add and drop partitions by its own clock, and
// StarRocks refuses ADD / DROP PARTITION on a table whose scheduler is on.
import { findPropertiesClause, hasProperty, propertyValue, setProperties } from './properties-clause.js';
import { tokenize, wordsAt, type Token } from './sql-tokens.js';
import { withIfNotExists } from './if-not-exists.js';
import { targetPropertyValues, type TargetPropertyOptions } from './target-properties.js';

export type RewriteCreateTableOptions = TargetPropertyOptions;

function isPrimaryKeyTable(text: string, tokens: readonly Token[]): boolean {
  return tokens.some((token, i) => token.depth === 0 && wordsAt(text, tokens, i, ['PRIMARY', 'KEY']));
}

/** Where a new PROPERTIES clause goes: at the end, before a trailing semicolon. */
function endOfStatement(tokens: readonly Token[]): number {
  const last = tokens.at(-1);
  const beforeSemicolon = last?.kind === 'semicolon' ? tokens.at(-2) : last;
  return beforeSemicolon?.end ?? 0;
}

/** The property that turns a table's own partition scheduler off. */
export const DYNAMIC_PARTITION_ENABLE = 'dynamic_partition.enable';

/** Whether the statement configures dynamic partitioning (any dynamic_partition.* property). */
export function hasDynamicPartitioning(text: string, tokens: readonly Token[]): boolean {
  return findPropertiesClause(text, tokens)?.entries.some((entry) => entry.key.toLowerCase().startsWith('dynamic_partition.')) ?? false;
}

export function rewriteCreateTable(ddl: string, options: RewriteCreateTableOptions): string {
  const original = tokenize(ddl);
  const text = withIfNotExists(ddl, original, ['TABLE']);
  const tokens = text === ddl ? original : tokenize(text);
  const persistentIndexApplies = isPrimaryKeyTable(text, tokens) || hasProperty(text, tokens, 'enable_persistent_index');
  const values = targetPropertyValues(options, { persistentIndexApplies, persistentIndexType: propertyValue(text, tokens, 'persistent_index_type') });
  if (hasDynamicPartitioning(text, tokens)) values.set(DYNAMIC_PARTITION_ENABLE, 'false');
  return setProperties(text, tokens, values, endOfStatement(tokens));
}
