// The chaos run's fault plan: the same seed draws the same faults, different seeds differ, the
// weights decide the mix, and faults are spaced by the gap asked for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countByKind, DEFAULT_WEIGHTS, planFaults } from '../../chaos/fault-plan.js';

const base = { durationMs: 600_000, meanGapMs: 5_000, weights: DEFAULT_WEIGHTS, backendsPerCluster: 3 };

test('a seed draws one plan, always the same; another seed draws another', () => {
  assert.deepEqual(planFaults({ ...base, seed: 42 }), planFaults({ ...base, seed: 42 }));
  assert.notDeepEqual(planFaults({ ...base, seed: 42 }), planFaults({ ...base, seed: 43 }));
});

test('faults fill the run at about the mean gap, each at least half a gap after the previous', () => {
  const plan = planFaults({ ...base, seed: 7 });
  assert.ok(plan.length > 90 && plan.length < 150, `${plan.length} faults in 600 s at a 5 s mean gap`);
  for (let i = 1; i < plan.length; i++) assert.ok(plan[i]!.atMs - plan[i - 1]!.atMs >= 2_500);
  assert.ok(plan.at(-1)!.atMs < base.durationMs);
  for (const f of plan) assert.ok(f.node >= 0 && f.node < 3 && f.holdMs >= 500);
});

test('the weights decide the mix: the daemon is killed most, a kind weighted 0 never comes', () => {
  const counts = countByKind(planFaults({ ...base, durationMs: 6_000_000, seed: 3 }));
  assert.ok(counts['kill-daemon'] > 3 * counts['kill-target-be'], JSON.stringify(counts));
  for (const kind of Object.keys(counts) as (keyof typeof counts)[]) assert.ok(counts[kind] > 0, `${kind} drawn`);
  const onlyDaemon = countByKind(planFaults({ ...base, seed: 3, weights: { 'kill-daemon': 1 } }));
  assert.equal(onlyDaemon['kill-target-fe'], 0);
  assert.ok(onlyDaemon['kill-daemon'] > 0);
  assert.deepEqual(planFaults({ ...base, seed: 3, weights: {} }), []);
});
