// Session statements: SET (variables, NAMES, CHARACTER SET), KILL and transaction control.
import type { Expr, KillStatement, SetAssignment, SetTarget, Statement } from './ast.js';
import { describeToken, type Cursor } from './cursor.js';
import { RESERVED_WORDS } from './keywords.js';
import { parseExpression } from './parse-expression.js';
import { isSetDefaultStorageVolume, parseSetDefaultStorageVolume } from './parse-storage-volume.js';

const UNSUPPORTED_SETS = ['ROLE', 'PROPERTY', 'CATALOG', 'TRANSACTION'];

/** After SET. */
export function parseSet(c: Cursor): Statement {
  if (isSetDefaultStorageVolume(c)) return parseSetDefaultStorageVolume(c);
  // `SET PASSWORD = ...` is MySQL's password statement, not a variable named password.
  if (c.isWord('PASSWORD') || (c.isAnyWord(UNSUPPORTED_SETS) && !c.isOp('=', 1))) c.unsupported(`SET ${c.current.upper}`);
  if (c.isWord('DEFAULT') && c.isWord('ROLE', 1)) c.unsupported('SET DEFAULT ROLE');
  if (c.isWord('NAMES') && !c.isOp('=', 1)) {
    c.next();
    const charset = parseCharsetName(c);
    if (!c.acceptWords('COLLATE')) return { kind: 'set_names', text: '', charset };
    return { kind: 'set_names', text: '', charset, collation: parseCharsetName(c) };
  }
  if (c.acceptWords('CHARACTER', 'SET') || (c.isWord('CHARSET') && !c.isOp('=', 1) && c.acceptWords('CHARSET'))) {
    return { kind: 'set_charset', text: '', charset: parseCharsetName(c) };
  }
  // MySQL: a scope keyword carries over to later assignments that name none.
  let scope: 'GLOBAL' | 'SESSION' = 'SESSION';
  const assignments: SetAssignment[] = [];
  do {
    const word = c.isOp('=', 1) ? undefined : c.acceptOneOf(['GLOBAL', 'SESSION', 'LOCAL'] as const);
    if (word) scope = word === 'GLOBAL' ? 'GLOBAL' : 'SESSION';
    if (c.isWord('TRANSACTION') && !c.isOp('=', 1)) c.unsupported('SET TRANSACTION');
    const target = parseTarget(c, scope);
    c.expectOp('=');
    assignments.push({ target, value: parseSetValue(c) });
  } while (c.acceptOp(','));
  return { kind: 'set_variables', text: '', assignments };
}

function parseTarget(c: Cursor, scope: 'GLOBAL' | 'SESSION'): SetTarget {
  const token = c.current;
  if (token.kind === 'system_var') {
    c.next();
    return { kind: 'system', scope: token.scope ?? 'SESSION', name: token.value };
  }
  if (token.kind === 'user_var') {
    c.next();
    return { kind: 'user', name: token.value };
  }
  return { kind: 'system', scope, name: c.identifier('a variable name') };
}

/** A bare keyword such as ON or DEFAULT is a value here; it arrives as a column reference. */
function parseSetValue(c: Cursor): Expr {
  const token = c.current;
  const alone = c.isOp(',', 1) || c.isOp(';', 1) || c.peek(1).kind === 'eof';
  if (token.kind === 'word' && alone && RESERVED_WORDS.has(token.upper) && !['NULL', 'TRUE', 'FALSE'].includes(token.upper)) {
    c.next();
    return { kind: 'column', name: token.value };
  }
  return parseExpression(c);
}

function parseCharsetName(c: Cursor): string {
  const token = c.current;
  if (token.kind === 'string' || token.kind === 'quoted' || token.kind === 'word') return c.next().value;
  return c.fail(`expected a character set name, found ${describeToken(token)}`);
}

/** After KILL. */
export function parseKill(c: Cursor): KillStatement {
  const target = c.acceptOneOf(['CONNECTION', 'QUERY'] as const) ?? 'CONNECTION';
  return { kind: 'kill', text: '', target, id: c.integer('a connection id') };
}
