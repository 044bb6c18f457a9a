// How a target FE admits a replication job, by release. Every release counts a job's data as
// src_table_data_size minus the target table's size when the job is made, and refuses when the
// running jobs (not the new one) reach replication_max_parallel_data_size_mb in whole MB, or
// replication_max_parallel_table_count jobs. From 3.3 replication_max_parallel_replica_count
// limits the running replicas too, and a job of a table that is already replicating is refused
// before the request is looked at; older releases build the job first, check the limits, and
// find the running job last. The running job is named by the target table's id.
// StarRocks: fe/fe-core/src/main/java/com/starrocks/replication/ReplicationMgr.java (addReplicationJob, checkParallelismLimits),
// fe/fe-core/src/main/java/com/starrocks/replication/ReplicationJob.java (replicationDataSize)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Connection } from 'mysql2/promise';
import { rows } from '../../helpers/sim-cluster.js';
import { TStatusCode } from '../../../src/protocol/replication-types.js';
import { replicationOutcome, replicationRequest, sendReplication, sourceBackends, startRelease, tableLayout } from './release-helpers.js';

const MB = 1_048_576;

async function createTables(conn: Connection, rowsEach: number): Promise<void> {
  await conn.query('CREATE DATABASE db');
  for (const table of ['t', 'u', 'w']) {
    await conn.query(`CREATE TABLE db.${table} (k BIGINT NOT NULL, v VARCHAR(200)) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES ("replication_num" = "1")`);
    if (rowsEach > 0) await conn.query(`INSERT INTO db.${table} VALUES ${Array.from({ length: rowsEach }, (_, i) => `(${i}, '${'v'.repeat(150)}${i}')`).join(', ')}`);
  }
}

/** The target table's size as its FE knows it: what its replicas hold (one replica each here). */
async function tableBytes(conn: Connection, table: string): Promise<number> {
  const { tableId } = await tableLayout(conn, 'db', table);
  const replicas = await rows(conn, `SELECT DATA_SIZE FROM information_schema.be_tablets WHERE TABLE_ID = ${tableId}`);
  return replicas.reduce((sum, r) => sum + Number(r.DATA_SIZE), 0);
}

async function setConfig(conn: Connection, key: string, value: number): Promise<void> {
  await conn.query(`ADMIN SET FRONTEND CONFIG ("${key}" = "${value}")`);
}

const EXPECTED = {
  '3.2.3': {
    /** The same table again while the data-size limit is reached: the limit is checked first. */
    againAtDataLimit: 'The replicating data size in all running replication jobs 1(MB) exceeds replication_max_parallel_data_size_mb: 1',
    againAtTableLimit: 'The replication jobs exceeds the replication_max_parallel_table_count: 2',
    replicaLimited: false,
  },
  '3.3': { againAtDataLimit: 'already running', againAtTableLimit: 'already running', replicaLimited: true },
  '4.0': { againAtDataLimit: 'already running', againAtTableLimit: 'already running', replicaLimited: true },
} as const;

for (const version of ['3.2.3', '3.3', '4.0'] as const) {
  test(`${version}: replication admission: data size net of the target's, limits, and a running job of the table`, async (t) => {
    const source = await startRelease('admission-source', version);
    const target = await startRelease('admission-target', version);
    t.after(async () => {
      await target.stop();
      await source.stop();
    });
    await createTables(source.conn, 4000);
    // The target's t already holds a row of its own (version 2); the source's t is at version 3,
    // which the job brings.
    await createTables(target.conn, 0);
    await target.conn.query("INSERT INTO db.t VALUES (1, 'target row')");
    await source.conn.query(`INSERT INTO db.t VALUES ${Array.from({ length: 4000 }, (_, i) => `(${4000 + i}, '${'w'.repeat(150)}${i}')`).join(', ')}`);
    // Slow downloads (tens of seconds for these tables) keep the admitted jobs running while the
    // next requests arrive.
    await target.conn.query("UPDATE information_schema.be_configs SET value = '64' WHERE name = 'max_download_speed_kbps'");

    const backends = await sourceBackends(source.conn);
    let jobs = 0;
    const request = async (table: string, srcTableDataSize: number) => {
      const jobId = `admission-${version}-${++jobs}`;
      const response = await sendReplication(
        target.cluster,
        replicationRequest({
          source: await tableLayout(source.conn, 'db', table),
          target: await tableLayout(target.conn, 'db', table),
          token: source.cluster.fe.token,
          jobId,
          replicas: (ids) => ids.map((id) => backends.get(id)!),
          srcTableDataSize,
        }),
      );
      return { jobId, status: response.status };
    };
    const refusal = async (table: string) => (await request(table, 0)).status?.error_msgs?.[0];
    const tableId = async (table: string) => (await tableLayout(target.conn, 'db', table)).tableId;
    const running = `Replication job of table ${await tableId('t')} is already running`;

    const targetT = await tableBytes(target.conn, 't');
    assert.ok(targetT > 0);
    await setConfig(target.conn, 'replication_max_parallel_data_size_mb', 1);
    // Net of the target's bytes, t's job counts 1 MB minus one byte: 0 whole MB.
    const first = await request('t', targetT + MB - 1);
    assert.deepEqual(first.status, { status_code: TStatusCode.OK });
    const second = await request('u', MB);
    assert.deepEqual(second.status, { status_code: TStatusCode.OK }, 'the running jobs hold 0 MB');
    // 2 MB minus one byte running: 1 whole MB, which reaches the limit.
    assert.equal(await refusal('w'), 'The replicating data size in all running replication jobs 1(MB) exceeds replication_max_parallel_data_size_mb: 1');
    assert.equal(await refusal('t'), EXPECTED[version].againAtDataLimit === 'already running' ? running : EXPECTED[version].againAtDataLimit);

    await setConfig(target.conn, 'replication_max_parallel_data_size_mb', 1048576);
    await setConfig(target.conn, 'replication_max_parallel_table_count', 2);
    assert.equal(await refusal('w'), 'The replication jobs exceeds the replication_max_parallel_table_count: 2');
    assert.equal(await refusal('t'), EXPECTED[version].againAtTableLimit === 'already running' ? running : EXPECTED[version].againAtTableLimit);
    await setConfig(target.conn, 'replication_max_parallel_table_count', 100);
    assert.equal(await refusal('t'), running);

    // Two jobs of one replica each are running.
    await setConfig(target.conn, 'replication_max_parallel_replica_count', 2);
    const third = await request('w', 0);
    if (EXPECTED[version].replicaLimited) {
      assert.deepEqual(third.status?.error_msgs, ['The replicating replica count in all running replication jobs 2 exceeds replication_max_parallel_replica_count: 2']);
    } else {
      assert.deepEqual(third.status, { status_code: TStatusCode.OK }, 'no replica limit in this release');
    }
    // The admitted jobs were all still running; at full speed they finish.
    const admitted = [first, second, ...(third.status?.status_code === TStatusCode.OK ? [third] : [])];
    assert.deepEqual((await rows(target.conn, "SHOW PROC '/transactions/db/running'")).map((r) => String(r.Label).split('_').at(-1)), admitted.map((job) => job.jobId));
    await target.conn.query("UPDATE information_schema.be_configs SET value = '0' WHERE name = 'max_download_speed_kbps'");
    for (const job of admitted) assert.equal((await replicationOutcome(target.conn, 'db', job.jobId)).status, 'VISIBLE', job.jobId);
    assert.deepEqual(await rows(target.conn, 'SELECT COUNT(*) AS n FROM db.u'), [{ n: '4000' }]);
  });
}
