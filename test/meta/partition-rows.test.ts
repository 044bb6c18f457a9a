import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSize, partitionFromMeta, partitionFromShow, partitionsMetaQuery, PARTITIONS_META_COLUMNS, tablePartitions } from '../../src/meta/partition-rows.js';

test('partitions_meta is asked for the columns the model needs, among those the cluster has', () => {
  assert.equal(partitionsMetaQuery(undefined), `SELECT ${PARTITIONS_META_COLUMNS.join(', ')} FROM information_schema.partitions_meta`);
  // A 3.2 FE (PartitionsMetaSystemTable before PR #46507): no DATA_VERSION, VERSION_EPOCH nor VERSION_TXN_TYPE.
  const older = new Set(['DB_NAME', 'TABLE_NAME', 'PARTITION_NAME', 'PARTITION_ID', 'COMPACT_VERSION', 'VISIBLE_VERSION', 'VISIBLE_VERSION_TIME', 'NEXT_VERSION', 'PARTITION_KEY', 'PARTITION_VALUE', 'DISTRIBUTION_KEY', 'BUCKETS', 'REPLICATION_NUM', 'STORAGE_MEDIUM', 'IS_TEMP', 'DATA_SIZE', 'ROW_COUNT']);
  assert.equal(
    partitionsMetaQuery(older),
    'SELECT DB_NAME, TABLE_NAME, PARTITION_NAME, PARTITION_ID, VISIBLE_VERSION, PARTITION_VALUE, BUCKETS, REPLICATION_NUM, IS_TEMP, DATA_SIZE, ROW_COUNT FROM information_schema.partitions_meta',
  );
});

test('a partitions_meta row without epoch or transaction type reads as epoch 0, TXN_NORMAL', () => {
  const row = { PARTITION_ID: '12', PARTITION_NAME: 'p1', VISIBLE_VERSION: '3', PARTITION_VALUE: '[r)', BUCKETS: '2', REPLICATION_NUM: '3', DATA_SIZE: '4096', ROW_COUNT: '7', IS_TEMP: 'false' };
  assert.deepEqual(partitionFromMeta(row), {
    partition: { id: 12, name: 'p1', visibleVersion: 3, versionEpoch: 0, versionTxnType: 'TXN_NORMAL', range: '[r)', buckets: 2, replicationNum: 3, dataSize: 4096, rowCount: 7 },
    temp: false,
  });
  assert.equal(partitionFromMeta({ ...row, VERSION_EPOCH: '99', VERSION_TXN_TYPE: 'TXN_REPLICATION' }).partition.versionTxnType, 'TXN_REPLICATION');
});

test('DATA_SIZE is read in both forms StarRocks prints: bytes (4.0) and ByteSizeValue text (before 4.0), never NaN', () => {
  // StarRocks: fe/fe-core/src/main/java/com/starrocks/monitor/unit/ByteSizeValue.java (text, 1024-based,
  // one truncated decimal, no space) and PR #61251 (BIGINT from 4.0).
  assert.equal(parseSize('249466470'), 249_466_470);
  assert.equal(parseSize(4096), 4096);
  assert.equal(parseSize('0B'), 0);
  assert.equal(parseSize('812B'), 812);
  assert.equal(parseSize('1KB'), 1024);
  assert.equal(parseSize('1.5KB'), 1536);
  assert.equal(parseSize('237.9MB'), Math.round(237.9 * 1024 ** 2));
  assert.equal(parseSize('2GB'), 2 * 1024 ** 3);
  // SHOW PARTITIONS' DataSize.
  assert.equal(parseSize('1.234 KB'), Math.round(1.234 * 1024));
  assert.equal(parseSize('garbage'), undefined);
  assert.equal(partitionFromMeta({ PARTITION_NAME: 'p', DATA_SIZE: '237.9MB' }).partition.dataSize, Math.round(237.9 * 1024 ** 2));
  assert.equal(partitionFromShow({ PartitionName: 'p', DataSize: '1.500 GB' }).partition.dataSize, 1.5 * 1024 ** 3);
});

test('temporary partitions are set aside, and partitions with several physical partitions are named', () => {
  const row = (name: string, id: number, temp = false) => partitionFromMeta({ PARTITION_NAME: name, PARTITION_ID: String(id), IS_TEMP: temp ? 'true' : 'false', VISIBLE_VERSION: '2' });
  const grouped = tablePartitions([row('p1', 1), row('p2', 2), row('p1_9001', 9001, true), row('p2', 3), row('p2', 4), row('p1_9001', 9002, true)]);
  assert.deepEqual(grouped.partitions.map((p) => [p.name, p.id]), [['p1', 1], ['p2', 2]]);
  assert.deepEqual(grouped.tempPartitions, ['p1_9001']);
  assert.deepEqual(grouped.subPartitioned, [{ partition: 'p2', physicalPartitions: 3 }]);
  assert.deepEqual(tablePartitions([row('p', 1)]), { partitions: [row('p', 1).partition], tempPartitions: [], subPartitioned: [] });
});

test('partitions_meta DATA_VERSION is read where the cluster prints it, and left unset where it does not', () => {
  // StarRocks: fe/fe-core/src/main/java/com/starrocks/catalog/system/information/PartitionsMetaSystemTable.java
  // (DATA_VERSION from PR #46507); the value is PhysicalPartition.java's dataVersion.
  const row = { PARTITION_ID: '12', PARTITION_NAME: 'p1', VISIBLE_VERSION: '14', DATA_VERSION: '13', VERSION_EPOCH: '99', VERSION_TXN_TYPE: 'TXN_REPLICATION', IS_TEMP: 'false' };
  assert.equal(partitionFromMeta(row).partition.dataVersion, 13);
  assert.equal(partitionFromMeta(row).partition.visibleVersion, 14);
  const { DATA_VERSION: _omitted, ...older } = row;
  assert.equal('dataVersion' in partitionFromMeta(older).partition, false, 'a partitions_meta without DATA_VERSION (before PR #46507)');
  assert.equal('dataVersion' in partitionFromMeta({ ...row, DATA_VERSION: null }).partition, false, 'a NULL cell is no version');
  assert.equal('dataVersion' in partitionFromShow({ PartitionName: 'p1', VisibleVersion: '14' }).partition, false, 'SHOW PARTITIONS prints no data version');
  assert.ok(PARTITIONS_META_COLUMNS.includes('DATA_VERSION'), 'fetchCatalog asks for it where the cluster has it');
});
