import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PacedMeasure } from '../../../src/storage-sim/be/disk-usage-pace.js';

function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // a walk that takes this long
  }
}

test('a quick measure is taken again as soon as it expires or is invalidated', async () => {
  let walks = 0;
  const usage = new PacedMeasure(() => ++walks, 30);
  assert.equal(usage.get(), 1);
  assert.equal(usage.get(), 1, 'still fresh');
  usage.invalidate();
  assert.equal(usage.get(), 2);
  await new Promise((resolve) => setTimeout(resolve, 40));
  assert.equal(usage.get(), 3, 'expired');
});

test('an expensive measure waits twenty times its own duration before it is taken again', async () => {
  let walks = 0;
  const usage = new PacedMeasure(() => {
    busy(60);
    return ++walks;
  }, 0);
  assert.equal(usage.get(), 1);
  const walked = performance.now();
  usage.invalidate();
  assert.equal(usage.get(), 1, 'paced: the last walk took 60 ms');
  while (usage.get() === 1) {
    assert.ok(performance.now() - walked < 5000, 'measured again in the end');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.ok(performance.now() - walked >= 20 * 60, 'not before twenty times the walk');
});
