// A lake compaction's publish on a tablet: the rowsets up to the version before are merged and the
// compaction's own version is an empty rowset after them, so reads at the new version and at the
// one before both answer the same rows (a query planned just before the publish still runs), a
// retried publish changes nothing, and a replicated snapshot is numbered past the compaction's
// version (its versions shifted by the compactions since).
// StarRocks: fe/fe-core/src/main/java/com/starrocks/lake/compaction/CompactionScheduler.java (a
// compaction is a transaction with a version of its own), transaction/DatabaseTransactionMgr.java
// (a replication commit: version = committed + (src_version - data version))
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StorageError, TabletStore } from '../../../src/storage-sim/be/storage/index.js';
import { scratchDir } from '../../helpers/scratch.js';
import { dupTablet, load, readAll } from './helpers.js';

test('a compaction publishes an empty version after the merged rowsets; the version before stays readable', async () => {
  const store = new TabletStore(scratchDir('lake-compaction-publish'));
  store.createTablet(dupTablet(90));
  for (let v = 2; v <= 5; v++) await load(store, 90, v, v, [[v, `row ${v}`, `${v}.00`]]);
  const before = await readAll(store, 90, 5);

  await assert.rejects(store.publishCompaction(90, 7), (e: Error) => e instanceof StorageError && /needs the tablet to end at 6; it holds \[0-1\] \[2-2\] \[3-3\] \[4-4\] \[5-5\]/.test(e.message));
  await store.publishCompaction(90, 6);
  assert.deepEqual(store.rowsets(90).map((r) => [r.startVersion, r.endVersion, r.rowCount]), [[0, 5, 4], [6, 6, 0]]);
  assert.deepEqual(await readAll(store, 90, 6), before);
  assert.deepEqual(await readAll(store, 90, 5), before, 'a read planned at the version before the compaction');
  await store.publishCompaction(90, 6);
  assert.equal(store.rowsets(90).length, 2, 'a retried publish changes nothing');

  // A source at version 7 (one load past the 5 this tablet holds as data) replicates into it at 8.
  const source = new TabletStore(scratchDir('lake-compaction-publish-source'));
  source.createTablet(dupTablet(91));
  for (let v = 2; v <= 5; v++) await load(source, 91, v, v, [[v, `row ${v}`, `${v}.00`]]);
  await load(source, 91, 6, 6, [[6, 'row 6', '6.00']]);
  await load(source, 91, 7, 7, [[7, 'row 7', '7.00']]);
  const snapshot = source.makeSnapshot(91, { fromVersion: 6, toVersion: 7 });
  await store.ingestSnapshot(90, snapshot.dir, { incremental: true, versionShift: 1 });
  assert.deepEqual(store.rowsets(90).map((r) => [r.startVersion, r.endVersion]), [[0, 5], [6, 6], [7, 7], [8, 8]]);
  assert.deepEqual(await readAll(store, 90, 8), await readAll(source, 91, 7));
  await assert.rejects(store.ingestSnapshot(90, snapshot.dir, { incremental: true, versionShift: -1 }), /cannot be numbered back by 1/);
});
