import { test } from 'node:test';
import assert from 'node:assert/strict';
import { groupRows, RowsByTable } from '../../src/meta/rows-by-table.js';

test('rows are grouped by database and table, in the order read, whatever characters the names hold', () => {
  const rows = [
    { TABLE_SCHEMA: 'a', TABLE_NAME: 'b.c', n: 1 },
    { TABLE_SCHEMA: 'a.b', TABLE_NAME: 'c', n: 2 },
    { TABLE_SCHEMA: 'a', TABLE_NAME: 'b.c', n: 3 },
    // partitions_meta names the database DB_NAME
    { DB_NAME: 'a', TABLE_NAME: 'b.c', n: 4 },
    { TABLE_SCHEMA: '["a"', TABLE_NAME: '"b"]', n: 5 },
  ];
  const grouped = groupRows(rows, (row) => row.n);
  assert.deepEqual(grouped.get('a', 'b.c'), [1, 3, 4]);
  assert.deepEqual(grouped.get('a.b', 'c'), [2]);
  assert.deepEqual(grouped.get('["a"', '"b"]'), [5]);
  assert.equal(grouped.first('a', 'b.c'), 1);
});

test('a table without rows has none', () => {
  const grouped = new RowsByTable<number>();
  grouped.add('db', 't', 1);
  assert.deepEqual(grouped.get('db', 'other'), []);
  assert.deepEqual(grouped.get('other', 't'), []);
  assert.equal(grouped.first('db', 'other'), undefined);
});
