// BACKUP and RESTORE between two reference clusters through a real S3 server, over MySQL as a
// user (or the migration daemon) drives them: all three granularities, the repository layout in
// the bucket, SHOW columns, restore into another cluster with AS and replication_num, partitions
// replaced at their backed-up versions, materialized views after their base tables, and refusals.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { rows } from '../../helpers/sim-cluster.js';
import { expectSqlError } from '../engine/engine-helpers.js';
import { createRepository, startBackupClusters, stopBackupClusters, createSampleTable, finishedJob, loadRows, partitionVersions, snapshotTimestamp, tableRows, waitForJob, type BackupClusters, type Conn } from './backup-helpers.js';

// Set by before(); the connections are replaced when a test restarts an FE.
let { s3, source, target, src, dst } = {} as BackupClusters;

before(async () => {
  ({ s3, source, target, src, dst } = await startBackupClusters('backup-restore'));
  await createRepository(src, s3, 'repo');
  await src.query('CREATE DATABASE shop');
  await createSampleTable(src, 'shop', 'orders', { replicas: 3 });
  await loadRows(src, 'shop', 'orders', 100, 20);
  await src.query('CREATE TABLE shop.users (id BIGINT NOT NULL, name VARCHAR(32)) PRIMARY KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 3 PROPERTIES ("replication_num" = "2")');
  await src.query("INSERT INTO shop.users VALUES (1, 'ann'), (2, 'bob'), (3, 'cy')");
  await src.query("INSERT INTO shop.users VALUES (2, 'bo')");
  await src.query('CREATE MATERIALIZED VIEW shop.mv_orders REFRESH ASYNC AS SELECT day, SUM(amount) AS total FROM shop.orders GROUP BY day');
  await src.query('CREATE VIEW shop.v_orders AS SELECT id, name FROM shop.orders');
});

after(() => stopBackupClusters({ s3, source, target, src, dst }));

const BACKUP_COLUMNS = ['JobId', 'SnapshotName', 'DbName', 'State', 'BackupObjs', 'CreateTime', 'SnapshotFinishedTime', 'UploadFinishedTime', 'FinishedTime', 'UnfinishedTasks', 'Progress', 'TaskErrMsg', 'Status', 'Timeout'];
const RESTORE_COLUMNS = [
  'JobId', 'Label', 'Timestamp', 'DbName', 'State', 'AllowLoad', 'ReplicationNum', 'RestoreObjs', 'CreateTime', 'MetaPreparedTime',
  'SnapshotFinishedTime', 'DownloadFinishedTime', 'FinishedTime', 'UnfinishedTasks', 'Progress', 'TaskErrMsg', 'Status', 'Timeout',
];

async function columnsOf(conn: Conn, sql: string): Promise<string[]> {
  const [, fields] = await conn.query(sql);
  return (fields as { name: string }[]).map((f) => f.name);
}

test('a database-level backup: SHOW BACKUP, SHOW SNAPSHOT and the repository layout in the bucket', async () => {
  await src.query('BACKUP SNAPSHOT shop.snap_db TO repo PROPERTIES ("type" = "full", "timeout" = "3600")');
  const job = await finishedJob(src, 'BACKUP', 'shop');
  assert.deepEqual(await columnsOf(src, 'SHOW BACKUP FROM shop'), BACKUP_COLUMNS);
  assert.equal(job.SnapshotName, 'snap_db');
  assert.equal(job.DbName, 'shop');
  // Base tables first, the materialized view after them; the view is not backed up (seed 002).
  assert.equal(job.BackupObjs, '[orders], [users], [mv_orders]');
  assert.equal(job.Timeout, '3600');
  for (const column of ['CreateTime', 'SnapshotFinishedTime', 'UploadFinishedTime', 'FinishedTime']) assert.match(String(job[column]), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/, column);

  assert.deepEqual(await columnsOf(src, 'SHOW SNAPSHOT ON repo'), ['Snapshot', 'Timestamp', 'Status']);
  const snapshots = await rows(src, 'SHOW SNAPSHOT ON repo');
  assert.equal(snapshots.length, 1);
  assert.equal(snapshots[0]!.Snapshot, 'snap_db');
  assert.match(String(snapshots[0]!.Timestamp), /^\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d-\d{3}$/);
  assert.equal(snapshots[0]!.Status, 'OK');
  const timestamp = String(snapshots[0]!.Timestamp);
  const detail = await rows(src, `SHOW SNAPSHOT ON repo WHERE SNAPSHOT = "snap_db" AND TIMESTAMP = "${timestamp}"`);
  assert.deepEqual(await columnsOf(src, `SHOW SNAPSHOT ON repo WHERE SNAPSHOT = "snap_db" AND TIMESTAMP = "${timestamp}"`), ['Snapshot', 'Timestamp', 'Database', 'Details', 'Status']);
  assert.equal(detail[0]!.Database, 'shop');
  assert.equal(detail[0]!.Status, 'OK');
  const details = JSON.parse(String(detail[0]!.Details)) as { backup_objects: Record<string, { partitions: Record<string, { version: number; tablets: number }> }> };
  assert.deepEqual(Object.keys(details.backup_objects).sort(), ['orders', 'users']);
  const versions = await partitionVersions(src, 'shop', 'orders');
  assert.equal(details.backup_objects.orders!.partitions.p1!.version, Number(versions.p1![0]));
  assert.equal(details.backup_objects.orders!.partitions.p1!.tablets, 2);

  // StarRocks' layout, checked by listing the bucket as any S3 client would.
  const db = (await rows(src, "SHOW PROC '/dbs'")).find((r) => r.DbName === 'shop')!;
  const root = 'backups/__starrocks_repository_repo';
  const keys = (await s3.list(root)).map((o) => o.key);
  assert.ok(keys.includes(`${root}/__repo_info`));
  const snapshot = `${root}/__ss_snap_db`;
  assert.equal(keys.filter((k) => /\/__meta\.[0-9a-f]{32}$/.test(k)).length, 1, keys.join('\n'));
  assert.ok(keys.includes(`${snapshot}/__info_${timestamp}.${keys.find((k) => k.includes('__info_'))!.slice(-32)}`));
  assert.ok(!keys.some((k) => k.endsWith('.part')), 'no unfinished upload is left');
  const content = keys.filter((k) => k.includes('/__ss_content/'));
  for (const key of content) {
    assert.match(key, new RegExp(`^${snapshot}/__ss_content/__db_${db.DbId}/__tbl_\\d+/__part_\\d+/__idx_\\d+/__\\d+/__\\d+/[^/]+\\.[0-9a-f]{32}$`), key);
  }
  // 2 partitions x 2 buckets + 3 buckets, each snapshot with its snapshot.json.
  assert.equal(new Set(content.map((k) => k.split('/').slice(0, -1).join('/'))).size, 7);
  const sample = content.find((k) => k.includes('.dat.'))!;
  assert.equal(createHash('md5').update(await s3.get(sample)).digest('hex'), sample.slice(-32), 'an object is named after its MD5');
  const meta = JSON.parse((await s3.get(keys.find((k) => k.includes('/__meta.'))!)).toString()) as { tables: { name: string }[]; materialized_views: { name: string }[] };
  assert.deepEqual(meta.tables.map((t) => t.name), ['orders', 'users']);
  assert.deepEqual(meta.materialized_views.map((v) => v.name), ['mv_orders']);
});

test('restore into another cluster: same data, backed-up partition versions, replication_num, the materialized view recreated', async () => {
  await createRepository(dst, s3, 'repo', { readOnly: true });
  const timestamp = await snapshotTimestamp(dst, 'repo', 'snap_db');
  assert.equal(timestamp, await snapshotTimestamp(src, 'repo', 'snap_db'), 'the second cluster sees the first one\'s snapshot');
  await dst.query('CREATE DATABASE shop');
  await dst.query(`RESTORE SNAPSHOT shop.snap_db FROM repo PROPERTIES ("backup_timestamp" = "${timestamp}", "replication_num" = "2")`);
  const job = await finishedJob(dst, 'RESTORE', 'shop');
  assert.deepEqual(await columnsOf(dst, 'SHOW RESTORE FROM shop'), RESTORE_COLUMNS);
  assert.equal(job.Label, 'snap_db');
  assert.equal(job.Timestamp, timestamp);
  assert.equal(job.AllowLoad, 'false');
  assert.equal(job.ReplicationNum, '2');
  assert.deepEqual(JSON.parse(String(job.RestoreObjs)).tables, { orders: ['p1', 'p2'], users: ['users'] });

  assert.deepEqual(await tableRows(dst, 'shop', 'orders'), await tableRows(src, 'shop', 'orders'));
  assert.deepEqual(await tableRows(dst, 'shop', 'users'), await tableRows(src, 'shop', 'users'));
  assert.deepEqual(await partitionVersions(dst, 'shop', 'orders'), await partitionVersions(src, 'shop', 'orders'));
  assert.deepEqual(await partitionVersions(dst, 'shop', 'users'), await partitionVersions(src, 'shop', 'users'));
  const tablets = await rows(dst, 'SHOW TABLET FROM shop.orders');
  assert.equal(tablets.length, 2 * 2 * 2, 'four tablets with two replicas each');
  assert.match(String((await rows(dst, 'SHOW CREATE TABLE shop.orders'))[0]!['Create Table']), /"replication_num" = "2"/);

  const tables = (await rows(dst, 'SHOW FULL TABLES FROM shop')).map((r) => r.Tables_in_shop);
  assert.deepEqual(tables, ['mv_orders', 'orders', 'users'], 'the view is not restored (seed 002)');
  const definition = async (conn: Conn) => (await rows(conn, 'SHOW CREATE MATERIALIZED VIEW shop.mv_orders'))[0]!['Create Materialized View'];
  assert.equal(await definition(dst), await definition(src));
  // Each restored partition holds the source's data at the backed-up version: it takes the source's
  // (version, epoch) pair, so a sync compares it as in sync; a load here then starts a new epoch.
  const lineage = async (conn: Conn) => rows(conn, "SELECT PARTITION_NAME, VISIBLE_VERSION, VERSION_EPOCH FROM information_schema.partitions_meta WHERE DB_NAME = 'shop' AND TABLE_NAME = 'orders' ORDER BY PARTITION_NAME");
  const restoredLineage = await lineage(dst);
  assert.deepEqual(restoredLineage, await lineage(src));
  const txnTypes = await rows(dst, "SELECT DISTINCT VERSION_TXN_TYPE AS t FROM information_schema.partitions_meta WHERE DB_NAME = 'shop'");
  assert.deepEqual(txnTypes, [{ t: 'TXN_REPLICATION' }]);
  // The restored table is an ordinary table again: it takes loads.
  await loadRows(dst, 'shop', 'orders', 500, 1);
  assert.equal((await rows(dst, 'SELECT COUNT(*) AS n FROM shop.orders'))[0]!.n, String(2 * 70 + 2));
  const loaded = await lineage(dst);
  assert.ok(loaded.every((p, i) => p.VERSION_EPOCH !== restoredLineage[i]!.VERSION_EPOCH), 'a load after the restore starts a new epoch');
});

test('partition level: an existing table with the same schema gets the backed-up partition (and its version); its other partitions stay', async () => {
  await loadRows(src, 'shop', 'orders', 200, 10);
  await loadRows(src, 'shop', 'orders', 300, 10);
  await src.query('BACKUP SNAPSHOT shop.snap_p2 TO repo ON (orders PARTITION (p2))');
  await finishedJob(src, 'BACKUP', 'shop');
  const before = await partitionVersions(dst, 'shop', 'orders');
  const p1Rows = (await tableRows(dst, 'shop', 'orders')).filter((r) => Number(r.id) < 1_000_000);
  const timestamp = await snapshotTimestamp(dst, 'repo', 'snap_p2');
  const details = JSON.parse(String((await rows(dst, `SHOW SNAPSHOT ON repo WHERE SNAPSHOT = "snap_p2" AND TIMESTAMP = "${timestamp}"`))[0]!.Details));
  assert.deepEqual(Object.keys(details.backup_objects.orders.partitions), ['p2']);

  await dst.query(`RESTORE SNAPSHOT shop.snap_p2 FROM repo ON (orders PARTITION (p2)) PROPERTIES ("backup_timestamp" = "${timestamp}", "replication_num" = "2")`);
  await finishedJob(dst, 'RESTORE', 'shop');
  const after = await partitionVersions(dst, 'shop', 'orders');
  const sourceVersions = await partitionVersions(src, 'shop', 'orders');
  assert.deepEqual(after.p2, sourceVersions.p2, 'p2 takes the backed-up visible version and rows');
  const epoch = async (conn: Conn) => (await rows(conn, "SELECT VERSION_EPOCH FROM information_schema.partitions_meta WHERE DB_NAME = 'shop' AND TABLE_NAME = 'orders' AND PARTITION_NAME = 'p2'"))[0]!.VERSION_EPOCH;
  assert.equal(await epoch(dst), await epoch(src));
  assert.deepEqual(after.p1, before.p1, 'p1 is untouched');
  const restored = await tableRows(dst, 'shop', 'orders');
  assert.deepEqual(restored.filter((r) => Number(r.id) >= 1_000_000), (await tableRows(src, 'shop', 'orders')).filter((r) => Number(r.id) >= 1_000_000));
  assert.deepEqual(restored.filter((r) => Number(r.id) < 1_000_000), p1Rows);
});

test('table level with AS: a new table under another name, one replica; the original stays as it was', async () => {
  await src.query('BACKUP SNAPSHOT shop.snap_users TO repo ON (users)');
  await finishedJob(src, 'BACKUP', 'shop');
  const timestamp = await snapshotTimestamp(dst, 'repo', 'snap_users');
  await dst.query("INSERT INTO shop.users VALUES (9, 'target only')");
  const users = await tableRows(dst, 'shop', 'users');
  await dst.query(`RESTORE SNAPSHOT \`shop\`.\`snap_users\` FROM \`repo\` ON (\`users\` AS \`users_copy\`) PROPERTIES ("backup_timestamp" = "${timestamp}", "replication_num" = "1")`);
  const job = await finishedJob(dst, 'RESTORE', 'shop');
  assert.deepEqual(JSON.parse(String(job.RestoreObjs)).tables, { 'users AS users_copy': ['users'] });
  assert.deepEqual(await tableRows(dst, 'shop', 'users_copy'), await tableRows(src, 'shop', 'users'));
  assert.deepEqual(await tableRows(dst, 'shop', 'users'), users);
  assert.equal((await rows(dst, 'SHOW TABLET FROM shop.users_copy')).length, 3, 'one replica per tablet');
  assert.deepEqual(Object.keys(await partitionVersions(dst, 'shop', 'users_copy')), ['users_copy'], 'the one partition is named after the table');
});

test('a same-named table with another schema makes the restore fail with StarRocks\' message; nothing changes', async () => {
  await dst.query('CREATE TABLE shop.clash (id BIGINT NOT NULL, name VARCHAR(32), extra INT) PRIMARY KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 3 PROPERTIES ("replication_num" = "1")');
  await dst.query("INSERT INTO shop.clash VALUES (1, 'kept', 7)");
  const tabletsBefore = target.backends.reduce((n, be) => n + be!.store.tabletIds().length, 0);
  const timestamp = await snapshotTimestamp(dst, 'repo', 'snap_users');
  await dst.query(`RESTORE SNAPSHOT shop.snap_users FROM repo ON (users AS clash) PROPERTIES ("backup_timestamp" = "${timestamp}", "replication_num" = "1")`);
  const job = await waitForJob(dst, 'RESTORE', 'shop');
  assert.equal(job.State, 'CANCELLED');
  assert.match(String(job.Status), /^\[COMMON_ERROR, msg: Table clash already exist but with different schema/);
  assert.deepEqual(await tableRows(dst, 'shop', 'clash'), [{ id: '1', name: 'kept', extra: 7 }]);
  assert.equal(target.backends.reduce((n, be) => n + be!.store.tabletIds().length, 0), tabletsBefore, 'no tablet is left behind');
});

// StarRocks: fe/fe-core/src/main/java/com/starrocks/backup/BackupHandler.java and backup/RestoreJob.java
// refuse tables that have temporary partitions.
test('a table with temporary partitions is neither backed up nor restored into; nothing changes', async () => {
  await src.query("ALTER TABLE shop.orders ADD TEMPORARY PARTITION tp1 VALUES LESS THAN ('2024-07-01')");
  try {
    const refused = /^Do not support backup table orders with temp partitions$/;
    await expectSqlError(src.query('BACKUP SNAPSHOT shop.snap_temp TO repo ON (orders)'), 5064, '42000', refused);
    await expectSqlError(src.query('BACKUP SNAPSHOT shop.snap_temp TO repo'), 5064, '42000', refused);
    assert.ok(!(await rows(src, 'SHOW SNAPSHOT ON repo')).some((r) => r.Snapshot === 'snap_temp'));
  } finally {
    await src.query('ALTER TABLE shop.orders DROP TEMPORARY PARTITION tp1');
  }
  await dst.query("ALTER TABLE shop.orders ADD TEMPORARY PARTITION tp1 VALUES LESS THAN ('2024-07-01')");
  try {
    const before = await partitionVersions(dst, 'shop', 'orders');
    await dst.query(`RESTORE SNAPSHOT shop.snap_p2 FROM repo ON (orders PARTITION (p2)) PROPERTIES ("backup_timestamp" = "${await snapshotTimestamp(dst, 'repo', 'snap_p2')}")`);
    const job = await waitForJob(dst, 'RESTORE', 'shop');
    assert.equal(job.State, 'CANCELLED');
    assert.equal(job.Status, '[COMMON_ERROR, msg: Do not support restoring table with temp partitions]');
    assert.deepEqual(await partitionVersions(dst, 'shop', 'orders'), before);
  } finally {
    await dst.query('ALTER TABLE shop.orders DROP TEMPORARY PARTITION tp1');
  }
});

test('one backup or restore per database at a time; a snapshot name is used once; bad statements are refused and change nothing', async () => {
  const hold = source.fe.backupRestore.holdAt('BACKUP', 'UPLOADING');
  await src.query('BACKUP SNAPSHOT shop.snap_busy TO repo ON (users)');
  await hold.reached;
  const busy = /^Can only run one backup or restore job of a database at same time$/;
  await expectSqlError(src.query('BACKUP SNAPSHOT shop.snap_other TO repo'), 5064, '42000', busy);
  await expectSqlError(src.query(`RESTORE SNAPSHOT shop.snap_users FROM repo PROPERTIES ("backup_timestamp" = "${await snapshotTimestamp(src, 'repo', 'snap_users')}")`), 5064, '42000', busy);
  hold.release();
  await finishedJob(src, 'BACKUP', 'shop');

  await expectSqlError(src.query('BACKUP SNAPSHOT shop.snap_db TO repo ON (users)'), 5064, '42000', /^Snapshot with name 'snap_db' already exist in repository$/);
  await expectSqlError(src.query('BACKUP SNAPSHOT shop.s1 TO nowhere'), 5064, '42000', /^Repository nowhere does not exist$/);
  await expectSqlError(src.query('BACKUP SNAPSHOT nodb.s1 TO repo'), 1049, '42000', /Unknown database 'nodb'/);
  await expectSqlError(src.query('BACKUP SNAPSHOT shop.s1 TO repo ON (nosuch)'), 1051, '42S02', /Unknown table 'nosuch'/);
  await expectSqlError(src.query('BACKUP SNAPSHOT shop.s1 TO repo ON (v_orders)'), 5000, 'HY000', /Table 'v_orders' is not a OLAP table/);
  await expectSqlError(src.query('BACKUP SNAPSHOT shop.s1 TO repo ON (orders PARTITION (p9))'), 5064, '42000', /Unknown partition p9 in table orders/);
  await expectSqlError(src.query('BACKUP SNAPSHOT shop.s1 TO repo PROPERTIES ("type" = "incremental")'), 5064, '42000', /does not support incremental backup/);
  await expectSqlError(src.query('BACKUP SNAPSHOT shop.s1 TO repo PROPERTIES ("timeout" = "soon")'), 5064, '42000', /Invalid timeout format: soon/);
  await expectSqlError(src.query('BACKUP SNAPSHOT shop.s1 TO repo PROPERTIES ("colour" = "red")'), 5064, '42000', /Unknown backup job properties: \[colour\]/);
  await expectSqlError(dst.query('BACKUP SNAPSHOT shop.s1 TO repo'), 5064, '42000', /Repository repo is read only/);
  await expectSqlError(dst.query('RESTORE SNAPSHOT shop.snap_users FROM repo'), 5064, '42000', /Missing backup_timestamp property/);
  await expectSqlError(dst.query('RESTORE SNAPSHOT shop.snap_users FROM repo PROPERTIES ("backup_timestamp" = "2020-01-01-00-00-00-000")'), 5064, '42000', /^Failed to get info of snapshot 'snap_users' because: .*Maybe specified wrong backup timestamp$/);
  const timestamp = await snapshotTimestamp(dst, 'repo', 'snap_users');
  await expectSqlError(dst.query(`RESTORE SNAPSHOT shop.snap_users FROM repo ON (orders) PROPERTIES ("backup_timestamp" = "${timestamp}")`), 5064, '42000', /^Table orders does not exist in snapshot snap_users$/);
  await expectSqlError(dst.query(`RESTORE SNAPSHOT shop.snap_p2 FROM repo ON (orders PARTITION (p1)) PROPERTIES ("backup_timestamp" = "${await snapshotTimestamp(dst, 'repo', 'snap_p2')}")`), 5064, '42000', /^Partition p1 of table orders does not exist in snapshot snap_p2$/);
  await expectSqlError(dst.query(`RESTORE SNAPSHOT nodb.snap_users FROM repo PROPERTIES ("backup_timestamp" = "${timestamp}")`), 1049, '42000', /Unknown database 'nodb'/);
  await expectSqlError(dst.query(`RESTORE SNAPSHOT shop.snap_users FROM repo PROPERTIES ("backup_timestamp" = "${timestamp}", "replication_num" = "zero")`), 5064, '42000', /Invalid replication num format: zero/);
  await expectSqlError(dst.query('CANCEL BACKUP FROM shop'), 5064, '42000', /^No backup job is currently running$/);
  await expectSqlError(dst.query('CANCEL RESTORE FROM shop'), 5064, '42000', /can not be cancelled. state: CANCELLED/);
  // Nothing was submitted by any of them.
  assert.equal((await rows(src, 'SHOW BACKUP FROM shop'))[0]!.SnapshotName, 'snap_busy');
  assert.equal((await rows(dst, 'SHOW RESTORE FROM shop'))[0]!.State, 'CANCELLED');
});
