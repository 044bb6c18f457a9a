// Broker Load's statements: LOAD LABEL, SHOW LOAD and CANCEL LOAD, in StarRocks' grammar
// (fe/fe-core/src/main/antlr/com/starrocks/sql/parser/StarRocks.g4: loadStatement, dataDesc,
// brokerDesc, showLoadStatement, cancelLoadStatement). Clauses StarRocks has but the engine does
// not run (NEGATIVE, COLUMNS FROM PATH, SET, WHERE, WITH RESOURCE) are refused by name.
import type { CancelLoadStatement, LoadDataDescription, LoadStatement, ShowLoadStatement } from './ast.js';
import { describeToken, type Cursor } from './cursor.js';
import { compact, parseNameList, parseOptionalProperties, parsePropertyList, parseTableName } from './parse-common.js';
import { parseLimit, parseOrderByList } from './parse-select.js';

/** After LOAD. */
export function parseLoad(c: Cursor): LoadStatement {
  c.expectWords('LABEL');
  const name = parseTableName(c, 'a label');
  if (name.catalog !== undefined) c.fail('a load label has at most two parts: [db.]label', c.previous);
  c.expectOp('(');
  const descriptions: LoadDataDescription[] = [];
  do descriptions.push(parseDataDescription(c));
  while (c.acceptOp(','));
  c.expectOp(')');
  if (c.isWord('WITH') && c.isWord('RESOURCE', 1)) c.unsupported('LOAD ... WITH RESOURCE (Spark Load)');
  c.expectWords('WITH', 'BROKER');
  let broker: string | undefined;
  if (!c.isOp('(') && !c.isWord('PROPERTIES') && !c.atEnd()) {
    const token = c.current;
    if (token.kind !== 'string' && !c.isIdentifier()) c.fail(`expected a broker name, '(' or PROPERTIES, found ${describeToken(token)}`);
    broker = c.next().value;
  }
  const brokerProperties = c.isOp('(') ? parsePropertyList(c) : {};
  return compact<LoadStatement>({
    kind: 'load',
    text: '',
    db: name.db,
    label: name.name,
    descriptions,
    broker,
    brokerProperties,
    properties: parseOptionalProperties(c),
  });
}

function parseDataDescription(c: Cursor): LoadDataDescription {
  if (c.isWord('DATA') && c.isWord('FROM', 1)) c.unsupported('DATA FROM TABLE');
  c.expectWords('DATA', 'INFILE');
  c.expectOp('(');
  const paths = [c.string('a file path in quotes')];
  while (c.acceptOp(',')) paths.push(c.string('a file path in quotes'));
  c.expectOp(')');
  if (c.isWord('NEGATIVE')) c.unsupported('NEGATIVE');
  c.expectWords('INTO', 'TABLE');
  const table = c.identifier('a table name');
  const description: LoadDataDescription = { paths, table };
  if (c.isWord('TEMPORARY') && c.isAnyWord(['PARTITION', 'PARTITIONS'], 1)) c.unsupported('TEMPORARY PARTITION in LOAD');
  if (c.acceptOneOf(['PARTITION', 'PARTITIONS'])) description.partitions = c.isOp('(') ? parseNameList(c, 'a partition name') : [c.identifier('a partition name')];
  if (c.acceptWords('COLUMNS', 'TERMINATED', 'BY')) description.columnSeparator = c.string('a column separator in quotes');
  if (c.acceptWords('ROWS', 'TERMINATED', 'BY')) description.rowDelimiter = c.string('a row delimiter in quotes');
  if (c.acceptWords('FORMAT', 'AS')) {
    const token = c.current;
    if (token.kind !== 'string' && !c.isIdentifier()) c.fail(`expected a file format, found ${describeToken(token)}`);
    description.format = c.next().value;
  }
  // StarRocks' formatProps: ("skip_header" = "1", ...), told from a column list by its quoted keys.
  if (c.isOp('(') && c.peek(1).kind === 'string') c.unsupported('format properties in a data description');
  if (c.isOp('(')) description.columns = parseNameList(c, 'a column name');
  if (c.isWord('COLUMNS') && c.isWord('FROM', 1)) c.unsupported('COLUMNS FROM PATH');
  if (c.isWord('SET')) c.unsupported('SET column mappings in LOAD');
  if (c.isWord('WHERE')) c.unsupported('WHERE in a data description');
  return description;
}

/** After SHOW LOAD: `[FROM db] [WHERE cond [AND cond]] [ORDER BY ...] [LIMIT ...]`. */
export function parseShowLoad(c: Cursor): ShowLoadStatement {
  const stmt: ShowLoadStatement = { kind: 'show_load', text: '', orderBy: [] };
  if (c.acceptOneOf(['FROM', 'IN'] as const)) stmt.db = c.identifier('a database name');
  if (c.acceptWords('WHERE')) {
    do {
      const field = c.expectOneOf(['LABEL', 'STATE'] as const);
      if (field === 'LABEL') {
        if (stmt.label) c.fail('LABEL given twice', c.previous);
        const exact = c.acceptOp('=');
        if (!exact) c.expectWords('LIKE');
        stmt.label = { value: c.string('a label in quotes'), exact };
      } else {
        if (stmt.state !== undefined) c.fail('STATE given twice', c.previous);
        c.expectOp('=');
        stmt.state = c.string('a state in quotes');
      }
    } while (c.acceptWords('AND'));
  }
  if (c.acceptWords('ORDER', 'BY')) stmt.orderBy = parseOrderByList(c);
  if (c.acceptWords('LIMIT')) stmt.limit = parseLimit(c);
  return stmt;
}

/** After CANCEL LOAD: `[FROM db] WHERE LABEL = "x"`. */
export function parseCancelLoad(c: Cursor): CancelLoadStatement {
  const db = c.acceptOneOf(['FROM', 'IN'] as const) ? c.identifier('a database name') : undefined;
  c.expectWords('WHERE', 'LABEL');
  c.expectOp('=');
  return compact<CancelLoadStatement>({ kind: 'cancel_load', text: '', db, label: c.string('a label in quotes') });
}
