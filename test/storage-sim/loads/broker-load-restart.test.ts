// Broker Load jobs across an FE restart: the job records are in the FE's edit log, so a FINISHED
// job stays FINISHED with its data, a PENDING job is scheduled again and runs, and a LOADING job,
// whose loading task died with the FE, ends CANCELLED with nothing of it visible.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from '../../helpers/sim-cluster.js';
import { brokerClause, count, createTables, showLoad, startLoadSetup, waitForLoad } from './broker-load-helpers.js';

// StarRocks: fe/fe-core/src/main/java/com/starrocks/load/loadv2/LoadMgr.java (jobs replayed from
// the journal; prepareJobs submits PENDING jobs again), LoadJob.java replayOnAborted (a job whose
// transaction aborted is CANCELLED as LOAD_RUN_FAIL with the transaction's reason).
test('Broker Load jobs survive an FE restart: FINISHED stays, PENDING runs, LOADING is cancelled', async (t) => {
  const setup = await startLoadSetup('broker-load-restart');
  t.after(() => setup.stop());
  const { s3, cluster } = setup;
  let conn = setup.conn;
  await createTables(conn);
  await s3.put('items.csv', Buffer.from('1,apple\n2,pear\n'));
  await s3.put('orders.csv', Buffer.from('1,2024-05-05,1.00\n'));
  const load = (label: string, file: string, table: string) =>
    conn.query(`LOAD LABEL db.${label} (DATA INFILE("s3a://load-bucket/${file}") INTO TABLE ${table} COLUMNS TERMINATED BY ",") ${brokerClause(s3)}`);

  await load('finished', 'items.csv', 'items');
  const finished = await waitForLoad(conn, 'finished', ['FINISHED']);

  const hold = cluster.fe.brokerLoads.holdLoading();
  await load('loading', 'orders.csv', 'orders');
  await hold.reached;
  await conn.query('ADMIN SET FRONTEND CONFIG ("max_running_txn_num_per_db" = "1")');
  await load('pending', 'orders.csv', 'orders');
  assert.deepEqual(
    (await conn.query('SHOW LOAD FROM db').then(([r]) => r as { Label: string; State: string }[])).map((r) => [r.Label, r.State]),
    [['finished', 'FINISHED'], ['loading', 'LOADING'], ['pending', 'PENDING']],
  );

  await conn.end();
  // Stop and start on the same meta directory and ports, as `sim start` after `sim stop` does.
  await cluster.restartFrontend();
  conn = await connect(cluster);
  setup.conn = conn;

  const after = (await showLoad(conn, 'finished'))[0]!;
  assert.deepEqual([after.JobId, after.State, after.SinkRows, after.LoadFinishTime], [finished.JobId, 'FINISHED', '2', finished.LoadFinishTime]);
  assert.equal(await count(conn, 'db.items'), 2);

  const lost = (await showLoad(conn, 'loading'))[0]!;
  assert.equal(lost.State, 'CANCELLED');
  assert.match(String(lost.ErrorMsg), /^type:LOAD_RUN_FAIL; msg:the FE (stopped|restarted) while the load was running$/);

  // The PENDING job was scheduled again once the LOADING one's transaction was gone.
  const resumed = await waitForLoad(conn, 'pending', ['FINISHED', 'CANCELLED']);
  assert.equal(resumed.State, 'FINISHED', String(resumed.ErrorMsg));
  assert.equal(await count(conn, 'db.orders'), 1, 'only the resumed job loaded orders');
});
