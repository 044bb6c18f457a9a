import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backupStatement, restoreStatement, snapshotLookup, snapshotName, transferObservation, transferView } from '../../src/transfer/s3-transfer.js';
import { assertSourceStatement } from '../../src/cluster/read-only.js';

const candidate = { db: 'sales db', table: 'order`s', partitions: ['p1', 'p 2'], dataSize: 10, sourceVersions: { p1: 3, 'p 2': 5 } };

const row = (name: string, state: string, status = '[OK]') => ({ name, state, status });

test('the statements quote every name and restore exactly the tables and partitions backed up', () => {
  const snapshot = snapshotName('cluster-sync-mwr6', 7, 2);
  assert.equal(snapshot, 'cluster_sync_clustersyncmwr6_7_2');
  const other = { db: 'sales db', table: 'items', partitions: ['items'], dataSize: 1, sourceVersions: { items: 2 } };
  assert.equal(
    backupStatement([candidate, other], snapshot, 'repo'),
    'BACKUP SNAPSHOT `sales db`.`cluster_sync_clustersyncmwr6_7_2` TO `repo` ON (`order``s` PARTITION (`p1`, `p 2`), `items` PARTITION (`items`))',
  );
  assert.equal(
    restoreStatement([candidate], snapshot, 'repo', '2026-11-22-01-58-07-123', 2),
    'RESTORE SNAPSHOT `sales db`.`cluster_sync_clustersyncmwr6_7_2` FROM `repo` ON (`order``s` PARTITION (`p1`, `p 2`)) PROPERTIES ("backup_timestamp" = "2026-11-22-01-58-07-123", "replication_num" = "2")',
  );
  assert.throws(() => backupStatement([candidate, { ...other, db: 'another' }], snapshot, 'repo'), /a transfer moves tables of one database/);
  assert.throws(() => restoreStatement([candidate], snapshot, 'repo', '2026"; DROP', 2), /unexpected timestamp "2026\\"; DROP" \(expected yyyy-MM-dd-HH-mm-ss\[-SSS\]\)/);
  assert.equal(snapshotLookup(snapshot, 'repo'), 'SHOW SNAPSHOT ON `repo` WHERE SNAPSHOT = "cluster_sync_clustersyncmwr6_7_2"');
});

test('where a transfer stands: backup first, then restore; a cancel anywhere fails it', () => {
  assert.deepEqual(transferView('s', [], []), { phase: 'missing' });
  assert.deepEqual(transferView('s', [row('other', 'FINISHED')], []), { phase: 'missing' });
  assert.deepEqual(transferView('s', [row('s', 'UPLOADING')], []), { phase: 'backing-up', state: 'UPLOADING' });
  assert.deepEqual(transferView('s', [row('s', 'FINISHED')], []), { phase: 'backed-up' });
  assert.deepEqual(transferView('s', [row('s', 'CANCELLED', 'upload failed')], []), { phase: 'failed', error: 'BACKUP of s cancelled: upload failed' });
  assert.deepEqual(transferView('s', [row('s', 'FINISHED')], [row('s', 'DOWNLOADING')]), { phase: 'restoring', state: 'DOWNLOADING' });
  assert.deepEqual(transferView('s', [row('s', 'FINISHED')], [row('s', 'FINISHED')]), { phase: 'finished' });
  assert.deepEqual(transferView('s', [row('s', 'FINISHED')], [row('s', 'CANCELLED', 'md5 mismatch')]), { phase: 'failed', error: 'RESTORE of s cancelled: md5 mismatch' });
  // SHOW BACKUP may no longer list the backup once the restore runs: the restore decides.
  assert.deepEqual(transferView('s', [], [row('s', 'COMMITTING')]), { phase: 'restoring', state: 'COMMITTING' });
});

test('the source takes BACKUP SNAPSHOT only in s3 mode, and nothing else that writes in any mode', () => {
  assert.doesNotThrow(() => assertSourceStatement('BACKUP SNAPSHOT db.s TO repo', true));
  assert.throws(() => assertSourceStatement('BACKUP SNAPSHOT db.s TO repo', false), /refusing to send a statement that is not a read/);
  for (const sql of ['RESTORE SNAPSHOT db.s FROM repo', 'CREATE REPOSITORY r WITH BROKER ON LOCATION "s3a://b/p"', 'DROP TABLE t', 'CANCEL BACKUP FROM db']) {
    assert.throws(() => assertSourceStatement(sql, true), /refusing/, sql);
  }
  assert.doesNotThrow(() => assertSourceStatement('SHOW BACKUP FROM db', false));
});

test('the tracker is told each transfer phase in its own words; only a cancelled BACKUP or RESTORE fails the job', () => {
  assert.equal(transferObservation(transferView('s', [], [])), undefined, 'not listed: the tracker waits, then calls it unknown');
  assert.deepEqual(transferObservation(transferView('s', [row('s', 'UPLOADING')], [])), { outcome: 'in-progress', phase: 'backup UPLOADING' });
  assert.deepEqual(transferObservation(transferView('s', [row('s', 'FINISHED')], [])), { outcome: 'in-progress', phase: 'backed up, restore not started' });
  assert.deepEqual(transferObservation(transferView('s', [row('s', 'FINISHED')], [row('s', 'DOWNLOADING')])), { outcome: 'in-progress', phase: 'restore DOWNLOADING' });
  assert.deepEqual(transferObservation(transferView('s', [row('s', 'FINISHED')], [row('s', 'FINISHED')])), { outcome: 'done', phase: 'restored' });
  const cancelled = transferObservation(transferView('s', [row('s', 'CANCELLED', 'no space')], []));
  assert.equal(cancelled?.outcome, 'failed');
  assert.match(cancelled?.outcome === 'failed' ? cancelled.error : '', /BACKUP of s cancelled: no space/);
});
