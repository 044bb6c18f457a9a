// The wait loop with a clock that jumps: how often it checks, what it says, when it gives up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { catalog, everything, JANUARY, options, replicated, sourcePartition, table } from '../helpers/catalog-fixtures.js';
import type { ClusterCatalog } from '../../src/meta/catalog-model.js';
import { diffCatalogs } from '../../src/ddl/diff-catalogs.js';
import { planReplication } from '../../src/replication/plan.js';
import type { RoundView } from '../../src/cutover/sync-lag.js';
import { waitForSync, type WaitEffects } from '../../src/cutover/wait-for-sync.js';

const jan = sourcePartition('p1', JANUARY);
const source = catalog('source', table('app', 'events', [jan]));
const behind = catalog('target', table('app', 'events', [replicated(jan, 4)]));
const caughtUp = catalog('target', table('app', 'events', [replicated(jan, 5)]));

function round(target: ClusterCatalog): RoundView {
  return { source, ddl: diffCatalogs(source, target, options()), replication: planReplication(source, target, { selected: everything, maxDataSizePerJobGb: -1 }) };
}

/** Effects whose rounds answer in turn from `targets` (an Error is a failed read), on a fake clock. */
function fake(targets: (ClusterCatalog | Error)[], hint?: string) {
  let clock = 0;
  let rounds = 0;
  const lines: string[] = [];
  const pauses: number[] = [];
  const effects: WaitEffects<RoundView> = {
    round: async () => {
      const next = targets[Math.min(rounds++, targets.length - 1)]!;
      if (next instanceof Error) throw next;
      return round(next);
    },
    now: () => clock,
    pause: async (ms) => {
      pauses.push(ms);
      clock += ms;
    },
    report: (line) => lines.push(line),
    hint: () => hint,
  };
  return { effects, lines, pauses, rounds: () => rounds };
}

test('checks every interval, saying the lag each time, until the round finds nothing left to do', async () => {
  const f = fake([behind, behind, caughtUp], 'no daemon runs here');
  const outcome = await waitForSync(f.effects, { wait: true, timeoutMs: 60_000, intervalMs: 5_000 });
  assert.equal(outcome.kind, 'in-sync');
  assert.equal(outcome.waitedMs, 10_000);
  assert.deepEqual(f.pauses, [5_000, 5_000]);
  assert.deepEqual(f.lines.filter((l) => l.startsWith('behind:')), [
    'behind: 1 of 1 table(s), 1 partition(s), 0.0 MB; DDL pending: 0, replication jobs to run: 1, waiting or not supported: 0, drops blocked: 0 (waited 0 s, gives up in 60 s)',
    'behind: 1 of 1 table(s), 1 partition(s), 0.0 MB; DDL pending: 0, replication jobs to run: 1, waiting or not supported: 0, drops blocked: 0 (waited 5 s, gives up in 55 s)',
  ]);
  assert.equal(f.lines.filter((l) => l === 'no daemon runs here').length, 1, 'the hint is said once');
});

test('gives up when the time is up, with the last lag; the last check falls on the deadline', async () => {
  const f = fake([behind]);
  const outcome = await waitForSync(f.effects, { wait: true, timeoutMs: 12_000, intervalMs: 5_000 });
  assert.equal(outcome.kind, 'behind');
  assert.deepEqual(f.pauses, [5_000, 5_000, 2_000]);
  assert.equal(f.rounds(), 4);
  assert.equal(outcome.kind === 'behind' && outcome.lag?.partitionsBehind, 1);
});

test('--no-wait checks once; a failed read is said and tried again at the next check', async () => {
  const once = fake([behind]);
  assert.equal((await waitForSync(once.effects, { wait: false, timeoutMs: 60_000, intervalMs: 5_000 })).kind, 'behind');
  assert.equal(once.rounds(), 1);
  assert.deepEqual(once.pauses, []);

  const flaky = fake([new Error('connect ECONNREFUSED 127.0.0.1:9030'), caughtUp]);
  const outcome = await waitForSync(flaky.effects, { wait: true, timeoutMs: 60_000, intervalMs: 1_000 });
  assert.equal(outcome.kind, 'in-sync');
  assert.deepEqual(flaky.lines, ['could not read the clusters: connect ECONNREFUSED 127.0.0.1:9030']);
});
