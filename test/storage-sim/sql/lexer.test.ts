import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SqlSyntaxError } from '../../../src/storage-sim/sql/errors.js';
import { tokenize } from '../../../src/storage-sim/sql/lexer.js';
import { parseStatement } from '../../../src/storage-sim/sql/parser.js';
import { quoteIdentifier, quoteString, quoteTableName } from '../../../src/storage-sim/sql/quoting.js';
import { splitStatements } from '../../../src/storage-sim/sql/split.js';
import { parseAs } from './parse-as.js';

const kinds = (sql: string): string[] => tokenize(sql).map((t) => `${t.kind}:${t.value}`);

test('words keep their spelling and carry an upper-cased copy for keyword checks', () => {
  const [select, name] = tokenize('sElEcT Ünïcødé_1$');
  assert.equal(select!.value, 'sElEcT');
  assert.equal(select!.upper, 'SELECT');
  assert.equal(name!.kind, 'word');
  assert.equal(name!.value, 'Ünïcødé_1$');
  assert.deepEqual(kinds('数据库.表'), ['word:数据库', 'op:.', 'word:表', 'eof:']);
  assert.deepEqual(kinds('2024_sales 1d'), ['word:2024_sales', 'word:1d', 'eof:']);
});

test('backquoted identifiers take any character, a doubled backtick being one', () => {
  assert.deepEqual(kinds('`my table.x` `a``b` `select` `😀 ü`'), [
    'quoted:my table.x',
    'quoted:a`b',
    'quoted:select',
    'quoted:😀 ü',
    'eof:',
  ]);
});

test('strings: both quotes, backslash escapes and doubled quotes', () => {
  const values = tokenize(String.raw`'a\nb\tc\\d\'e\"f\0g' "x""y" 'it''s' '\%\_' '\q'`)
    .filter((t) => t.kind === 'string')
    .map((t) => t.value);
  assert.deepEqual(values, ['a\nb\tc\\d\'e"f\0g', 'x"y', "it's", '\\%\\_', 'q']);
});

test('numbers keep their literal text', () => {
  assert.deepEqual(kinds('12345678901234567890123 0.000000000000000000001 1.5e-3 .5 7.'), [
    'number:12345678901234567890123',
    'number:0.000000000000000000001',
    'number:1.5e-3',
    'number:.5',
    'number:7.',
    'eof:',
  ]);
});

test('system and user variables, with and without scope', () => {
  const tokens = tokenize('@@version_comment @@global.time_zone @@SESSION.sql_mode @@local.x @uv');
  assert.deepEqual(
    tokens.map((t) => [t.kind, t.value, t.scope]),
    [
      ['system_var', 'version_comment', undefined],
      ['system_var', 'time_zone', 'GLOBAL'],
      ['system_var', 'sql_mode', 'SESSION'],
      ['system_var', 'x', 'SESSION'],
      ['user_var', 'uv', undefined],
      ['eof', '', undefined],
    ],
  );
});

test('comments of all three kinds are skipped; -- needs a space after it', () => {
  assert.deepEqual(kinds('a -- comment\nb # hash\nc /* block\n */ d 1--1'), [
    'word:a',
    'word:b',
    'word:c',
    'word:d',
    'number:1',
    'op:-',
    'op:-',
    'number:1',
    'eof:',
  ]);
});

test('operators, with <> read as !=', () => {
  assert.deepEqual(
    tokenize('= != <> < <= > >= ( ) , . ; * + - / % [ ]').map((t) => t.value),
    ['=', '!=', '!=', '<', '<=', '>', '>=', '(', ')', ',', '.', ';', '*', '+', '-', '/', '%', '[', ']', ''],
  );
});

test('every token carries offset, line and column', () => {
  const tokens = tokenize('SELECT a,\n  `b`\n\t FROM t');
  assert.deepEqual(
    tokens.map((t) => [t.value, t.offset, t.line, t.column]),
    [
      ['SELECT', 0, 1, 1],
      ['a', 7, 1, 8],
      [',', 8, 1, 9],
      ['b', 12, 2, 3],
      ['FROM', 18, 3, 3],
      ['t', 23, 3, 8],
      ['', 24, 3, 9],
    ],
  );
});

test('unterminated strings, identifiers and comments and stray characters are syntax errors at their start', () => {
  for (const [sql, offset] of [
    ["SELECT 'abc", 7],
    ['SELECT `abc', 7],
    ['SELECT 1 /* no end', 9],
    ['SELECT 1 & 2', 9],
    ["SELECT 'a\\", 7],
    ['SELECT ``', 7],
  ] as const) {
    assert.throws(
      () => tokenize(sql),
      (e: unknown) => e instanceof SqlSyntaxError && e.offset === offset,
      sql,
    );
  }
});

test('splitStatements splits on ; outside quotes, backquotes and comments and drops empty pieces', () => {
  const sql = [
    "INSERT INTO t VALUES ('a;b', \"c;d\", 'it''s;', 'x\\';y');",
    'SELECT `we;ird` FROM t -- trailing; comment',
    ';',
    '  /* block ; comment */ ;',
    '# hash ; comment',
    'SHOW TABLES ;  ',
    ';;',
    'SELECT 1 /* tail */',
  ].join('\n');
  const pieces = splitStatements(sql);
  assert.deepEqual(
    pieces.map((p) => p.text),
    [
      "INSERT INTO t VALUES ('a;b', \"c;d\", 'it''s;', 'x\\';y')",
      'SELECT `we;ird` FROM t -- trailing; comment',
      '# hash ; comment\nSHOW TABLES',
      'SELECT 1 /* tail */',
    ],
  );
  for (const piece of pieces) assert.equal(sql.slice(piece.offset, piece.offset + piece.text.length), piece.text);
  for (const piece of pieces) assert.doesNotThrow(() => parseStatement(piece.text), piece.text);
});

test('splitStatements never fails and keeps an unterminated string to the end', () => {
  assert.deepEqual(splitStatements(''), []);
  assert.deepEqual(splitStatements(' ;\n; -- x'), []);
  assert.deepEqual(splitStatements("SELECT 'a; SELECT 2"), [{ text: "SELECT 'a; SELECT 2", offset: 0 }]);
  assert.deepEqual(splitStatements('SELECT 1 /* open; SELECT 2'), [{ text: 'SELECT 1 /* open; SELECT 2', offset: 0 }]);
  assert.deepEqual(splitStatements('SELECT 1--1;SELECT 2').map((p) => p.text), ['SELECT 1--1', 'SELECT 2']);
});

const TRICKY = ['plain', 'with space', 'back`tick', '``', 'dot.ted', "quote'single", 'quote"double', 'back\\slash', '\\%\\_', 'ünïcødé 数据 😀', 'new\nline\ttab\r\0nul\x1a', 'select', ';', '--', '/* x */', "'", '\\'];

test('quoteIdentifier round-trips any name through the lexer', () => {
  for (const name of TRICKY.filter((n) => n !== '')) {
    const quoted = quoteIdentifier(name);
    assert.ok(quoted.startsWith('`') && quoted.endsWith('`'));
    const [token, eof] = tokenize(quoted);
    assert.deepEqual([token?.kind, token?.value, eof?.kind], ['quoted', name, 'eof'], name);
    assert.deepEqual(parseAs(`DROP TABLE ${quoteIdentifier(name)}.${quoteIdentifier(name)}`, 'drop_table').table, { db: name, name });
  }
  assert.equal(quoteIdentifier('a`b'), '`a``b`');
  assert.equal(quoteTableName({ db: 'd`b', name: 't' }), '`d``b`.`t`');
  assert.equal(quoteTableName({ name: 't' }), '`t`');
});

test('quoteString round-trips any string through the lexer, in either quote', () => {
  for (const value of [...TRICKY, '']) {
    for (const quote of ["'", '"'] as const) {
      const quoted = quoteString(value, quote);
      const [token, eof] = tokenize(quoted);
      assert.deepEqual([token?.kind, token?.value, eof?.kind], ['string', value, 'eof'], `${quote}${value}`);
      const select = parseAs(`SELECT ${quoted} AS x`, 'select').items[0]!;
      assert.deepEqual(select.kind === 'expr' && select.expr, { kind: 'string', value });
    }
  }
  assert.equal(quoteString("it's"), "'it\\'s'");
  assert.equal(quoteString('a"b', '"'), '"a\\"b"');
  assert.equal(splitStatements(`SELECT ${quoteString("a;'b")}; SELECT 2`).length, 2);
});
