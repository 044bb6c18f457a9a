import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffCatalogs } from '../../src/ddl/diff-catalogs.js';
import { guardRepeatedDrops, recordDrops, settleDrops, type DropLedger } from '../../src/ddl/drop-ledger.js';
import { catalog, column, JANUARY, FEBRUARY, options, schema, sourcePartition, summary, table, targetPartition, view } from '../helpers/catalog-fixtures.js';

const NOW = Date.parse('2026-12-06T10:00:00Z');

test('a table dropped for a schema difference that comes back the same after re-creation is never dropped again', () => {
  const source = catalog('source', table('shop', 'orders', [sourcePartition('p1', JANUARY)]));
  // What a comparison that cannot settle looks like: the re-created table differs exactly as before.
  const differing = catalog('target', table('shop', 'orders', [targetPartition('p1', JANUARY)], schema({ columns: [...schema().columns.slice(0, 2), column('v', 'varchar(21)')] })));
  const first = diffCatalogs(source, differing, options());
  assert.deepEqual(first.tasks.map(summary), ['drop_table shop.orders', 'create_table shop.orders']);
  assert.deepEqual(guardRepeatedDrops(first, []), first, 'nothing recorded yet: the drop goes ahead');

  const ledger = recordDrops([], first.tasks, NOW);
  assert.deepEqual(ledger, [{ db: 'shop', table: 'orders', kind: 'drop_table', cause: first.tasks[0]!.reason.replace('; dropped to be re-created', ''), droppedAt: NOW }]);

  const again = diffCatalogs(source, differing, options());
  const guarded = guardRepeatedDrops(again, settleDrops(ledger, again, source, differing));
  assert.deepEqual(guarded.tasks, [], 'neither the drop nor the re-creation');
  assert.deepEqual(guarded.blocked.map((b) => [summary(b), b.blockedBy]), [['drop_table shop.orders', 'comparison-unstable']]);
  assert.equal(
    guarded.blocked[0]!.reason,
    'schema comparison unstable: schema differs: column "v" type is varchar(20) on the source, varchar(21) on the target, again after the target table was dropped and re-created at 2026-12-06T10:00:00.000Z; not dropped again (compare the object on both clusters)',
  );
});

test('a record is forgotten once the object is in sync; a later difference may be acted on again', () => {
  const source = catalog('source', table('shop', 'orders', [sourcePartition('p1', JANUARY)]));
  const differing = catalog('target', table('shop', 'orders', [targetPartition('p1', JANUARY)], schema({ keysType: 'UNIQUE_KEYS' })));
  const ledger = recordDrops([], diffCatalogs(source, differing, options()).tasks, NOW);
  const synced = catalog('target', table('shop', 'orders', [targetPartition('p1', JANUARY)]));
  assert.deepEqual(settleDrops(ledger, diffCatalogs(source, synced, options()), source, synced), []);
  // Re-created but not replicated yet (version 1): not in sync, the record stays.
  const empty = catalog('target', table('shop', 'orders', [targetPartition('p1', JANUARY, { visibleVersion: 1, versionTxnType: 'TXN_NORMAL' })]));
  assert.equal(settleDrops(ledger, diffCatalogs(source, empty, options()), source, empty).length, 1);
  // Gone from the source: forgotten.
  const gone = catalog('source');
  assert.deepEqual(settleDrops(ledger, diffCatalogs(gone, differing, options()), gone, differing), []);
});

test('a partition that leaves the source history again for the same cause is not dropped again, whatever the numbers', () => {
  const source = catalog('source', table('shop', 'orders', [sourcePartition('p1', JANUARY), sourcePartition('p2', FEBRUARY)]));
  const loaded = (version: number) => catalog('target', table('shop', 'orders', [targetPartition('p1', JANUARY, { versionTxnType: 'TXN_NORMAL', visibleVersion: version }), targetPartition('p2', FEBRUARY)]));
  const first = diffCatalogs(source, loaded(3), options());
  assert.deepEqual(first.tasks.map(summary), ['drop_partition shop.orders.p1', 'add_partition shop.orders.p1']);
  const ledger: DropLedger = recordDrops([], first.tasks, NOW);
  assert.equal(ledger[0]!.cause, 'loaded-on-target');
  const again = diffCatalogs(source, loaded(4), options());
  const guarded = guardRepeatedDrops(again, ledger);
  assert.deepEqual(guarded.tasks, []);
  assert.match(guarded.blocked[0]!.reason, /^partition comparison unstable: inconsistent: the target partition was written by a load/);
  // Another cause is another difference.
  const ahead = catalog('target', table('shop', 'orders', [targetPartition('p1', JANUARY, { visibleVersion: 9 }), targetPartition('p2', FEBRUARY)]));
  assert.deepEqual(guardRepeatedDrops(diffCatalogs(source, ahead, options()), ledger).tasks.map(summary), ['drop_partition shop.orders.p1', 'add_partition shop.orders.p1']);
});

test('a view re-created for a definition difference that stays is not dropped again', () => {
  const source = catalog('source', view('shop', 'v', 'SELECT 1'));
  const target = catalog('target', view('shop', 'v', 'SELECT  1'));
  const first = diffCatalogs(source, target, options());
  const ledger = recordDrops([], first.tasks, NOW);
  const again = diffCatalogs(source, target, options());
  const settled = settleDrops(ledger, again, source, target);
  assert.equal(settled.length, 1, 'the fresh diff still wants to re-create it');
  assert.deepEqual(guardRepeatedDrops(again, settled).tasks, []);
  const same = catalog('target', view('shop', 'v', 'SELECT 1'));
  assert.deepEqual(settleDrops(ledger, diffCatalogs(source, same, options()), source, same), []);
});
