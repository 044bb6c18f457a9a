// The lag: the age of the oldest source version the target lacks, and the bytes of the partitions behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lagByTable, nextLag, NO_LAG, summarizeLag } from '../../src/report/lag.js';
import { partitionKey, tableKey } from '../../src/meta/table-key.js';
import { catalog, everything, partition, replicated, table } from '../helpers/catalog-fixtures.js';

const p1 = partition('p1', 5, { dataSize: 1000 });
const p2 = partition('p2', 3, { dataSize: 500 });
const source = (v1: number) => catalog('source', table('shop', 'orders', [{ ...p1, visibleVersion: v1 }, p2]));
const T = 1_000_000;

test('a partition is behind from the round it is first seen behind, until the target reaches its version', () => {
  let lag = nextLag(NO_LAG, source(5), catalog('target'), everything, T);
  assert.deepEqual(summarizeLag(lag.values(), T + 30_000), { seconds: 30, bytes: 1500, partitions: 2 }, 'a table not on the target yet is wholly behind');
  const target = catalog('target', table('shop', 'orders', [replicated(p1, 5), replicated(p2, 1)]));
  lag = nextLag(lag, source(5), target, everything, T + 60_000);
  assert.deepEqual([...lag.keys()], [partitionKey('shop', 'orders', 'p2')]);
  assert.equal(summarizeLag(lag.values(), T + 90_000).seconds, 90, 'p2 is still behind since the first round');
  assert.deepEqual(nextLag(lag, source(5), catalog('target', table('shop', 'orders', [replicated(p1, 5), replicated(p2, 3)])), everything, T + 120_000), new Map());
});

test('the lag is the age of the oldest version the target lacks, not of the newest', () => {
  const synced = catalog('target', table('shop', 'orders', [replicated(p1, 5), replicated(p2, 3)]));
  let lag = nextLag(NO_LAG, source(6), synced, everything, T);
  lag = nextLag(lag, source(7), synced, everything, T + 60_000);
  assert.deepEqual(lag.get(partitionKey('shop', 'orders', 'p1'))?.sightings, [
    { version: 6, at: T },
    { version: 7, at: T + 60_000 },
  ]);
  assert.equal(summarizeLag(lag.values(), T + 100_000).seconds, 100);
  // The target reached 6: what is left is version 7, seen 40 s before.
  const at6 = catalog('target', table('shop', 'orders', [replicated(p1, 6), replicated(p2, 3)]));
  lag = nextLag(lag, source(7), at6, everything, T + 100_000);
  assert.equal(summarizeLag(lag.values(), T + 100_000).seconds, 40);
  assert.deepEqual(summarizeLag([], T), { seconds: 0, bytes: 0, partitions: 0 });
});

test('only selected tables count; partitions group by table', () => {
  const lag = nextLag(NO_LAG, source(5), catalog('target'), (_db, name) => name !== 'orders', T);
  assert.equal(lag.size, 0);
  const all = nextLag(NO_LAG, source(5), catalog('target'), everything, T);
  assert.deepEqual([...lagByTable(all).keys()], [tableKey('shop', 'orders')]);
});

test('a partition loaded every round keeps a bounded history whose oldest time is never forgotten', () => {
  const synced = catalog('target', table('shop', 'orders', [replicated(p1, 5), replicated(p2, 3)]));
  let lag = NO_LAG;
  for (let v = 6; v < 206; v++) lag = nextLag(lag, source(v), synced, everything, T + v * 1000);
  const sightings = lag.get(partitionKey('shop', 'orders', 'p1'))!.sightings;
  assert.equal(sightings.length, 64);
  assert.equal(sightings[0]!.at, T + 6000);
  assert.equal(sightings.at(-1)!.version, 205);
});

test('a compacted shared-data target is behind by its data version, whatever its visible version', () => {
  // StarRocks: fe/fe-core/src/main/java/com/starrocks/transaction/LakeTableTxnLogApplier.java (lake
  // compaction raises the visible version only).
  const compactedLevel = catalog('target', table('shop', 'orders', [replicated(p1, 7, { dataVersion: 5 }), replicated(p2, 3)]));
  assert.deepEqual(nextLag(NO_LAG, source(5), compactedLevel, everything, T), new Map());
  const compactedBehind = catalog('target', table('shop', 'orders', [replicated(p1, 7, { dataVersion: 4 }), replicated(p2, 3)]));
  const lag = nextLag(NO_LAG, source(5), compactedBehind, everything, T);
  assert.deepEqual([...lag.values()].map((l) => [l.partition, l.sourceVersion, l.targetVersion]), [['p1', 5, 4]]);
});
