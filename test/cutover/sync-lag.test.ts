// The decision cutover waits on is the daemon's own round (DDL diff and replication plan): these
// scenarios build both catalogues and read the lag off the same plan the daemon would make.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { catalog, everything, FEBRUARY, JANUARY, options, replicated, sourcePartition, table } from '../helpers/catalog-fixtures.js';
import type { ClusterCatalog } from '../../src/meta/catalog-model.js';
import { diffCatalogs } from '../../src/ddl/diff-catalogs.js';
import { planReplication } from '../../src/replication/plan.js';
import { describeLag, isInSync, lagReasons, syncLagOf, type RoundView } from '../../src/cutover/sync-lag.js';

function round(source: ClusterCatalog, target: ClusterCatalog): RoundView {
  return { source, ddl: diffCatalogs(source, target, options()), replication: planReplication(source, target, { selected: everything, maxDataSizePerJobGb: -1 }) };
}

const jan = sourcePartition('p1', JANUARY, { dataSize: 3 * 2 ** 20 });
const feb = sourcePartition('p2', FEBRUARY, { dataSize: 2 ** 20 });

test('a target holding every source version, with a table only it has, is in sync; that table is listed, not waited for', () => {
  const source = catalog('source', table('app', 'events', [jan, feb]));
  const target = catalog('target', table('app', 'events', [replicated(jan, 5), replicated(feb, 5)]), table('app', 'keep_me'));
  const lag = syncLagOf(round(source, target));
  assert.equal(isInSync(lag), true);
  assert.deepEqual([lag.tables, lag.tablesBehind, lag.partitionsBehind, lag.bytesBehind], [1, 0, 0, 0]);
  // ddl_job_allow_drop_target_only=false keeps it: nothing the source holds depends on it.
  assert.deepEqual(lag.leftAlone.map((b) => `${b.wouldBe} ${b.db}.${b.table}`), ['drop_table app.keep_me']);
});

test('partitions behind are counted with their source size; a table the target lacks counts whole; the reasons name each', () => {
  const orders = sourcePartition('p1', JANUARY, { dataSize: 5 * 2 ** 20 });
  const source = catalog('source', table('app', 'events', [jan, feb]), table('app', 'orders', [orders]));
  const target = catalog('target', table('app', 'events', [replicated(jan, 3), replicated(feb, 5)]));
  const lag = syncLagOf(round(source, target));
  assert.equal(isInSync(lag), false);
  assert.deepEqual([lag.tables, lag.tablesBehind, lag.partitionsBehind, lag.bytesBehind], [2, 2, 2, 8 * 2 ** 20]);
  assert.equal(
    describeLag(lag),
    'behind: 2 of 2 table(s), 2 partition(s), 8.0 MB; DDL pending: 1, replication jobs to run: 1, waiting or not supported: 1, drops blocked: 0',
  );
  assert.deepEqual(lagReasons(lag), ['app.orders: does not exist on the target yet (the DDL job creates it)', 'app.orders: create_table (table missing on the target)']);
});

test('a drop a switch keeps on a table the source has holds the cutover back', () => {
  const source = catalog('source', table('app', 'events', [jan]));
  const target = catalog('target', table('app', 'events', [replicated(jan, 5), replicated(feb, 2)]));
  const view: RoundView = { ...round(source, target), ddl: diffCatalogs(source, target, options({ ddl_job_allow_drop_partition_target_only: false })) };
  const lag = syncLagOf(view);
  assert.equal(isInSync(lag), false);
  assert.deepEqual(lag.blocked.map((b) => `${b.wouldBe} ${b.db}.${b.table}.${b.partition}`), ['drop_partition app.events.p2']);
  assert.equal(lag.leftAlone.length, 0);
});
