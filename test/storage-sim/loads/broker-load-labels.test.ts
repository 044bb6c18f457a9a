// Labels shared by INSERT, Stream Load and Broker Load (at most once; reusable only after a
// failure), CANCEL LOAD, and the scheduler's queue: desired_max_waiting_jobs refuses new jobs,
// max_running_txn_num_per_db makes jobs wait in PENDING.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LocalCluster } from '../../../src/storage-sim/cluster/local-cluster.js';
import { brokerClause, count, createTables, showLoad, startLoadSetup, waitForLoad, type Conn } from './broker-load-helpers.js';
import type { S3Server } from '../../helpers/s3-server.js';

async function streamLoad(cluster: LocalCluster, label: string, body: string): Promise<Record<string, unknown>> {
  const answer = await fetch(`http://127.0.0.1:${cluster.fe.httpPort}/api/db/items/_stream_load`, {
    method: 'PUT',
    headers: { authorization: `Basic ${Buffer.from('root:').toString('base64')}`, label, column_separator: ',' },
    body,
  });
  return (await answer.json()) as Record<string, unknown>;
}

function loadItems(conn: Conn, s3: S3Server, label: string): Promise<unknown> {
  return conn.query(`LOAD LABEL db.${label} (DATA INFILE("s3a://load-bucket/items.csv") INTO TABLE items COLUMNS TERMINATED BY ",") ${brokerClause(s3)}`);
}

// StarRocks: fe/fe-core/src/main/java/com/starrocks/load/loadv2/LoadMgr.java checkLabelUsed (a
// label stays taken by every job not CANCELLED; INSERT jobs are load jobs too),
// LoadJobScheduler.java (a label held by another transaction cancels the job as ETL_SUBMIT_FAIL),
// transaction/DatabaseTransactionMgr label checks for INSERT and Stream Load.
test('Labels: one label, one load, across INSERT, Stream Load and Broker Load', async (t) => {
  const setup = await startLoadSetup('broker-load-labels');
  t.after(() => setup.stop());
  const { conn, s3, cluster } = setup;
  await createTables(conn);
  await s3.put('items.csv', Buffer.from('1,apple\n2,pear\n'));

  await conn.query("INSERT INTO db.items WITH LABEL from_insert VALUES (100, 'x')");
  await assert.rejects(loadItems(conn, s3, 'from_insert'), /^Error: Label \[from_insert\] has already been used\.$/);

  assert.equal((await streamLoad(cluster, 'from_stream', '200,y\n')).Status, 'Success');
  await loadItems(conn, s3, 'from_stream');
  const clash = await waitForLoad(conn, 'from_stream', ['FINISHED', 'CANCELLED']);
  assert.equal(clash.State, 'CANCELLED');
  assert.match(String(clash.ErrorMsg), /^type:ETL_SUBMIT_FAIL; msg:Label \[from_stream\] has already been used/);

  await loadItems(conn, s3, 'from_broker');
  assert.equal((await waitForLoad(conn, 'from_broker', ['FINISHED', 'CANCELLED'])).State, 'FINISHED');
  await assert.rejects(loadItems(conn, s3, 'from_broker'), /Label \[from_broker\] has already been used\./);
  await assert.rejects(conn.query("INSERT INTO db.items WITH LABEL from_broker VALUES (300, 'z')"), /Label \[from_broker\] has already been used/);
  const streamAgain = await streamLoad(cluster, 'from_broker', '300,z\n');
  assert.equal(streamAgain.Status, 'Label Already Exists');
  assert.equal(streamAgain.ExistingJobStatus, 'FINISHED');
  assert.equal(await count(conn, 'db.items'), 4, 'each label loaded once: 1 + 1 + 2 rows');
});

// StarRocks: load/loadv2/LoadMgr.java cancelLoadJob ("Load job does not exist", "There is no
// uncompleted job which label is ..."), LoadJob.java cancelJob (USER_CANCEL, "user cancel", the
// transaction aborted), LoadJobScheduler.java isQueueFull (more than desired_max_waiting_jobs
// waiting) and its retry of jobs refused by max_running_txn_num_per_db.
test('CANCEL LOAD, desired_max_waiting_jobs, and jobs waiting for max_running_txn_num_per_db', async (t) => {
  const setup = await startLoadSetup('broker-load-cancel');
  t.after(() => setup.stop());
  const { conn, s3, cluster } = setup;
  await createTables(conn);
  await s3.put('items.csv', Buffer.from('1,apple\n2,pear\n'));

  // A LOADING job, cancelled: nothing visible, its label free again.
  const hold = cluster.fe.brokerLoads.holdLoading();
  await loadItems(conn, s3, 'to_cancel');
  await hold.reached;
  assert.equal((await showLoad(conn, 'to_cancel'))[0]!.State, 'LOADING');
  await conn.query('CANCEL LOAD FROM db WHERE LABEL = "to_cancel"');
  hold.release();
  const cancelled = (await showLoad(conn, 'to_cancel'))[0]!;
  assert.equal(cancelled.State, 'CANCELLED');
  assert.equal(cancelled.ErrorMsg, 'type:USER_CANCEL; msg:user cancel');
  assert.equal(await count(conn, 'db.items'), 0);
  await conn.query("INSERT INTO db.items WITH LABEL to_cancel VALUES (9, 'reused')");
  assert.equal(await count(conn, 'db.items'), 1);

  await loadItems(conn, s3, 'done');
  await waitForLoad(conn, 'done', ['FINISHED']);
  await conn.query('USE db');
  await assert.rejects(conn.query('CANCEL LOAD WHERE LABEL = "done"'), /^Error: There is no uncompleted job which label is done$/);
  await assert.rejects(conn.query('CANCEL LOAD FROM db WHERE LABEL = "never"'), /^Error: Load job does not exist$/);
  await assert.rejects(conn.query('CANCEL LOAD FROM nodb WHERE LABEL = "done"'), /^Error: Db does not exist\. name: nodb$/);

  // No transaction may start: jobs wait in PENDING; past desired_max_waiting_jobs waiting, LOAD is refused.
  await conn.query('ADMIN SET FRONTEND CONFIG ("max_running_txn_num_per_db" = "0")');
  await conn.query('ADMIN SET FRONTEND CONFIG ("desired_max_waiting_jobs" = "1")');
  await loadItems(conn, s3, 'waits_1');
  await loadItems(conn, s3, 'waits_2');
  await assert.rejects(loadItems(conn, s3, 'refused'), /^Error: There are more than 1 load jobs in waiting queue, please retry later\.$/);
  assert.deepEqual(await showLoad(conn, 'refused'), []);
  await new Promise((resolve) => setTimeout(resolve, 1_200)); // scheduler rounds pass; the jobs keep waiting
  assert.deepEqual((await conn.query('SHOW LOAD WHERE STATE = "PENDING"').then(([r]) => r as { Label: string; Progress: string }[])).map((r) => [r.Label, r.Progress]), [
    ['waits_1', 'ETL:0%; LOAD:0%'],
    ['waits_2', 'ETL:0%; LOAD:0%'],
  ]);
  await conn.query('CANCEL LOAD WHERE LABEL = "waits_2"');
  assert.equal((await showLoad(conn, 'waits_2'))[0]!.ErrorMsg, 'type:USER_CANCEL; msg:user cancel');
  await conn.query('ADMIN SET FRONTEND CONFIG ("max_running_txn_num_per_db" = "100")');
  assert.equal((await waitForLoad(conn, 'waits_1', ['FINISHED', 'CANCELLED'])).State, 'FINISHED');
  assert.equal(await count(conn, 'db.items'), 5);
});
