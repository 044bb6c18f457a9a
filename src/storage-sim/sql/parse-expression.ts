// Scalar expressions, loosest binding first: OR, AND, NOT, comparisons and the IS/IN/BETWEEN/LIKE
// predicates, + -, * / %, unary minus, then literals, names, variables, calls and parentheses
// (MySQL's order).
import type { BinaryOp, Expr, FunctionCall } from './ast.js';
import { describeToken, type Cursor } from './cursor.js';
import { NILADIC_FUNCTIONS } from './keywords.js';

const COMPARISONS: ReadonlySet<string> = new Set(['=', '!=', '<', '<=', '>', '>=']);

/** Reserved words that still name functions when a parenthesis follows. */
const RESERVED_FUNCTION_NAMES: ReadonlySet<string> = new Set(['LEFT', 'RIGHT', 'INSERT']);

export function parseExpression(c: Cursor): Expr {
  return c.nested(() => parseOr(c));
}

function binary(op: BinaryOp, left: Expr, right: Expr): Expr {
  return { kind: 'binary', op, left, right };
}

function parseOr(c: Cursor): Expr {
  let left = parseAnd(c);
  while (c.acceptWords('OR')) left = binary('OR', left, parseAnd(c));
  return left;
}

function parseAnd(c: Cursor): Expr {
  let left = parseNot(c);
  while (c.acceptWords('AND')) left = binary('AND', left, parseNot(c));
  return left;
}

function parseNot(c: Cursor): Expr {
  if (c.acceptWords('NOT')) return { kind: 'unary', op: 'NOT', operand: c.nested(() => parseNot(c)) };
  return parsePredicate(c);
}

function parsePredicate(c: Cursor): Expr {
  let left = parseAdditive(c);
  for (;;) {
    const token = c.current;
    if (token.kind === 'op' && COMPARISONS.has(token.value)) {
      c.next();
      left = binary(token.value as BinaryOp, left, parseAdditive(c));
      continue;
    }
    if (c.acceptWords('IS')) {
      const not = c.acceptWords('NOT');
      c.expectWords('NULL');
      left = { kind: 'is_null', expr: left, not };
      continue;
    }
    const not = c.isWord('NOT') && c.isAnyWord(['IN', 'BETWEEN', 'LIKE'], 1);
    if (not) c.next();
    if (c.acceptWords('IN')) {
      left = { kind: 'in', expr: left, list: parseInList(c), not };
    } else if (c.acceptWords('BETWEEN')) {
      const low = parseAdditive(c);
      c.expectWords('AND');
      left = { kind: 'between', expr: left, low, high: parseAdditive(c), not };
    } else if (c.acceptWords('LIKE')) {
      left = { kind: 'like', expr: left, pattern: parseAdditive(c), not };
    } else {
      return left;
    }
  }
}

function parseInList(c: Cursor): Expr[] {
  c.expectOp('(');
  if (c.isAnyWord(['SELECT', 'WITH'])) c.unsupported('IN (subquery)');
  const list = [parseExpression(c)];
  while (c.acceptOp(',')) list.push(parseExpression(c));
  c.expectOp(')');
  return list;
}

function parseAdditive(c: Cursor): Expr {
  let left = parseMultiplicative(c);
  while (c.isOp('+') || c.isOp('-')) {
    const op = c.next().value as BinaryOp;
    left = binary(op, left, parseMultiplicative(c));
  }
  return left;
}

function parseMultiplicative(c: Cursor): Expr {
  let left = parseUnary(c);
  while (c.isOp('*') || c.isOp('/') || c.isOp('%')) {
    const op = c.next().value as BinaryOp;
    left = binary(op, left, parseUnary(c));
  }
  return left;
}

function parseUnary(c: Cursor): Expr {
  if (c.acceptOp('+')) return c.nested(() => parseUnary(c));
  if (c.acceptOp('-')) {
    const operand = c.nested(() => parseUnary(c));
    // Folding the sign into the literal keeps -9223372036854775808 exact for BIGINT columns.
    if (operand.kind === 'number' && !operand.text.startsWith('-')) return { kind: 'number', text: '-' + operand.text };
    return { kind: 'unary', op: '-', operand };
  }
  return parsePrimary(c);
}

function parsePrimary(c: Cursor): Expr {
  const token = c.current;
  switch (token.kind) {
    case 'number':
      c.next();
      return { kind: 'number', text: token.value };
    case 'string':
      c.next();
      return { kind: 'string', value: token.value };
    case 'system_var':
      c.next();
      return token.scope ? { kind: 'system_variable', scope: token.scope, name: token.value } : { kind: 'system_variable', name: token.value };
    case 'user_var':
      c.next();
      return { kind: 'user_variable', name: token.value };
    case 'op':
      if (token.value === '(') {
        c.next();
        if (c.isAnyWord(['SELECT', 'WITH'])) c.unsupported('subquery');
        const inner = parseExpression(c);
        if (c.isOp(',')) c.unsupported('row constructor');
        c.expectOp(')');
        return inner;
      }
      break;
    case 'word':
      if (token.upper === 'NULL') {
        c.next();
        return { kind: 'null' };
      }
      if (token.upper === 'TRUE' || token.upper === 'FALSE') {
        c.next();
        return { kind: 'boolean', value: token.upper === 'TRUE' };
      }
      if (token.upper === 'CASE') c.unsupported('CASE expression');
      if (token.upper === 'EXISTS') c.unsupported('EXISTS (subquery)');
      if (token.upper === 'INTERVAL') c.unsupported('INTERVAL expression');
      if (c.isOp('(', 1) && (c.isIdentifier() || RESERVED_FUNCTION_NAMES.has(token.upper))) return parseCall(c);
      if (NILADIC_FUNCTIONS.has(token.upper)) {
        c.next();
        return { kind: 'function', name: token.upper, args: [], distinct: false, star: false };
      }
      break;
    default:
      break;
  }
  if (c.isIdentifier()) return parseColumnRef(c);
  return c.fail(`expected an expression, found ${describeToken(token)}`);
}

function parseCall(c: Cursor): FunctionCall {
  const name = c.next().upper;
  if (name === 'CAST' || name === 'CONVERT') c.unsupported(name);
  c.expectOp('(');
  const call: FunctionCall = { kind: 'function', name, args: [], distinct: false, star: false };
  if (c.isOp('*') && c.isOp(')', 1)) {
    c.next();
    call.star = true;
  }
  if (c.acceptOp(')')) {
    if (c.isWord('OVER')) c.unsupported('window function');
    return call;
  }
  if (c.acceptWords('DISTINCT')) call.distinct = true;
  else c.acceptWords('ALL');
  call.args.push(parseExpression(c));
  while (c.acceptOp(',')) call.args.push(parseExpression(c));
  c.expectOp(')');
  if (c.isWord('OVER')) c.unsupported('window function');
  return call;
}

function parseColumnRef(c: Cursor): Expr {
  const parts = [c.identifier('a column name')];
  while (parts.length < 3 && c.isOp('.') && !c.isOp('*', 1)) {
    c.next();
    parts.push(c.qualifiedPart('a column name'));
  }
  if (parts.length === 3) return { kind: 'column', db: parts[0]!, table: parts[1]!, name: parts[2]! };
  if (parts.length === 2) return { kind: 'column', table: parts[0]!, name: parts[1]! };
  return { kind: 'column', name: parts[0]! };
}
