import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DdlTask } from '../../src/ddl/ddl-plan.js';
import { ddlWaves } from '../../src/ddl/ddl-waves.js';

const reason = 'test';
const createDb = (db: string): DdlTask => ({ kind: 'create_database', db, reason });
const createTable = (db: string, table: string): DdlTask => ({ kind: 'create_table', db, table, reason });
const dropTable = (db: string, table: string): DdlTask => ({ kind: 'drop_table', db, table, recreate: true, reason, allowedBy: 'ddl_job_allow_drop_schema_change_table' });
const addPartition = (db: string, table: string, partition: string): DdlTask => ({
  kind: 'add_partition', db, table, partition, reason, range: "[('2024-01-01'), ('2024-02-01'))", partitionColumnTypes: ['date'], distribution: { type: 'HASH', columns: ['id'], buckets: 1 },
});
const createView = (db: string, table: string): DdlTask => ({ kind: 'create_view', db, table, reason });
const names = (waves: DdlTask[][]) => waves.map((w) => w.map((t) => [t.kind, t.db, 'table' in t ? t.table : '', 'partition' in t ? t.partition : ''].filter(Boolean).join(' ')));

test('tables of a database are created together once the database exists; views run one at a time', () => {
  const waves = ddlWaves([createDb('d'), createTable('d', 'a'), createTable('d', 'b'), createTable('e', 'a'), createView('d', 'v1'), createView('d', 'v2')]);
  assert.deepEqual(names(waves), [['create_database d'], ['create_table d a', 'create_table d b', 'create_table e a'], ['create_view d v1'], ['create_view d v2']]);
});

test('two tasks on one table are never in one wave; a drop that makes room runs alone, before its create', () => {
  const waves = ddlWaves([dropTable('d', 'a'), createTable('d', 'a'), createTable('d', 'b'), addPartition('d', 'a', 'p1'), addPartition('d', 'b', 'p1'), addPartition('d', 'a', 'p2')]);
  assert.deepEqual(names(waves), [
    ['drop_table d a'],
    ['create_table d a', 'create_table d b'],
    ['add_partition d a p1', 'add_partition d b p1'],
    ['add_partition d a p2'],
  ]);
});

test('waves keep every task, in the planned order', () => {
  const tasks = [createDb('x'), createTable('x', 't1'), addPartition('x', 't0', 'p'), createTable('x', 't2'), createView('x', 'v')];
  const waves = ddlWaves(tasks);
  assert.deepEqual(waves.flat(), tasks);
  assert.deepEqual(ddlWaves([]), []);
});
