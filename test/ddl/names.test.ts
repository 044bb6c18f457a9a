import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffCatalogs } from '../../src/ddl/diff-catalogs.js';
import { partitionClause } from '../../src/ddl/partition-clause.js';
import { parseDataList } from '../../src/config/data-rules.js';
import { catalog, dateRange, FEBRUARY, JANUARY, options, sourcePartition, table, targetPartition, view } from '../helpers/catalog-fixtures.js';

const db = '销售 db';
const tableName = 'or`ders; DROP';
const partitionName = 'p `1` é';

test('names with unicode, spaces, backticks and punctuation travel as data, untouched', () => {
  const source = catalog(
    'source',
    table(db, tableName, [sourcePartition(partitionName, JANUARY), sourcePartition('p 2', FEBRUARY)]),
    table(db, 'new table'),
    view(db, 'vue ✓', 'SELECT 1'),
  );
  const target = catalog('target', table(db, tableName, [targetPartition(partitionName, JANUARY, { visibleVersion: 9 })]), table(db, 'ancien `t`'));
  const plan = diffCatalogs(source, target, options({ ddl_job_allow_drop_target_only: true }));
  assert.deepEqual(
    plan.tasks.map((task) => [task.kind, task.db, 'table' in task ? task.table : undefined, 'partition' in task ? task.partition : undefined]),
    [
      ['drop_partition', db, tableName, partitionName],
      ['create_table', db, 'new table', undefined],
      // Code-unit order: "2" (0x32) sorts before "`" (0x60).
      ['add_partition', db, tableName, 'p 2'],
      ['add_partition', db, tableName, partitionName],
      ['create_view', db, 'vue ✓', undefined],
      ['drop_table', db, 'ancien `t`', undefined],
    ],
  );
});

test('include/exclude rules match quoted names exactly', () => {
  const rules = { include: [], exclude: parseDataList('`销售 db`.`ancien ``t```') };
  const target = catalog('target', table(db, 'ancien `t`'), table(db, 'other'));
  const plan = diffCatalogs(catalog('source', table(db, 'keep')), target, options({ ddl_job_allow_drop_target_only: true }, rules));
  assert.deepEqual(
    plan.tasks.map((task) => [task.kind, 'table' in task ? task.table : '']),
    [
      ['create_table', 'keep'],
      ['drop_table', 'other'],
    ],
  );
});

test('the partition clause quotes any partition name and value', () => {
  assert.equal(partitionClause(partitionName, JANUARY, ['date']), '`p ``1`` é` VALUES [("2024-01-01"), ("2024-02-01"))');
  assert.equal(partitionClause('分区', dateRange('2024-01-01', '2024-02-01'), ['DATE']), '`分区` VALUES [("2024-01-01"), ("2024-02-01"))');
});
