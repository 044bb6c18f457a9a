import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Value } from '../../../src/storage-sim/common/column-types.js';
import { TabletStore, type CreateTabletRequest } from '../../../src/storage-sim/be/storage/index.js';
import { scratchDir } from '../../helpers/scratch.js';
import { load, pkTablet, readAll } from './helpers.js';

test('PRIMARY KEY: the newest version of a key wins and deletes remove it', async () => {
  const store = new TabletStore(scratchDir('pk-versions'));
  store.createTablet(pkTablet(30));
  await load(store, 30, 1, 2, [
    ['1', 'a', 10],
    ['2', 'b', 20],
    ['3', 'c', 30],
  ]);
  await load(store, 30, 2, 3, [
    ['2', 'b', 21], // update
    ['4', 'd', 40], // insert
  ]);
  await load(store, 30, 3, 4, [['1', 'a', null]], 'DELETE'); // delete needs only the key
  await load(store, 30, 4, 5, [
    ['3', 'c', 31],
    ['1', 'a', 12], // re-inserted after its delete
  ]);

  assert.deepEqual(await readAll(store, 30, 2), [
    ['1', 'a', 10],
    ['2', 'b', 20],
    ['3', 'c', 30],
  ]);
  assert.deepEqual(await readAll(store, 30, 3), [
    ['1', 'a', 10],
    ['2', 'b', 21],
    ['3', 'c', 30],
    ['4', 'd', 40],
  ]);
  assert.deepEqual(await readAll(store, 30, 4), [
    ['2', 'b', 21],
    ['3', 'c', 30],
    ['4', 'd', 40],
  ]);
  assert.deepEqual(await readAll(store, 30, 5), [
    ['1', 'a', 12],
    ['2', 'b', 21],
    ['3', 'c', 31],
    ['4', 'd', 40],
  ]);
  assert.equal(await store.rowCount(30, 4), 3);
  assert.equal(await store.rowCount(30, 5), 4);
});

test('PRIMARY KEY: within one load the last row of a key wins, with ops per row', async () => {
  const store = new TabletStore(scratchDir('pk-same-load'));
  store.createTablet(pkTablet(31));
  await load(store, 31, 1, 2, [
    ['5', 'x', 1],
    ['5', 'x', 2],
    ['6', 'y', 1],
    ['6', 'y', null],
    ['7', 'z', 1],
  ], ['UPSERT', 'UPSERT', 'UPSERT', 'DELETE', 'UPSERT']);
  assert.deepEqual(await readAll(store, 31, 2), [
    ['5', 'x', 2],
    ['7', 'z', 1],
  ]);
});

test('PRIMARY KEY: keys order numerically for BIGINT and by bytes for strings', async () => {
  const store = new TabletStore(scratchDir('pk-order'));
  store.createTablet(pkTablet(32));
  await load(store, 32, 1, 2, [
    ['10', 'b', 1],
    ['9', 'b', 1],
    ['-3', 'b', 1],
    ['10', 'a', 1],
    ['10', '😀', 1],
    ['10', '\uFF21', 1],
  ]);
  assert.deepEqual(
    (await readAll(store, 32, 2)).map((r) => `${r[0]}/${r[1]}`),
    ['-3/b', '9/b', '10/a', '10/b', '10/\uFF21', '10/😀'],
  );
});

test('PRIMARY KEY: big loads are sorted in several runs and still resolve', async () => {
  const store = new TabletStore(scratchDir('pk-runs'), { runRows: 1000 });
  store.createTablet(pkTablet(33));
  const first: Value[][] = [];
  for (let i = 0; i < 5000; i++) first.push([String((i * 7919) % 5000), 'k', i]);
  await load(store, 33, 1, 2, first);
  // Later in the same load order: every key appears once, value = position.
  const second: Value[][] = [];
  for (let i = 0; i < 5000; i += 2) second.push([String(i), 'k', -i]);
  const writer = store.openPendingWriter(33, 2);
  await writer.write(second.slice(0, 1500));
  await writer.write(second.slice(1500));
  await writer.write(
    Array.from({ length: 100 }, (_, i) => [String(i * 10 + 1), 'k', null]),
    'DELETE',
  );
  await writer.close();
  store.publish(33, 2, 3);

  const rows = await readAll(store, 33, 3);
  const expected = new Map<string, Value>();
  for (const [k, , v] of first) expected.set(k as string, v!);
  for (const [k, , v] of second) expected.set(k as string, v!);
  for (let i = 0; i < 100; i++) expected.delete(String(i * 10 + 1));
  assert.equal(rows.length, expected.size);
  for (const [k, , v] of rows) assert.equal(v, expected.get(k as string), `key ${k}`);
  const keys = rows.map((r) => Number(r[0]));
  assert.deepEqual(keys, [...keys].sort((a, b) => a - b), 'rows come out in key order');
});

test('UNIQUE KEY: newest version replaces the whole row', async () => {
  const store = new TabletStore(scratchDir('unique'));
  const request: CreateTabletRequest = { ...pkTablet(34), keysType: 'UNIQUE_KEYS' };
  store.createTablet(request);
  await load(store, 34, 1, 2, [['1', 'a', 1], ['2', 'b', 2]]);
  await load(store, 34, 2, 3, [['1', 'a', null]]);
  assert.deepEqual(await readAll(store, 34, 3), [
    ['1', 'a', null],
    ['2', 'b', 2],
  ]);
});

test('AGG KEY: value columns combine by their aggregation across and within versions', async () => {
  const store = new TabletStore(scratchDir('agg'));
  store.createTablet({
    tabletId: 35,
    schemaHash: 5,
    keysType: 'AGG_KEYS',
    keyColumns: ['k'],
    columns: [
      { name: 'k', type: { name: 'INT' }, isKey: true },
      { name: 'total', type: { name: 'BIGINT' }, isKey: false, aggregation: 'SUM' },
      { name: 'money', type: { name: 'DECIMAL', length: 20, scale: 2 }, isKey: false, aggregation: 'SUM' },
      { name: 'hi', type: { name: 'INT' }, isKey: false, aggregation: 'MAX' },
      { name: 'lo', type: { name: 'DATE' }, isKey: false, aggregation: 'MIN' },
      { name: 'last', type: { name: 'VARCHAR', length: 10 }, isKey: false, aggregation: 'REPLACE' },
      { name: 'keep', type: { name: 'VARCHAR', length: 10 }, isKey: false, aggregation: 'REPLACE_IF_NOT_NULL' },
    ],
  });
  await load(store, 35, 1, 2, [
    [1, '9223372036854775000', '1.25', 5, '2024-05-01', 'a', 'x'],
    [1, '700', '-0.50', 9, '2024-04-01', 'b', null],
    [2, null, '1.00', null, null, 'c', 'y'],
  ]);
  await load(store, 35, 2, 3, [
    [1, '100', '0.25', 7, '2023-01-01', 'c', null],
    [2, '5', null, 3, '2025-01-01', null, 'z'],
  ]);
  assert.deepEqual(await readAll(store, 35, 2), [
    [1, '9223372036854775700', '0.75', 9, '2024-04-01', 'b', 'x'],
    [2, null, '1.00', null, null, 'c', 'y'],
  ]);
  assert.deepEqual(await readAll(store, 35, 3), [
    [1, '9223372036854775800', '1.00', 9, '2023-01-01', 'c', 'x'],
    [2, '5', '1.00', 3, '2025-01-01', null, 'z'],
  ]);
});
