// Jobs that do not finish: CANCEL in every state of BACKUP and RESTORE, a cancel in the middle of
// a slow download, a corrupted object in the store, an FE restart during a job. In each case the
// job shows CANCELLED with its reason and nothing half-done stays: no restored data visible, no
// created table, existing tables usable and unchanged, no tablet, staged file, snapshot or
// uploaded object left behind. A table being restored refuses queries, loads and ALTERs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { connect, rows } from '../../helpers/sim-cluster.js';
import { expectSqlError } from '../engine/engine-helpers.js';
import type { LocalCluster } from '../../../src/storage-sim/cluster/local-cluster.js';
import { createRepository, startBackupClusters, stopBackupClusters, createSampleTable, finishedJob, loadRows, partitionVersions, snapshotTimestamp, tableRows, waitForJob, type BackupClusters, type Conn } from './backup-helpers.js';

// Set by before(); the connections are replaced when a test restarts an FE.
let { s3, source, target, src, dst } = {} as BackupClusters;
let timestamp: string;

before(async () => {
  ({ s3, source, target, src, dst } = await startBackupClusters('backup-cancel'));
  await createRepository(src, s3, 'repo');
  await createRepository(dst, s3, 'repo');
  await src.query('CREATE DATABASE db');
  await createSampleTable(src, 'db', 't', { rowsPerPartition: 400 });
  await createSampleTable(src, 'db', 'u');
  await src.query('BACKUP SNAPSHOT db.snap TO repo');
  await finishedJob(src, 'BACKUP', 'db');
  timestamp = await snapshotTimestamp(dst, 'repo', 'snap');
  // The target's own t, same schema, other data: a restore would overwrite it.
  await dst.query('CREATE DATABASE db');
  await createSampleTable(dst, 'db', 't', { rowsPerPartition: 3 });
});

after(() => stopBackupClusters({ s3, source, target, src, dst }));

function tabletCount(cluster: LocalCluster): number {
  return cluster.backends.reduce((n, be) => n + be!.store.tabletIds().length, 0);
}

function snapshotDirs(cluster: LocalCluster): number {
  return cluster.backends.reduce((n, be) => n + readdirSync(join(be!.options.storageDir, 'storage', 'snapshot')).length, 0);
}

async function targetState(): Promise<unknown> {
  return {
    tables: (await rows(dst, 'SHOW TABLES FROM db')).map((r) => r.Tables_in_db),
    rows: await tableRows(dst, 'db', 't'),
    versions: await partitionVersions(dst, 'db', 't'),
    tablets: tabletCount(target),
  };
}

async function assertRestoreUndone(expected: unknown, reason: RegExp): Promise<void> {
  const job = (await rows(dst, 'SHOW RESTORE FROM db'))[0]!;
  assert.equal(job.State, 'CANCELLED');
  assert.match(String(job.Status), reason);
  assert.deepEqual(await targetState(), expected, 'the target database is as it was');
  for (const be of target.backends) assert.deepEqual(be!.backup.stagedJobs(), [], 'no staged download is left');
}

const RESTORE = () => `RESTORE SNAPSHOT db.snap FROM repo ON (t, u AS u_new) PROPERTIES ("backup_timestamp" = "${timestamp}", "replication_num" = "1")`;

test('CANCEL BACKUP in every state: CANCELLED, snapshots released, nothing uploaded left, the name free again', async () => {
  for (const state of ['PENDING', 'SNAPSHOTING', 'UPLOAD_SNAPSHOT', 'UPLOADING', 'SAVE_META', 'UPLOAD_INFO']) {
    const hold = source.fe.backupRestore.holdAt('BACKUP', state);
    await src.query('BACKUP SNAPSHOT db.again TO repo ON (u)');
    await hold.reached;
    assert.equal((await rows(src, 'SHOW BACKUP FROM db'))[0]!.State, state);
    await src.query('CANCEL BACKUP FROM db');
    const job = (await rows(src, 'SHOW BACKUP FROM db'))[0]!;
    assert.equal(job.State, 'CANCELLED', state);
    assert.equal(job.Status, '[COMMON_ERROR, msg: user cancelled]');
    assert.notEqual(job.FinishedTime, null);
    assert.deepEqual(await s3.list('backups/__starrocks_repository_repo/__ss_again/'), [], `nothing of the cancelled backup stays in the store (${state})`);
    assert.equal(snapshotDirs(source), 0, `every snapshot is released (${state})`);
    hold.release();
  }
  await src.query('BACKUP SNAPSHOT db.again TO repo ON (u)');
  await finishedJob(src, 'BACKUP', 'db');
  assert.equal(snapshotDirs(source), 0);
});

test('a backup that outlives its "timeout" is cancelled with TIMEOUT and undone', async () => {
  const hold = source.fe.backupRestore.holdAt('BACKUP', 'UPLOADING');
  await src.query('BACKUP SNAPSHOT db.slow TO repo ON (u) PROPERTIES ("timeout" = "1")');
  await hold.reached;
  const job = await waitForJob(src, 'BACKUP', 'db', ['CANCELLED'], 10_000);
  assert.equal(job.Timeout, '1');
  assert.match(String(job.Status), /^\[TIMEOUT, msg: the job did not finish within its timeout of 1 s\]$/);
  assert.deepEqual(await s3.list('backups/__starrocks_repository_repo/__ss_slow/'), []);
  assert.equal(snapshotDirs(source), 0);
  hold.release();
});

test('CANCEL RESTORE in every state: the created table is dropped, the overwritten one keeps its data and versions', async () => {
  const before = await targetState();
  for (const state of ['PENDING', 'SNAPSHOTING', 'DOWNLOAD', 'DOWNLOADING', 'COMMIT', 'COMMITTING']) {
    const hold = target.fe.backupRestore.holdAt('RESTORE', state);
    await dst.query(RESTORE());
    await hold.reached;
    assert.equal((await rows(dst, 'SHOW RESTORE FROM db'))[0]!.State, state);
    await dst.query('CANCEL RESTORE FROM db');
    await assertRestoreUndone(before, new RegExp(`^\\[COMMON_ERROR, msg: user cancelled, current state: ${state}\\]$`));
    hold.release();
  }
});

test('while a restore runs its tables refuse queries, loads and ALTERs; a cancel mid-download stops the BEs and leaves nothing', async () => {
  const before = await targetState();
  await dst.query("UPDATE information_schema.be_configs SET value = '40' WHERE name = 'max_download_speed_kbps'");
  await dst.query(RESTORE());
  await waitForJob(dst, 'RESTORE', 'db', ['DOWNLOADING']);
  const restoring = /Table state is not NORMAL: 't' is in state RESTORE/;
  await expectSqlError(dst.query('SELECT COUNT(*) FROM db.t'), 5014, 'HY000', restoring);
  await expectSqlError(dst.query("INSERT INTO db.t VALUES (1, '2024-01-01', 'x', 1)"), 5014, 'HY000', restoring);
  await expectSqlError(dst.query('ALTER TABLE db.t ADD COLUMN c INT'), 5014, 'HY000', restoring);
  await expectSqlError(dst.query('SELECT COUNT(*) FROM db.u_new'), 5014, 'HY000', /'u_new' is in state RESTORE/);
  await new Promise((resolve) => setTimeout(resolve, 300));
  const downloading = (await rows(dst, 'SHOW RESTORE FROM db'))[0]!;
  assert.equal(downloading.State, 'DOWNLOADING');
  assert.match(String(downloading.Progress), /^\d+\/\d+/);
  assert.ok(target.backends.some((be) => be!.backup.downloadedBytes > 0), 'the download was under way');
  await dst.query('CANCEL RESTORE FROM db');
  await dst.query("UPDATE information_schema.be_configs SET value = '0' WHERE name = 'max_download_speed_kbps'");
  await assertRestoreUndone(before, /user cancelled, current state: DOWNLOADING/);
  await loadRows(dst, 'db', 't', 900, 1);
  assert.equal((await rows(dst, 'SELECT COUNT(*) AS n FROM db.t'))[0]!.n, '8', 'the table takes loads again');
});

test('a corrupted object in the store fails the restore by its MD5; nothing changes', async () => {
  const before = await targetState();
  const victim = (await s3.list('backups/__starrocks_repository_repo/__ss_snap/__ss_content/')).find((o) => o.key.includes('.dat.') && o.size > 100)!;
  const original = await s3.get(victim.key);
  const corrupted = Buffer.from(original);
  corrupted[corrupted.length >> 1]! ^= 0xff;
  await s3.put(victim.key, corrupted);
  try {
    await dst.query(RESTORE());
    const job = await waitForJob(dst, 'RESTORE', 'db');
    assert.equal(job.State, 'CANCELLED');
    assert.match(String(job.Status), /^\[BAD_FILE, msg: md5sum does not equal\. local: [0-9a-f]{32}, remote: [0-9a-f]{32}/);
    await assertRestoreUndone(before, /BAD_FILE/);
  } finally {
    await s3.put(victim.key, original);
  }
  await dst.query(RESTORE());
  await finishedJob(dst, 'RESTORE', 'db');
  assert.deepEqual(await tableRows(dst, 'db', 't'), await tableRows(src, 'db', 't'), 'with the object repaired the restore succeeds');
});

test('an FE restart cancels the running jobs cleanly: the restore is undone, the backup\'s uploads deleted', async () => {
  await dst.query('DROP TABLE db.u_new');
  const before = await targetState();
  const restoreHold = target.fe.backupRestore.holdAt('RESTORE', 'DOWNLOADING');
  await dst.query(RESTORE());
  await restoreHold.reached;
  const backupHold = source.fe.backupRestore.holdAt('BACKUP', 'SAVE_META');
  await src.query('BACKUP SNAPSHOT db.interrupted TO repo ON (t)');
  await backupHold.reached;
  assert.ok((await s3.list('backups/__starrocks_repository_repo/__ss_interrupted/')).length > 0, 'the backup had uploaded its files');

  await Promise.all([target.restartFrontend(), source.restartFrontend()]);
  await Promise.all([dst.end(), src.end()]);
  [dst, src] = await Promise.all([connect(target), connect(source)]);
  await assertRestoreUndone(before, /FE restarted while the job was running/);
  const backup = (await rows(src, 'SHOW BACKUP FROM db'))[0]!;
  assert.equal(backup.State, 'CANCELLED');
  assert.match(String(backup.Status), /FE restarted/);
  assert.deepEqual(await s3.list('backups/__starrocks_repository_repo/__ss_interrupted/'), []);
  assert.equal(snapshotDirs(source), 0);
  // The repository survived the restart with the catalogue, and the next restore works.
  await dst.query(RESTORE());
  await finishedJob(dst, 'RESTORE', 'db');
  assert.deepEqual(await tableRows(dst, 'db', 'u_new'), await tableRows(src, 'db', 'u'));
});
