// INSERT INTO | OVERWRITE ... VALUES / SELECT, the FE's only write path besides Stream Load. The
// target partitions may be temporary ones (TEMPORARY PARTITION (...)).
import type { Expr, InsertStatement } from './ast.js';
import type { Cursor } from './cursor.js';
import { parseNameList, parseOptionalPartitionRef, parseTableName } from './parse-common.js';
import { parseExpression } from './parse-expression.js';
import { parseSelect } from './parse-select.js';

/** After INSERT. */
export function parseInsert(c: Cursor): InsertStatement {
  const overwrite = c.acceptWords('OVERWRITE');
  if (!overwrite) c.expectWords('INTO');
  if (c.isWord('FILES')) c.unsupported(`INSERT ${overwrite ? 'OVERWRITE' : 'INTO'} FILES`);
  const table = parseTableName(c);
  const stmt: InsertStatement = { kind: 'insert', text: '', table, source: { kind: 'values', rows: [] } };
  if (overwrite) stmt.overwrite = true;
  const partitions = parseOptionalPartitionRef(c);
  if (partitions) stmt.partitions = partitions.names;
  if (partitions?.temporary) stmt.temporary = true;
  if (c.acceptWords('WITH', 'LABEL')) stmt.label = c.identifier('a label');
  if (c.isOp('(') && !c.isAnyWord(['SELECT', 'WITH'], 1)) stmt.columns = parseNameList(c);
  if (c.acceptWords('VALUES') || c.acceptWords('VALUE')) {
    const rows: Expr[][] = [];
    do rows.push(parseRow(c));
    while (c.acceptOp(','));
    stmt.source = { kind: 'values', rows };
  } else {
    stmt.source = { kind: 'select', query: parseSelect(c) };
  }
  return stmt;
}

function parseRow(c: Cursor): Expr[] {
  c.expectOp('(');
  const row: Expr[] = [];
  if (!c.isOp(')')) {
    do {
      if (c.isWord('DEFAULT')) c.unsupported('DEFAULT in VALUES');
      row.push(parseExpression(c));
    } while (c.acceptOp(','));
  }
  c.expectOp(')');
  return row;
}
