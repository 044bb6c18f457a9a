import { test } from 'node:test';
import assert from 'node:assert/strict';
import { schemaDifference } from '../../src/ddl/schema-difference.js';
import { column, schema } from '../helpers/catalog-fixtures.js';

const base = schema();
const withColumn = (index: number, overrides: Parameters<typeof column>[2] & { name?: string; type?: string }) =>
  schema({ columns: base.columns.map((c, i) => (i === index ? { ...c, ...overrides } : c)) });

test('the same layout has no difference', () => {
  assert.equal(schemaDifference(base, schema()), null);
});

test('type text differing only in case and spacing is the same type', () => {
  const a = schema({ columns: [column('d', 'decimal(10, 2)')] });
  const b = schema({ columns: [column('d', 'DECIMAL(10,2)')] });
  assert.equal(schemaDifference(a, b), null);
});

test('each compared attribute is a difference, named in the reason', () => {
  const cases: [ReturnType<typeof schema>, RegExp][] = [
    [schema({ columns: base.columns.slice(0, 2) }), /3 columns on the source, 2 on the target/],
    [schema({ columns: [base.columns[1]!, base.columns[0]!, base.columns[2]!] }), /column 1 is "dt" on the source, "id" on the target/],
    [withColumn(2, { type: 'varchar(30)' }), /column "v" type is varchar\(20\) on the source, varchar\(30\) on the target/],
    [withColumn(2, { nullable: false }), /column "v" is nullable on the source, NOT NULL on the target/],
    [withColumn(2, { isKey: true }), /column "v" is not a key column on the source/],
    [withColumn(2, { defaultValue: '0' }), /column "v" default is null on the source, "0" on the target/],
    [schema({ keysType: 'UNIQUE_KEYS' }), /keys type is DUP_KEYS on the source, UNIQUE_KEYS on the target/],
    [schema({ keyColumns: ['dt'] }), /key columns are \["dt","id"\] on the source, \["dt"\] on the target/],
    [schema({ partitionColumns: [] }), /partition columns/],
    [schema({ distributionType: 'RANDOM', distributionColumns: [] }), /distribution is HASH on the source, RANDOM on the target/],
    [schema({ distributionColumns: ['dt'] }), /distribution columns/],
  ];
  for (const [target, reason] of cases) assert.match(schemaDifference(base, target) ?? 'no difference', reason);
});

test('a difference only the two releases explain is no difference', () => {
  const a = schema({ columns: [column('id', 'int(11)'), column('d', 'decimal128(10, 2)'), column('t', 'datetime', { defaultValue: 'CURRENT_TIMESTAMP' }), column('n', 'varchar(10)', { defaultValue: "'x'" })] });
  const b = schema({ columns: [column('id', 'INT'), column('d', 'DECIMAL(10,2)'), column('t', 'datetime', { defaultValue: 'current_timestamp()' }), column('n', 'varchar(10)', { defaultValue: 'x' })] });
  assert.equal(schemaDifference(a, b), null);
  // A NULL default printed as text is no default.
  assert.equal(schemaDifference(schema({ columns: [column('v', 'int', { defaultValue: 'NULL' })] }), schema({ columns: [column('v', 'int')] })), null);
  // Values themselves still count: letter case of a string default, another width of a varchar.
  assert.match(schemaDifference(schema({ columns: [column('n', 'varchar(10)', { defaultValue: 'ABC' })] }), schema({ columns: [column('n', 'varchar(10)', { defaultValue: 'abc' })] })) ?? '', /default/);
  assert.match(schemaDifference(schema({ columns: [column('n', 'varchar(10)')] }), schema({ columns: [column('n', 'varchar(11)')] })) ?? '', /type/);
});

test('an empty PARTITION_KEY from a table whose partitions print values says nothing', () => {
  // StarRocks: fe/fe-core/src/main/java/com/starrocks/service/InformationSchemaDataSource.java
  // (genNormalTableConfigInfo) filled PARTITION_KEY for range partitioning only on older FEs.
  const unknown = schema({ partitionColumns: [] });
  assert.equal(schemaDifference(base, unknown, { sourcePartitioned: true, targetPartitioned: true }), null);
  // An unpartitioned table does say it has no partition columns.
  assert.match(schemaDifference(base, unknown, { sourcePartitioned: true, targetPartitioned: false }) ?? '', /partition columns/);
});
