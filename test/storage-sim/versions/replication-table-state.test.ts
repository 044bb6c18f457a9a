// A replication request for a table that is not NORMAL (here: a RESTORE is writing it), by
// release. From 3.3 ReplicationMgr refuses it first, "Table <name> state is not NORMAL: <state>";
// older releases build the job from the request before anything else, so the request's own
// problem is what they answer (the engine then still refuses a restoring table, in its own words).
// StarRocks: fe/fe-core/src/main/java/com/starrocks/replication/ReplicationMgr.java (addReplicationJob)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rows } from '../../helpers/sim-cluster.js';
import { startS3Server } from '../../helpers/s3-server.js';
import { createRepository, finishedJob, snapshotTimestamp, waitForJob } from '../backup/backup-helpers.js';
import { TStatusCode } from '../../../src/protocol/replication-types.js';
import { replicationRequest, sendReplication, sourceBackends, startRelease, tableLayout } from './release-helpers.js';

const EXPECTED = {
  '3.2.3': 'No data need to replicate',
  '3.3': 'Table t state is not NORMAL: RESTORE',
  '4.0': 'Table t state is not NORMAL: RESTORE',
} as const;

for (const version of ['3.2.3', '3.3', '4.0'] as const) {
  test(`${version}: replicating into a table a RESTORE is writing is refused with: ${EXPECTED[version]}`, async (t) => {
    const s3 = await startS3Server(`table-state-${version}`);
    const { cluster, conn, stop } = await startRelease('table-state', version);
    t.after(async () => {
      await stop();
      await s3.stop();
    });
    await createRepository(conn, s3, 'repo');
    await conn.query('CREATE DATABASE db');
    await conn.query('CREATE TABLE db.t (k INT NOT NULL, v INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES ("replication_num" = "1")');
    await conn.query('INSERT INTO db.t VALUES (1, 1), (2, 2)');
    await conn.query('BACKUP SNAPSHOT db.snap TO repo ON (t)');
    await finishedJob(conn, 'BACKUP', 'db');
    const timestamp = await snapshotTimestamp(conn, 'repo', 'snap');

    const hold = cluster.fe.backupRestore.holdAt('RESTORE', 'DOWNLOADING');
    await conn.query(`RESTORE SNAPSHOT db.snap FROM repo ON (t) PROPERTIES ("backup_timestamp" = "${timestamp}", "replication_num" = "1")`);
    await hold.reached;
    const layout = await tableLayout(conn, 'db', 't');
    assert.equal((await rows(conn, `SHOW PROC '/dbs/${layout.dbId}'`)).find((r) => r.TableName === 't')!.State, 'RESTORE');
    // A request with nothing to replicate: the table's own versions as the source's.
    const backends = await sourceBackends(conn);
    const request = replicationRequest({ source: layout, target: layout, token: cluster.fe.token, jobId: `table-state-${version}`, replicas: (ids) => ids.map((id) => backends.get(id)!) });
    const response = await sendReplication(cluster, request);
    assert.deepEqual(response.status, { status_code: TStatusCode.RUNTIME_ERROR, error_msgs: [EXPECTED[version]] });

    await conn.query('CANCEL RESTORE FROM db');
    hold.release();
    await waitForJob(conn, 'RESTORE', 'db', ['CANCELLED']);
  });
}
