import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BYTES_PER_GB, jobSizeLimit, splitBySize } from '../../src/replication/split-jobs.js';

const sizes = (...values: number[]) => values.map((dataSize, i) => ({ name: `p${i + 1}`, dataSize }));
const names = (groups: { name: string }[][]) => groups.map((g) => g.map((p) => p.name).join(','));

test('the limit in bytes: GiB, -1 for none', () => {
  assert.equal(jobSizeLimit(-1), null);
  assert.equal(jobSizeLimit(3), 3 * BYTES_PER_GB);
});

test('no limit: one group; nothing: no group', () => {
  assert.deepEqual(names(splitBySize(sizes(5, 5, 5), null)), ['p1,p2,p3']);
  assert.deepEqual(splitBySize([], 10), []);
  assert.deepEqual(splitBySize([], null), []);
});

test('consecutive groups within the limit, exact fits included, oversized items alone', () => {
  assert.deepEqual(names(splitBySize(sizes(4, 6, 10, 1), 10)), ['p1,p2', 'p3', 'p4']);
  assert.deepEqual(names(splitBySize(sizes(30, 1, 2, 40), 10)), ['p1', 'p2,p3', 'p4']);
  assert.deepEqual(names(splitBySize(sizes(3, 3, 3, 3), 10)), ['p1,p2,p3', 'p4']);
  assert.deepEqual(names(splitBySize(sizes(0, 0, 10, 0), 10)), ['p1,p2,p3,p4']);
});
