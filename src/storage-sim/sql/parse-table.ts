// CREATE TABLE and the clauses ALTER TABLE reuses (partition definitions, distribution). Clauses
// come in StarRocks' fixed order, which is also the order SHOW CREATE TABLE prints them in.
import type {
  CreateTableStatement,
  DistributionDef,
  IndexDef,
  KeysKind,
  PartitionDef,
  PartitionValues,
  RangePartitioning,
} from './ast.js';
import type { Token } from './lexer.js';
import { describeToken, type Cursor } from './cursor.js';
import { parseColumnDef } from './parse-column.js';
import {
  parseIfNotExists,
  parseLiteralText,
  parseNameList,
  parseOptionalProperties,
  parsePropertyList,
  parseTableName,
} from './parse-common.js';

const KEY_KINDS: readonly KeysKind[] = ['DUPLICATE', 'PRIMARY', 'UNIQUE', 'AGGREGATE'];

/** After CREATE TABLE. */
export function parseCreateTable(c: Cursor): CreateTableStatement {
  const ifNotExists = parseIfNotExists(c);
  const table = parseTableName(c);
  if (c.isWord('LIKE')) c.unsupported('CREATE TABLE LIKE');
  if (c.isWord('AS')) c.unsupported('CREATE TABLE AS SELECT');
  const stmt: CreateTableStatement = { kind: 'create_table', text: '', table, ifNotExists, columns: [], indexes: [], properties: {} };

  c.expectOp('(');
  do {
    if (c.isWord('INDEX')) stmt.indexes.push(parseIndexDef(c));
    else stmt.columns.push(parseColumnDef(c));
  } while (c.acceptOp(','));
  c.expectOp(')');
  if (stmt.columns.length === 0) c.fail('a table needs at least one column', c.previous);

  if (c.acceptWords('ENGINE')) {
    c.expectOp('=');
    const engine = c.current;
    if (engine.kind !== 'word' && engine.kind !== 'quoted') c.fail(`expected an engine name, found ${describeToken(engine)}`);
    if (engine.upper !== 'OLAP') c.unsupported(`ENGINE = ${engine.value}`);
    c.next();
    stmt.engine = 'OLAP';
  }
  const keys = c.isWord('KEY', 1) ? c.acceptOneOf(KEY_KINDS) : undefined;
  if (keys) {
    c.expectWords('KEY');
    stmt.keys = { kind: keys, columns: parseNameList(c) };
  }
  if (c.acceptWords('COMMENT')) stmt.comment = c.string('a comment');
  if (c.acceptWords('PARTITION', 'BY')) stmt.partitioning = parseRangePartitioning(c);
  if (c.isWord('DISTRIBUTED')) stmt.distribution = parseDistribution(c);
  if (c.acceptWords('ORDER', 'BY')) stmt.orderBy = parseOrderByColumns(c);
  if (c.isWord('ROLLUP')) c.unsupported('ROLLUP');
  stmt.properties = parseOptionalProperties(c);
  return stmt;
}

/** `INDEX name (cols) USING BITMAP [COMMENT '...']` */
function parseIndexDef(c: Cursor): IndexDef {
  c.expectWords('INDEX');
  const name = c.identifier('an index name');
  const columns = parseNameList(c);
  c.expectWords('USING');
  const using = c.current;
  if (using.kind !== 'word') c.fail(`expected an index type, found ${describeToken(using)}`);
  if (using.upper !== 'BITMAP') c.unsupported(`${using.upper} index`);
  c.next();
  const index: IndexDef = { name, columns, using: 'BITMAP' };
  if (c.acceptWords('COMMENT')) index.comment = c.string('a comment');
  return index;
}

/** After PARTITION BY. */
function parseRangePartitioning(c: Cursor): RangePartitioning {
  if (c.isWord('LIST')) c.unsupported('LIST partitioning');
  if (!c.isWord('RANGE')) c.unsupported('expression partitioning');
  c.next();
  const columns = parseNameList(c);
  const partitions: PartitionDef[] = [];
  c.expectOp('(');
  if (c.isWord('START')) c.unsupported('batch partitions (START ... END ... EVERY)');
  if (!c.isOp(')')) {
    do {
      const start = c.expectWords('PARTITION');
      partitions.push(parsePartitionDef(c, start));
    } while (c.acceptOp(','));
  }
  c.expectOp(')');
  return { kind: 'RANGE', columns, partitions };
}

/**
 * After `PARTITION` (and IF NOT EXISTS in ALTER TABLE):
 * `p VALUES LESS THAN (...) | VALUES [(...), (...)) [("k" = "v")]`. start is the PARTITION keyword.
 */
export function parsePartitionDef(c: Cursor, start: Token): PartitionDef {
  const name = c.identifier('a partition name');
  c.expectWords('VALUES');
  let values: PartitionValues;
  if (c.acceptWords('LESS', 'THAN')) {
    values = { kind: 'less_than', upper: c.acceptWords('MAXVALUE') ? null : parseBoundValues(c) };
  } else if (c.acceptOp('[')) {
    const lower = parseBoundValues(c);
    c.expectOp(',');
    const upper = parseBoundValues(c);
    c.expectOp(')');
    values = { kind: 'fixed', lower, upper };
  } else if (c.isWord('IN')) {
    return c.unsupported('LIST partitions');
  } else {
    return c.fail(`expected LESS THAN or '[', found ${describeToken(c.current)}`);
  }
  // Per-partition properties: a parenthesised list that starts with a quoted key.
  const properties = c.isOp('(') && c.peek(1).kind === 'string' ? parsePropertyList(c) : {};
  return { name, values, properties, text: c.textFrom(start) };
}

/** `("v1", "v2")`; `(MAXVALUE)` / `(MINVALUE)` read as null. */
function parseBoundValues(c: Cursor): string[] | null {
  c.expectOp('(');
  if (c.acceptWords('MAXVALUE') || c.acceptWords('MINVALUE')) {
    c.expectOp(')');
    return null;
  }
  const values = [parseLiteralText(c, 'a partition value')];
  while (c.acceptOp(',')) values.push(parseLiteralText(c, 'a partition value'));
  c.expectOp(')');
  return values;
}

/** `DISTRIBUTED BY HASH(cols) [BUCKETS n]` or `DISTRIBUTED BY RANDOM [BUCKETS n]`. */
export function parseDistribution(c: Cursor): DistributionDef {
  c.expectWords('DISTRIBUTED', 'BY');
  const kind = c.expectOneOf(['HASH', 'RANDOM'] as const);
  const distribution: DistributionDef = kind === 'HASH' ? { kind, columns: parseNameList(c) } : { kind };
  if (c.acceptWords('BUCKETS')) distribution.buckets = c.integer('a bucket count');
  return distribution;
}

/** After ORDER BY in a table or materialized view: `(a, b)` or `a, b`. */
export function parseOrderByColumns(c: Cursor): string[] {
  if (c.isOp('(')) return parseNameList(c);
  const names = [c.identifier('a column name')];
  while (c.acceptOp(',')) names.push(c.identifier('a column name'));
  return names;
}
