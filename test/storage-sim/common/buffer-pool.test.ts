import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BufferPool } from '../../../src/storage-sim/util/buffer-pool.js';

test('a buffer pool hands back the buffers it was given, keeps no more than asked, and only of its size', () => {
  const pool = new BufferPool(1024, 2);
  const [a, b, c] = [pool.take(), pool.take(), pool.take()];
  assert.deepEqual([a.length, b.length, c.length], [1024, 1024, 1024]);
  assert.notEqual(a, b);
  pool.give(a);
  pool.give(b);
  pool.give(c);
  assert.equal(pool.freeCount, 2);
  pool.give(Buffer.alloc(10));
  assert.equal(pool.freeCount, 2);
  const again = [pool.take(), pool.take()];
  assert.ok(again.includes(a) && again.includes(b), 'the kept buffers are reused');
  assert.equal(pool.freeCount, 0);
});
