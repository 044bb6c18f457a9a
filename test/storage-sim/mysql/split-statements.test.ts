import assert from 'node:assert/strict';
import { test } from 'node:test';
import { splitStatements } from '../../../src/storage-sim/fe/mysql/index.js';

test('splits on semicolons and trims', () => {
  assert.deepEqual(splitStatements('SELECT 1; SELECT 2 ;\n SELECT 3'), ['SELECT 1', 'SELECT 2', 'SELECT 3']);
});

test('empty pieces, trailing semicolons and comment-only pieces are dropped', () => {
  assert.deepEqual(splitStatements(';;SELECT 1;; ;'), ['SELECT 1']);
  assert.deepEqual(splitStatements('SELECT 1; -- done\n'), ['SELECT 1']);
  assert.deepEqual(splitStatements('SELECT 1; # done'), ['SELECT 1']);
  assert.deepEqual(splitStatements('SELECT 1; /* done */'), ['SELECT 1']);
  assert.deepEqual(splitStatements('  \n\t'), []);
  assert.deepEqual(splitStatements('-- nothing'), []);
});

test('semicolons inside strings and quoted names do not split', () => {
  assert.deepEqual(splitStatements(`SELECT 'a;b'; SELECT "c;d"; SELECT \`e;f\``), [`SELECT 'a;b'`, `SELECT "c;d"`, 'SELECT `e;f`']);
});

test('escaped and doubled quotes stay inside their string', () => {
  assert.deepEqual(splitStatements(`SELECT 'it''s;'; SELECT 'a\\';b'; SELECT "x"";y"; SELECT \`n\`\`;m\``), [
    `SELECT 'it''s;'`,
    `SELECT 'a\\';b'`,
    `SELECT "x"";y"`,
    'SELECT `n``;m`',
  ]);
  // A backslash does not escape inside a quoted name.
  assert.deepEqual(splitStatements('SELECT `a\\`; SELECT 2'), ['SELECT `a\\`', 'SELECT 2']);
});

test('semicolons inside comments do not split; comments stay in the statement text', () => {
  assert.deepEqual(splitStatements('SELECT 1 /* ; */ + 1; SELECT 2 -- x;y\n + 2; SELECT 3 # a;b\n'), [
    'SELECT 1 /* ; */ + 1',
    'SELECT 2 -- x;y\n + 2',
    'SELECT 3 # a;b',
  ]);
});

test("'--' starts a comment only when whitespace follows", () => {
  assert.deepEqual(splitStatements('SELECT 1--2; SELECT 3'), ['SELECT 1--2', 'SELECT 3']);
  assert.deepEqual(splitStatements('SELECT 1 --\tx;\n; SELECT 3'), ['SELECT 1 --\tx;', 'SELECT 3']);
});

test('executable comments are statements', () => {
  assert.deepEqual(splitStatements('/*!40101 SET NAMES utf8mb4 */; SELECT 1'), ['/*!40101 SET NAMES utf8mb4 */', 'SELECT 1']);
});

test('unterminated strings and comments run to the end', () => {
  assert.deepEqual(splitStatements("SELECT 'abc; SELECT 2"), ["SELECT 'abc; SELECT 2"]);
  assert.deepEqual(splitStatements('SELECT 1 /* open; SELECT 2'), ['SELECT 1 /* open; SELECT 2']);
});

test('unicode text passes through', () => {
  assert.deepEqual(splitStatements("SELECT * FROM `表 x`; SELECT '😀;'"), ['SELECT * FROM `表 x`', "SELECT '😀;'"]);
});
