// Evaluates the expressions of the SELECT subset against one row: comparisons are typed by the
// column they involve (a literal compared with a DATE column is read as a DATE), so filters mean
// what they mean in StarRocks; scalar functions cover what clients and the tests ask for.
import { createCipheriv } from 'node:crypto';
import type { ColumnType, Value } from '../../common/column-types.js';
import { compareValues, parseValue } from '../../common/values.js';
import type { Expr } from '../../sql/ast.js';
import { SimError } from '../sim-error.js';
import { variableColumnType } from '../settings/session-variables.js';

export interface Typed {
  value: Value;
  /** Known for column values; absent for literals and computed values. */
  type?: ColumnType;
}

export interface ScopeColumn {
  name: string;
  /** The table (or alias) the column belongs to, for t.c references. */
  table?: string;
  type: ColumnType;
}

export interface EvalContext {
  columns: readonly ScopeColumn[];
  /** @@variables and functions that need the session. */
  variable(name: string, scope?: 'GLOBAL' | 'SESSION'): string;
  /** What current_version() answers in the cluster's release. */
  currentVersion(): string;
  database(): string | null;
  connectionId(): number;
  user(): string;
}

export function columnIndex(columns: readonly ScopeColumn[], name: string, table?: string): number {
  const lower = name.toLowerCase();
  const index = columns.findIndex((c) => c.name.toLowerCase() === lower && (!table || !c.table || c.table.toLowerCase() === table.toLowerCase()));
  if (index < 0) throw SimError.unknownColumn(table ? `${table}.${name}` : name);
  return index;
}

/**
 * Where each column reference points in a scope, found once per statement rather than once per
 * row: a scan of 100,000 rows over 28 columns would otherwise compare names millions of times.
 * Scopes and expressions are never mutated, so their identities are safe keys.
 */
const resolvedColumns = new WeakMap<readonly ScopeColumn[], WeakMap<Expr, number>>();

function resolvedColumnIndex(columns: readonly ScopeColumn[], expr: Extract<Expr, { kind: 'column' }>): number {
  let indexes = resolvedColumns.get(columns);
  if (!indexes) resolvedColumns.set(columns, (indexes = new WeakMap()));
  let index = indexes.get(expr);
  if (index === undefined) indexes.set(expr, (index = columnIndex(columns, expr.name, expr.table)));
  return index;
}

function numeric(v: Value): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  return undefined;
}

/** Compares two values; null when either is NULL (SQL's unknown). */
export function compareTyped(a: Typed, b: Typed): number | null {
  if (a.value === null || b.value === null) return null;
  const type = a.type ?? b.type;
  if (type) {
    const coerce = (t: Typed) => (t.type ? t.value : parseValue(type, String(t.value)));
    try {
      return compareValues(type, coerce(a), coerce(b));
    } catch {
      // A literal that is not a valid value of the column's type: compare as text, as MySQL would.
    }
  }
  const x = numeric(a.value);
  const y = numeric(b.value);
  if (x !== undefined && y !== undefined && (typeof a.value === 'number' || typeof b.value === 'number')) return x < y ? -1 : x > y ? 1 : 0;
  const s = String(a.value);
  const t = String(b.value);
  return s < t ? -1 : s > t ? 1 : 0;
}

function truthy(v: Value): boolean | null {
  if (v === null) return null;
  if (typeof v === 'boolean') return v;
  const n = numeric(v);
  return n === undefined ? false : n !== 0;
}

function likeToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\' && i + 1 < pattern.length) source += pattern[++i]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (ch === '%') source += '.*';
    else if (ch === '_') source += '.';
    else source += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'is');
}

export function likeMatches(value: string, pattern: string): boolean {
  return likeToRegExp(pattern).test(value);
}

// MySQL's AES_ENCRYPT default mode (AES-128-ECB, key folded by XOR). The daemon has the same
// derivation in src/config/password-cipher.ts; the engine may not import daemon code, and the
// two must stay independent anyway: the engine is what the daemon's decryption is tested against.
function aesEncrypt(text: string, key: string): Buffer {
  const folded = Buffer.alloc(16);
  const bytes = Buffer.from(key, 'utf8');
  for (let i = 0; i < bytes.length; i++) folded[i % 16]! ^= bytes[i]!;
  const cipher = createCipheriv('aes-128-ecb', folded, null);
  return Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
}

function callFunction(name: string, args: Typed[], ctx: EvalContext): Typed {
  const arg = (i: number) => args[i]?.value ?? null;
  switch (name) {
    case 'DATABASE':
    case 'SCHEMA':
      return { value: ctx.database() };
    case 'CONNECTION_ID':
      return { value: ctx.connectionId() };
    case 'USER':
    case 'CURRENT_USER':
      return { value: `'${ctx.user()}'@'%'` };
    case 'VERSION':
      return { value: ctx.variable('version') };
    case 'CURRENT_VERSION':
      return { value: ctx.currentVersion() };
    case 'NOW':
    case 'CURRENT_TIMESTAMP':
      return { value: new Date().toISOString().slice(0, 19).replace('T', ' ') };
    case 'UPPER':
    case 'UCASE':
      return { value: arg(0) === null ? null : String(arg(0)).toUpperCase() };
    case 'LOWER':
    case 'LCASE':
      return { value: arg(0) === null ? null : String(arg(0)).toLowerCase() };
    case 'CONCAT':
      return { value: args.some((a) => a.value === null) ? null : args.map((a) => String(a.value)).join('') };
    case 'LENGTH':
      return { value: arg(0) === null ? null : Buffer.byteLength(String(arg(0))) };
    case 'IFNULL':
    case 'COALESCE':
      return args.find((a) => a.value !== null) ?? { value: null };
    case 'TO_BASE64':
      return { value: arg(0) === null ? null : Buffer.from(String(arg(0)), 'latin1').toString('base64') };
    case 'AES_ENCRYPT':
      // The binary result travels as latin1 text so TO_BASE64 of it gives MySQL's bytes.
      return { value: arg(0) === null || arg(1) === null ? null : aesEncrypt(String(arg(0)), String(arg(1))).toString('latin1') };
    default:
      throw SimError.invalid(`No matching function with signature: ${name.toLowerCase()}(${args.length} arguments)`);
  }
}

function arithmetic(op: string, a: Value, b: Value): Value {
  const x = numeric(a);
  const y = numeric(b);
  if (a === null || b === null || x === undefined || y === undefined) return null;
  switch (op) {
    case '+':
      return x + y;
    case '-':
      return x - y;
    case '*':
      return x * y;
    case '/':
      return y === 0 ? null : x / y;
    default:
      return y === 0 ? null : x % y;
  }
}

/**
 * A numeric literal as a number when a double holds it exactly, else as its text: StarRocks reads
 * 12345678901234567890 as LARGEINT and 1234567890.123456789 as an exact DECIMAL, so a value loaded
 * into a BIGINT, LARGEINT or DECIMAL column must keep every digit.
 */
function numberLiteral(text: string): Value {
  const value = Number(text);
  if (/^-?\d+$/.test(text)) return Number.isSafeInteger(value) ? value : text;
  const plain = /^(-?)0*(\d*?)\.?(\d*?)0*$/.exec(text);
  if (!plain) return value; // exponent notation is a DOUBLE in StarRocks too
  const [, sign, whole, fraction] = plain;
  const canonical = `${sign}${whole || '0'}${fraction ? `.${fraction}` : ''}`;
  return String(value) === canonical || canonical === '-0' ? value : text;
}

export function evaluate(expr: Expr, row: readonly Value[], ctx: EvalContext): Typed {
  switch (expr.kind) {
    case 'number':
      return { value: numberLiteral(expr.text) };
    case 'string':
      return { value: expr.value };
    case 'null':
      return { value: null };
    case 'boolean':
      return { value: expr.value };
    case 'column': {
      const index = resolvedColumnIndex(ctx.columns, expr);
      return { value: row[index] ?? null, type: ctx.columns[index]!.type };
    }
    case 'system_variable': {
      const text = ctx.variable(expr.name, expr.scope);
      const type = variableColumnType(expr.name);
      if (!type) return { value: text };
      // INT values are numbers; BIGINT ones stay exact decimal text (column-types.ts).
      return { value: type.name === 'INT' ? Number(text) : text, type };
    }
    case 'user_variable':
      return { value: null };
    case 'function':
      if (['COUNT', 'SUM', 'MIN', 'MAX', 'AVG'].includes(expr.name)) {
        throw SimError.invalid(`aggregate function ${expr.name.toLowerCase()} is not allowed here`);
      }
      return callFunction(expr.name, expr.args.map((a) => evaluate(a, row, ctx)), ctx);
    case 'unary': {
      const operand = evaluate(expr.operand, row, ctx).value;
      if (expr.op === 'NOT') {
        const t = truthy(operand);
        return { value: t === null ? null : !t };
      }
      const n = numeric(operand);
      return { value: operand === null || n === undefined ? null : -n };
    }
    case 'binary': {
      if (expr.op === 'AND' || expr.op === 'OR') {
        const l = truthy(evaluate(expr.left, row, ctx).value);
        if (expr.op === 'AND' && l === false) return { value: false };
        if (expr.op === 'OR' && l === true) return { value: true };
        const r = truthy(evaluate(expr.right, row, ctx).value);
        if (expr.op === 'AND') return { value: l === null || r === null ? (r === false ? false : null) : l && r };
        return { value: l === null || r === null ? (r === true ? true : null) : l || r };
      }
      const left = evaluate(expr.left, row, ctx);
      const right = evaluate(expr.right, row, ctx);
      if (['+', '-', '*', '/', '%'].includes(expr.op)) return { value: arithmetic(expr.op, left.value, right.value) };
      const c = compareTyped(left, right);
      if (c === null) return { value: null };
      const results: Record<string, boolean> = { '=': c === 0, '!=': c !== 0, '<': c < 0, '<=': c <= 0, '>': c > 0, '>=': c >= 0 };
      return { value: results[expr.op]! };
    }
    case 'in': {
      const left = evaluate(expr.expr, row, ctx);
      if (left.value === null) return { value: null };
      let sawNull = false;
      for (const item of expr.list) {
        const c = compareTyped(left, evaluate(item, row, ctx));
        if (c === 0) return { value: !expr.not };
        if (c === null) sawNull = true;
      }
      return { value: sawNull ? null : expr.not };
    }
    case 'between': {
      const value = evaluate(expr.expr, row, ctx);
      const low = compareTyped(value, evaluate(expr.low, row, ctx));
      const high = compareTyped(value, evaluate(expr.high, row, ctx));
      if (low === null || high === null) return { value: null };
      const inside = low >= 0 && high <= 0;
      return { value: expr.not ? !inside : inside };
    }
    case 'is_null': {
      const isNull = evaluate(expr.expr, row, ctx).value === null;
      return { value: expr.not ? !isNull : isNull };
    }
    case 'like': {
      const value = evaluate(expr.expr, row, ctx).value;
      const pattern = evaluate(expr.pattern, row, ctx).value;
      if (value === null || pattern === null) return { value: null };
      const matches = likeMatches(String(value), String(pattern));
      return { value: expr.not ? !matches : matches };
    }
  }
}

/** WHERE semantics: only TRUE keeps a row (FALSE and NULL drop it). */
export function passes(expr: Expr | undefined, row: readonly Value[], ctx: EvalContext): boolean {
  return !expr || truthy(evaluate(expr, row, ctx).value) === true;
}
