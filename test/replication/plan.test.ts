import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isPlanSynced, planReplication, type PlanOptions } from '../../src/replication/plan.js';
import type { ReplicationPlan } from '../../src/replication/candidate.js';
import { catalog, everything, GIB, pair, partition, replicated, schema, table } from '../helpers/catalog-fixtures.js';
import type { OlapTableModel, TableModel } from '../../src/meta/catalog-model.js';

const NO_LIMIT: PlanOptions = { selected: everything, maxDataSizePerJobGb: -1 };

function plan(pairs: { source: TableModel; target?: TableModel }[], options: PlanOptions = NO_LIMIT): ReplicationPlan {
  return planReplication(
    catalog('source', pairs.map((p) => p.source), 100),
    catalog('target', pairs.flatMap((p) => (p.target ? [p.target] : [])), 200),
    options,
  );
}

const jobs = (result: ReplicationPlan) => result.candidates.map((c) => `${c.db}.${c.table}:${c.partitions.join(',')}`);

test('only selected tables are planned; views and system databases are never', () => {
  const p1 = partition('p1', 3);
  const sales = pair('shop', 'sales', [p1], (p) => replicated(p, 1));
  const users = pair('shop', 'users', [partition('users', 2)], (p) => replicated(p, 1));
  const view = { kind: 'view' as const, db: 'shop', name: 'v', definition: 'SELECT 1' };
  const system = pair('_statistics_', 'column_statistics', [partition('p', 5)], (p) => replicated(p, 1));
  const result = plan([sales, users, { source: view, target: view }, system], {
    selected: (db, t) => !(db === 'shop' && t === 'users'),
    maxDataSizePerJobGb: -1,
  });
  assert.deepEqual(jobs(result), ['shop.sales:p1']);
  assert.deepEqual(result.tables, [{ db: 'shop', table: 'sales', synced: false }]);
  assert.deepEqual(result.skipped, []);
  assert.equal(result.asOf, 100, 'the earlier of the two catalogue reads');
});

test('a candidate carries its partitions, source versions and summed source data size', () => {
  const parts = [partition('p1', 5, { dataSize: 100 }), partition('p2', 9, { dataSize: 250 }), partition('p3', 4, { dataSize: 7 })];
  const sales = pair('shop', 'sales', parts, (p) => replicated(p, p.name === 'p3' ? 4 : 1));
  assert.deepEqual(plan([sales]).candidates, [{ db: 'shop', table: 'sales', partitions: ['p1', 'p2'], dataSize: 350, sourceVersions: { p1: 5, p2: 9 } }]);
});

test('a table missing on the target, or not an OLAP table there, is skipped with the reason', () => {
  const missing = pair('shop', 'sales', [partition('p1', 2)], () => undefined).source;
  const asView = { kind: 'view' as const, db: 'shop', name: 'orders', definition: 'SELECT 1' };
  const orders = table('shop', 'orders', [partition('p1', 2)]);
  const result = plan([{ source: missing }, { source: orders, target: asView }]);
  assert.deepEqual(result.candidates, []);
  assert.deepEqual(
    result.skipped.map((s) => [s.table, s.code, s.reason]),
    [
      ['orders', 'not-olap-on-target', 'is a view on the target, not an OLAP table'],
      ['sales', 'missing-on-target', 'does not exist on the target yet (the DDL job creates it)'],
    ],
  );
  assert.deepEqual(result.tables.map((t) => t.synced), [false, false]);
});

test('a schema mismatch skips the whole table', () => {
  const sales = pair('shop', 'sales', [partition('p1', 3)], (p) => replicated(p, 1));
  const target: OlapTableModel = {
    ...sales.target,
    schema: schema({ columns: [...schema().columns, { name: 'note', type: 'varchar(20)', nullable: true, isKey: false, defaultValue: null }] }),
  };
  const result = plan([{ source: sales.source, target }]);
  assert.deepEqual(result.candidates, []);
  assert.equal(result.skipped.length, 1);
  assert.equal(result.skipped[0]!.code, 'schema-differs');
  assert.match(result.skipped[0]!.reason, /^the schema differs: 3 columns on the source, 4 on the target \(the DDL job has work to do first\)$/);
});

test('schemas equal up to type spelling are the same schema (as the DDL job compares them)', () => {
  const sales = pair('shop', 'sales', [partition('p1', 3)], (p) => replicated(p, 1));
  const amount = (type: string) => schema({ columns: [...schema().columns, { name: 'amount', type, nullable: true, isKey: false, defaultValue: '0' }] });
  const result = plan([{ source: { ...sales.source, schema: amount('decimal(10, 2)') }, target: { ...sales.target, schema: amount('DECIMAL(10,2)') } }]);
  assert.deepEqual(jobs(result), ['shop.sales:p1']);
  // The same spelled as another type is another schema.
  const other = plan([{ source: { ...sales.source, schema: amount('decimal(10, 2)') }, target: { ...sales.target, schema: amount('DECIMAL(12,2)') } }]);
  assert.deepEqual(jobs(other), []);
});

test('a source partition missing on the target skips the table, naming it', () => {
  const sales = pair('shop', 'sales', [partition('p1', 3), partition('p2', 3)], (p) => (p.name === 'p2' ? undefined : replicated(p, 1)));
  const result = plan([sales]);
  assert.deepEqual(result.candidates, []);
  assert.deepEqual(
    result.skipped.map((s) => [s.code, s.partition, s.reason]),
    [['partition-layout-differs', undefined, 'partition p2 is missing on the target (the DDL job has work to do first)']],
  );
});

test('a range or bucket count that differs skips the table; at most three problems are named', () => {
  const ranged = pair('shop', 'a', [partition('p1', 3), partition('p2', 3)], (p) => replicated(p, 1, p.name === 'p1' ? { range: '[other]' } : {}));
  const bucketed = pair('shop', 'b', [partition('p1', 3)], (p) => replicated(p, 1, { buckets: 8 }));
  const many = pair('shop', 'c', ['p1', 'p2', 'p3', 'p4', 'p5'].map((n) => partition(n, 2)), (p) => replicated(p, 1, { buckets: 1 }));
  const result = plan([ranged, bucketed, many]);
  assert.deepEqual(result.candidates, []);
  assert.deepEqual(result.skipped.map((s) => [s.table, s.code]), [
    ['a', 'partition-layout-differs'],
    ['b', 'partition-layout-differs'],
    ['c', 'partition-layout-differs'],
  ]);
  assert.match(result.skipped[0]!.reason, /^partition p1 has range \[p1\] on the source, \[other\] on the target/);
  assert.match(result.skipped[1]!.reason, /^partition p1 has 4 buckets on the source, 8 on the target/);
  assert.match(result.skipped[2]!.reason, /partition p3 has 4 buckets on the source, 1 on the target \(and 2 more\) \(the DDL job/);
});

test('partitions only the target has do not hold the table back', () => {
  const sales = pair('shop', 'sales', [partition('p1', 3)], (p) => replicated(p, 1));
  const target = { ...sales.target, partitions: [...sales.target.partitions, partition('p0', 4, { versionTxnType: 'TXN_REPLICATION' })] };
  assert.deepEqual(jobs(plan([{ source: sales.source, target }])), ['shop.sales:p1']);
});

test('only lagging partitions are sent: the source ahead and the target on its history', () => {
  const parts = [
    partition('empty', 3), // target new and empty (version 1)
    partition('behind', 9), // target replicated to 5 under the same epoch
    partition('same', 5), // in sync
    partition('both_empty', 1), // in sync, nothing ever loaded
  ];
  const sales = pair('shop', 'sales', parts, (p) =>
    replicated(p, { empty: 1, behind: 5, same: 5, both_empty: 1 }[p.name]!),
  );
  const result = plan([sales]);
  assert.deepEqual(jobs(result), ['shop.sales:empty,behind']);
  assert.deepEqual(result.candidates[0]!.sourceVersions, { empty: 3, behind: 9 });
  assert.deepEqual(result.skipped, []);
  assert.deepEqual(result.tables, [{ db: 'shop', table: 'sales', synced: false }]);
});

test('inconsistent target partitions are skipped with a reason; the others are still sent', () => {
  const parts = [
    partition('loaded', 6), // someone loaded into the target: TXN_NORMAL above version 1
    partition('epoch', 6), // replicated from another history
    partition('ahead', 4), // the target is past the source
    partition('fine', 6),
  ];
  const sales = pair('shop', 'sales', parts, (p) => {
    switch (p.name) {
      case 'loaded':
        return replicated(p, 3, { versionTxnType: 'TXN_NORMAL', versionEpoch: 99 });
      case 'epoch':
        return replicated(p, 3, { versionEpoch: 8 });
      case 'ahead':
        return replicated(p, 5);
      default:
        return replicated(p, 2);
    }
  });
  const result = plan([sales]);
  assert.deepEqual(jobs(result), ['shop.sales:fine']);
  assert.deepEqual(result.skipped.map((s) => [s.partition, s.code]), [
    ['loaded', 'inconsistent-partition'],
    ['epoch', 'inconsistent-partition'],
    ['ahead', 'inconsistent-partition'],
  ]);
  for (const s of result.skipped) assert.match(s.reason, /\(the DDL job drops and re-adds it\)$/);
  assert.match(result.skipped[0]!.reason, /written by a load/);
  assert.match(result.skipped[1]!.reason, /epoch differs/);
  assert.match(result.skipped[2]!.reason, /ahead of the source/);
});

test('an inconsistent partition at the same version is not in sync either', () => {
  const sales = pair('shop', 'sales', [partition('p1', 4)], (p) => replicated(p, 4, { versionTxnType: 'TXN_NORMAL' }));
  const result = plan([sales]);
  assert.deepEqual(result.candidates, []);
  assert.deepEqual(result.skipped.map((s) => s.partition), ['p1']);
  assert.equal(isPlanSynced(result), false);
});

test('-1: one job per table, whatever its size', () => {
  const parts = ['p1', 'p2', 'p3'].map((n) => partition(n, 2, { dataSize: 10 * GIB }));
  const result = plan([pair('shop', 'sales', parts, (p) => replicated(p, 1))]);
  assert.deepEqual(jobs(result), ['shop.sales:p1,p2,p3']);
  assert.equal(result.candidates[0]!.dataSize, 30 * GIB);
});

test('a limit cuts a table into jobs in partition order; an exact fit stays in one job', () => {
  const sizes = { p1: 1, p2: 1, p3: 2, p4: 1, p5: 0.5 } as Record<string, number>;
  const parts = Object.keys(sizes).map((n) => partition(n, 2, { dataSize: sizes[n]! * GIB }));
  const result = plan([pair('shop', 'sales', parts, (p) => replicated(p, 1))], { selected: everything, maxDataSizePerJobGb: 2 });
  assert.deepEqual(jobs(result), ['shop.sales:p1,p2', 'shop.sales:p3', 'shop.sales:p4,p5']);
  assert.deepEqual(result.candidates.map((c) => c.dataSize / GIB), [2, 2, 1.5]);
  for (const c of result.candidates) assert.ok(c.dataSize <= 2 * GIB);
});

test('a partition larger than the limit forms its own job', () => {
  const sizes = { p1: 0.5, big: 5, p2: 0.5, p3: 0.25 } as Record<string, number>;
  const parts = Object.keys(sizes).map((n) => partition(n, 2, { dataSize: sizes[n]! * GIB }));
  const result = plan([pair('shop', 'sales', parts, (p) => replicated(p, 1))], { selected: everything, maxDataSizePerJobGb: 1 });
  assert.deepEqual(jobs(result), ['shop.sales:p1', 'shop.sales:big', 'shop.sales:p2,p3']);
});

test('only the partitions to send count toward the limit', () => {
  const parts = [partition('done', 7, { dataSize: 5 * GIB }), partition('a', 2, { dataSize: GIB }), partition('b', 2, { dataSize: GIB })];
  const result = plan([pair('shop', 'sales', parts, (p) => replicated(p, p.name === 'done' ? 7 : 1))], { selected: everything, maxDataSizePerJobGb: 2 });
  assert.deepEqual(jobs(result), ['shop.sales:a,b']);
});

test('order: databases, then tables, by name; partitions in the source catalogue order', () => {
  const lag = (p: ReturnType<typeof partition>) => replicated(p, 1);
  const pairs = [
    pair('b_db', 'z', [partition('p1', 2)], lag),
    pair('a_db', 'y', [partition('p9', 2), partition('p10', 2), partition('p2', 2)], lag),
    pair('a_db', 'X', [partition('p1', 2)], lag),
    pair('b_db', 'a', [partition('p1', 2)], lag),
  ];
  const result = plan(pairs);
  assert.deepEqual(jobs(result), ['a_db.X:p1', 'a_db.y:p9,p10,p2', 'b_db.a:p1', 'b_db.z:p1']);
  assert.deepEqual(jobs(plan([...pairs].reverse())), jobs(result), 'the same plan whatever the catalogue order');
});

test('isPlanSynced: every selected table in sync, and nothing to send', () => {
  const synced = pair('shop', 'sales', [partition('p1', 4), partition('p2', 1)], (p) => replicated(p, p.visibleVersion));
  const result = plan([synced]);
  assert.deepEqual(result.candidates, []);
  assert.deepEqual(result.tables, [{ db: 'shop', table: 'sales', synced: true }]);
  assert.equal(isPlanSynced(result), true);
  assert.equal(isPlanSynced(plan([pair('shop', 'sales', [partition('p1', 4)], (p) => replicated(p, 3))])), false);
  assert.equal(isPlanSynced(plan([])), true, 'nothing selected: nothing to do');
});

test('partition names that are Object.prototype members are plain keys', () => {
  const parts = [partition('__proto__', 3), partition('constructor', 4)];
  const result = plan([pair('shop', 'sales', parts, (p) => replicated(p, 1))]);
  const versions = result.candidates[0]!.sourceVersions;
  assert.deepEqual(Object.keys(versions), ['__proto__', 'constructor']);
  assert.equal(Object.getPrototypeOf(versions), Object.prototype);
  assert.equal(Object.getOwnPropertyDescriptor(versions, '__proto__')?.value, 3);
});

test('a source table in the middle of an INSERT OVERWRITE waits for the swap, saying so', () => {
  // StarRocks: fe/fe-core/src/main/java/com/starrocks/load/InsertOverwriteJobRunner.java writes into
  // temporary partitions (<name>_<jobId>) and swaps them in; partitions_meta lists them with IS_TEMP.
  const sales = pair('shop', 'sales', [partition('p1', 3), partition('p2', 4)], (p) => replicated(p, 1));
  sales.source = { ...(sales.source as OlapTableModel), tempPartitions: ['p1_10234'] };
  const result = plan([sales]);
  assert.deepEqual(result.candidates, []);
  assert.deepEqual(result.skipped.map((s) => [s.table, s.code]), [['sales', 'overwrite-in-progress']]);
  assert.match(result.skipped[0]!.reason, /temporary partitions p1_10234 exist on the source .*synced after they are swapped in/);
  assert.deepEqual(result.tables, [{ db: 'shop', table: 'sales', synced: false }]);
  // Temporary partitions on the target are someone else's and change nothing.
  const other = pair('shop', 'other', [partition('p1', 3)], (p) => replicated(p, 1));
  other.target = { ...(other.target as OlapTableModel), tempPartitions: ['tp1'] };
  assert.deepEqual(jobs(plan([other])), ['shop.other:p1']);
});

test('a table with a partition held as several physical partitions is reported as not supported, never synced in part', () => {
  const sales = pair('shop', 'sales', [partition('p1', 3), partition('p2', 4)], (p) => replicated(p, 1));
  sales.source = { ...(sales.source as OlapTableModel), subPartitioned: [{ partition: 'p2', physicalPartitions: 3 }] };
  const result = plan([sales]);
  assert.deepEqual(result.candidates, [], 'not even p1');
  assert.deepEqual(result.skipped.map((s) => [s.table, s.code, s.reason]), [
    ['sales', 'not-supported', 'not supported: partition p2 (3 physical partitions) of the source cannot be replicated whole, so the table is not synced'],
  ]);
  assert.equal(isPlanSynced(result), false);
});
