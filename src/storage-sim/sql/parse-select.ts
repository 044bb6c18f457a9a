// The SELECT subset the FE evaluates: one table (or none), WHERE, GROUP BY, HAVING, ORDER BY and
// LIMIT. Joins, unions and subqueries are recognised only to be refused by name.
import type { FromClause, Limit, OrderByItem, SelectItem, SelectStatement } from './ast.js';
import type { Cursor } from './cursor.js';
import { parseOptionalPartitionRef, parseTableName } from './parse-common.js';
import { parseExpression } from './parse-expression.js';

const JOIN_WORDS = ['JOIN', 'INNER', 'LEFT', 'RIGHT', 'CROSS', 'FULL', 'OUTER', 'NATURAL', 'STRAIGHT_JOIN'];

export function parseSelect(c: Cursor): SelectStatement {
  const start = c.current;
  if (c.isWord('WITH')) c.unsupported('WITH (common table expression)');
  c.expectWords('SELECT');
  const distinct = c.acceptWords('DISTINCT');
  if (!distinct) c.acceptWords('ALL');
  const items = [parseSelectItem(c)];
  while (c.acceptOp(',')) items.push(parseSelectItem(c));

  const select: SelectStatement = { kind: 'select', text: '', distinct, items, groupBy: [], orderBy: [] };
  if (c.acceptWords('FROM')) select.from = parseFrom(c);
  if (c.acceptWords('WHERE')) select.where = parseExpression(c);
  if (c.acceptWords('GROUP', 'BY')) {
    select.groupBy.push(parseExpression(c));
    while (c.acceptOp(',')) select.groupBy.push(parseExpression(c));
  }
  if (c.acceptWords('HAVING')) select.having = parseExpression(c);
  if (c.acceptWords('ORDER', 'BY')) select.orderBy = parseOrderByList(c);
  if (c.acceptWords('LIMIT')) select.limit = parseLimit(c);
  const set = c.acceptOneOf(['UNION', 'EXCEPT', 'INTERSECT', 'MINUS']);
  if (set) c.unsupported(set, c.previous);
  select.text = c.textFrom(start);
  return select;
}

function parseSelectItem(c: Cursor): SelectItem {
  const start = c.current;
  if (c.acceptOp('*')) return { kind: 'star', text: '*' };
  if (c.isIdentifier() && c.isOp('.', 1) && c.isOp('*', 2)) {
    const table = c.next().value;
    c.next();
    c.next();
    return { kind: 'star', table, text: c.textFrom(start) };
  }
  if (c.isIdentifier() && c.isOp('.', 1) && c.isOp('.', 3) && c.isOp('*', 4)) {
    const db = c.next().value;
    c.next();
    const table = c.qualifiedPart('a table name');
    c.next();
    c.next();
    return { kind: 'star', db, table, text: c.textFrom(start) };
  }
  const expr = parseExpression(c);
  const item: SelectItem = { kind: 'expr', expr, text: c.textFrom(start) };
  const alias = parseOptionalAlias(c);
  if (alias !== undefined) item.alias = alias;
  return item;
}

/** `AS name`, `AS 'name'`, or a bare name / string right after the expression. */
function parseOptionalAlias(c: Cursor): string | undefined {
  if (c.acceptWords('AS')) return c.current.kind === 'string' ? c.next().value : c.identifier('an alias');
  if (c.current.kind === 'string' || c.isIdentifier()) return c.next().value;
  return undefined;
}

function parseFrom(c: Cursor): FromClause {
  if (c.isOp('(')) c.unsupported('subquery in FROM');
  const from: FromClause = { table: parseTableName(c) };
  // StarRocks writes the partitions before the alias; the other order is accepted too.
  let partitions = parseOptionalPartitionRef(c);
  const alias = parseOptionalAlias(c);
  if (alias !== undefined) from.alias = alias;
  partitions ??= parseOptionalPartitionRef(c);
  if (partitions) from.partitions = partitions.names;
  if (partitions?.temporary) from.temporary = true;
  if (c.isOp(',') || c.isAnyWord(JOIN_WORDS)) c.unsupported('SELECT with JOIN');
  return from;
}

export function parseOrderByList(c: Cursor): OrderByItem[] {
  const items: OrderByItem[] = [];
  do {
    const expr = parseExpression(c);
    const direction = c.acceptOneOf(['ASC', 'DESC']);
    items.push({ expr, desc: direction === 'DESC' });
  } while (c.acceptOp(','));
  return items;
}

/** After LIMIT: `n`, `n OFFSET m` or MySQL's `m, n`. */
export function parseLimit(c: Cursor): Limit {
  const first = c.integer('a row count');
  if (c.acceptOp(',')) return { count: c.integer('a row count'), offset: first };
  if (c.acceptWords('OFFSET')) return { count: first, offset: c.integer('an offset') };
  return { count: first, offset: 0 };
}
