import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import type { ColumnType, Value } from '../../../src/storage-sim/common/column-types.js';
import { bucketOf, compareValues, formatValue, parseValue } from '../../../src/storage-sim/common/values.js';

const t = (name: ColumnType['name'], length?: number, scale?: number): ColumnType => ({ name, length, scale });

function assertSorted(type: ColumnType, texts: (string | null)[]): void {
  const values = texts.map((x) => (x === null ? null : parseValue(type, x)));
  const shuffled = [...values].reverse();
  shuffled.sort((a, b) => compareValues(type, a, b));
  assert.deepEqual(shuffled, values, `${type.name} order`);
  for (let i = 1; i < values.length; i++) assert.ok(compareValues(type, values[i - 1]!, values[i]!) < 0, `${texts[i - 1]} < ${texts[i]}`);
}

test('compareValues orders every type, NULL first', () => {
  assertSorted(t('INT'), [null, '-5', '0', '3', '40']);
  assertSorted(t('BIGINT'), [null, '-9223372036854775808', '-100000000000000000', '-2', '0', '9', '10', '9223372036854775807']);
  assertSorted(t('LARGEINT'), ['-170141183460469231731687303715884105728', '-1', '99999999999999999999', '100000000000000000000']);
  assertSorted(t('DECIMAL', 20, 3), [null, '-100.5', '-2.25', '-0.001', '0', '0.001', '0.5', '9.999', '10', '123456789012345.678']);
  assertSorted(t('DOUBLE'), ['-1e300', '-0.5', '0', '1e-300', '0.1', '2']);
  assertSorted(t('BOOLEAN'), [null, 'false', 'true']);
  assertSorted(t('VARCHAR', 20), [null, '', 'A', 'B', 'a', 'ab', 'b', 'é', '\uFF21', '😀']);
  assertSorted(t('DATE'), ['0001-01-01', '2023-12-31', '2024-01-01']);
  assertSorted(t('DATETIME'), ['2024-01-01 00:00:00', '2024-01-01 00:00:00.000001', '2024-01-01 00:00:01', '2024-01-02 00:00:00']);
  assert.equal(compareValues(t('INT'), null, null), 0);
  assert.equal(compareValues(t('DECIMAL', 10, 2), '1.50', '1.5'), 0);
  // BIGINT values that arrive as numbers compare with the strings.
  assert.ok(compareValues(t('BIGINT'), 5, '10') < 0);
});

test('UTF-8 byte order: U+FF21 sorts before an astral code point, unlike UTF-16 order', () => {
  const type = t('STRING');
  assert.ok(compareValues(type, '\uFF21', '😀') < 0);
  assert.ok('\uFF21' > '😀', 'JavaScript order differs, which is why compareText exists');
  assert.ok(Buffer.compare(Buffer.from('\uFF21'), Buffer.from('😀')) < 0);
});

test('formatValue prints as the MySQL text protocol does', () => {
  assert.equal(formatValue(t('INT'), null), null);
  assert.equal(formatValue(t('BOOLEAN'), true), '1');
  assert.equal(formatValue(t('BOOLEAN'), false), '0');
  assert.equal(formatValue(t('DECIMAL', 10, 2), parseValue(t('DECIMAL', 10, 2), '3')), '3.00');
  assert.equal(formatValue(t('DECIMAL', 10, 2), 3.5), '3.50');
  assert.equal(formatValue(t('DATETIME'), '2024-01-02 03:04:05'), '2024-01-02 03:04:05');
  assert.equal(formatValue(t('DATETIME'), '2024-01-02 03:04:05.000000'), '2024-01-02 03:04:05');
  assert.equal(formatValue(t('DATETIME'), '2024-01-02 03:04:05.120000'), '2024-01-02 03:04:05.120000');
  assert.equal(formatValue(t('DOUBLE'), 0.1 + 0.2), '0.30000000000000004');
  assert.equal(formatValue(t('DOUBLE'), 1), '1');
  assert.equal(formatValue(t('FLOAT'), parseValue(t('FLOAT'), '1.1')), '1.1');
  assert.equal(formatValue(t('BIGINT'), '-42'), '-42');
  assert.equal(formatValue(t('BIGINT'), 42), '42');
  assert.equal(formatValue(t('LARGEINT'), '170141183460469231731687303715884105727'), '170141183460469231731687303715884105727');
  assert.equal(formatValue(t('DATE'), '2024-02-29'), '2024-02-29');
  assert.equal(formatValue(t('JSON'), parseValue(t('JSON'), '{"a":1}')), '{"a": 1}');
  assert.equal(formatValue(t('VARCHAR', 5), 'é'), 'é');
});

test('parse then format round-trips canonical text', () => {
  const cases: [ColumnType, string][] = [
    [t('INT'), '-7'],
    [t('BIGINT'), '-9223372036854775808'],
    [t('DECIMAL', 9, 4), '-12.3400'],
    [t('DOUBLE'), '1.7976931348623157e+308'],
    [t('DATE'), '1999-12-31'],
    [t('DATETIME'), '1999-12-31 23:59:59.999999'],
    [t('VARCHAR', 10), 'héllo'],
  ];
  for (const [type, text] of cases) assert.equal(formatValue(type, parseValue(type, text)), text);
});

test('bucketOf is stable, in range and spreads rows', () => {
  const rows: Value[][] = [];
  for (let i = 0; i < 1000; i++) rows.push([i, `user-${i}`]);
  const counts = new Array<number>(8).fill(0);
  for (const row of rows) {
    const b = bucketOf(row, 8);
    assert.ok(b >= 0 && b < 8);
    assert.equal(bucketOf(row, 8), b);
    counts[b]!++;
  }
  for (const c of counts) assert.ok(c > 60 && c < 200, `bucket sizes ${counts.join(',')}`);
  // The text form decides: an INT 5 and a BIGINT '5' land together; NULL is its own value.
  assert.equal(bucketOf([5], 16), bucketOf(['5'], 16));
  assert.notEqual(bucketOf([null, 'a'], 1 << 30), bucketOf(['a', null], 1 << 30));
  assert.throws(() => bucketOf([1], 0), RangeError);
});

test('bucketOf gives the same answer in another process (fixed values)', () => {
  const sample: Value[][] = [[1], ['abc'], [null], [true, '2024-01-01', '12.50'], ['9223372036854775807', 'é😀']];
  const here = sample.map((row) => bucketOf(row, 1009));
  const script = `import { bucketOf } from './src/storage-sim/common/values.ts'; console.log(JSON.stringify(${JSON.stringify(sample)}.map((r) => bucketOf(r, 1009))));`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: new URL('../../../', import.meta.url).pathname, encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  assert.deepEqual(JSON.parse(child.stdout), here);
  // And the hash itself is pinned, so a code change that moves rows between buckets is noticed.
  assert.deepEqual(here, GOLDEN);
});

// Independently computed: zlib.crc32 over the texts joined by NUL, mod 1009.
const GOLDEN = [534, 34, 200, 5, 66];
