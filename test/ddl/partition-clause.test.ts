import { test } from 'node:test';
import assert from 'node:assert/strict';
import { partitionClause } from '../../src/ddl/partition-clause.js';
import { parsePartitionRange, PartitionRangeSyntaxError } from '../../src/ddl/partition-range-text.js';

const range = (type: string, lower: string, upper: string) => `[types: [${type}]; keys: [${lower}]; ..types: [${type}]; keys: [${upper}]; )`;

test('a bounded DATE range becomes a fixed range', () => {
  assert.equal(partitionClause('p1', range('DATE', '2024-01-01', '2024-02-01'), ['date']), '`p1` VALUES [("2024-01-01"), ("2024-02-01"))');
});

test('a lower bound at the type minimum becomes VALUES LESS THAN', () => {
  assert.equal(partitionClause('p0', range('DATE', '0000-01-01', '2024-01-01'), ['date']), '`p0` VALUES LESS THAN ("2024-01-01")');
  assert.equal(partitionClause('p0', range('DATETIME', '0000-01-01 00:00:00', '2024-01-01 12:00:00'), ['datetime']), '`p0` VALUES LESS THAN ("2024-01-01 12:00:00")');
  assert.equal(partitionClause('p0', range('INT', '-2147483648', '10'), ['int(11)']), '`p0` VALUES LESS THAN ("10")');
  assert.equal(partitionClause('p0', range('BIGINT', '-9223372036854775808', '10'), ['bigint(20)']), '`p0` VALUES LESS THAN ("10")');
  assert.equal(partitionClause('p0', range('TINYINT', '-128', '10'), ['tinyint(4)']), '`p0` VALUES LESS THAN ("10")');
});

test('the literal word MIN is the minimum of a type without a printable one', () => {
  assert.equal(partitionClause('p0', range('VARCHAR', 'MIN', 'm'), ['varchar(10)']), '`p0` VALUES LESS THAN ("m")');
});

test('an upper bound at the type maximum becomes MAXVALUE', () => {
  assert.equal(partitionClause('pmax', range('DATE', '2024-01-01', '9999-12-31'), ['date']), '`pmax` VALUES [("2024-01-01"), (MAXVALUE))');
  assert.equal(partitionClause('pall', range('INT', '-2147483648', '2147483647'), ['int(11)']), '`pall` VALUES LESS THAN MAXVALUE');
  assert.equal(partitionClause('pall', range('LARGEINT', '-170141183460469231731687303715884105728', '170141183460469231731687303715884105727'), ['largeint']), '`pall` VALUES LESS THAN MAXVALUE');
  assert.equal(partitionClause('pm', range('VARCHAR', 'a', 'MAX'), ['varchar(10)']), '`pm` VALUES [("a"), (MAXVALUE))');
});

test('multi-column keys', () => {
  const text = '[types: [DATE, INT]; keys: [2024-01-01, 5]; ..types: [DATE, INT]; keys: [2024-02-01, 0]; )';
  assert.equal(partitionClause('p1', text, ['date', 'int(11)']), '`p1` VALUES [("2024-01-01", "5"), ("2024-02-01", "0"))');
  const first = '[types: [DATE, INT]; keys: [0000-01-01, -2147483648]; ..types: [DATE, INT]; keys: [2024-02-01, -2147483648]; )';
  assert.equal(partitionClause('p0', first, ['date', 'int(11)']), '`p0` VALUES LESS THAN ("2024-02-01", "-2147483648")');
  const last = '[types: [DATE, INT]; keys: [2024-02-01, 0]; ..types: [DATE, INT]; keys: [9999-12-31, 2147483647]; )';
  assert.equal(partitionClause('p9', last, ['date', 'int(11)']), '`p9` VALUES [("2024-02-01", "0"), (MAXVALUE))');
});

test('without usable column types, the types printed in the range decide the extremes', () => {
  assert.equal(partitionClause('p0', range('DATE', '0000-01-01', '2024-01-01'), []), '`p0` VALUES LESS THAN ("2024-01-01")');
  assert.equal(partitionClause('p0', range('INT', '-2147483648', '10'), ['int(11)', 'date']), '`p0` VALUES LESS THAN ("10")');
});

test('values are double-quoted with backslash escapes', () => {
  assert.equal(partitionClause('p', range('VARCHAR', 'a"b', 'c\\d'), ['varchar(10)']), '`p` VALUES [("a\\"b"), ("c\\\\d"))');
});

test('a distribution, when given, follows the values', () => {
  const text = range('DATE', '2024-01-01', '2024-02-01');
  assert.equal(
    partitionClause('p1', text, ['date'], { type: 'HASH', columns: ['id', 'a`b'], buckets: 4 }),
    '`p1` VALUES [("2024-01-01"), ("2024-02-01")) DISTRIBUTED BY HASH(`id`, `a``b`) BUCKETS 4',
  );
  assert.equal(partitionClause('p1', text, ['date'], { type: 'RANDOM', columns: [], buckets: 3 }), '`p1` VALUES [("2024-01-01"), ("2024-02-01")) DISTRIBUTED BY RANDOM BUCKETS 3');
});

test('a text that is not a range is refused with a message quoting it', () => {
  assert.throws(() => partitionClause('p', '', ['date']), PartitionRangeSyntaxError);
  assert.throws(() => partitionClause('p', "(('a'), ('b'))", ['varchar(1)']), /expected a range like .*got "\(\('a'\), \('b'\)\)"/);
  assert.throws(() => parsePartitionRange('[types: [DATE, INT]; keys: [2024-01-01]; ..types: [DATE, INT]; keys: [2024-02-01, 1]; )'), /2 types but 1 keys/);
});

test('the range text parser reads both sides', () => {
  assert.deepEqual(parsePartitionRange(range('DATETIME', '2024-01-01 00:00:00', '2024-01-02 00:00:00')), {
    lower: { types: ['DATETIME'], keys: ['2024-01-01 00:00:00'] },
    upper: { types: ['DATETIME'], keys: ['2024-01-02 00:00:00'] },
  });
});
