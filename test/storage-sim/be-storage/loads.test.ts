import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { StorageError, TabletExists, TabletNotFound, TabletStore, VersionsNotAvailable } from '../../../src/storage-sim/be/storage/index.js';
import { scratchDir } from '../../helpers/scratch.js';
import { dupTablet, load, readAll, sorted } from './helpers.js';

test('a new tablet is at version 1 and empty', async () => {
  const store = new TabletStore(scratchDir('store-new'));
  const info = store.createTablet(dupTablet(10));
  assert.equal(info.maxContinuousVersion, 1);
  assert.deepEqual(await readAll(store, 10, 1), []);
  assert.equal(store.rowsets(10).length, 1);
  assert.deepEqual({ ...store.rowsets(10)[0]!, rowsetId: 'x' }, { rowsetId: 'x', startVersion: 0, endVersion: 1, rowCount: 0, dataBytes: 0, checksum: 0, files: [] });
  assert.throws(() => store.createTablet(dupTablet(10)), TabletExists);
  assert.throws(() => store.rowsets(99), TabletNotFound);
});

test('pending rows are invisible until published, then visible only from their version', async () => {
  const store = new TabletStore(scratchDir('store-publish'));
  store.createTablet(dupTablet(11));
  const writer = store.openPendingWriter(11, 500);
  await writer.write([
    [1, 'ä', '1.50'],
    [2, null, null],
  ]);
  assert.deepEqual(store.pendingTxns(11), [], 'nothing is pending before the writer closes');
  await writer.close();
  assert.deepEqual(store.pendingTxns(11), [500]);
  assert.deepEqual(await readAll(store, 11, 1), [], 'pending rows are not visible');

  const rowset = store.publish(11, 500, 2);
  assert.equal(rowset.startVersion, 2);
  assert.equal(rowset.endVersion, 2);
  assert.equal(rowset.rowCount, 2);
  assert.equal(rowset.files.length, 1);
  assert.equal(rowset.dataBytes, rowset.files[0]!.size);
  assert.equal(rowset.checksum, rowset.files[0]!.checksum);
  assert.deepEqual(store.pendingTxns(11), []);

  assert.deepEqual(await readAll(store, 11, 1), [], 'a reader at version 1 still sees nothing');
  assert.deepEqual(await readAll(store, 11, 2), [
    [1, 'ä', '1.50'],
    [2, null, null],
  ]);
  await assert.rejects(readAll(store, 11, 3), VersionsNotAvailable, 'version 3 does not exist yet');
  assert.equal(store.maxContinuousVersion(11), 2);
});

test('publish is idempotent, and a version without rows for this tablet is an empty rowset', async () => {
  const store = new TabletStore(scratchDir('store-idem'));
  store.createTablet(dupTablet(12));
  await load(store, 12, 1, 2, [[1, 'a', '1.00']]);
  const before = store.rowsets(12);
  assert.deepEqual(store.publish(12, 1, 2), before[1], 'publishing again returns the same rowset');
  assert.deepEqual(store.publish(12, 77, 2), before[1], 'a present version is never replaced');
  assert.deepEqual(store.rowsets(12), before);

  const empty = store.publish(12, 2, 3); // transaction 2 sent nothing to this tablet
  assert.equal(empty.rowCount, 0);
  assert.deepEqual(empty.files, []);
  assert.equal(store.maxContinuousVersion(12), 3);
  assert.deepEqual(await readAll(store, 12, 3), [[1, 'a', '1.00']]);
  assert.throws(() => store.publish(12, 3, 0), StorageError);
});

test('abort discards the rows and files of a transaction', async () => {
  const dir = scratchDir('store-abort');
  const store = new TabletStore(dir);
  store.createTablet(dupTablet(13));
  const writer = store.openPendingWriter(13, 9);
  await writer.write([[1, 'x', '0.00']]);
  await writer.close();
  const tabletDir = join(dir, 'data', '13');
  assert.equal(readdirSync(tabletDir).filter((f) => f.endsWith('.dat')).length, 1);
  store.abortPending(13, 9);
  assert.deepEqual(store.pendingTxns(13), []);
  assert.equal(readdirSync(tabletDir).filter((f) => f.endsWith('.dat')).length, 0, 'the data file is removed');
  store.abortPending(13, 9); // again: no error
  store.abortPending(999, 9); // unknown tablet: no error
  assert.throws(() => store.openPendingWriter(13, 9), /was aborted/);
  store.publish(13, 9, 2); // a publish that still arrives finds nothing: an empty version
  assert.deepEqual(await readAll(store, 13, 2), []);

  // A writer still open when its transaction is aborted cannot add its file afterwards.
  const late = store.openPendingWriter(13, 10);
  await late.write([[5, 'late', '5.00']]);
  store.abortPending(13, 10);
  await assert.rejects(late.close(), /was aborted/);
  assert.equal(readdirSync(tabletDir).filter((f) => f.endsWith('.dat')).length, 0);
});

test('several writers of one transaction make one rowset with several files', async () => {
  const store = new TabletStore(scratchDir('store-multi'));
  store.createTablet(dupTablet(14));
  const a = store.openPendingWriter(14, 3);
  const b = store.openPendingWriter(14, 3);
  await a.write([[1, 'a', '1.00']]);
  await b.write([[2, 'b', '2.00']]);
  await b.close();
  await a.close();
  const rowset = store.publish(14, 3, 2);
  assert.equal(rowset.files.length, 2);
  assert.equal(rowset.rowCount, 2);
  assert.notEqual(rowset.files[0]!.name, rowset.files[1]!.name);
  assert.deepEqual(sorted(await readAll(store, 14, 2)), [
    [1, 'a', '1.00'],
    [2, 'b', '2.00'],
  ]);
});

test('versions published out of order leave a gap that reads refuse until it is filled', async () => {
  const store = new TabletStore(scratchDir('store-gap'));
  store.createTablet(dupTablet(15));
  await load(store, 15, 1, 3, [[3, 'c', '3.00']]);
  assert.equal(store.maxContinuousVersion(15), 1);
  await assert.rejects(readAll(store, 15, 3), (e: unknown) => e instanceof VersionsNotAvailable && /version 2 is missing/.test(e.message));
  await load(store, 15, 2, 2, [[2, 'b', '2.00']]);
  assert.equal(store.maxContinuousVersion(15), 3);
  assert.deepEqual(await readAll(store, 15, 3), [
    [2, 'b', '2.00'],
    [3, 'c', '3.00'],
  ]);
});

test('scan with a column list returns those columns in that order', async () => {
  const store = new TabletStore(scratchDir('store-project'));
  store.createTablet(dupTablet(16));
  await load(store, 16, 1, 2, [[1, 'one', '1.00']]);
  assert.deepEqual(await readAll(store, 16, 2, ['amount', 'id']), [['1.00', 1]]);
  assert.throws(() => store.scanBatches(16, 2, ['nope']), /no column nope/);
});

test('writes are checked: row width, deletes outside PRIMARY KEY tables', async () => {
  const store = new TabletStore(scratchDir('store-checks'));
  store.createTablet(dupTablet(17));
  const writer = store.openPendingWriter(17, 1);
  await assert.rejects(writer.write([[1, 'a']]), /a row has 2 values; the tablet has 3 columns/);
  await assert.rejects(writer.write([[1, 'a', '1.00']], 'DELETE'), /delete rows need a PRIMARY KEY table/);
  await writer.abort();
});

test('dataSize, rowCount and diskUsage', async () => {
  const store = new TabletStore(scratchDir('store-sizes'));
  store.createTablet(dupTablet(18));
  await load(store, 18, 1, 2, [
    [1, 'a', '1.00'],
    [2, 'b', '2.00'],
  ]);
  await load(store, 18, 2, 3, [[3, 'c', '3.00']]);
  const [, v2, v3] = store.rowsets(18);
  assert.equal(store.dataSize(18, 2), v2!.dataBytes);
  assert.equal(store.dataSize(18, 3), v2!.dataBytes + v3!.dataBytes);
  assert.equal(await store.rowCount(18, 2), 2);
  assert.equal(await store.rowCount(18, 3), 3);
  const usage = store.diskUsage();
  assert.equal(usage.tabletCount, 1);
  assert.ok(usage.dataBytes >= v2!.dataBytes + v3!.dataBytes, 'data files and the meta are counted');
  assert.equal(usage.snapshotBytes, 0);
  assert.equal(usage.totalBytes, usage.dataBytes);
});

test('dropTablet removes the replica; a read started before keeps working', async () => {
  const dir = scratchDir('store-drop');
  const store = new TabletStore(dir);
  store.createTablet(dupTablet(19));
  const rows = Array.from({ length: 20_000 }, (_, i) => [i, `n${i}`, '1.00']);
  await load(store, 19, 1, 2, rows);
  const iterator = store.scan(19, 2)[Symbol.asyncIterator]();
  const first = await iterator.next();
  store.dropTablet(19);
  assert.equal(store.hasTablet(19), false);
  assert.equal(existsSync(join(dir, 'data', '19')), false);
  let count = first.done ? 0 : 1;
  for (let r = await iterator.next(); !r.done; r = await iterator.next()) count++;
  assert.equal(count, 20_000);
  assert.throws(() => store.dropTablet(19), TabletNotFound);
  // A read planned before the drop but started after it fails clearly.
  store.createTablet(dupTablet(20));
  await load(store, 20, 1, 2, rows.slice(0, 5));
  const planned = store.scan(20, 2);
  store.dropTablet(20);
  await assert.rejects(planned.next(), /tablet 20: the files of version 2 are gone/);
});

test('stopping a scan early closes its files', async () => {
  const store = new TabletStore(scratchDir('store-break'));
  store.createTablet(dupTablet(21));
  for (let v = 2; v <= 5; v++) await load(store, 21, v, v, Array.from({ length: 10_000 }, (_, i) => [i, 'x', '1.00']));
  const openFds = (): number => readdirSync('/proc/self/fd').length;
  const before = openFds();
  let seen = 0;
  for await (const _row of store.scan(21, 5)) if (++seen === 10) break;
  assert.equal(openFds(), before);
  const batches = store.scanBatches(21, 5);
  await batches.next();
  await batches.return(undefined);
  assert.equal(openFds(), before);
});
