// BACKUP on a shared-data cluster: its tables are cloud-native, which BackupHandler does not take as
// OLAP tables, so a BACKUP naming one, or a whole database holding one, is refused with
// ERR_NOT_OLAP_TABLE (5000, HY000) naming the table, and no job is created. (The docs of every
// release here: "Shared-data StarRocks clusters do not support data BACKUP and RESTORE".)
// StarRocks: fe/fe-core/src/main/java/com/starrocks/backup/BackupHandler.java (backup: the table
// check, PR #18118), fe/fe-core/src/main/java/com/starrocks/common/ErrorCode.java (ERR_NOT_OLAP_TABLE).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, rows, startCluster } from '../../helpers/sim-cluster.js';
import { startS3Server } from '../../helpers/s3-server.js';
import { createRepository } from '../backup/backup-helpers.js';

for (const version of ['3.1.8', '4.0'] as const) {
  test(`BACKUP on a shared-data ${version} cluster is refused with "is not a OLAP table" and creates no job`, async (t) => {
    const s3 = await startS3Server(`sd-backup-${version}`, 'backup-bucket', ['starrocks']);
    t.after(() => s3.stop());
    const cluster = await startCluster(`sd-backup-${version}`, { runMode: 'shared_data', objectStore: `${s3.endpoint}/starrocks`, backends: 1, starrocksVersion: version });
    t.after(() => cluster.stop());
    const conn = await connect(cluster);
    t.after(() => conn.end());
    await createRepository(conn, s3, 'repo');
    await conn.query('CREATE DATABASE d');
    await conn.query('CREATE TABLE d.Zeta (k INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1');
    await conn.query('CREATE TABLE d.alpha (k INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1');
    await conn.query('INSERT INTO d.alpha VALUES (1)');

    await assert.rejects(conn.query('BACKUP SNAPSHOT d.s1 TO repo ON (Zeta)'), { errno: 5000, sqlState: 'HY000', message: "Table 'Zeta' is not a OLAP table" });
    // The whole database: every table is named, in case-insensitive order, so alpha comes first.
    await assert.rejects(conn.query('BACKUP SNAPSHOT d.s2 TO repo'), { errno: 5000, sqlState: 'HY000', message: "Table 'alpha' is not a OLAP table" });
    assert.deepEqual(await rows(conn, 'SHOW BACKUP FROM d'), []);
    assert.deepEqual((await s3.list()).filter((o) => o.key.includes('/__ss_')), [], 'no snapshot was written');
  });
}
