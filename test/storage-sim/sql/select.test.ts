import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Expr } from '../../../src/storage-sim/sql/ast.js';
import { parseAs, syntaxError, unsupported } from './parse-as.js';

const where = (condition: string): Expr => {
  const expr = parseAs(`SELECT * FROM t WHERE ${condition}`, 'select').where;
  assert.ok(expr);
  return expr;
};

/** A compact rendering that makes the tree's shape (precedence) visible. */
function show(e: Expr): string {
  switch (e.kind) {
    case 'number':
      return e.text;
    case 'string':
      return `'${e.value}'`;
    case 'null':
      return 'NULL';
    case 'boolean':
      return String(e.value).toUpperCase();
    case 'column':
      return [e.db, e.table, e.name].filter((p) => p !== undefined).join('.');
    case 'system_variable':
      return `@@${e.scope ? e.scope + '.' : ''}${e.name}`;
    case 'user_variable':
      return `@${e.name}`;
    case 'function':
      return `${e.name}(${e.star ? '*' : (e.distinct ? 'DISTINCT ' : '') + e.args.map(show).join(', ')})`;
    case 'unary':
      return `(${e.op} ${show(e.operand)})`;
    case 'binary':
      return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    case 'in':
      return `(${show(e.expr)} ${e.not ? 'NOT IN' : 'IN'} [${e.list.map(show).join(', ')}])`;
    case 'between':
      return `(${show(e.expr)} ${e.not ? 'NOT BETWEEN' : 'BETWEEN'} ${show(e.low)} AND ${show(e.high)})`;
    case 'is_null':
      return `(${show(e.expr)} ${e.not ? 'IS NOT NULL' : 'IS NULL'})`;
    case 'like':
      return `(${show(e.expr)} ${e.not ? 'NOT LIKE' : 'LIKE'} ${show(e.pattern)})`;
  }
}

test('SELECT without FROM: literals, variables and the functions clients ask for', () => {
  const s = parseAs(
    "SELECT 1, -2.50, 'x', NULL, TRUE, false, @@version_comment, @@global.time_zone, @@session.sql_mode, @uv, DATABASE(), CONNECTION_ID(), CURRENT_VERSION(), TO_BASE64(AES_ENCRYPT('a', 'k')), CURRENT_TIMESTAMP",
    'select',
  );
  assert.deepEqual(
    s.items.map((i) => (i.kind === 'expr' ? show(i.expr) : '*')),
    [
      '1',
      '-2.50',
      "'x'",
      'NULL',
      'TRUE',
      'FALSE',
      '@@version_comment',
      '@@GLOBAL.time_zone',
      '@@SESSION.sql_mode',
      '@uv',
      'DATABASE()',
      'CONNECTION_ID()',
      'CURRENT_VERSION()',
      "TO_BASE64(AES_ENCRYPT('a', 'k'))",
      'CURRENT_TIMESTAMP()',
    ],
  );
  assert.equal(s.from, undefined);
  const mysqlClient = parseAs('select @@version_comment limit 1', 'select');
  assert.deepEqual(mysqlClient.limit, { count: 1, offset: 0 });
  assert.equal(mysqlClient.items[0]!.text, '@@version_comment');
});

test('select items: stars, qualified stars, aliases and the text MySQL names columns after', () => {
  const s = parseAs("SELECT *, t.*, db.t.*, a + 1 AS `sum`, COUNT( * ) cnt, b 'bee', db.t.c FROM db.t", 'select');
  assert.deepEqual(
    s.items.map((i) => (i.kind === 'star' ? ['star', i.db, i.table, i.text] : ['expr', i.alias, i.text])),
    [
      ['star', undefined, undefined, '*'],
      ['star', undefined, 't', 't.*'],
      ['star', 'db', 't', 'db.t.*'],
      ['expr', 'sum', 'a + 1'],
      ['expr', 'cnt', 'COUNT( * )'],
      ['expr', 'bee', 'b'],
      ['expr', undefined, 'db.t.c'],
    ],
  );
  const last = s.items[6]!;
  assert.deepEqual(last.kind === 'expr' && last.expr, { kind: 'column', db: 'db', table: 't', name: 'c' });
});

test('FROM with alias and partitions, WHERE, GROUP BY, HAVING, ORDER BY, LIMIT', () => {
  const s = parseAs(
    'SELECT DISTINCT k, SUM(v) FROM db.t AS x PARTITION (p1, p2) WHERE k > 0 GROUP BY k HAVING SUM(v) > 10 ORDER BY k DESC, 2 ASC LIMIT 5 OFFSET 10',
    'select',
  );
  assert.equal(s.distinct, true);
  assert.deepEqual(s.from, { table: { db: 'db', name: 't' }, alias: 'x', partitions: ['p1', 'p2'] });
  assert.equal(show(s.where!), '(k > 0)');
  assert.deepEqual(s.groupBy.map(show), ['k']);
  assert.equal(show(s.having!), '(SUM(v) > 10)');
  assert.deepEqual(s.orderBy.map((o) => [show(o.expr), o.desc]), [['k', true], ['2', false]]);
  assert.deepEqual(s.limit, { count: 5, offset: 10 });
  assert.deepEqual(parseAs('SELECT * FROM t LIMIT 10, 5', 'select').limit, { count: 5, offset: 10 });
  assert.deepEqual(parseAs('SELECT * FROM t PARTITION p1 x', 'select').from, { table: { name: 't' }, alias: 'x', partitions: ['p1'] });
  assert.deepEqual(parseAs('SELECT * FROM t x', 'select').from, { table: { name: 't' }, alias: 'x' });
});

test('operator precedence follows MySQL', () => {
  assert.equal(show(where('a = 1 OR b = 2 AND c = 3')), '((a = 1) OR ((b = 2) AND (c = 3)))');
  assert.equal(show(where('NOT a = 1 AND b')), '((NOT (a = 1)) AND b)');
  assert.equal(show(where('a + b * c - d / 2 % 3 >= -e')), '(((a + (b * c)) - ((d / 2) % 3)) >= (- e))');
  assert.equal(show(where('(a OR b) AND c')), '((a OR b) AND c)');
  assert.equal(show(where('a <> 1 AND b != 2')), '((a != 1) AND (b != 2))');
  assert.equal(show(where('x BETWEEN 1 AND 2 AND y NOT BETWEEN a + 1 AND 3')), '((x BETWEEN 1 AND 2) AND (y NOT BETWEEN (a + 1) AND 3))');
  assert.equal(show(where("x IN (1, 'a', NULL) OR y NOT IN (2)")), "((x IN [1, 'a', NULL]) OR (y NOT IN [2]))");
  assert.equal(show(where("x IS NULL AND y IS NOT NULL AND z LIKE 'a%' AND w NOT LIKE '\\_%'")),
    "((((x IS NULL) AND (y IS NOT NULL)) AND (z LIKE 'a%')) AND (w NOT LIKE '\\_%'))");
  assert.equal(show(where('- - 5 = 5 AND -9223372036854775808 < x')), '(((- -5) = 5) AND (-9223372036854775808 < x))');
  assert.equal(show(where('COUNT(DISTINCT a) > 1')), '(COUNT(DISTINCT a) > 1)');
});

test('information_schema.partitions_meta query of the sync daemon', () => {
  const s = parseAs(
    "SELECT DB_NAME, TABLE_NAME, PARTITION_NAME, VISIBLE_VERSION FROM information_schema.partitions_meta WHERE DB_NAME = 'sales' AND TABLE_NAME IN ('orders', 'items')",
    'select',
  );
  assert.deepEqual(s.from?.table, { db: 'information_schema', name: 'partitions_meta' });
  assert.equal(show(s.where!), "((DB_NAME = 'sales') AND (TABLE_NAME IN ['orders', 'items']))");
});

test('SELECT features beyond the subset are refused by name', () => {
  assert.match(unsupported('SELECT * FROM a JOIN b ON a.x = b.x').message, /JOIN/);
  assert.match(unsupported('SELECT * FROM a, b').message, /JOIN/);
  assert.match(unsupported('SELECT 1 UNION SELECT 2').message, /UNION/);
  assert.match(unsupported('SELECT * FROM (SELECT 1) x').message, /subquery/);
  assert.match(unsupported('SELECT * FROM t WHERE a IN (SELECT b FROM u)').message, /subquery/);
  assert.match(unsupported('WITH x AS (SELECT 1) SELECT * FROM x').message, /WITH/);
  assert.match(unsupported('SELECT CASE WHEN a THEN 1 END FROM t').message, /CASE/);
  assert.match(unsupported('SELECT CAST(a AS INT) FROM t').message, /CAST/);
  assert.match(unsupported('SELECT ROW_NUMBER() OVER (ORDER BY a) FROM t').message, /window/);
});

test('INSERT ... VALUES', () => {
  const ins = parseAs(
    "INSERT INTO db.t PARTITION (p1) WITH LABEL `load-1` (a, b, c) VALUES (1, 'x', -12345678901234567890.123456789), (2, NULL, 0)",
    'insert',
  );
  assert.deepEqual(ins.table, { db: 'db', name: 't' });
  assert.deepEqual(ins.partitions, ['p1']);
  assert.equal(ins.label, 'load-1');
  assert.deepEqual(ins.columns, ['a', 'b', 'c']);
  assert.equal(ins.source.kind, 'values');
  if (ins.source.kind !== 'values') return;
  assert.deepEqual(ins.source.rows.map((r) => r.map(show)), [
    ['1', "'x'", '-12345678901234567890.123456789'],
    ['2', 'NULL', '0'],
  ]);
  const bare = parseAs("insert into t values ('a')", 'insert');
  assert.deepEqual([bare.columns, bare.label, bare.partitions], [undefined, undefined, undefined]);
});

// StarRocks: fe/fe-core/src/main/java/com/starrocks/sql/parser/StarRocks.g4 (insertStatement, partitionNames).
test('INSERT OVERWRITE and TEMPORARY PARTITION', () => {
  const overwrite = parseAs("INSERT OVERWRITE db.t PARTITION (p1, p2) WITH LABEL l2 (a) VALUES ('x')", 'insert');
  assert.deepEqual([overwrite.overwrite, overwrite.table, overwrite.partitions, overwrite.temporary, overwrite.label, overwrite.columns], [true, { db: 'db', name: 't' }, ['p1', 'p2'], undefined, 'l2', ['a']]);
  assert.equal(parseAs('INSERT OVERWRITE t SELECT * FROM s', 'insert').source.kind, 'select');
  const temp = parseAs('INSERT INTO t TEMPORARY PARTITION (tp1) SELECT * FROM s', 'insert');
  assert.deepEqual([temp.overwrite, temp.partitions, temp.temporary], [undefined, ['tp1'], true]);
  const from = parseAs('SELECT * FROM t TEMPORARY PARTITION (tp1, tp2) x', 'select').from;
  assert.deepEqual(from, { table: { name: 't' }, partitions: ['tp1', 'tp2'], temporary: true, alias: 'x' });
  assert.deepEqual(parseAs('SELECT * FROM t x TEMPORARY PARTITION tp1', 'select').from, { table: { name: 't' }, alias: 'x', partitions: ['tp1'], temporary: true });
  assert.deepEqual(parseAs('SELECT * FROM t PARTITION (p1)', 'select').from, { table: { name: 't' }, partitions: ['p1'] });
  assert.match(unsupported('INSERT OVERWRITE FILES ("path" = "x") SELECT 1').message, /INSERT OVERWRITE FILES/);
});

test('INSERT ... SELECT', () => {
  const ins = parseAs('INSERT INTO t WITH LABEL l1 (a) SELECT x FROM db.s WHERE x > 1', 'insert');
  assert.equal(ins.label, 'l1');
  assert.deepEqual(ins.columns, ['a']);
  assert.equal(ins.source.kind, 'select');
  assert.equal(ins.source.kind === 'select' && ins.source.query.text, 'SELECT x FROM db.s WHERE x > 1');
  assert.equal(parseAs('INSERT INTO t SELECT * FROM s', 'insert').source.kind, 'select');
  assert.equal(parseAs('INSERT INTO t SELECT * FROM s', 'insert').overwrite, undefined);
  assert.equal(syntaxError('INSERT INTO t VALUES (1,)').near, ')');
  assert.equal(syntaxError('INSERT t VALUES (1)').near, 't VALUES (1)');
});
