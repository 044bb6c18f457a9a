// How the BEs move backup data: files above experimental_s3_max_single_part_size go up as
// multipart uploads (still named after the whole file's MD5), upload_worker_count and
// download_worker_count bound the transfers running at once on a BE, and max_download_speed_kbps
// bounds a restore's download rate.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createRepository, startBackupClusters, stopBackupClusters, createSampleTable, finishedJob, snapshotTimestamp, tableRows, type BackupClusters, type Conn } from './backup-helpers.js';

// Set by before(); the connections are replaced when a test restarts an FE.
let { s3, source, target, src, dst } = {} as BackupClusters;

before(async () => {
  ({ s3, source, target, src, dst } = await startBackupClusters('transfers', { backends: 1 }));
  await createRepository(src, s3, 'repo');
  await createRepository(dst, s3, 'repo');
});

after(() => stopBackupClusters({ s3, source, target, src, dst }));

async function setBeConfig(conn: Conn, name: string, value: number): Promise<void> {
  await conn.query(`UPDATE information_schema.be_configs SET value = '${value}' WHERE name = '${name}'`);
}

test('large files go up in parts and come back whole; the worker counts and the download speed limit hold', async () => {
  await src.query('CREATE DATABASE db');
  await createSampleTable(src, 'db', 't', { rowsPerPartition: 2500 });
  await setBeConfig(src, 'experimental_s3_max_single_part_size', 40_000);
  await setBeConfig(src, 'experimental_s3_min_upload_part_size', 16_384);
  await setBeConfig(src, 'upload_worker_count', 2);
  await src.query('BACKUP SNAPSHOT db.big TO repo');
  await finishedJob(src, 'BACKUP', 'db');
  const uploader = source.backends[0]!.backup;
  assert.equal(uploader.peakUploads, 2, 'two uploads at a time, no more');
  assert.ok(uploader.multipartUploads >= 2, `large files go as multipart uploads (${uploader.multipartUploads})`);

  const objects = await s3.list('backups/__starrocks_repository_repo/__ss_big/__ss_content/');
  const large = objects.filter((o) => o.key.includes('.dat.') && o.size > 40_000);
  assert.ok(large.length >= 2, `files above the single-part limit: ${objects.map((o) => o.size).join(', ')}`);
  for (const object of large) {
    assert.equal(createHash('md5').update(await s3.get(object.key)).digest('hex'), object.key.slice(-32), `${object.key} is whole and named after its MD5`);
  }

  await setBeConfig(dst, 'download_worker_count', 1);
  const kbps = 400;
  await setBeConfig(dst, 'max_download_speed_kbps', kbps);
  await dst.query('CREATE DATABASE db');
  const started = Date.now();
  await dst.query(`RESTORE SNAPSHOT db.big FROM repo PROPERTIES ("backup_timestamp" = "${await snapshotTimestamp(dst, 'repo', 'big')}", "replication_num" = "1")`);
  await finishedJob(dst, 'RESTORE', 'db');
  const seconds = (Date.now() - started) / 1000;
  const downloader = target.backends[0]!.backup;
  assert.equal(downloader.peakDownloads, 1, 'one download at a time');
  const bytes = objects.reduce((n, o) => n + o.size, 0);
  assert.equal(downloader.downloadedBytes, bytes);
  assert.ok(seconds >= (bytes / (kbps * 1024)) * 0.8, `${bytes} bytes at ${kbps} KB/s cannot take ${seconds} s`);
  assert.deepEqual(await tableRows(dst, 'db', 't'), await tableRows(src, 'db', 't'));
});
