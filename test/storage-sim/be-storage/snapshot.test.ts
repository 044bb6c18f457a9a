import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CorruptRowsetFile, SNAPSHOT_META_FILE, StorageError, TabletStore } from '../../../src/storage-sim/be/storage/index.js';
import { scratchDir } from '../../helpers/scratch.js';
import { dupTablet, load, pkTablet, readAll } from './helpers.js';

async function sourceWithVersions(name: string, tabletId: number, last: number): Promise<{ store: TabletStore; dir: string }> {
  const dir = scratchDir(name);
  const store = new TabletStore(dir);
  store.createTablet(dupTablet(tabletId));
  for (let v = 2; v <= last; v++) await load(store, tabletId, v, v, Array.from({ length: 1000 }, (_, i) => [v * 10_000 + i, `row ${i} of ${v}`, `${i}.50`]));
  return { store, dir };
}

test('a snapshot is hard links to the rowset files (same inode, no data copied)', async () => {
  const { store, dir } = await sourceWithVersions('snap-links', 70, 4);
  const usageBefore = store.diskUsage();
  const snapshot = store.makeSnapshot(70, { toVersion: 4 });
  const names = readdirSync(snapshot.dir).filter((f) => f !== SNAPSHOT_META_FILE).sort();
  const expected = store.rowsets(70).flatMap((r) => r.files.map((f) => f.name)).sort();
  assert.deepEqual(names, expected);
  for (const name of names) {
    const inSnapshot = statSync(join(snapshot.dir, name));
    const inTablet = statSync(join(dir, 'data', '70', name));
    assert.equal(inSnapshot.ino, inTablet.ino, `${name} is the same inode`);
    assert.equal(inSnapshot.nlink, 2);
  }
  const usageAfter = store.diskUsage();
  assert.equal(usageAfter.dataBytes, usageBefore.dataBytes);
  assert.equal(usageAfter.snapshotBytes, statSync(join(snapshot.dir, SNAPSHOT_META_FILE)).size, 'only the meta file is new');

  // Compaction removes the tablet's names; the snapshot still holds the data.
  await store.compact(70, 4);
  assert.ok(store.diskUsage().snapshotBytes > usageBefore.dataBytes / 2, 'now the snapshot alone keeps the old files');
  const meta = JSON.parse(readFileSync(join(snapshot.dir, SNAPSHOT_META_FILE), 'utf8'));
  assert.equal(meta.toVersion, 4);
  assert.equal(meta.incremental, false);
  await store.releaseSnapshot(snapshot.dir);
  assert.equal(existsSync(snapshot.dir), false);
  assert.throws(() => store.releaseSnapshot(join(dir, 'data', '70')), /is not a snapshot of this store/);
});

test('full then incremental ingest reproduces the source; ingesting again changes nothing', async () => {
  const { store: source } = await sourceWithVersions('snap-src', 71, 4);
  const target = new TabletStore(scratchDir('snap-dst'));
  target.createTablet({ ...dupTablet(81) });

  const full = source.makeSnapshot(71, { toVersion: 4 });
  const added = await target.ingestSnapshot(81, full.dir, { incremental: false });
  assert.deepEqual(added.map((r) => [r.startVersion, r.endVersion]), [[0, 1], [2, 2], [3, 3], [4, 4]]);
  assert.deepEqual(await readAll(target, 81, 4), await readAll(source, 71, 4));
  // Same versions, sizes and checksums as the source (ids and file names are the target's own).
  const shape = (rs: ReturnType<TabletStore['rowsets']>) => rs.map((r) => [r.startVersion, r.endVersion, r.rowCount, r.dataBytes, r.checksum]);
  assert.deepEqual(shape(target.rowsets(81)), shape(source.rowsets(71)));

  await load(source, 71, 5, 5, [[5, 'five', '5.00']]);
  await load(source, 71, 6, 6, [[6, 'six', '6.00']]);
  const incremental = source.makeSnapshot(71, { fromVersion: 5, toVersion: 6 });
  assert.equal((await target.ingestSnapshot(81, incremental.dir, { incremental: true })).length, 2);
  assert.deepEqual(await target.ingestSnapshot(81, incremental.dir, { incremental: true }), [], 'idempotent');
  assert.deepEqual(await target.ingestSnapshot(81, full.dir, { incremental: true }), [], 'versions it has are skipped');
  assert.equal(target.maxContinuousVersion(81), 6);
  assert.deepEqual(await readAll(target, 81, 6), await readAll(source, 71, 6));
  assert.deepEqual(shape(target.rowsets(81)), shape(source.rowsets(71)));

  // Files were linked in, not copied: the target file is the snapshot file.
  const snapshotFile = incremental.meta.rowsets[0]!.files[0]!;
  const targetFile = target.rowsets(81).find((r) => r.startVersion === 5)!.files[0]!;
  assert.equal(statSync(join(incremental.dir, snapshotFile.name)).ino, statSync(join(target.layout.data, '81', targetFile.name)).ino);
});

test('a full ingest replaces what the target had up to the snapshot version', async () => {
  const { store: source } = await sourceWithVersions('snap-full-src', 72, 3);
  const target = new TabletStore(scratchDir('snap-full-dst'));
  target.createTablet(dupTablet(82));
  await load(target, 82, 1, 2, [[-1, 'stale', '0.00']]);
  await load(target, 82, 2, 3, [[-2, 'stale', '0.00']]);
  await target.compact(82, 3);
  await target.ingestSnapshot(82, source.makeSnapshot(72, { toVersion: 3 }).dir, { incremental: false });
  assert.deepEqual(await readAll(target, 82, 3), await readAll(source, 72, 3));
  assert.equal(readdirSync(join(target.layout.data, '82')).filter((f) => f.endsWith('.dat')).length, 2, 'the replaced files are gone');
});

test('damaged or mismatched snapshot files are refused before anything changes', async () => {
  const { store: source } = await sourceWithVersions('snap-bad-src', 73, 3);
  const target = new TabletStore(scratchDir('snap-bad-dst'));
  target.createTablet(dupTablet(83));
  const snapshot = source.makeSnapshot(73, { toVersion: 3 });
  const before = target.rowsets(83);

  // A downloaded copy (not the links themselves, which are the source tablet's files).
  const flipped = scratchDir('snap-flipped');
  cpSync(snapshot.dir, flipped, { recursive: true });
  const victim = join(flipped, snapshot.meta.rowsets[1]!.files[0]!.name);
  const bytes = readFileSync(victim);
  bytes[Math.floor(bytes.length / 2)]! ^= 1;
  writeFileSync(victim, bytes);
  await assert.rejects(target.ingestSnapshot(83, flipped, { incremental: false }), CorruptRowsetFile);

  const truncated = scratchDir('snap-truncated');
  cpSync(snapshot.dir, truncated, { recursive: true });
  const cut = join(truncated, snapshot.meta.rowsets[2]!.files[0]!.name);
  truncateSync(cut, statSync(cut).size - 100);
  await assert.rejects(target.ingestSnapshot(83, truncated, { incremental: false }), CorruptRowsetFile);

  const relabelled = scratchDir('snap-relabelled');
  cpSync(snapshot.dir, relabelled, { recursive: true });
  const meta = JSON.parse(readFileSync(join(relabelled, SNAPSHOT_META_FILE), 'utf8'));
  meta.rowsets[1].files[0].checksum ^= 1;
  meta.rowsets[1].checksum = meta.rowsets[1].files[0].checksum;
  writeFileSync(join(relabelled, SNAPSHOT_META_FILE), JSON.stringify(meta));
  await assert.rejects(target.ingestSnapshot(83, relabelled, { incremental: false }), /differs from the expected/);

  await assert.rejects(target.ingestSnapshot(83, scratchDir('not-a-snapshot'), { incremental: false }), /snapshot.json is missing/);
  assert.deepEqual(target.rowsets(83), before);
});

test('ingest refuses overlapping ranges and a different key model', async () => {
  const { store: source } = await sourceWithVersions('snap-overlap-src', 74, 4);
  const target = new TabletStore(scratchDir('snap-overlap-dst'));
  target.createTablet(dupTablet(84));
  await load(target, 84, 1, 2, [[1, 'x', '1.00']]);
  await load(target, 84, 2, 3, [[2, 'x', '1.00']]);
  await target.compact(84, 3); // [0-3]
  // Version 3 is held (inside [0-3]) and skipped; version 4 is added.
  const added = await target.ingestSnapshot(84, source.makeSnapshot(74, { fromVersion: 3, toVersion: 4 }).dir, { incremental: true });
  assert.deepEqual(added.map((r) => [r.startVersion, r.endVersion]), [[4, 4]]);
  await load(target, 84, 5, 5, [[5, 'x', '1.00']]);
  await source.compact(74, 4); // [0-4]: partly held by the target, partly not
  const target2 = new TabletStore(scratchDir('snap-overlap-dst2'));
  target2.createTablet(dupTablet(87));
  await load(target2, 87, 1, 2, [[1, 'x', '1.00']]);
  await load(target2, 87, 2, 3, [[2, 'x', '1.00']]);
  await assert.rejects(target2.ingestSnapshot(87, source.makeSnapshot(74, { toVersion: 4 }).dir, { incremental: true }), /snapshot rowset \[0-4\] overlaps versions the replica holds/);
  const pk = new TabletStore(scratchDir('snap-pk-dst'));
  pk.createTablet(pkTablet(85));
  await assert.rejects(pk.ingestSnapshot(85, source.makeSnapshot(74, { toVersion: 4 }).dir, { incremental: false }), StorageError);
});

test('PRIMARY KEY snapshots carry deletes across to the target', async () => {
  const source = new TabletStore(scratchDir('snap-pk-src'));
  source.createTablet(pkTablet(75));
  await load(source, 75, 1, 2, [['1', 'a', 1], ['2', 'b', 2]]);
  await load(source, 75, 2, 3, [['1', 'a', null]], 'DELETE');
  const target = new TabletStore(scratchDir('snap-pk-dst2'));
  target.createTablet(pkTablet(86));
  await target.ingestSnapshot(86, source.makeSnapshot(75, { toVersion: 2 }).dir, { incremental: false });
  assert.deepEqual(await readAll(target, 86, 2), [['1', 'a', 1], ['2', 'b', 2]]);
  await target.ingestSnapshot(86, source.makeSnapshot(75, { fromVersion: 3, toVersion: 3 }).dir, { incremental: true });
  assert.deepEqual(await readAll(target, 86, 3), [['2', 'b', 2]]);
});
