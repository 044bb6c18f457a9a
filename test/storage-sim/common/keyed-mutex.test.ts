import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyedMutex } from '../../../src/storage-sim/util/mutex.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

test('work on one key runs in arrival order, one at a time; other keys do not wait; idle keys are forgotten', async () => {
  const lock = new KeyedMutex<string>();
  const events: string[] = [];
  const work = (name: string) => async () => {
    events.push(`${name} start`);
    await tick();
    events.push(`${name} end`);
    return name;
  };
  const results = await Promise.all([lock.run('a', work('a1')), lock.run('a', work('a2')), lock.run('b', work('b1'))]);
  assert.deepEqual(results, ['a1', 'a2', 'b1']);
  // b1 starts while a1 runs; a2 only after a1 ended.
  assert.ok(events.indexOf('b1 start') < events.indexOf('a1 end'), events.join(', '));
  assert.ok(events.indexOf('a2 start') > events.indexOf('a1 end'), events.join(', '));
  await tick();
  assert.equal(lock.size, 0);
});

test('a failure releases the key for the next caller', async () => {
  const lock = new KeyedMutex<number>();
  const failed = lock.run(1, async () => {
    throw new Error('boom');
  });
  await assert.rejects(failed, /boom/);
  assert.equal(await lock.run(1, async () => 'next'), 'next');
});
