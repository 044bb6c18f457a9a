import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyRefusal } from '../../src/replication/refusal.js';

test('admission refusals are "busy": retried later, no failure', () => {
  assert.equal(classifyRefusal('Replication job of table orders is already running'), 'busy');
  assert.equal(classifyRefusal('back up db.t on source FE 10.0.0.1:9030 failed: Can only run one backup or restore job of a database at same time'), 'busy');
  assert.equal(classifyRefusal('The number of running replication tables 100 reached replication_max_parallel_table_count 100'), 'busy');
  assert.equal(classifyRefusal('running replicas 10000 plus 512 exceeds replication_max_parallel_replica_count 10240'), 'busy');
  assert.equal(classifyRefusal('running data 1048000 MB plus 900 MB exceeds replication_max_parallel_data_size_mb 1048576'), 'busy');
});

test('a stale plan asks for a new one', () => {
  assert.equal(classifyRefusal('No data need to replicate'), 'replan');
  assert.equal(classifyRefusal('Target visible version: 9 is larger than source visible version: 8'), 'replan');
});

test('anything else is an error', () => {
  assert.equal(classifyRefusal('Table orders is not NORMAL'), 'error');
  assert.equal(classifyRefusal('Access denied for user root'), 'error');
  assert.equal(classifyRefusal('connect ECONNREFUSED 127.0.0.1:9020'), 'error');
});
