import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, linkSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Value } from '../../../src/storage-sim/common/column-types.js';
import { TabletStore, VersionsNotAvailable } from '../../../src/storage-sim/be/storage/index.js';
import { scratchDir } from '../../helpers/scratch.js';
import { dupTablet, load, pkTablet, readAll, sorted } from './helpers.js';

function dataFiles(dir: string, tabletId: number): string[] {
  return readdirSync(join(dir, 'data', String(tabletId))).filter((f) => f.endsWith('.dat')).sort();
}

test('DUP compaction: same rows, one rowset [0, v], old files removed', async () => {
  const dir = scratchDir('compact-dup');
  const store = new TabletStore(dir);
  store.createTablet(dupTablet(60));
  for (let v = 2; v <= 6; v++) await load(store, 60, v, v, Array.from({ length: 50 }, (_, i) => [v * 100 + i, `r${i}`, `${v}.00`]));
  const before = await readAll(store, 60, 6);
  assert.equal(store.rowsets(60).length, 6);

  const merged = await store.compact(60, 6);
  assert.ok(merged);
  assert.equal(merged.startVersion, 0);
  assert.equal(merged.endVersion, 6);
  assert.equal(merged.rowCount, 250);
  assert.deepEqual(store.rowsets(60), [merged]);
  assert.deepEqual(await readAll(store, 60, 6), before, 'the same rows in the same order');
  assert.deepEqual(dataFiles(dir, 60), [merged.files[0]!.name], 'the merged inputs are gone');
  assert.equal(await store.compact(60, 6), null, 'nothing left to merge');
  assert.deepEqual(await readAll(new TabletStore(dir), 60, 6), before, 'and the result survives a reopen');
});

test('compaction only merges visible consecutive versions', async () => {
  const store = new TabletStore(scratchDir('compact-visible'));
  store.createTablet(dupTablet(61));
  for (let v = 2; v <= 4; v++) await load(store, 61, v, v, [[v, 'x', '1.00']]);
  await load(store, 61, 6, 6, [[6, 'x', '1.00']]); // version 5 not published yet
  const merged = await store.compact(61, 3); // visible version 3: version 4 is not visible yet
  assert.deepEqual([merged!.startVersion, merged!.endVersion], [0, 3]);
  assert.deepEqual(store.rowsets(61).map((r) => [r.startVersion, r.endVersion]), [[0, 3], [4, 4], [6, 6]]);
  await store.compact(61, 6);
  assert.deepEqual(store.rowsets(61).map((r) => [r.startVersion, r.endVersion]), [[0, 4], [6, 6]], 'stops at the gap');
  await assert.rejects(readAll(store, 61, 2), VersionsNotAvailable, 'version 2 alone is no longer readable');
  assert.deepEqual(await readAll(store, 61, 4), [[2, 'x', '1.00'], [3, 'x', '1.00'], [4, 'x', '1.00']]);
});

test('PRIMARY KEY compaction resolves upserts and deletes physically', async () => {
  const store = new TabletStore(scratchDir('compact-pk'), { runRows: 64 });
  store.createTablet(pkTablet(62));
  const keys = (v: number): Value[][] => Array.from({ length: 200 }, (_, i) => [String((i * 13 + v * 7) % 300), 'k', v * 1000 + i]);
  for (let v = 2; v <= 5; v++) await load(store, 62, v, v, keys(v));
  await load(store, 62, 6, 6, Array.from({ length: 100 }, (_, i) => [String(i * 3), 'k', null]), 'DELETE');
  const before = await readAll(store, 62, 6);
  const merged = await store.compact(62, 6);
  assert.equal(merged!.rowCount, before.length, 'deleted and overwritten rows are physically gone');
  assert.deepEqual(await readAll(store, 62, 6), before);
  assert.equal(await store.rowCount(62, 6), before.length);
});

test('a read in progress is not disturbed by a compaction removing its files', async () => {
  const store = new TabletStore(scratchDir('compact-during-read'));
  store.createTablet(dupTablet(63));
  for (let v = 2; v <= 4; v++) await load(store, 63, v, v, Array.from({ length: 5000 }, (_, i) => [i, `v${v}`, '1.00']));
  const planned = store.scan(63, 4); // planned, not started
  const started = store.scan(63, 4);
  assert.equal((await started.next()).done, false);
  await store.compact(63, 4);
  let startedCount = 1;
  for await (const _row of started) startedCount++;
  let plannedCount = 0;
  for await (const _row of planned) plannedCount++;
  assert.equal(startedCount, 15_000);
  assert.equal(plannedCount, 15_000);
  const all = [];
  for await (const row of store.scan(63, 4)) all.push(row);
  assert.equal(all.length, 15_000);
});

test('a planned read keeps the files it needs until it opens them', async () => {
  const dir = scratchDir('compact-pinned');
  const store = new TabletStore(dir);
  store.createTablet(dupTablet(64));
  for (let v = 2; v <= 3; v++) await load(store, 64, v, v, [[v, 'a', '1.00']]);
  const planned = store.scan(64, 3);
  await store.compact(64, 3);
  assert.equal(dataFiles(dir, 64).length, 3, 'the inputs wait for the planned read');
  assert.deepEqual(sorted(await (async () => {
    const rows = [];
    for await (const row of planned) rows.push(row);
    return rows;
  })()), [[2, 'a', '1.00'], [3, 'a', '1.00']]);
  assert.equal(dataFiles(dir, 64).length, 1, 'and go once it has opened them');
});

test('incremental snapshot of versions merged into an earlier rowset throws VersionsNotAvailable', async () => {
  const store = new TabletStore(scratchDir('compact-snapshot'));
  store.createTablet(dupTablet(65));
  for (let v = 2; v <= 5; v++) await load(store, 65, v, v, [[v, 'a', '1.00']]);
  const before = store.makeSnapshot(65, { fromVersion: 3, toVersion: 5 });
  assert.deepEqual(before.meta.rowsets.map((r) => r.startVersion), [3, 4, 5]);
  await store.releaseSnapshot(before.dir);
  await store.compact(65, 5);
  await load(store, 65, 6, 6, [[6, 'a', '1.00']]);
  assert.throws(
    () => store.makeSnapshot(65, { fromVersion: 3, toVersion: 5 }),
    (e: unknown) => e instanceof VersionsNotAvailable && e.tabletId === 65 && e.fromVersion === 3 && /inside rowset \[0-5\]/.test(e.message),
  );
  assert.throws(() => store.makeSnapshot(65, { fromVersion: 6, toVersion: 7 }), /version 7 is missing/);
  const incremental = store.makeSnapshot(65, { fromVersion: 6, toVersion: 6 });
  assert.deepEqual(incremental.meta.rowsets.map((r) => [r.startVersion, r.endVersion]), [[6, 6]]);
  const full = store.makeSnapshot(65, { toVersion: 6 });
  assert.deepEqual(full.meta.rowsets.map((r) => [r.startVersion, r.endVersion]), [[0, 5], [6, 6]]);
  assert.throws(() => store.makeSnapshot(65, { toVersion: 4 }), VersionsNotAvailable);
});

test('a crash on either side of the compaction switch leaves a readable tablet', async () => {
  const dir = scratchDir('compact-crash');
  const store = new TabletStore(dir);
  store.createTablet(dupTablet(66));
  for (let v = 2; v <= 4; v++) await load(store, 66, v, v, Array.from({ length: 100 }, (_, i) => [v * 1000 + i, 'r', '1.00']));
  const expected = await readAll(store, 66, 4);
  const tabletDir = join(dir, 'data', '66');
  // The state just before the switch: a copy of the directory as it is now...
  const before = scratchDir('compact-crash-before');
  cpSync(dir, before, { recursive: true });
  const oldFiles = dataFiles(dir, 66);
  for (const name of oldFiles) linkSync(join(tabletDir, name), join(before, `${name}.keep`));

  const merged = await store.compact(66, 4);
  const mergedName = merged!.files[0]!.name;
  // ...plus the merged file, renamed in but not yet referenced (crash before the meta switch).
  linkSync(join(tabletDir, mergedName), join(before, 'data', '66', mergedName));
  const reopenedBefore = new TabletStore(before);
  assert.deepEqual(await readAll(reopenedBefore, 66, 4), expected);
  assert.equal(reopenedBefore.rowsets(66).length, 4);
  assert.ok(!dataFiles(before, 66).includes(mergedName), 'the unreferenced merged file is removed');

  // Crash after the switch but before the old files were removed: they come back, and go again.
  for (const name of oldFiles) linkSync(join(before, `${name}.keep`), join(tabletDir, name));
  const reopenedAfter = new TabletStore(dir);
  assert.deepEqual(dataFiles(dir, 66), [mergedName]);
  assert.deepEqual(reopenedAfter.rowsets(66), [merged]);
  assert.deepEqual(await readAll(reopenedAfter, 66, 4), expected);
});
