// The chaos run's quick profile: half a minute of seeded faults of every kind against two process
// clusters while a loader writes labelled batches, then convergence, verify, and the row-by-row
// checks (nothing lost, nothing applied twice, no partition ahead, no daemon crash). The long run
// (npm run chaos -- --minutes N) is the same with more faults.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runChaos } from '../../chaos/chaos-run.js';
import { FAULT_KINDS } from '../../chaos/fault-plan.js';
import { scratchDir } from '../helpers/scratch.js';

test('a quick chaos run with every kind of fault converges with nothing lost or duplicated', { timeout: 300_000 }, async () => {
  const lines: string[] = [];
  // Equal weights and a fixed seed: this seed draws a handful of faults of several kinds.
  const weights = Object.fromEntries(FAULT_KINDS.map((k) => [k, 1]));
  const result = await runChaos({ seed: 20261206, durationMs: 36_000, meanGapMs: 4_000, dir: scratchDir('chaos-quick'), weights, convergeTimeoutMs: 120_000, say: (line) => lines.push(line) });
  assert.ok(result.ok, `${result.problems.join('\n')}\n${lines.join('\n')}`);
  const kinds = FAULT_KINDS.filter((k) => result.faults[k] > 0);
  assert.ok(kinds.length >= 4, `faults of several kinds: ${JSON.stringify(result.faults)}`);
  assert.ok(result.batches > 20 && result.rowsCompared > 500, JSON.stringify(result));
  assert.equal(lines.filter((l) => /^\[ *\d+\.\d s\] /.test(l)).length >= Object.values(result.faults).reduce((a, b) => a + b, 0), true, 'one line per fault');
});
