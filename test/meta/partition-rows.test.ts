import { test } from 'node:test';
import assert from 'node:assert/strict';
import { partitionFromMeta, partitionsMetaQuery, PARTITIONS_META_COLUMNS } from '../../src/meta/partition-rows.js';

test('partitions_meta is asked for the columns the model needs, among those the cluster prints', () => {
  assert.equal(partitionsMetaQuery(undefined), `SELECT ${PARTITIONS_META_COLUMNS.join(', ')} FROM information_schema.partitions_meta`);
  // An older cluster: no VERSION_EPOCH nor VERSION_TXN_TYPE; column names in any letter case.
  const older = { db_name: 'd', TABLE_NAME: 't', PARTITION_NAME: 'p', PARTITION_ID: '1', VISIBLE_VERSION: '2', PARTITION_VALUE: '', BUCKETS: '1', REPLICATION_NUM: '1', DATA_SIZE: '0', ROW_COUNT: '0', COMPACT_VERSION: '0' };
  assert.equal(
    partitionsMetaQuery(older),
    'SELECT DB_NAME, TABLE_NAME, PARTITION_NAME, PARTITION_ID, VISIBLE_VERSION, PARTITION_VALUE, BUCKETS, REPLICATION_NUM, DATA_SIZE, ROW_COUNT FROM information_schema.partitions_meta',
  );
});

test('a partitions_meta row without epoch or transaction type reads as epoch 0, TXN_NORMAL', () => {
  const row = { PARTITION_ID: '12', PARTITION_NAME: 'p1', VISIBLE_VERSION: '3', PARTITION_VALUE: '[r)', BUCKETS: '2', REPLICATION_NUM: '3', DATA_SIZE: '4096', ROW_COUNT: '7' };
  assert.deepEqual(partitionFromMeta(row), {
    id: 12,
    name: 'p1',
    visibleVersion: 3,
    versionEpoch: 0,
    versionTxnType: 'TXN_NORMAL',
    range: '[r)',
    buckets: 2,
    replicationNum: 3,
    dataSize: 4096,
    rowCount: 7,
  });
  assert.equal(partitionFromMeta({ ...row, VERSION_EPOCH: '99', VERSION_TXN_TYPE: 'TXN_REPLICATION' }).versionTxnType, 'TXN_REPLICATION');
});
