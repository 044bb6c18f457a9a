import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffCatalogs } from '../../src/ddl/diff-catalogs.js';
import { parseDataList } from '../../src/config/data-rules.js';
import { SCHEMA } from '../../src/config/schema.js';
import { DIFF_SETTING_KEYS } from '../../src/ddl/diff-options.js';
import {
  catalog,
  column,
  DEFAULT_SETTINGS,
  emptyDatabase,
  JANUARY,
  materializedView,
  options,
  schema,
  sourcePartition,
  summary,
  table,
  targetPartition,
  view,
} from '../helpers/catalog-fixtures.js';

const rules = (include: string, exclude: string) => ({ include: parseDataList(include), exclude: parseDataList(exclude) });

test('the test defaults are the documented defaults of every setting the diff reads', () => {
  for (const key of DIFF_SETTING_KEYS) {
    const parsed = SCHEMA[key].parse(SCHEMA[key].defaultRaw);
    assert.deepEqual(parsed, { ok: true, value: DEFAULT_SETTINGS[key] }, key);
  }
});

test('identical catalogues need nothing', () => {
  const source = catalog('source', table('db', 't', [sourcePartition('p1', JANUARY)]), view('db', 'v', 'SELECT 1'));
  const target = catalog('target', table('db', 't', [targetPartition('p1', JANUARY)]), view('db', 'v', 'SELECT 1'));
  assert.deepEqual(diffCatalogs(source, target, options()), { tasks: [], blocked: [] });
});

test('a database and table missing on the target are created, the database first', () => {
  const source = catalog('source', table('db', 't', [sourcePartition('p1', JANUARY)]), emptyDatabase('empty'));
  const plan = diffCatalogs(source, catalog('target'), options());
  assert.deepEqual(plan.tasks.map(summary), ['create_database db', 'create_database empty', 'create_table db.t']);
  assert.deepEqual(plan.blocked, []);
  for (const task of plan.tasks) assert.match(task.reason, /missing on the target/);
});

test('a table missing in an existing database is created; its partitions come with the CREATE TABLE', () => {
  const source = catalog('source', table('db', 'a', [sourcePartition('p1', JANUARY)]), table('db', 'b', [sourcePartition('p1', JANUARY)]));
  const target = catalog('target', table('db', 'a', [targetPartition('p1', JANUARY)]));
  assert.deepEqual(diffCatalogs(source, target, options()).tasks.map(summary), ['create_table db.b']);
});

test('system databases are ignored on both sides', () => {
  const source = catalog('source', table('information_schema', 'tables'), table('_statistics_', 'column_statistics'));
  const target = catalog('target', table('sys', 'x'), emptyDatabase('_stats_'));
  assert.deepEqual(diffCatalogs(source, target, options({ ddl_job_allow_drop_target_only: true })), { tasks: [], blocked: [] });
});

test('ddl_job_allow_drop_target_only=true drops target-only tables and databases, with a reason', () => {
  const source = catalog('source', table('db', 'kept'));
  const target = catalog('target', table('db', 'kept'), table('db', 'gone'), table('old', 'x'), emptyDatabase('old empty'));
  const plan = diffCatalogs(source, target, options({ ddl_job_allow_drop_target_only: true }));
  assert.deepEqual(plan.tasks.map(summary), ['drop_table db.gone', 'drop_database old', 'drop_database old empty']);
  assert.deepEqual(plan.blocked, []);
  assert.equal(plan.tasks[0]!.reason, 'table exists only on the target');
  assert.equal(plan.tasks[1]!.reason, 'database exists only on the target');
  assert.equal(plan.tasks[0]!.kind === 'drop_table' && plan.tasks[0]!.recreate, false);
});

test('ddl_job_allow_drop_target_only=false keeps target-only tables and databases and says which switch keeps them', () => {
  const source = catalog('source', table('db', 'kept'));
  const target = catalog('target', table('db', 'kept'), table('db', 'gone'), table('old', 'x'), table('old', 'y'));
  const plan = diffCatalogs(source, target, options({ ddl_job_allow_drop_target_only: false }));
  assert.deepEqual(plan.tasks, []);
  assert.deepEqual(
    plan.blocked.map((item) => [summary(item), item.blockedBy]),
    [
      ['drop_table db.gone', 'ddl_job_allow_drop_target_only'],
      // One item for the database stands for its tables.
      ['drop_database old', 'ddl_job_allow_drop_target_only'],
    ],
  );
  assert.equal(plan.blocked[0]!.reason, 'table exists only on the target; ddl_job_allow_drop_target_only=false keeps it');
  assert.match(plan.blocked[1]!.reason, /ddl_job_allow_drop_target_only=false keeps it/);
});

test('an excluded target-only table is neither dropped nor blocked, and keeps its database', () => {
  const source = catalog('source', table('db', 't'));
  const target = catalog('target', table('db', 't'), table('db', 'private'), table('old', 'private'), table('old', 'other'));
  const plan = diffCatalogs(source, target, options({ ddl_job_allow_drop_target_only: true }, rules('', 'db.private,old.private')));
  // The database "old" is not dropped as a whole: that would take the excluded table with it.
  assert.deepEqual(plan.tasks.map(summary), ['drop_table old.other']);
  assert.deepEqual(plan.blocked, []);
});

test('an excluded database is never touched, on either side', () => {
  const source = catalog('source', table('skip', 'a'), table('db', 't'));
  const target = catalog('target', table('skip', 'b'), table('gone', 'x'), table('db', 't'));
  const plan = diffCatalogs(source, target, options({ ddl_job_allow_drop_target_only: true }, rules('', 'skip,gone')));
  assert.deepEqual(plan, { tasks: [], blocked: [] });
});

test('include_data_list selects what is synced; everything else on the target is left alone', () => {
  const source = catalog('source', table('db', 'wanted'), table('db', 'other'), table('else', 'x'));
  const target = catalog('target', table('db', 'stale'), table('db2', 'y'));
  const plan = diffCatalogs(source, target, options({ ddl_job_allow_drop_target_only: true }, rules('db.wanted,db2', '')));
  assert.deepEqual(plan.tasks.map(summary), ['create_table db.wanted', 'drop_database db2']);
});

test('a table named in include_data_list is synced even when its database is excluded', () => {
  const source = catalog('source', table('db', 'wanted'), table('db', 'other'));
  const plan = diffCatalogs(source, catalog('target'), options({}, rules('db.wanted', 'db')));
  assert.deepEqual(plan.tasks.map(summary), ['create_database db', 'create_table db.wanted']);
});

test('a schema change is a drop (reason: schema differs) followed by a create, when allowed', () => {
  const changed = schema({ columns: [...schema().columns, column('added', 'int(11)')] });
  const source = catalog('source', table('db', 't', [sourcePartition('p1', JANUARY)], changed));
  const target = catalog('target', table('db', 't', [targetPartition('p1', JANUARY)]));
  const plan = diffCatalogs(source, target, options({ ddl_job_allow_drop_schema_change_table: true }));
  assert.deepEqual(plan.tasks.map(summary), ['drop_table db.t', 'create_table db.t']);
  assert.match(plan.tasks[0]!.reason, /^schema differs: 4 columns on the source, 3 on the target/);
  assert.equal(plan.tasks[0]!.kind === 'drop_table' && plan.tasks[0]!.recreate, true);
  assert.match(plan.tasks[1]!.reason, /re-created from the source/);
});

test('a schema change is blocked by ddl_job_allow_drop_schema_change_table=false', () => {
  const source = catalog('source', table('db', 't', [], schema({ keysType: 'PRIMARY_KEYS' })));
  const target = catalog('target', table('db', 't'));
  const plan = diffCatalogs(source, target, options({ ddl_job_allow_drop_schema_change_table: false }));
  assert.deepEqual(plan.tasks, []);
  assert.deepEqual(plan.blocked, [
    {
      db: 'db',
      table: 't',
      wouldBe: 'drop_table',
      blockedBy: 'ddl_job_allow_drop_schema_change_table',
      reason: 'schema differs: keys type is PRIMARY_KEYS on the source, DUP_KEYS on the target; ddl_job_allow_drop_schema_change_table=false keeps it',
    },
  ]);
});

test('a schema change skips the partition comparison of that table', () => {
  const source = catalog('source', table('db', 't', [sourcePartition('p1', JANUARY), sourcePartition('p2', JANUARY)], schema({ distributionColumns: ['dt'] })));
  const target = catalog('target', table('db', 't', [targetPartition('p1', JANUARY, { buckets: 9 }), targetPartition('p9', JANUARY)]));
  const plan = diffCatalogs(source, target, options());
  assert.deepEqual(plan.tasks.map(summary), ['drop_table db.t', 'create_table db.t']);
});

test('a view on one side and a table on the other is a schema change', () => {
  const source = catalog('source', view('db', 'was_table', 'SELECT 1'), table('db', 'was_view'));
  const target = catalog('target', table('db', 'was_table'), view('db', 'was_view', 'SELECT 1'));
  const plan = diffCatalogs(source, target, options());
  assert.deepEqual(plan.tasks.map(summary), ['drop_table db.was_table', 'drop_view db.was_view', 'create_table db.was_view', 'create_view db.was_table']);
  assert.match(plan.tasks[0]!.reason, /^schema differs: a view on the source, a table on the target/);

  const blocked = diffCatalogs(source, target, options({ ddl_job_allow_drop_schema_change_table: false }));
  assert.deepEqual(blocked.tasks, []);
  assert.deepEqual(
    blocked.blocked.map((item) => [summary(item), item.blockedBy]),
    [
      ['drop_table db.was_table', 'ddl_job_allow_drop_schema_change_table'],
      ['drop_view db.was_view', 'ddl_job_allow_drop_schema_change_table'],
    ],
  );
});

test('a materialized view on the source where the target has a table is a schema change too', () => {
  const source = catalog('source', materializedView('db', 'm', 'SELECT 1'));
  const target = catalog('target', table('db', 'm'));
  assert.deepEqual(diffCatalogs(source, target, options()).tasks.map(summary), ['drop_table db.m', 'create_materialized_view db.m']);
});

test('a kind change involving a kind whose sync is off is left alone', () => {
  const source = catalog('source', view('db', 'x', 'SELECT 1'));
  const target = catalog('target', table('db', 'x'));
  assert.deepEqual(diffCatalogs(source, target, options({ enable_view_sync: false })), { tasks: [], blocked: [] });
});

test('a target-only database is kept when it holds a view its switch keeps; its tables still go', () => {
  const target = catalog('target', table('old', 't'), view('old', 'v', 'SELECT 1'));
  const plan = diffCatalogs(catalog('source'), target, options({ ddl_job_allow_drop_target_only: true, ddl_job_allow_drop_view_target_only: false }));
  assert.deepEqual(plan.tasks.map(summary), ['drop_table old.t']);
  assert.deepEqual(plan.blocked.map((item) => [summary(item), item.blockedBy]), [['drop_view old.v', 'ddl_job_allow_drop_view_target_only']]);
});

test('a target-only database is kept when it holds a view and view sync is off', () => {
  const target = catalog('target', table('old', 't'), view('old', 'v', 'SELECT 1'));
  const plan = diffCatalogs(catalog('source'), target, options({ ddl_job_allow_drop_target_only: true, ddl_job_allow_drop_view_target_only: true, enable_view_sync: false }));
  assert.deepEqual(plan.tasks.map(summary), ['drop_table old.t']);
  assert.deepEqual(plan.blocked, []);
});

test('a target-only database with views is dropped whole when every switch allows it', () => {
  const target = catalog('target', table('old', 't'), view('old', 'v', 'SELECT 1'), materializedView('old', 'm', 'SELECT 1'));
  const plan = diffCatalogs(
    catalog('source'),
    target,
    options({ ddl_job_allow_drop_target_only: true, ddl_job_allow_drop_view_target_only: true, ddl_job_allow_drop_materialized_view_target_only: true }),
  );
  assert.deepEqual(plan.tasks.map(summary), ['drop_database old']);
});

test('a target-only database that must stay anyway (it holds an excluded table): its selected tables are reported one by one', () => {
  const target = catalog('target', table('old', 'private'), table('old', 'x'));
  const plan = diffCatalogs(catalog('source'), target, options({ ddl_job_allow_drop_target_only: false }, rules('', 'old.private')));
  assert.deepEqual(plan.tasks, []);
  assert.deepEqual(plan.blocked.map((item) => [summary(item), item.blockedBy]), [['drop_table old.x', 'ddl_job_allow_drop_target_only']]);
});

test('in a target-only database kept by ddl_job_allow_drop_target_only=false, views still follow their own switch', () => {
  const target = catalog('target', table('old', 't'), view('old', 'v', 'SELECT 1'));
  const plan = diffCatalogs(catalog('source'), target, options({ ddl_job_allow_drop_target_only: false, ddl_job_allow_drop_view_target_only: true }));
  assert.deepEqual(plan.tasks.map(summary), ['drop_view old.v']);
  assert.deepEqual(plan.blocked.map((item) => [summary(item), item.blockedBy]), [['drop_database old', 'ddl_job_allow_drop_target_only']]);
});
