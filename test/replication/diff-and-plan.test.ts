// The DDL diff and the replication plan read the same catalogues and must agree: the plan holds a
// table back exactly while the diff has work to do on it, and sends it once the DDL is done; a
// partition the diff will drop and re-create is not sent before. One scenario, both decisions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffCatalogs } from '../../src/ddl/diff-catalogs.js';
import { planReplication } from '../../src/replication/plan.js';
import type { ClusterCatalog } from '../../src/meta/catalog-model.js';
import { catalog, everything, FEBRUARY, JANUARY, MARCH, options, sourcePartition, summary, table, targetPartition } from '../helpers/catalog-fixtures.js';

const decide = (source: ClusterCatalog, target: ClusterCatalog) => ({
  ddl: diffCatalogs(source, target, options()).tasks.map(summary),
  plan: planReplication(source, target, { selected: everything, maxDataSizePerJobGb: -1 }),
});
const sent = (plan: ReturnType<typeof planReplication>) => plan.candidates.map((c) => `${c.db}.${c.table}:${c.partitions.join(',')}`);

const january = sourcePartition('p202401', JANUARY);
const february = sourcePartition('p202402', FEBRUARY, { visibleVersion: 7 });
const march = sourcePartition('p202403', MARCH, { visibleVersion: 2 });
const source = catalog('source', table('shop', 'orders', [january, february, march]));

test('a partition missing on the target: the diff adds it, the plan waits for it, then sends what lags', () => {
  const before = decide(source, catalog('target', table('shop', 'orders', [targetPartition('p202401', JANUARY), targetPartition('p202402', FEBRUARY, { visibleVersion: 5 })])));
  assert.deepEqual(before.ddl, ['add_partition shop.orders.p202403']);
  assert.deepEqual(sent(before.plan), []);
  assert.deepEqual(before.plan.skipped.map((s) => [s.code, s.reason]), [['partition-layout-differs', 'partition p202403 is missing on the target (the DDL job has work to do first)']]);

  // Once the DDL job added it (an empty partition at version 1), nothing is left for the diff and
  // the plan sends both lagging partitions in one job.
  const after = decide(source, catalog('target', table('shop', 'orders', [targetPartition('p202401', JANUARY), targetPartition('p202402', FEBRUARY, { visibleVersion: 5 }), targetPartition('p202403', MARCH, { visibleVersion: 1, versionTxnType: 'TXN_NORMAL', versionEpoch: 0 })])));
  assert.deepEqual(after.ddl, []);
  assert.deepEqual(sent(after.plan), ['shop.orders:p202402,p202403']);
});

test('a partition loaded on the target: the diff drops and re-adds it, the plan does not send it meanwhile', () => {
  const diverged = targetPartition('p202402', FEBRUARY, { visibleVersion: 6, versionTxnType: 'TXN_NORMAL' });
  const decided = decide(source, catalog('target', table('shop', 'orders', [targetPartition('p202401', JANUARY), diverged, targetPartition('p202403', MARCH, { visibleVersion: 2 })])));
  assert.deepEqual(decided.ddl, ['drop_partition shop.orders.p202402', 'add_partition shop.orders.p202402']);
  assert.ok(!sent(decided.plan).some((job) => job.includes('p202402')), `sent ${sent(decided.plan).join('; ')}`);
});

test('in sync: neither has anything to do, and the table counts as synced', () => {
  const target = catalog('target', table('shop', 'orders', [targetPartition('p202401', JANUARY), targetPartition('p202402', FEBRUARY, { visibleVersion: 7 }), targetPartition('p202403', MARCH, { visibleVersion: 2 })]));
  const decided = decide(source, target);
  assert.deepEqual(decided.ddl, []);
  assert.deepEqual(sent(decided.plan), []);
  assert.deepEqual(decided.plan.tables.map((t) => t.synced), [true]);
});
