// When a one-time run is done and when it gives up, decided without any cluster.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { afterMetaRound, goalOf, goalShortfall, jobsGiveUpReason, ONE_TIME_IDLE_ROUNDS, ONE_TIME_WAIT_MS, type MetaRoundFacts } from '../../src/daemon/one-time-rules.js';
import type { TrackedJob } from '../../src/replication/job-tracker.js';
import { catalog, partition, replicated, table } from '../helpers/catalog-fixtures.js';

const p1 = partition('p1', 5);
const p2 = partition('p2', 3);
const source = catalog('source', [table('shop', 'orders', [p1, p2]), table('shop', 'skipped', [partition('p1', 9)])]);
const onlyOrders = (_db: string, name: string) => name === 'orders';
const goal = goalOf(source, onlyOrders);

test('the goal is the selected tables at the source versions first seen', () => {
  assert.deepEqual([...goal].map(([key, parts]) => [key, [...parts]]), [[JSON.stringify(['shop', 'orders']), [['p1', 5], ['p2', 3]]]]);
});

test('the shortfall names what the target still lacks, and is null once every version is reached', () => {
  assert.equal(goalShortfall(goal, catalog('target', [])), 'shop.orders is not on the target yet');
  assert.equal(goalShortfall(goal, catalog('target', [table('shop', 'orders', [replicated(p1, 5)])])), 'shop.orders.p2 is not on the target yet');
  assert.equal(goalShortfall(goal, catalog('target', [table('shop', 'orders', [replicated(p1, 4), replicated(p2, 3)])])), 'shop.orders.p1 is at version 4 of 5');
  // Loads made on the source after the first round are not waited for; a target ahead is not short.
  assert.equal(goalShortfall(goal, catalog('target', [table('shop', 'orders', [replicated(p1, 5), replicated(p2, 4)])])), null);
});

const reached = catalog('target', [table('shop', 'orders', [replicated(p1, 5), replicated(p2, 3)])]);
const behind = catalog('target', [table('shop', 'orders', [replicated(p1, 4), replicated(p2, 3)])]);
const facts = (overrides: Partial<MetaRoundFacts>): MetaRoundFacts => ({ goal, target: behind, ddlPending: 0, planned: 0, tracked: 0, idleRounds: 0, held: 0, skipped: [], blocked: [], ...overrides });

test('done once the goal is reached and no DDL is pending', () => {
  assert.deepEqual(afterMetaRound(facts({ target: reached })), { kind: 'done' });
  assert.deepEqual(afterMetaRound(facts({ target: reached, ddlPending: 1 })), { kind: 'go-on', idleRounds: 0 });
});

test('idle rounds short of the goal are counted, any work resets them, and the run gives up saying why', () => {
  assert.deepEqual(afterMetaRound(facts({ planned: 1, idleRounds: 2 })), { kind: 'go-on', idleRounds: 0 });
  assert.deepEqual(afterMetaRound(facts({ tracked: 1, idleRounds: 2 })), { kind: 'go-on', idleRounds: 0 });
  assert.deepEqual(afterMetaRound(facts({ held: 1, idleRounds: 2 })), { kind: 'go-on', idleRounds: 0 }, 'a paused run waits for its resume');
  assert.deepEqual(afterMetaRound(facts({ idleRounds: 0 })), { kind: 'go-on', idleRounds: 1 });
  const skipped = [{ db: 'shop', table: 'orders', code: 'not-supported' as const, reason: 'is a cloud-native table' }];
  const blocked = [{ db: 'shop', table: 'orders', partition: 'p1', wouldBe: 'drop_partition' as const, blockedBy: 'ddl_job_allow_drop_inconsistent_partition' as const, reason: 'was loaded on the target' }];
  assert.deepEqual(afterMetaRound(facts({ idleRounds: ONE_TIME_IDLE_ROUNDS - 1, skipped, blocked })), {
    kind: 'give-up',
    reason: 'these cannot be synced: shop.orders: is a cloud-native table; shop.orders.p1: was loaded on the target',
  });
  assert.deepEqual(afterMetaRound(facts({ idleRounds: ONE_TIME_IDLE_ROUNDS - 1 })), { kind: 'give-up', reason: `these cannot be synced: no progress for ${ONE_TIME_IDLE_ROUNDS} rounds` });
});

const job = (overrides: Partial<TrackedJob>): TrackedJob => ({
  id: 1,
  candidate: { db: 'shop', table: 'orders', partitions: ['p1'], dataSize: 1, sourceVersions: { p1: 5 } },
  status: 'pending',
  failures: 0,
  admissionRefusals: 0,
  notBefore: 0,
  awaitingPlan: false,
  ...overrides,
});

test('a job that failed three times, or waited too long to be built, ends the run with its last error', () => {
  const now = 1_000_000_000;
  assert.equal(jobsGiveUpReason([job({ failures: 2 })], now), null);
  assert.equal(jobsGiveUpReason([job({ failures: 3, lastError: 'Tablet 7 has no healthy replica' })], now), 'shop.orders: replication failed 3 times, last: Tablet 7 has no healthy replica');
  assert.equal(jobsGiveUpReason([job({ waitingSince: now - ONE_TIME_WAIT_MS + 1 })], now), null);
  assert.equal(
    jobsGiveUpReason([job({ waitingSince: now - ONE_TIME_WAIT_MS, lastError: 'be_tablets does not show tablet 7' })], now),
    `shop.orders: waited ${ONE_TIME_WAIT_MS / 1000} s and cannot be sent: be_tablets does not show tablet 7`,
  );
  assert.equal(jobsGiveUpReason([job({ waitingSince: now - 5000 })], now, 5000), 'shop.orders: waited 5 s and cannot be sent: no reason given');
});

test('a compacted shared-data target reaches the goal by its data version, not its visible version', () => {
  // StarRocks: fe/fe-core/src/main/java/com/starrocks/transaction/LakeTableTxnLogApplier.java (lake
  // compaction raises the visible version only).
  assert.equal(goalShortfall(goal, catalog('target', [table('shop', 'orders', [replicated(p1, 6, { dataVersion: 5 }), replicated(p2, 3)])])), null);
  assert.equal(goalShortfall(goal, catalog('target', [table('shop', 'orders', [replicated(p1, 6, { dataVersion: 4 }), replicated(p2, 3)])])), 'shop.orders.p1 is at version 4 of 5');
});
