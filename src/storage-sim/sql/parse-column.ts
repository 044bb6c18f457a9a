// Column types and column definitions, as CREATE TABLE, ALTER TABLE ... ADD/MODIFY COLUMN and
// SHOW CREATE TABLE's own output write them (`int(11)`, `decimal(10, 2) SUM NULL DEFAULT "0"`).
import type { ColumnType, ColumnTypeName } from '../common/column-types.js';
import type { AggregationName, ColumnDef } from './ast.js';
import { describeToken, type Cursor } from './cursor.js';

const SIMPLE_TYPES: Record<string, ColumnTypeName> = {
  BOOLEAN: 'BOOLEAN',
  BOOL: 'BOOLEAN',
  FLOAT: 'FLOAT',
  DOUBLE: 'DOUBLE',
  STRING: 'STRING',
  DATE: 'DATE',
  DATETIME: 'DATETIME',
  JSON: 'JSON',
};

/** Integer types; StarRocks prints them with a display width (`int(11)`), which means nothing. */
const INTEGER_TYPES: Record<string, ColumnTypeName> = {
  TINYINT: 'TINYINT',
  SMALLINT: 'SMALLINT',
  INT: 'INT',
  INTEGER: 'INT',
  BIGINT: 'BIGINT',
  LARGEINT: 'LARGEINT',
};

const DECIMAL_TYPES: ReadonlySet<string> = new Set(['DECIMAL', 'DECIMALV2', 'DECIMALV3', 'DECIMAL32', 'DECIMAL64', 'DECIMAL128', 'NUMERIC']);

/** StarRocks types the engine does not store: refused by name rather than as a syntax error. */
const UNSUPPORTED_TYPES: ReadonlySet<string> = new Set([
  'ARRAY', 'MAP', 'STRUCT', 'HLL', 'BITMAP', 'PERCENTILE', 'BINARY', 'VARBINARY', 'TIME', 'TIMESTAMP',
  'TEXT', 'BLOB', 'VARIANT', 'UNSIGNED',
]);

const AGGREGATIONS: readonly AggregationName[] = ['SUM', 'MAX', 'MIN', 'REPLACE', 'REPLACE_IF_NOT_NULL'];
const UNSUPPORTED_AGGREGATIONS = ['HLL_UNION', 'BITMAP_UNION', 'PERCENTILE_UNION'];

const DEFAULT_DECIMAL = { precision: 10, scale: 0 };
const DEFAULT_CHAR_LENGTH = 1;
const DEFAULT_VARCHAR_LENGTH = 65533;

export function parseColumnType(c: Cursor): { type: ColumnType; text: string } {
  const start = c.current;
  if (start.kind !== 'word') c.fail(`expected a column type, found ${describeToken(start)}`);
  const upper = start.upper;
  const type = readType(c, upper);
  return { type, text: c.textFrom(start) };
}

function readType(c: Cursor, upper: string): ColumnType {
  const simple = SIMPLE_TYPES[upper];
  if (simple) {
    c.next();
    return { name: simple };
  }
  const integer = INTEGER_TYPES[upper];
  if (integer) {
    c.next();
    if (c.acceptOp('(')) {
      c.integer('a display width');
      c.expectOp(')');
    }
    return { name: integer };
  }
  if (DECIMAL_TYPES.has(upper)) {
    c.next();
    let { precision, scale } = DEFAULT_DECIMAL;
    if (c.acceptOp('(')) {
      precision = c.integer('a precision');
      scale = c.acceptOp(',') ? c.integer('a scale') : 0;
      c.expectOp(')');
    }
    return { name: 'DECIMAL', length: precision, scale };
  }
  if (upper === 'CHAR' || upper === 'VARCHAR') {
    c.next();
    let length = upper === 'CHAR' ? DEFAULT_CHAR_LENGTH : DEFAULT_VARCHAR_LENGTH;
    if (c.acceptOp('(')) {
      length = c.integer('a length');
      c.expectOp(')');
    }
    return { name: upper, length };
  }
  if (UNSUPPORTED_TYPES.has(upper)) c.unsupported(`column type ${upper}`);
  return c.fail(`expected a column type, found ${describeToken(c.current)}`);
}

/** `name type [agg] [NULL | NOT NULL] [DEFAULT ...] [AUTO_INCREMENT] [COMMENT '...']`, options in any order. */
export function parseColumnDef(c: Cursor): ColumnDef {
  const start = c.current;
  const name = c.identifier('a column name');
  const { type, text: typeText } = parseColumnType(c);
  const column: ColumnDef = { name, type, typeText, text: '' };
  if (c.isAnyWord(UNSUPPORTED_AGGREGATIONS)) c.unsupported(`aggregate type ${c.current.upper}`);
  const aggregation = c.acceptOneOf(AGGREGATIONS);
  if (aggregation) column.aggregation = aggregation;
  for (;;) {
    const option = c.current;
    if (c.isWord('NOT') || c.isWord('NULL')) {
      if (column.nullable !== undefined) c.fail('NULL or NOT NULL given twice');
      column.nullable = !c.acceptWords('NOT');
      c.expectWords('NULL');
    } else if (c.acceptWords('DEFAULT')) {
      if (column.defaultValue) c.fail('DEFAULT given twice', option);
      column.defaultValue = parseDefault(c);
    } else if (c.acceptWords('AUTO_INCREMENT')) {
      column.autoIncrement = true;
    } else if (c.acceptWords('COMMENT')) {
      if (column.comment !== undefined) c.fail('COMMENT given twice', option);
      column.comment = c.string('a comment');
    } else if (c.isWord('AS')) {
      c.unsupported('generated column');
    } else {
      break;
    }
  }
  column.text = c.textFrom(start);
  return column;
}

function parseDefault(c: Cursor): NonNullable<ColumnDef['defaultValue']> {
  const token = c.current;
  if (token.kind === 'string' || token.kind === 'number') return { kind: 'value', value: c.next().value };
  if (token.kind === 'op' && token.value === '-' && c.peek(1).kind === 'number') {
    c.next();
    return { kind: 'value', value: '-' + c.next().value };
  }
  if (c.acceptWords('NULL')) return { kind: 'null' };
  if (c.acceptWords('CURRENT_TIMESTAMP') || (c.isWord('NOW') && c.isOp('(', 1) && c.acceptWords('NOW'))) {
    if (c.acceptOp('(')) c.expectOp(')');
    return { kind: 'current_timestamp' };
  }
  if (c.isOp('(')) c.unsupported('DEFAULT expression');
  return c.fail(`expected a default value, found ${describeToken(token)}`);
}
