import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffCatalogs } from '../../src/ddl/diff-catalogs.js';
import type { DiffSettings } from '../../src/ddl/diff-options.js';
import type { TableModel } from '../../src/meta/catalog-model.js';
import { catalog, materializedView, options, summary, table, view } from '../helpers/catalog-fixtures.js';

interface KindCase {
  label: string;
  make: (db: string, name: string, definition: string) => TableModel;
  create: string;
  drop: string;
  enable: keyof DiffSettings;
  inconsistentSwitch: keyof DiffSettings;
  targetOnlySwitch: keyof DiffSettings;
}

const kinds: KindCase[] = [
  {
    label: 'view',
    make: view,
    create: 'create_view',
    drop: 'drop_view',
    enable: 'enable_view_sync',
    inconsistentSwitch: 'ddl_job_allow_drop_inconsistent_view',
    targetOnlySwitch: 'ddl_job_allow_drop_view_target_only',
  },
  {
    label: 'materialized view',
    make: materializedView,
    create: 'create_materialized_view',
    drop: 'drop_materialized_view',
    enable: 'enable_materialized_view_sync',
    inconsistentSwitch: 'ddl_job_allow_drop_inconsistent_materialized_view',
    targetOnlySwitch: 'ddl_job_allow_drop_materialized_view_target_only',
  },
];

for (const kind of kinds) {
  test(`a ${kind.label} missing on the target is created`, () => {
    const source = catalog('source', table('db', 't'), kind.make('db', 'x', 'SELECT * FROM t'));
    const target = catalog('target', table('db', 't'));
    const plan = diffCatalogs(source, target, options());
    assert.deepEqual(plan.tasks, [{ kind: kind.create, db: 'db', table: 'x', reason: `${kind.label} missing on the target` }]);
  });

  test(`a ${kind.label} whose definition differs is dropped and re-created when ${kind.inconsistentSwitch}=true`, () => {
    const source = catalog('source', kind.make('db', 'x', 'SELECT 2'));
    const target = catalog('target', kind.make('db', 'x', 'SELECT 1'));
    const plan = diffCatalogs(source, target, options({ [kind.inconsistentSwitch]: true }));
    assert.deepEqual(plan.tasks.map(summary), [`${kind.drop} db.x`, `${kind.create} db.x`]);
    assert.match(plan.tasks[0]!.reason, new RegExp(`the ${kind.label} definition differs from the source`));
    assert.deepEqual(plan.blocked, []);
  });

  test(`a ${kind.label} whose definition differs is kept when ${kind.inconsistentSwitch}=false`, () => {
    const source = catalog('source', kind.make('db', 'x', 'SELECT 2'));
    const target = catalog('target', kind.make('db', 'x', 'SELECT 1'));
    const plan = diffCatalogs(source, target, options({ [kind.inconsistentSwitch]: false }));
    assert.deepEqual(plan.tasks, []);
    assert.deepEqual(plan.blocked.map((item) => [summary(item), item.blockedBy]), [[`${kind.drop} db.x`, kind.inconsistentSwitch]]);
    assert.match(plan.blocked[0]!.reason, new RegExp(`${kind.inconsistentSwitch}=false keeps it$`));
  });

  test(`a target-only ${kind.label} is dropped when ${kind.targetOnlySwitch}=true, kept and reported otherwise`, () => {
    const source = catalog('source', table('db', 't'));
    const target = catalog('target', table('db', 't'), kind.make('db', 'x', 'SELECT 1'));
    const dropped = diffCatalogs(source, target, options({ [kind.targetOnlySwitch]: true }));
    assert.deepEqual(dropped.tasks, [{ kind: kind.drop, db: 'db', table: 'x', reason: `${kind.label} exists only on the target`, recreate: false, allowedBy: kind.targetOnlySwitch }]);
    const kept = diffCatalogs(source, target, options({ [kind.targetOnlySwitch]: false }));
    assert.deepEqual(kept.tasks, []);
    assert.deepEqual(kept.blocked, [
      { db: 'db', table: 'x', wouldBe: kind.drop, blockedBy: kind.targetOnlySwitch, reason: `${kind.label} exists only on the target; ${kind.targetOnlySwitch}=false keeps it` },
    ]);
  });

  test(`with ${kind.enable}=false every ${kind.label} is left alone`, () => {
    const source = catalog('source', kind.make('db', 'missing', 'SELECT 1'), kind.make('db', 'changed', 'SELECT 2'));
    const target = catalog('target', kind.make('db', 'changed', 'SELECT 1'), kind.make('db', 'extra', 'SELECT 3'));
    const plan = diffCatalogs(source, target, options({ [kind.enable]: false, [kind.targetOnlySwitch]: true }));
    assert.deepEqual(plan, { tasks: [], blocked: [] });
  });
}

test('a view replaced by a materialized view of the same name: the drop comes right before the create', () => {
  const source = catalog('source', materializedView('db', 'x', 'SELECT 1'), view('db', 'y', 'SELECT 1'));
  const target = catalog('target', view('db', 'x', 'SELECT 1'), materializedView('db', 'y', 'SELECT 1'));
  const plan = diffCatalogs(source, target, options());
  assert.deepEqual(plan.tasks.map(summary), ['drop_materialized_view db.y', 'create_view db.y', 'drop_view db.x', 'create_materialized_view db.x']);
});

test('materialized view definitions that differ only in PROPERTIES or spacing are the same', () => {
  const sourceText = 'CREATE MATERIALIZED VIEW `m` (`id`)\nDISTRIBUTED BY HASH(`id`) BUCKETS 2\nREFRESH ASYNC\nPROPERTIES (\n"replication_num" = "3"\n)\nAS SELECT `id` FROM `t`;';
  const targetText = 'CREATE MATERIALIZED VIEW `m` (`id`) DISTRIBUTED BY HASH(`id`) BUCKETS 2 REFRESH ASYNC PROPERTIES ("replication_num" = "1", "storage_volume" = "v") AS SELECT `id` FROM `t`;';
  const source = catalog('source', materializedView('db', 'm', sourceText));
  assert.deepEqual(diffCatalogs(source, catalog('target', materializedView('db', 'm', targetText)), options()), { tasks: [], blocked: [] });
  const otherQuery = targetText.replace('SELECT `id`', 'SELECT `id` + 1');
  assert.deepEqual(diffCatalogs(source, catalog('target', materializedView('db', 'm', otherQuery)), options()).tasks.map(summary), [
    'drop_materialized_view db.m',
    'create_materialized_view db.m',
  ]);
  // A string literal's spacing and content still count.
  const literal = (text: string) => materializedView('db', 'm', `SELECT 'a  b' ${text}`);
  assert.equal(diffCatalogs(catalog('source', literal('')), catalog('target', literal(' ')), options()).tasks.length, 0);
  const spaced = materializedView('db', 'm', "SELECT 'a b'");
  assert.equal(diffCatalogs(catalog('source', literal('')), catalog('target', spaced), options()).tasks.length, 2);
});

test('view definitions are compared as printed', () => {
  const source = catalog('source', view('db', 'v', 'SELECT 1'));
  const target = catalog('target', view('db', 'v', 'SELECT  1'));
  assert.equal(diffCatalogs(source, target, options()).tasks.length, 2);
});
