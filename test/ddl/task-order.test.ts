import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffCatalogs } from '../../src/ddl/diff-catalogs.js';
import { catalog, column, emptyDatabase, EVERY_DROP_ALLOWED, FEBRUARY, JANUARY, MARCH, materializedView, options, schema, sourcePartition, summary, table, targetPartition, view } from '../helpers/catalog-fixtures.js';

test('tasks run by phase: create databases, drops before re-creates, tables, partitions, views, MVs, target-only drops, database drops', () => {
  const changed = schema({ columns: [...schema().columns, column('extra', 'int(11)')] });
  const source = catalog(
    'source',
    // A new database with a table, a view and an MV.
    table('new', 't', [sourcePartition('p1', JANUARY)]),
    view('new', 'v', 'SELECT * FROM t'),
    materializedView('new', 'mv', 'SELECT * FROM t'),
    // An existing database: a schema change, an inconsistent partition, a missing partition,
    // a changed view and a changed MV.
    table('db', 'changed', [], changed),
    table('db', 'parts', [sourcePartition('p1', JANUARY), sourcePartition('p2', FEBRUARY)]),
    view('db', 'a_view', 'SELECT 2'),
    materializedView('db', 'a_mv', 'SELECT 2'),
  );
  const target = catalog(
    'target',
    table('db', 'changed'),
    table('db', 'parts', [targetPartition('p1', JANUARY, { visibleVersion: 99 }), targetPartition('p0', MARCH)]),
    view('db', 'a_view', 'SELECT 1'),
    materializedView('db', 'a_mv', 'SELECT 1'),
    table('db', 'stale'),
    view('db', 'stale_view', 'SELECT 1'),
    materializedView('db', 'stale_mv', 'SELECT 1'),
    table('gone', 'x'),
    emptyDatabase('also gone'),
  );
  const plan = diffCatalogs(source, target, options(EVERY_DROP_ALLOWED));
  assert.deepEqual(plan.tasks.map(summary), [
    'create_database new',
    'drop_table db.changed',
    'drop_partition db.parts.p1',
    'create_table db.changed',
    'create_table new.t',
    'add_partition db.parts.p1',
    'add_partition db.parts.p2',
    'drop_view db.a_view',
    'create_view db.a_view',
    'create_view new.v',
    'drop_materialized_view db.a_mv',
    'create_materialized_view db.a_mv',
    'create_materialized_view new.mv',
    'drop_partition db.parts.p0',
    'drop_table db.stale',
    'drop_materialized_view db.stale_mv',
    'drop_view db.stale_view',
    'drop_database also gone',
    'drop_database gone',
  ]);
  assert.deepEqual(plan.blocked, []);
});

test('the order does not depend on the order the catalogues list things in', () => {
  const objects = [table('b', 'y'), table('a', 'z'), table('a', 'x'), view('a', 'v', 'SELECT 1'), table('c', 'w')];
  const forward = diffCatalogs(catalog('source', ...objects), catalog('target'), options());
  const backward = diffCatalogs(catalog('source', ...[...objects].reverse()), catalog('target'), options());
  assert.deepEqual(forward, backward);
  assert.deepEqual(forward.tasks.map(summary), [
    'create_database a',
    'create_database b',
    'create_database c',
    'create_table a.x',
    'create_table a.z',
    'create_table b.y',
    'create_table c.w',
    'create_view a.v',
  ]);
});

test('partitions of one table are added in name order', () => {
  const source = catalog('source', table('db', 't', [sourcePartition('p3', MARCH), sourcePartition('p1', JANUARY), sourcePartition('p2', FEBRUARY)]));
  const target = catalog('target', table('db', 't', []));
  assert.deepEqual(diffCatalogs(source, target, options()).tasks.map(summary), ['add_partition db.t.p1', 'add_partition db.t.p2', 'add_partition db.t.p3']);
});
