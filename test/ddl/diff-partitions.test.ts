import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffCatalogs } from '../../src/ddl/diff-catalogs.js';
import type { PartitionModel } from '../../src/meta/catalog-model.js';
import { catalog, column, dateRange, FEBRUARY, JANUARY, MARCH, options, schema, sourcePartition, summary, table, targetPartition } from '../helpers/catalog-fixtures.js';

const intRange = (lower: string, upper: string) => `[types: [INT]; keys: [${lower}]; ..types: [INT]; keys: [${upper}]; )`;
const intSchema = schema({ columns: [column('k', 'int(11)', { nullable: false, isKey: true }), column('v', 'varchar(20)')], keyColumns: ['k'], partitionColumns: ['k'], distributionColumns: ['k'] });

function pair(sourceParts: PartitionModel[], targetParts: PartitionModel[], tableSchema = schema()) {
  return {
    source: catalog('source', table('db', 't', sourceParts, tableSchema)),
    target: catalog('target', table('db', 't', targetParts, tableSchema)),
  };
}

test('a partition missing on the target is added with the source range, column types and distribution', () => {
  const { source, target } = pair([sourcePartition('p1', JANUARY), sourcePartition('p2', FEBRUARY, { buckets: 4 })], [targetPartition('p1', JANUARY)]);
  const plan = diffCatalogs(source, target, options());
  assert.deepEqual(plan.tasks, [
    {
      kind: 'add_partition',
      db: 'db',
      table: 't',
      partition: 'p2',
      reason: 'missing on the target',
      range: FEBRUARY,
      partitionColumnTypes: ['date'],
      distribution: { type: 'HASH', columns: ['id'], buckets: 4 },
    },
  ]);
});

test('a target-only partition is dropped when ddl_job_allow_drop_partition_target_only=true', () => {
  const { source, target } = pair([sourcePartition('p1', JANUARY)], [targetPartition('p1', JANUARY), targetPartition('p0', MARCH)]);
  const plan = diffCatalogs(source, target, options({ ddl_job_allow_drop_partition_target_only: true }));
  assert.deepEqual(plan.tasks, [{ kind: 'drop_partition', db: 'db', table: 't', partition: 'p0', reason: 'exists only on the target', recreate: false, allowedBy: 'ddl_job_allow_drop_partition_target_only' }]);
  assert.deepEqual(plan.blocked, []);
});

test('a target-only partition is kept and reported when ddl_job_allow_drop_partition_target_only=false', () => {
  const { source, target } = pair([sourcePartition('p1', JANUARY)], [targetPartition('p1', JANUARY), targetPartition('p0', MARCH)]);
  const plan = diffCatalogs(source, target, options({ ddl_job_allow_drop_partition_target_only: false }));
  assert.deepEqual(plan.tasks, []);
  assert.deepEqual(plan.blocked, [
    {
      db: 'db',
      table: 't',
      partition: 'p0',
      wouldBe: 'drop_partition',
      blockedBy: 'ddl_job_allow_drop_partition_target_only',
      reason: 'exists only on the target; ddl_job_allow_drop_partition_target_only=false keeps it',
    },
  ]);
});

const inconsistentCases: { name: string; target: Partial<PartitionModel>; reason: RegExp }[] = [
  { name: 'same version, another epoch', target: { versionEpoch: 78 }, reason: /version epoch differs/ },
  { name: 'target ahead', target: { visibleVersion: 6 }, reason: /ahead of the source/ },
  { name: 'target loaded locally', target: { visibleVersion: 3, versionTxnType: 'TXN_NORMAL' }, reason: /written by a load/ },
  { name: 'range differs', target: { range: dateRange('2024-01-01', '2024-01-15') }, reason: /range differs/ },
  { name: 'buckets differ', target: { buckets: 8 }, reason: /bucket count differs/ },
];

for (const { name, target: overrides, reason } of inconsistentCases) {
  test(`inconsistent partition (${name}): dropped then re-added on a time-partitioned table`, () => {
    const { source, target } = pair([sourcePartition('p1', JANUARY)], [targetPartition('p1', JANUARY, overrides)]);
    const plan = diffCatalogs(source, target, options({ ddl_job_allow_drop_inconsistent_time_partition: true, ddl_job_allow_drop_inconsistent_partition: false }));
    assert.deepEqual(plan.tasks.map(summary), ['drop_partition db.t.p1', 'add_partition db.t.p1']);
    assert.match(plan.tasks[0]!.reason, reason);
    assert.equal(plan.tasks[0]!.kind === 'drop_partition' && plan.tasks[0]!.recreate, true);
    assert.equal(plan.tasks[1]!.kind === 'add_partition' && plan.tasks[1]!.range, JANUARY, 're-added with the source range');
    assert.deepEqual(plan.blocked, []);
  });
}

test('consistent partitions (empty target, replicated and behind) need nothing', () => {
  const { source, target } = pair(
    [sourcePartition('p1', JANUARY), sourcePartition('p2', FEBRUARY)],
    [targetPartition('p1', JANUARY, { visibleVersion: 1, versionTxnType: 'TXN_NORMAL', versionEpoch: 5 }), targetPartition('p2', FEBRUARY, { visibleVersion: 3 })],
  );
  assert.deepEqual(diffCatalogs(source, target, options()), { tasks: [], blocked: [] });
});

test('a time-partitioned table: ddl_job_allow_drop_inconsistent_time_partition=false blocks, the other switch does not matter', () => {
  const { source, target } = pair([sourcePartition('p1', JANUARY)], [targetPartition('p1', JANUARY, { visibleVersion: 9 })]);
  const plan = diffCatalogs(source, target, options({ ddl_job_allow_drop_inconsistent_time_partition: false, ddl_job_allow_drop_inconsistent_partition: true }));
  assert.deepEqual(plan.tasks, []);
  assert.equal(plan.blocked.length, 1);
  assert.equal(plan.blocked[0]!.blockedBy, 'ddl_job_allow_drop_inconsistent_time_partition');
  assert.equal(plan.blocked[0]!.wouldBe, 'drop_partition');
  assert.match(plan.blocked[0]!.reason, /^inconsistent: .*ahead.*; ddl_job_allow_drop_inconsistent_time_partition=false keeps it$/);
});

test('a DATETIME partition column counts as time-partitioned too', () => {
  const datetimeRange = '[types: [DATETIME]; keys: [2024-01-01 00:00:00]; ..types: [DATETIME]; keys: [2024-01-02 00:00:00]; )';
  const datetimeSchema = schema({ columns: [column('ts', 'datetime', { nullable: false, isKey: true }), column('id', 'bigint(20)')], keyColumns: ['ts'], partitionColumns: ['ts'] });
  const { source, target } = pair([sourcePartition('p1', datetimeRange)], [targetPartition('p1', datetimeRange, { versionEpoch: 1 })], datetimeSchema);
  const plan = diffCatalogs(source, target, options({ ddl_job_allow_drop_inconsistent_time_partition: false }));
  assert.deepEqual(plan.blocked.map((item) => item.blockedBy), ['ddl_job_allow_drop_inconsistent_time_partition']);
});

test('an integer-partitioned table: ddl_job_allow_drop_inconsistent_partition governs', () => {
  const { source, target } = pair([sourcePartition('p1', intRange('0', '100'))], [targetPartition('p1', intRange('0', '100'), { buckets: 5 })], intSchema);
  const blocked = diffCatalogs(source, target, options({ ddl_job_allow_drop_inconsistent_partition: false, ddl_job_allow_drop_inconsistent_time_partition: true }));
  assert.deepEqual(blocked.tasks, []);
  assert.deepEqual(blocked.blocked.map((item) => [summary(item), item.blockedBy]), [['drop_partition db.t.p1', 'ddl_job_allow_drop_inconsistent_partition']]);

  const allowed = diffCatalogs(source, target, options({ ddl_job_allow_drop_inconsistent_partition: true, ddl_job_allow_drop_inconsistent_time_partition: false }));
  assert.deepEqual(allowed.tasks.map(summary), ['drop_partition db.t.p1', 'add_partition db.t.p1']);
  assert.deepEqual(allowed.tasks[1]!.kind === 'add_partition' && allowed.tasks[1]!.partitionColumnTypes, ['int(11)']);
});

test('a table partitioned on two columns, one of them a date, is not time-partitioned', () => {
  const twoColumns = '[types: [DATE, INT]; keys: [2024-01-01, 0]; ..types: [DATE, INT]; keys: [2024-02-01, 0]; )';
  const twoColumnSchema = schema({ partitionColumns: ['dt', 'id'] });
  const { source, target } = pair([sourcePartition('p1', twoColumns)], [targetPartition('p1', twoColumns, { visibleVersion: 8 })], twoColumnSchema);
  const plan = diffCatalogs(source, target, options({ ddl_job_allow_drop_inconsistent_partition: false }));
  assert.deepEqual(plan.blocked.map((item) => item.blockedBy), ['ddl_job_allow_drop_inconsistent_partition']);
});

test('an expression-partitioned table whose partition key is not a column is judged by the types its ranges print', () => {
  const expressionSchema = schema({ partitionColumns: ["date_trunc('month', dt)"] });
  const { source, target } = pair([sourcePartition('p1', JANUARY), sourcePartition('p2', FEBRUARY)], [targetPartition('p1', JANUARY, { visibleVersion: 9 })], expressionSchema);
  const plan = diffCatalogs(source, target, options({ ddl_job_allow_drop_inconsistent_time_partition: false }));
  assert.deepEqual(plan.blocked.map((item) => item.blockedBy), ['ddl_job_allow_drop_inconsistent_time_partition']);
  assert.deepEqual(plan.tasks.map((task) => task.kind === 'add_partition' && task.partitionColumnTypes), [['DATE']]);
});

test('an unpartitioned table whose only partition diverged is dropped and re-created under ddl_job_allow_drop_inconsistent_partition', () => {
  const flat = schema({ partitionColumns: [] });
  const { source, target } = pair([sourcePartition('t', '')], [targetPartition('t', '', { visibleVersion: 7, versionTxnType: 'TXN_NORMAL' })], flat);
  const allowed = diffCatalogs(source, target, options({ ddl_job_allow_drop_inconsistent_partition: true }));
  assert.deepEqual(allowed.tasks.map(summary), ['drop_table db.t', 'create_table db.t']);
  assert.match(allowed.tasks[0]!.reason, /^unpartitioned table: its only partition is inconsistent: the target partition was written by a load/);

  const blocked = diffCatalogs(source, target, options({ ddl_job_allow_drop_inconsistent_partition: false }));
  assert.deepEqual(blocked.tasks, []);
  assert.deepEqual(blocked.blocked.map((item) => [summary(item), item.blockedBy]), [['drop_table db.t', 'ddl_job_allow_drop_inconsistent_partition']]);

  const inSync = pair([sourcePartition('t', '')], [targetPartition('t', '', { visibleVersion: 4 })], flat);
  assert.deepEqual(diffCatalogs(inSync.source, inSync.target, options()), { tasks: [], blocked: [] });
});
