import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyRefusal } from '../../src/replication/refusal.js';

// The texts are StarRocks' own: fe/fe-core/src/main/java/com/starrocks/replication/ReplicationMgr.java
// and ReplicationJob.java (starrocks-versions.md row 10).
test('admission refusals are "busy": retried later, no failure', () => {
  assert.equal(classifyRefusal('Replication job of table 10087 is already running'), 'busy');
  assert.equal(classifyRefusal('Replication job of table 10087 is being constructed'), 'busy');
  assert.equal(classifyRefusal('Leader work admission is closed'), 'busy');
  assert.equal(classifyRefusal('Partition 10090 in table orders in database shop publish version not finished'), 'busy');
  assert.equal(classifyRefusal('back up db.t on source FE 10.0.0.1:9030 failed: Can only run one backup or restore job of a database at same time'), 'busy');
  assert.equal(classifyRefusal('The replication jobs exceeds the replication_max_parallel_table_count: 100'), 'busy');
  assert.equal(classifyRefusal('The replicating replica count in all running replication jobs 10300 exceeds replication_max_parallel_replica_count: 10240'), 'busy');
  assert.equal(classifyRefusal('The replicating data size in all running replication jobs 1048577(MB) exceeds replication_max_parallel_data_size_mb: 1048576'), 'busy');
});

test('a stale plan asks for a new one', () => {
  assert.equal(classifyRefusal('No data need to replicate'), 'replan');
  assert.equal(classifyRefusal('Target visible version: 9 is larger than source visible version: 8'), 'replan');
});

test('anything else is an error', () => {
  assert.equal(classifyRefusal('Table orders state is not NORMAL: SCHEMA_CHANGE'), 'error');
  assert.equal(classifyRefusal('Source replica number must not less than target replica number'), 'error');
  assert.equal(classifyRefusal('Access denied for user root'), 'error');
  assert.equal(classifyRefusal('connect ECONNREFUSED 127.0.0.1:9020'), 'error');
});
