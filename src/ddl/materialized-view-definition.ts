// What of a materialized view's definition must match for the target's copy to count as the same.
// StarRocks reports the definition as the whole CREATE MATERIALIZED VIEW statement, PROPERTIES
// included, and the target's properties differ from the source's by design (its replica count,
// storage volume: see rewriteCreateMaterializedView). Compared as printed, every such view would
// be dropped and re-created each round; so the statement-level PROPERTIES clause is left out, and
// the rest is compared token by token (whitespace between tokens does not matter in SQL).
import { findPropertiesClause } from './properties-clause.js';
import { StatementSyntaxError, tokenize } from './sql-tokens.js';

export function comparableMaterializedViewDefinition(definition: string): string {
  try {
    const tokens = tokenize(definition);
    const clause = findPropertiesClause(definition, tokens);
    const kept = clause ? tokens.filter((_, i) => i < clause.keywordIndex || i > clause.closeIndex) : tokens;
    return kept.map((token) => definition.slice(token.start, token.end)).join(' ');
  } catch (error) {
    // Not a statement this tokenizer reads: the text itself is compared.
    if (error instanceof StatementSyntaxError) return definition;
    throw error;
  }
}

export function sameMaterializedViewDefinition(source: string, target: string): boolean {
  return source === target || comparableMaterializedViewDefinition(source) === comparableMaterializedViewDefinition(target);
}
