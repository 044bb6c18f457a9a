import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ColumnType } from '../../../src/storage-sim/common/column-types.js';
import { ValueError, isNullText, parseValue } from '../../../src/storage-sim/common/values.js';

const t = (name: ColumnType['name'], length?: number, scale?: number): ColumnType => ({ name, length, scale });

function rejects(type: ColumnType, text: string, message: RegExp): void {
  assert.throws(() => parseValue(type, text), (e: unknown) => e instanceof ValueError && message.test(e.message), `${text} as ${type.name}`);
}

test('isNullText knows \\N and the word NULL', () => {
  assert.equal(isNullText('\\N'), true);
  assert.equal(isNullText('null'), true);
  assert.equal(isNullText('NULL', false), false);
  assert.equal(isNullText('N'), false);
  assert.equal(isNullText(''), false);
});

test('small integers: range per type, canonical numbers, clear errors', () => {
  assert.equal(parseValue(t('TINYINT'), '127'), 127);
  assert.equal(parseValue(t('TINYINT'), ' -128 '), -128);
  assert.equal(parseValue(t('SMALLINT'), '+32767'), 32767);
  assert.equal(parseValue(t('INT'), '-2147483648'), -2147483648);
  assert.equal(parseValue(t('INT'), '-0'), 0);
  assert.ok(Object.is(parseValue(t('INT'), '-0'), 0));
  rejects(t('TINYINT'), '128', /'128' is out of range for TINYINT/);
  rejects(t('SMALLINT'), '-32769', /out of range for SMALLINT/);
  rejects(t('INT'), '2147483648', /out of range for INT/);
  rejects(t('INT'), 'abc', /^'abc' is not a valid INT$/);
  rejects(t('INT'), '1.5', /not a valid INT/);
  rejects(t('INT'), '', /not a valid INT/);
  rejects(t('INT'), '0x10', /not a valid INT/);
});

test('BIGINT and LARGEINT are exact decimal strings with range checks', () => {
  assert.equal(parseValue(t('BIGINT'), '9223372036854775807'), '9223372036854775807');
  assert.equal(parseValue(t('BIGINT'), '-9223372036854775808'), '-9223372036854775808');
  assert.equal(parseValue(t('BIGINT'), '000042'), '42');
  assert.equal(parseValue(t('BIGINT'), '-0'), '0');
  assert.equal(parseValue(t('BIGINT'), '-00000000000000000000007'), '-7');
  rejects(t('BIGINT'), '9223372036854775808', /out of range for BIGINT/);
  assert.equal(parseValue(t('LARGEINT'), '170141183460469231731687303715884105727'), '170141183460469231731687303715884105727');
  assert.equal(parseValue(t('LARGEINT'), '-170141183460469231731687303715884105728'), '-170141183460469231731687303715884105728');
  rejects(t('LARGEINT'), '170141183460469231731687303715884105728', /out of range for LARGEINT/);
  rejects(t('BIGINT'), '12e3', /not a valid BIGINT/);
});

test('DECIMAL rounds half away from zero to its scale and checks its precision', () => {
  const d = t('DECIMAL', 10, 2);
  assert.equal(parseValue(d, '1'), '1.00');
  assert.equal(parseValue(d, '1.005'), '1.01');
  assert.equal(parseValue(d, '1.004999'), '1.00');
  assert.equal(parseValue(d, '-1.005'), '-1.01');
  assert.equal(parseValue(d, '-0.001'), '0.00');
  assert.equal(parseValue(d, '.5'), '0.50');
  assert.equal(parseValue(d, '7.'), '7.00');
  assert.equal(parseValue(d, '1.5e2'), '150.00');
  assert.equal(parseValue(d, '12345678.995'), '12345679.00');
  assert.equal(parseValue(d, '99999999.994'), '99999999.99');
  rejects(d, '99999999.995', /'99999999.995' is out of range for DECIMAL\(10,2\)/); // rounds to 9 integer digits
  rejects(d, '123456789', /out of range for DECIMAL\(10,2\)/);
  rejects(d, 'abc', /not a valid DECIMAL\(10,2\)/);
  rejects(d, '.', /not a valid/);
  rejects(d, '1.2.3', /not a valid/);
  assert.equal(parseValue(t('DECIMAL', 5, 0), '99999.4'), '99999');
  rejects(t('DECIMAL', 5, 0), '99999.5', /out of range/);
  assert.equal(parseValue(t('DECIMAL'), '3.7'), '4'); // DECIMAL alone is DECIMAL(10,0)
  const wide = t('DECIMAL', 38, 10);
  assert.equal(parseValue(wide, '1234567890123456789012345678.0123456789'), '1234567890123456789012345678.0123456789');
  assert.equal(parseValue(t('DECIMAL', 6, 6), '0.1234565'), '0.123457');
});

test('FLOAT and DOUBLE', () => {
  assert.equal(parseValue(t('DOUBLE'), '0.1'), 0.1);
  assert.equal(parseValue(t('DOUBLE'), '-1.5e300'), -1.5e300);
  assert.equal(parseValue(t('DOUBLE'), '.5'), 0.5);
  rejects(t('DOUBLE'), '1e400', /out of range for DOUBLE/);
  rejects(t('DOUBLE'), 'NaN', /not a valid DOUBLE/);
  rejects(t('DOUBLE'), 'Infinity', /not a valid DOUBLE/);
  rejects(t('DOUBLE'), '1,5', /not a valid DOUBLE/);
  assert.equal(parseValue(t('FLOAT'), '1.1'), 1.1);
  assert.equal(parseValue(t('FLOAT'), '16777217'), 16777216);
  assert.equal(parseValue(t('FLOAT'), '0.3333333333333'), 0.33333334);
  rejects(t('FLOAT'), '1e39', /out of range for FLOAT/);
});

test('BOOLEAN accepts true/false/1/0', () => {
  assert.equal(parseValue(t('BOOLEAN'), 'TRUE'), true);
  assert.equal(parseValue(t('BOOLEAN'), '1'), true);
  assert.equal(parseValue(t('BOOLEAN'), 'false'), false);
  assert.equal(parseValue(t('BOOLEAN'), ' 0 '), false);
  rejects(t('BOOLEAN'), 'yes', /'yes' is not a valid BOOLEAN/);
  rejects(t('BOOLEAN'), '2', /not a valid BOOLEAN/);
});

test('CHAR/VARCHAR lengths count UTF-8 bytes', () => {
  const v = t('VARCHAR', 4);
  assert.equal(parseValue(v, 'abcd'), 'abcd');
  assert.equal(parseValue(v, 'éé'), 'éé'); // 2 x 2 bytes
  rejects(v, 'ééa', /'ééa' is too long for VARCHAR\(4\): 5 bytes/);
  assert.equal(parseValue(v, '😀'), '😀'); // 4 bytes
  rejects(v, '😀a', /too long/);
  assert.equal(parseValue(t('VARCHAR', 3), '中'), '中');
  rejects(t('VARCHAR', 5), '中文', /6 bytes/);
  assert.equal(parseValue(t('CHAR'), 'x'), 'x');
  rejects(t('CHAR'), 'xy', /too long for CHAR\(1\)/);
  assert.equal(parseValue(t('VARCHAR', 13), ' keep spaces '), ' keep spaces ');
  assert.equal(String(parseValue(t('STRING'), 'x'.repeat(65533))).length, 65533);
  rejects(t('STRING'), 'x'.repeat(65534), /too long/);
  rejects(t('VARCHAR', 3), `${'x'.repeat(100)}`, /'x{61}\.\.\.' is too long/);
});

test('DATE: valid calendar dates only, several input spellings', () => {
  const d = t('DATE');
  assert.equal(parseValue(d, '2024-02-29'), '2024-02-29');
  assert.equal(parseValue(d, '2024-2-9'), '2024-02-09');
  assert.equal(parseValue(d, '2024/02/09'), '2024-02-09');
  assert.equal(parseValue(d, '20240209'), '2024-02-09');
  assert.equal(parseValue(d, '2000-02-29'), '2000-02-29');
  assert.equal(parseValue(d, '0000-01-01'), '0000-01-01');
  assert.equal(parseValue(d, '9999-12-31'), '9999-12-31');
  assert.equal(parseValue(d, '2024-03-01 12:34:56'), '2024-03-01');
  rejects(d, '2023-02-29', /'2023-02-29' is not a valid DATE/);
  rejects(d, '1900-02-29', /not a valid DATE/);
  rejects(d, '2024-04-31', /not a valid DATE/);
  rejects(d, '2024-13-01', /not a valid DATE/);
  rejects(d, '2024-00-10', /not a valid DATE/);
  rejects(d, '2024-01-00', /not a valid DATE/);
  rejects(d, '24-01-01', /not a valid DATE/);
  rejects(d, 'yesterday', /not a valid DATE/);
  rejects(d, '2024-01-01 25:00:00', /not a valid DATE/);
});

test('DATETIME: seconds, optional microseconds, bare dates at midnight', () => {
  const dt = t('DATETIME');
  assert.equal(parseValue(dt, '2024-01-02 03:04:05'), '2024-01-02 03:04:05');
  assert.equal(parseValue(dt, '2024-01-02T03:04:05'), '2024-01-02 03:04:05');
  assert.equal(parseValue(dt, '2024-01-02 3:4:5'), '2024-01-02 03:04:05');
  assert.equal(parseValue(dt, '2024-01-02'), '2024-01-02 00:00:00');
  assert.equal(parseValue(dt, '2024-01-02 03:04:05.5'), '2024-01-02 03:04:05.500000');
  assert.equal(parseValue(dt, '2024-01-02 03:04:05.000000'), '2024-01-02 03:04:05');
  assert.equal(parseValue(dt, '2024-01-02 03:04:05.1234567'), '2024-01-02 03:04:05.123456');
  assert.equal(parseValue(dt, '20240102030405'), '2024-01-02 03:04:05');
  rejects(dt, '2024-01-02 24:00:00', /not a valid DATETIME/);
  rejects(dt, '2024-01-02 23:60:00', /not a valid DATETIME/);
  rejects(dt, '2024-01-02 23:59:60', /not a valid DATETIME/);
  rejects(dt, '2024-02-30 00:00:00', /not a valid DATETIME/);
  rejects(dt, '2024-01-02 03:04', /not a valid DATETIME/);
});

test('JSON is parsed and re-serialised canonically', () => {
  const j = t('JSON');
  assert.equal(parseValue(j, '{"b":1,"a":[true,null,"x"]}'), '{"a": [true, null, "x"], "b": 1}');
  assert.equal(parseValue(j, ' { "a" : 1 , "a" : 2 } '), '{"a": 2}');
  assert.equal(parseValue(j, '9223372036854775807'), '9223372036854775807');
  assert.equal(parseValue(j, '1.50'), '1.5');
  assert.equal(parseValue(j, '1E2'), '100');
  assert.equal(parseValue(j, '"caf\\u00e9 \\"q\\""'), '"café \\"q\\""');
  assert.equal(parseValue(j, '{}'), '{}');
  assert.equal(parseValue(j, '[]'), '[]');
  assert.equal(parseValue(j, '{"nested":{"z":1,"y":{"x":[]}}}'), '{"nested": {"y": {"x": []}, "z": 1}}');
  rejects(j, '{a:1}', /not a valid JSON/);
  rejects(j, '[1,]', /not a valid JSON/);
  rejects(j, '01', /not a valid JSON/);
  rejects(j, '"unterminated', /not a valid JSON/);
  rejects(j, '{"a":1} x', /not a valid JSON/);
  rejects(j, '', /not a valid JSON/);
});
