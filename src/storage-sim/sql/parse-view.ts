// Views and materialized views. The engine stores their definitions as written and echoes them
// in SHOW CREATE, so every clause keeps its text. Their queries may go beyond the SELECT subset
// the FE evaluates (joins, unions, CASE): such a query is kept as text only, while a query that is
// malformed within the subset is still a syntax error.
import type {
  AlterViewStatement,
  CreateMaterializedViewStatement,
  CreateViewStatement,
  RefreshDef,
  SelectStatement,
  ViewColumn,
} from './ast.js';
import { describeToken, type Cursor } from './cursor.js';
import { UnsupportedStatementError } from './errors.js';
import type { Token } from './lexer.js';
import { parseIfNotExists, parsePropertyList, parseTableName } from './parse-common.js';
import { parseExpression } from './parse-expression.js';
import { parseSelect } from './parse-select.js';
import { parseDistribution, parseOrderByColumns } from './parse-table.js';

/** After CREATE [OR REPLACE] VIEW. */
export function parseCreateView(c: Cursor, orReplace: boolean): CreateViewStatement {
  const ifNotExists = parseIfNotExists(c);
  return { kind: 'create_view', ifNotExists, orReplace, ...parseViewDefinition(c) };
}

/** After ALTER VIEW. */
export function parseAlterView(c: Cursor): AlterViewStatement {
  return { kind: 'alter_view', ...parseViewDefinition(c) };
}

function parseViewDefinition(c: Cursor): Omit<CreateViewStatement, 'kind' | 'ifNotExists' | 'orReplace'> {
  const view = parseTableName(c, 'a view name');
  const definition: Omit<CreateViewStatement, 'kind' | 'ifNotExists' | 'orReplace'> = { text: '', view, queryText: '', query: null };
  if (c.isOp('(')) {
    const start = c.current;
    definition.columns = parseViewColumns(c);
    definition.columnsText = c.textFrom(start);
  }
  if (c.acceptWords('COMMENT')) definition.comment = c.string('a comment');
  c.expectWords('AS');
  Object.assign(definition, parseQueryBody(c));
  return definition;
}

/** `(c1 [COMMENT '...'], c2, ...)` */
function parseViewColumns(c: Cursor): ViewColumn[] {
  const columns: ViewColumn[] = [];
  c.expectOp('(');
  do {
    const column: ViewColumn = { name: c.identifier('a column name') };
    if (c.acceptWords('COMMENT')) column.comment = c.string('a comment');
    columns.push(column);
  } while (c.acceptOp(','));
  c.expectOp(')');
  return columns;
}

/** The query after AS, to the end of the statement. */
function parseQueryBody(c: Cursor): { queryText: string; query: SelectStatement | null } {
  const start = c.current;
  if (!c.isAnyWord(['SELECT', 'WITH']) && !c.isOp('(')) c.fail(`expected SELECT, found ${describeToken(start)}`);
  const position = c.position;
  try {
    const query = parseSelect(c);
    if (!c.atEnd()) c.fail(`unexpected ${describeToken(c.current)}`);
    return { query, queryText: c.textFrom(start) };
  } catch (error) {
    if (!(error instanceof UnsupportedStatementError)) throw error;
  }
  c.rewind(position);
  skipBalancedToEnd(c);
  return { query: null, queryText: c.textFrom(start) };
}

function skipBalancedToEnd(c: Cursor): void {
  const open: Token[] = [];
  while (!(c.atEnd() && open.length === 0)) {
    const token = c.current;
    if (token.kind === 'eof') c.fail(`unclosed '('`, open.at(-1));
    if (c.isOp('(') || c.isOp('[')) open.push(token);
    else if (c.isOp(')') || c.isOp(']')) {
      if (open.length === 0) c.fail(`unexpected '${token.value}'`);
      open.pop();
    }
    c.next();
  }
}

/** After CREATE MATERIALIZED VIEW. */
export function parseCreateMaterializedView(c: Cursor): CreateMaterializedViewStatement {
  const ifNotExists = parseIfNotExists(c);
  const view = parseTableName(c, 'a materialized view name');
  const stmt: CreateMaterializedViewStatement = {
    kind: 'create_materialized_view',
    text: '',
    view,
    ifNotExists,
    properties: {},
    clausesText: '',
    queryText: '',
    query: null,
  };
  const clausesStart = c.current;
  if (c.isOp('(')) stmt.columns = parseViewColumns(c);
  const seen = new Set<string>();
  const once = (clause: string): void => {
    if (seen.has(clause)) c.fail(`${clause} given twice`);
    seen.add(clause);
  };
  for (;;) {
    const start = c.current;
    if (c.isWord('COMMENT')) {
      once('COMMENT');
      c.next();
      stmt.comment = c.string('a comment');
    } else if (c.isWord('PARTITION')) {
      once('PARTITION BY');
      c.expectWords('PARTITION', 'BY');
      const exprStart = c.current;
      const expr = parseExpression(c);
      stmt.partitionBy = { expr, text: c.textFrom(exprStart) };
    } else if (c.isWord('DISTRIBUTED')) {
      once('DISTRIBUTED BY');
      stmt.distribution = parseDistribution(c);
      stmt.distributionText = c.textFrom(start);
    } else if (c.isWord('ORDER')) {
      once('ORDER BY');
      c.expectWords('ORDER', 'BY');
      stmt.orderBy = parseOrderByColumns(c);
    } else if (c.isWord('REFRESH')) {
      once('REFRESH');
      stmt.refresh = parseRefresh(c);
    } else if (c.isWord('PROPERTIES')) {
      once('PROPERTIES');
      c.next();
      stmt.properties = parsePropertyList(c);
      stmt.propertiesText = c.textFrom(start);
    } else {
      break;
    }
  }
  stmt.clausesText = c.textFrom(clausesStart);
  c.expectWords('AS');
  Object.assign(stmt, parseQueryBody(c));
  return stmt;
}

/** `REFRESH [IMMEDIATE | DEFERRED] [ASYNC [START ('...')] [EVERY (INTERVAL n unit)] | MANUAL | INCREMENTAL]` */
function parseRefresh(c: Cursor): RefreshDef {
  const start = c.expectWords('REFRESH');
  const refresh: RefreshDef = { text: '' };
  const moment = c.acceptOneOf(['IMMEDIATE', 'DEFERRED'] as const);
  if (moment) refresh.moment = moment;
  const kind = c.acceptOneOf(['ASYNC', 'MANUAL', 'INCREMENTAL'] as const);
  if (kind) refresh.kind = kind;
  if (!moment && !kind) c.fail(`expected ASYNC, MANUAL, INCREMENTAL, IMMEDIATE or DEFERRED, found ${describeToken(c.current)}`);
  if (kind === 'ASYNC') {
    if (c.acceptWords('START')) {
      c.expectOp('(');
      refresh.start = c.string('a start time');
      c.expectOp(')');
    }
    if (c.acceptWords('EVERY')) {
      c.expectOp('(');
      c.expectWords('INTERVAL');
      const value = c.current;
      if (value.kind !== 'number') c.fail(`expected a number, found ${describeToken(value)}`);
      c.next();
      const unit = c.current;
      if (unit.kind !== 'word') c.fail(`expected a time unit, found ${describeToken(unit)}`);
      c.next();
      c.expectOp(')');
      refresh.every = { value: value.value, unit: unit.upper };
    }
  }
  refresh.text = c.textFrom(start);
  return refresh;
}
