// A dynamic partition table restored into another cluster comes back with its partitions and its
// dynamic properties, but with dynamic_partition.enable switched to false: the target's scheduler
// must not start creating or dropping partitions of restored data on its own.
// StarRocks: fe/fe-core/src/main/java/com/starrocks/catalog/TableProperty.java (resetPropertiesForRestore),
// called from fe/fe-core/src/main/java/com/starrocks/backup/RestoreJob.java for the tables a restore creates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rows } from '../../helpers/sim-cluster.js';
import { createRepository, finishedJob, snapshotTimestamp, startBackupClusters, stopBackupClusters } from '../backup/backup-helpers.js';
import { dayName, partitionNames } from './dynamic-helpers.js';

test('a restored dynamic partition table keeps its partitions and comes back with dynamic partitioning off', async (t) => {
  const clusters = await startBackupClusters('dynamic-restore', { backends: 1 });
  t.after(() => stopBackupClusters(clusters));
  const { s3, src, dst } = clusters;
  await createRepository(src, s3, 'repo');
  await createRepository(dst, s3, 'repo', { readOnly: true });
  await src.query('CREATE DATABASE dp');
  await src.query(`CREATE TABLE dp.events (dt DATE NOT NULL, n INT) DUPLICATE KEY(dt) PARTITION BY RANGE(dt) ()
    DISTRIBUTED BY HASH(dt) BUCKETS 1 PROPERTIES ("dynamic_partition.time_unit" = "DAY", "dynamic_partition.start" = "-3", "dynamic_partition.end" = "1")`);
  const window = [dayName(0), dayName(1)];
  assert.deepEqual(await partitionNames(src, 'dp.events'), window);

  await src.query('BACKUP SNAPSHOT dp.snap TO repo ON (events)');
  await finishedJob(src, 'BACKUP', 'dp');
  await dst.query('CREATE DATABASE dp');
  await dst.query(`RESTORE SNAPSHOT dp.snap FROM repo ON (events) PROPERTIES ("backup_timestamp" = "${await snapshotTimestamp(dst, 'repo', 'snap')}", "replication_num" = "1")`);
  await finishedJob(dst, 'RESTORE', 'dp');

  assert.deepEqual(await partitionNames(dst, 'dp.events'), window);
  const text = String((await rows(dst, 'SHOW CREATE TABLE dp.events'))[0]!['Create Table']);
  assert.match(text, /"dynamic_partition.enable" = "false",\n"dynamic_partition.time_unit" = "DAY"/);
  // Switched off, the table takes manual partition changes.
  await dst.query(`ALTER TABLE dp.events DROP PARTITION ${dayName(1)}`);
  assert.deepEqual(await partitionNames(dst, 'dp.events'), [dayName(0)]);
  // The source table is untouched.
  assert.match(String((await rows(src, 'SHOW CREATE TABLE dp.events'))[0]!['Create Table']), /"dynamic_partition.enable" = "true"/);
});
