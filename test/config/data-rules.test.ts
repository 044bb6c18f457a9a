import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDataList, isTableSelected, isDatabaseSelected, formatDataList, type DataRules } from '../../src/config/data-rules.js';

const rules = (include: string, exclude: string): DataRules => ({ include: parseDataList(include), exclude: parseDataList(exclude) });

test('empty lists select everything', () => {
  const r = rules('', '');
  assert.equal(isTableSelected(r, 'any', 't'), true);
  assert.equal(isDatabaseSelected(r, 'any'), true);
});

test('include selects only what it names', () => {
  const r = rules('db1,db2.tbl2', '');
  assert.equal(isTableSelected(r, 'db1', 'x'), true);
  assert.equal(isTableSelected(r, 'db2', 'tbl2'), true);
  assert.equal(isTableSelected(r, 'db2', 'other'), false);
  assert.equal(isTableSelected(r, 'db3', 'x'), false);
  assert.equal(isDatabaseSelected(r, 'db2'), true, 'a database with an included table is created');
  assert.equal(isDatabaseSelected(r, 'db3'), false);
});

test('exclude removes from what include selected (include applied first)', () => {
  const r = rules('db1', 'db1.secret');
  assert.equal(isTableSelected(r, 'db1', 'public'), true);
  assert.equal(isTableSelected(r, 'db1', 'secret'), false);
});

test('exclude alone removes databases and tables', () => {
  const r = rules('', 'tmp,db1.scratch');
  assert.equal(isTableSelected(r, 'tmp', 'x'), false);
  assert.equal(isDatabaseSelected(r, 'tmp'), false);
  assert.equal(isTableSelected(r, 'db1', 'scratch'), false);
  assert.equal(isTableSelected(r, 'db1', 'keep'), true);
});

test('a table named in include wins over its database in exclude (include takes priority)', () => {
  const r = rules('db1.keep', 'db1');
  assert.equal(isTableSelected(r, 'db1', 'keep'), true);
  assert.equal(isTableSelected(r, 'db1', 'other'), false);
  assert.equal(isDatabaseSelected(r, 'db1'), true);
});

test('the same item in both lists is included', () => {
  const r = rules('db1.t', 'db1.t');
  assert.equal(isTableSelected(r, 'db1', 't'), true);
});

test('names are case-sensitive, as StarRocks table names are', () => {
  const r = rules('DB1', '');
  assert.equal(isTableSelected(r, 'db1', 't'), false);
  assert.equal(isTableSelected(r, 'DB1', 't'), true);
});

test('backquoted names hold dots, commas, spaces, unicode and backticks', () => {
  const refs = parseDataList('`sales db`.`q1,2024`, `点.db`, `a``b`.c ,plain');
  assert.deepEqual(refs, [
    { db: 'sales db', table: 'q1,2024' },
    { db: '点.db' },
    { db: 'a`b', table: 'c' },
    { db: 'plain' },
  ]);
  assert.deepEqual(parseDataList(formatDataList(refs)), refs, 'formatting round-trips');
});

test('malformed lists are refused with the position', () => {
  assert.throws(() => parseDataList('a,,b'), /empty name at position 3/);
  assert.throws(() => parseDataList('a.'), /empty name/);
  assert.throws(() => parseDataList('x`y`'), /unexpected backtick at position 2/);
  assert.throws(() => parseDataList('`a`b'), /unexpected "b" after a quoted name/);
  assert.throws(() => parseDataList('a.b.c'), /more than two parts/);
});
