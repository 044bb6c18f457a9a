// Pieces several statements share: qualified names, name lists, PROPERTIES, PARTITION lists.
import type { PartitionRef, Properties, TableName } from './ast.js';
import { describeToken, type Cursor } from './cursor.js';

/** Drops keys whose value is undefined, so clauses that were not written leave no trace. */
export function compact<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] === undefined) delete value[key];
  return value;
}

/** `t`, `db.t` or `catalog.db.t`. */
export function parseTableName(c: Cursor, what = 'a table name'): TableName {
  const parts = [c.identifier(what)];
  while (parts.length < 3 && c.acceptOp('.')) parts.push(c.qualifiedPart(what));
  if (parts.length === 3) return { catalog: parts[0]!, db: parts[1]!, name: parts[2]! };
  if (parts.length === 2) return { db: parts[0]!, name: parts[1]! };
  return { name: parts[0]! };
}

/** `(a, b, c)`: at least one name. */
export function parseNameList(c: Cursor, what = 'a column name'): string[] {
  c.expectOp('(');
  const names = [c.identifier(what)];
  while (c.acceptOp(',')) names.push(c.identifier(what));
  c.expectOp(')');
  return names;
}

/** A literal written where the engine wants text: a string's characters or a number's text. */
export function parseLiteralText(c: Cursor, what = 'a value'): string {
  const token = c.current;
  if (token.kind === 'string' || token.kind === 'number') return c.next().value;
  if (token.kind === 'op' && token.value === '-' && c.peek(1).kind === 'number') {
    c.next();
    return '-' + c.next().value;
  }
  return c.fail(`expected ${what}, found ${describeToken(token)}`);
}

export function setProperty(properties: Properties, key: string, value: string): void {
  // A plain assignment to "__proto__" would change the object's prototype instead.
  Object.defineProperty(properties, key, { value, enumerable: true, writable: true, configurable: true });
}

/** `("k" = "v", ...)`, possibly empty. Later duplicates win, as in StarRocks. */
export function parsePropertyList(c: Cursor): Properties {
  const properties: Properties = {};
  c.expectOp('(');
  if (c.acceptOp(')')) return properties;
  do {
    const key = c.string('a property name in quotes');
    c.expectOp('=');
    const value = parseLiteralText(c, 'a property value');
    setProperty(properties, key, value);
  } while (c.acceptOp(','));
  c.expectOp(')');
  return properties;
}

/** `PROPERTIES (...)` when present, else {}. */
export function parseOptionalProperties(c: Cursor): Properties {
  return c.acceptWords('PROPERTIES') ? parsePropertyList(c) : {};
}

/**
 * After PARTITION or PARTITIONS: `(p1, p2)` or a single bare name. Returns undefined when neither
 * keyword is next.
 */
export function parseOptionalPartitionNames(c: Cursor): string[] | undefined {
  if (c.isWord('TEMPORARY') && c.isAnyWord(['PARTITION', 'PARTITIONS'], 1)) c.unsupported('TEMPORARY PARTITION');
  if (!c.acceptOneOf(['PARTITION', 'PARTITIONS'])) return undefined;
  if (c.isOp('(')) return parseNameList(c, 'a partition name');
  return [c.identifier('a partition name')];
}

/**
 * `[TEMPORARY] PARTITION[S] (p1, p2)` or `[TEMPORARY] PARTITION p1`, where StarRocks allows
 * temporary partitions (INSERT, SELECT ... FROM, REPLACE PARTITION). Undefined when absent.
 */
export function parseOptionalPartitionRef(c: Cursor): PartitionRef | undefined {
  const temporary = c.isWord('TEMPORARY') && c.isAnyWord(['PARTITION', 'PARTITIONS'], 1);
  if (temporary) c.next();
  if (!c.acceptOneOf(['PARTITION', 'PARTITIONS'])) return undefined;
  const names = c.isOp('(') ? parseNameList(c, 'a partition name') : [c.identifier('a partition name')];
  return { names, temporary };
}

/** `IF NOT EXISTS` */
export function parseIfNotExists(c: Cursor): boolean {
  return c.acceptWords('IF', 'NOT', 'EXISTS');
}

/** `IF EXISTS` */
export function parseIfExists(c: Cursor): boolean {
  return c.acceptWords('IF', 'EXISTS');
}
