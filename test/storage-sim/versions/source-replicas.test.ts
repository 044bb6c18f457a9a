// Which source replicas a target replica copies from, by release. Until PR #42772 (2024-03, 3.3)
// target replica i (in the tablet's replica order) takes its snapshot from exactly
// replica_replication_infos[i] and downloads that one, and a list shorter than the target's
// replicas is refused. From 3.3 the list is shared out across the target replicas, each tries its
// share in turn, and every replica downloads from any snapshot that was made (a failed source is
// skipped); no snapshot at all aborts the job.
// StarRocks: fe/fe-core/src/main/java/com/starrocks/replication/ReplicationJob.java (initTabletInfo, sendReplicateSnapshotTasks)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rows } from '../../helpers/sim-cluster.js';
import { TStatusCode, type TBackend } from '../../../src/protocol/replication-types.js';
import { replicationOutcome, replicationRequest, sendReplication, sourceBackends, startRelease, tableLayout, type ReleaseCluster } from './release-helpers.js';

const TABLE = `CREATE TABLE db.t (k BIGINT NOT NULL, v VARCHAR(64)) DUPLICATE KEY(k)
  DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES ("replication_num" = "3")`;

async function insert(conn: ReleaseCluster['conn'], first: number, count: number): Promise<void> {
  await conn.query(`INSERT INTO db.t VALUES ${Array.from({ length: count }, (_, i) => `(${first + i}, 'row-${first + i}')`).join(', ')}`);
}

/** Two clusters of `version` with 3 BEs each, db.t (one tablet, 3 replicas) on both, 100 rows in the source's. */
async function setup(name: string, version: string) {
  const source = await startRelease(`${name}-source`, version, { backends: 3 });
  const target = await startRelease(`${name}-target`, version, { backends: 3 });
  for (const side of [source, target]) {
    await side.conn.query('CREATE DATABASE db');
    await side.conn.query(TABLE);
  }
  await insert(source.conn, 0, 100);
  const backends = await sourceBackends(source.conn);
  let jobs = 0;
  /** Sends a job whose (single) tablet lists the source replicas `pick` chooses from the source tablet's replica backends. */
  const replicate = async (pick: (sourceBackendIds: number[]) => number[]) => {
    const jobId = `${name}-${++jobs}`;
    const request = replicationRequest({
      source: await tableLayout(source.conn, 'db', 't'),
      target: await tableLayout(target.conn, 'db', 't'),
      token: source.cluster.fe.token,
      jobId,
      replicas: (ids) => pick(ids).map((id) => backends.get(id)!),
    });
    return { jobId, response: await sendReplication(target.cluster, request) };
  };
  /** Stops the source BE with this backend id. */
  const stopSourceBackend = async (backendId: number) => {
    const index = source.cluster.backends.findIndex((be) => be?.backendId === backendId);
    await source.cluster.stopBackend(index);
  };
  const stop = async () => {
    await target.stop();
    await source.stop();
  };
  return { source, target, backends, replicate, stopSourceBackend, stop };
}

async function targetState(target: ReleaseCluster) {
  const [{ n }] = (await rows(target.conn, 'SELECT COUNT(*) AS n FROM db.t')) as [{ n: string }];
  const [partition] = await rows(target.conn, 'SHOW PARTITIONS FROM db.t');
  return { rows: Number(n), version: Number(partition!.VisibleVersion) };
}

const port = (backend: TBackend | undefined) => `:${backend!.be_port}`;

for (const version of ['3.1.8', '3.2.3']) {
  test(`${version}: target replica i copies from exactly the i-th listed source replica; a shorter list is refused`, async (t) => {
    const { target, backends, replicate, stopSourceBackend, stop } = await setup(`source-replicas-${version}`, version);
    t.after(stop);
    const targetReplicas = (await tableLayout(target.conn, 'db', 't')).partitions[0]!.tablets[0]!.backendIds;
    assert.equal(targetReplicas.length, 3);

    const shorter = await replicate((ids) => ids.slice(0, 2));
    assert.deepEqual(shorter.response.status, { status_code: TStatusCode.RUNTIME_ERROR, error_msgs: ['Source replica number must not less than target replica number'] });
    assert.deepEqual(await targetState(target), { rows: 0, version: 1 });

    // The list in another order than the source's: the second listed source is down, so the
    // second target replica, and only it, cannot get its snapshot.
    let order: number[] = [];
    let down = 0;
    const failed = await replicate((ids) => {
      order = [ids[2]!, ids[0]!, ids[1]!];
      down = order[1]!;
      return order;
    });
    assert.equal(failed.response.status?.status_code, TStatusCode.OK);
    await stopSourceBackend(down);
    const outcome = await replicationOutcome(target.conn, 'db', failed.jobId);
    assert.equal(outcome.status, 'ABORTED');
    assert.match(outcome.reason, new RegExp(`on backend ${targetReplicas[1]} failed: .*${port(backends.get(down))}\\b`));
    for (const other of [targetReplicas[0], targetReplicas[2]]) assert.doesNotMatch(outcome.reason, new RegExp(`backend ${other}\\b`));
    assert.deepEqual(await targetState(target), { rows: 0, version: 1 });

    // The same live source for every target replica is fine.
    const same = await replicate(() => [order[0]!, order[0]!, order[0]!]);
    assert.equal(same.response.status?.status_code, TStatusCode.OK);
    assert.equal((await replicationOutcome(target.conn, 'db', same.jobId)).status, 'VISIBLE');
    assert.deepEqual(await targetState(target), { rows: 100, version: 2 });
  });
}

for (const version of ['3.3', '4.0']) {
  test(`${version}: the listed source replicas are shared out; a replica whose source fails downloads another's snapshot`, async (t) => {
    const { source, target, replicate, stopSourceBackend, stop } = await setup(`source-replicas-${version}`, version);
    t.after(stop);
    const job = async (jobId: string) => (await rows(target.conn, "SHOW PROC '/replications'")).find((r) => r.JobID === jobId)!;

    // One source for three target replicas: the first makes the only snapshot, all download it.
    const shorter = await replicate((ids) => ids.slice(0, 1));
    assert.equal(shorter.response.status?.status_code, TStatusCode.OK);
    assert.equal((await replicationOutcome(target.conn, 'db', shorter.jobId)).status, 'VISIBLE');
    assert.deepEqual(await targetState(target), { rows: 100, version: 2 });

    // One source BE goes down (a load needs every replica, so the rows come first).
    await insert(source.conn, 100, 50);
    const down = (await tableLayout(source.conn, 'db', 't')).partitions[0]!.tablets[0]!.backendIds[0]!;
    await stopSourceBackend(down);

    // No snapshot at all: only the stopped source listed, or none.
    const none = await replicate(() => [down]);
    assert.deepEqual(await replicationOutcome(target.conn, 'db', none.jobId), { status: 'ABORTED', reason: 'Source snapshots is empty' });
    assert.deepEqual([(await job(none.jobId)).State, (await job(none.jobId)).Error], ['ABORTED', 'Source snapshots is empty']);
    const empty = await replicate(() => []);
    assert.equal(empty.response.status?.status_code, TStatusCode.OK);
    assert.deepEqual(await replicationOutcome(target.conn, 'db', empty.jobId), { status: 'ABORTED', reason: 'Running tasks is empty' });
    assert.deepEqual(await targetState(target), { rows: 100, version: 2 });

    // The second target replica's only source is the stopped one: the job still commits.
    const failed = await replicate((ids) => [ids[2]!, ids[0]!, ids[1]!]);
    assert.equal((await replicationOutcome(target.conn, 'db', failed.jobId)).status, 'VISIBLE');
    assert.deepEqual([(await job(failed.jobId)).State, (await job(failed.jobId)).Error], ['COMMITTED', '']);
    assert.deepEqual(await targetState(target), { rows: 150, version: 3 });
  });
}
