import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { MetaStore } from '../../../src/storage-sim/fe/catalog/meta-store.js';
import type { DatabaseMeta, OlapTableMeta, PartitionMeta } from '../../../src/storage-sim/fe/catalog/model.js';
import { scratchDir } from '../../helpers/scratch.js';

const db = (id: number, name: string): DatabaseMeta => ({ id, name, tables: [], createTime: 1, properties: {} });

test('edits survive a reopen, ids are never handed out twice, and the token is stable', () => {
  const dir = scratchDir('meta-store');
  const first = new MetaStore(dir);
  const [id] = first.allocateIds(1);
  first.write({ op: 'createDb', db: db(id!, 'sales') });
  first.write({ op: 'frontendConfig', key: 'replication_max_parallel_table_count', value: '7' });
  const reserved = first.allocateIds(5); // reserved but never used before the "crash"
  first.close();

  const second = new MetaStore(dir);
  assert.deepEqual(second.state.databases.map((d) => d.name), ['sales']);
  assert.equal(second.state.frontendConfig.replication_max_parallel_table_count, '7');
  assert.ok(second.allocateIds(1)[0]! > reserved.at(-1)!, 'ids reserved before a crash are not reused');
  assert.equal(second.identity.token, first.identity.token);
  assert.match(readFileSync(join(dir, 'image', 'VERSION'), 'utf8'), new RegExp(`^token=${first.identity.token}$`, 'm'));
  second.close();
});

test('a line torn by a crash is dropped and the log stays appendable', () => {
  const dir = scratchDir('meta-store-torn');
  const store = new MetaStore(dir);
  store.write({ op: 'createDb', db: db(20_000, 'a') });
  store.close();
  appendFileSync(join(dir, 'edits', 'edit.log'), '{"seq":3,"op":{"op":"createDb","db":{"id":2');
  const reopened = new MetaStore(dir);
  assert.deepEqual(reopened.state.databases.map((d) => d.name), ['a']);
  reopened.write({ op: 'createDb', db: db(20_001, 'b') });
  reopened.close();
  assert.deepEqual(new MetaStore(dir).state.databases.map((d) => d.name), ['a', 'b']);
});

test('a checkpoint writes an image, empties the log, and later edits replay over it', () => {
  const dir = scratchDir('meta-store-image');
  const store = new MetaStore(dir);
  for (let i = 0; i < 10; i++) store.write({ op: 'createDb', db: db(30_000 + i, `db${i}`) });
  store.checkpoint();
  assert.equal(store.editsSinceImage, 0);
  assert.equal(readFileSync(join(dir, 'edits', 'edit.log'), 'utf8'), '');
  store.write({ op: 'dropDb', dbId: 30_000 });
  store.checkpoint();
  store.write({ op: 'createDb', db: db(40_000, 'late') });
  store.close();
  assert.equal(readdirSync(join(dir, 'image')).filter((f) => f.startsWith('image.')).length, 1, 'old images are removed');
  const names = new MetaStore(dir).state.databases.map((d) => d.name);
  assert.deepEqual(names, [...Array.from({ length: 9 }, (_, i) => `db${i + 1}`), 'late']);
});

// StarRocks: fe/fe-core/src/main/java/com/starrocks/catalog/TempPartitions.java is part of the
// table in the image, and version changes of a temporary partition replay like any other.
test('temporary partitions are kept by the image and the log, with the versions published to them', () => {
  const dir = scratchDir('meta-store-temp');
  const store = new MetaStore(dir);
  const partition = (id: number, name: string): PartitionMeta => ({
    id, name, range: { lower: null, upper: ['2024-02-01'] }, buckets: 1, replicationNum: 1, storageMedium: 'HDD', visibleVersion: 1, visibleVersionTime: 1,
    nextVersion: 2, versionEpoch: 7, versionTxnType: 'TXN_NORMAL', tablets: [{ id: id + 1, replicas: [{ id: id + 2, backendId: 1 }] }], dataSize: 0, rowCount: 0,
  });
  const table: OlapTableMeta = {
    kind: 'OLAP', id: 50_001, name: 't', indexId: 50_002, schemaHash: 1, schemaVersion: 0,
    columns: [{ name: 'dt', type: { name: 'DATE' }, nullable: false, isKey: true, comment: '' }],
    keysType: 'DUP_KEYS', keyColumns: ['dt'], partitionScheme: { type: 'RANGE', columns: ['dt'] }, distribution: { type: 'RANDOM', buckets: 1 },
    properties: {}, comment: '', bitmapIndexes: [], partitions: [partition(50_010, 'p1')], tempPartitions: [partition(50_020, 'tp1')],
    state: 'NORMAL', createTime: 1, updateTime: 1,
  };
  store.write({ op: 'createDb', db: db(50_000, 'd') });
  store.write({ op: 'putTable', dbId: 50_000, table });
  store.checkpoint();
  const published = { ...partition(50_020, 'tp1'), visibleVersion: 2, nextVersion: 3, rowCount: 5 };
  const { name: _name, range: _range, buckets: _buckets, replicationNum: _replicas, storageMedium: _medium, tablets: _tablets, ...versions } = published;
  store.write({ op: 'partitionVersions', dbId: 50_000, tableId: 50_001, partitions: [versions] });
  store.close();
  const reopened = new MetaStore(dir);
  const [restored] = reopened.state.databases[0]!.tables as OlapTableMeta[];
  assert.deepEqual(restored!.partitions, table.partitions);
  assert.deepEqual(restored!.tempPartitions, [published]);
  reopened.close();
});
