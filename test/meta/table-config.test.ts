import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDynamicPartitioned, tableDistribution } from '../../src/meta/table-config.js';

test('a table without distribution columns is RANDOM, whatever DISTRIBUTE_TYPE an older FE prints', () => {
  // StarRocks: fe/fe-core/src/main/java/com/starrocks/service/InformationSchemaDataSource.java
  // (genNormalTableConfigInfo) printed the literal HASH for every table before PR #43222 (3.3).
  assert.equal(tableDistribution('HASH', []), 'RANDOM');
  assert.equal(tableDistribution('RANDOM', []), 'RANDOM');
  assert.equal(tableDistribution('HASH', ['id']), 'HASH');
  assert.equal(tableDistribution('hash', ['id']), 'HASH');
});

test('dynamic partitioning is seen in both PROPERTIES forms', () => {
  // 3.3 and later print the table's properties flat; older FEs a hand-built map whose
  // "dynamic_partition" entry is the whole property as text (same source file, genProps).
  assert.equal(isDynamicPartitioned('{"replication_num":"3","dynamic_partition.enable":"true","dynamic_partition.time_unit":"DAY"}'), true);
  // DynamicPartitionProperty.getPropString(): "{dynamic_partition.enable:true,...}", no quotes.
  assert.equal(isDynamicPartitioned('{"replication_num":"3","dynamic_partition":"{dynamic_partition.enable:true,dynamic_partition.time_unit:DAY,dynamic_partition.end:3}","in_memory":"false"}'), true);
  assert.equal(isDynamicPartitioned('{"dynamic_partition":"{dynamic_partition.enable:false,dynamic_partition.time_unit:DAY}"}'), false);
  assert.equal(isDynamicPartitioned('{"dynamic_partition.enable":"false","dynamic_partition.time_unit":"DAY"}'), false);
  assert.equal(isDynamicPartitioned('{"replication_num":"3"}'), false);
  assert.equal(isDynamicPartitioned(''), false);
  assert.equal(isDynamicPartitioned(null), false);
});
