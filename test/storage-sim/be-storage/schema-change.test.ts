import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TabletStore, type StorageColumn } from '../../../src/storage-sim/be/storage/index.js';
import { scratchDir } from '../../helpers/scratch.js';
import { dupTablet, load, pkTablet, readAll } from './helpers.js';

const base = dupTablet(40).columns;
const withCountry: StorageColumn[] = [...base, { name: 'country', type: { name: 'VARCHAR', length: 2 }, isKey: false, defaultValue: 'NL' }];
const withNote: StorageColumn[] = [...base, { name: 'note', type: { name: 'STRING' }, isKey: false }];

test('ADD COLUMN: old rowsets read the default (or NULL), new rowsets their values', async () => {
  const store = new TabletStore(scratchDir('schema-add'));
  store.createTablet(dupTablet(40));
  await load(store, 40, 1, 2, [[1, 'old', '1.00']]);
  store.updateSchema(40, withCountry, 1002);
  assert.equal(store.tabletInfo(40).schemaHash, 1002);
  await load(store, 40, 2, 3, [[2, 'new', '2.00', 'DE']]);
  assert.deepEqual(await readAll(store, 40, 3), [
    [1, 'old', '1.00', 'NL'],
    [2, 'new', '2.00', 'DE'],
  ]);
  store.updateSchema(40, [...withCountry, { name: 'note', type: { name: 'STRING' }, isKey: false }]);
  assert.deepEqual(await readAll(store, 40, 3), [
    [1, 'old', '1.00', 'NL', null],
    [2, 'new', '2.00', 'DE', null],
  ]);
});

test('DROP COLUMN hides the values; adding the name back starts from the default', async () => {
  const store = new TabletStore(scratchDir('schema-drop'));
  store.createTablet({ ...dupTablet(41), columns: withNote });
  await load(store, 41, 1, 2, [[1, 'a', '1.00', 'secret']]);
  store.updateSchema(41, base);
  assert.deepEqual(await readAll(store, 41, 2), [[1, 'a', '1.00']]);
  store.updateSchema(41, withNote);
  assert.deepEqual(await readAll(store, 41, 2), [[1, 'a', '1.00', null]], 'the dropped values do not come back');
  await load(store, 41, 2, 3, [[2, 'b', '2.00', 'fresh']]);
  assert.deepEqual(await readAll(store, 41, 3), [
    [1, 'a', '1.00', null],
    [2, 'b', '2.00', 'fresh'],
  ]);
  // Columns can also be reordered: reads follow the new order.
  store.updateSchema(41, [withNote[3]!, ...base]);
  assert.deepEqual(await readAll(store, 41, 3), [
    [null, 1, 'a', '1.00'],
    ['fresh', 2, 'b', '2.00'],
  ]);
});

test('a load that was writing while a column was dropped does not bring it back', async () => {
  const store = new TabletStore(scratchDir('schema-inflight'));
  store.createTablet({ ...dupTablet(42), columns: withNote });
  const writer = store.openPendingWriter(42, 1);
  await writer.write([[1, 'a', '1.00', 'written before the drop']]);
  store.updateSchema(42, base);
  await writer.close();
  store.publish(42, 1, 2);
  store.updateSchema(42, withNote);
  assert.deepEqual(await readAll(store, 42, 2), [[1, 'a', '1.00', null]]);
});

test('PRIMARY KEY tables keep resolving by key across a schema change', async () => {
  const store = new TabletStore(scratchDir('schema-pk'));
  store.createTablet(pkTablet(43));
  await load(store, 43, 1, 2, [['1', 'a', 1], ['2', 'b', 2]]);
  const columns = [...pkTablet(43).columns, { name: 'extra', type: { name: 'INT' as const }, isKey: false, defaultValue: '0' }];
  store.updateSchema(43, columns);
  await load(store, 43, 2, 3, [['2', 'b', 22, 7]]);
  assert.deepEqual(await readAll(store, 43, 3), [
    ['1', 'a', 1, 0],
    ['2', 'b', 22, 7],
  ]);
});

test('unsupported schema changes are refused', () => {
  const store = new TabletStore(scratchDir('schema-refused'));
  store.createTablet(pkTablet(44));
  const [k1, k2, v] = pkTablet(44).columns;
  assert.throws(() => store.updateSchema(44, [k1!, v!]), /key column k2 is not a column/);
  assert.throws(() => store.updateSchema(44, [k1!, k2!, { ...v!, type: { name: 'BIGINT' } }]), /changing the type of column v is not supported/);
  assert.throws(() => store.updateSchema(44, [k1!, k2!, v!, v!]), /duplicate column v/);
  assert.throws(() => store.updateSchema(44, [k1!, k2!, v!, { name: 'x', type: { name: 'INT' }, isKey: false, defaultValue: 'abc' }]), /'abc' is not a valid INT/);
});
