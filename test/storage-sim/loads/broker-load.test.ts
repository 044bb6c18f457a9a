// Broker Load from S3 to FINISHED: CSV and JSON files, several files and tables in one job, the
// s3:// and s3a:// forms and the WITH BROKER forms, and what SHOW LOAD shows of a job.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rows } from '../../helpers/sim-cluster.js';
import { brokerClause, count, createTables, orderLines, showLoad, startLoadSetup, waitForLoad } from './broker-load-helpers.js';

// StarRocks: fe/fe-core/src/main/java/com/starrocks/load/loadv2/BrokerLoadJob.java (PENDING ->
// LOADING -> FINISHED, ETL skipped), load/loadv2/LoadJob.java getShowInfo (the row),
// common/proc/LoadProcDir.java (the columns), load/BrokerFileGroup.java (defaults: \t and \n).
test('Broker Load: CSV and JSON files from S3 become visible, and SHOW LOAD describes the job', async (t) => {
  const setup = await startLoadSetup('broker-load');
  t.after(() => setup.stop());
  const { conn, s3 } = setup;
  await createTables(conn);
  await s3.put('in/orders-1.csv', Buffer.from(orderLines(1, 300)));
  await s3.put('in/orders-2.csv', Buffer.from(orderLines(301, 200)));
  await s3.put('in/items.json', Buffer.from(JSON.stringify([{ id: 1, name: 'apple' }, { id: 2, name: 'pear' }])));
  await s3.put('in/items.tsv', Buffer.from('3\tplum\n4\tfig\n'));

  const before = Date.now();
  // Two files by wildcard into one table, a JSON file and a tab-separated file into another: one job.
  await conn.query(`LOAD LABEL db.first_load (
      DATA INFILE("s3a://load-bucket/in/orders-*.csv") INTO TABLE orders COLUMNS TERMINATED BY "," (id, day, amount),
      DATA INFILE("s3://load-bucket/in/items.json") INTO TABLE items FORMAT AS "json",
      DATA INFILE("s3a://load-bucket/in/items.tsv") INTO TABLE items
    ) ${brokerClause(s3)} PROPERTIES ("timeout" = "600", "max_filter_ratio" = "0.1")`);
  assert.ok(Date.now() - before < 5_000, 'LOAD returns once the job is created');

  const job = await waitForLoad(conn, 'first_load', ['FINISHED', 'CANCELLED']);
  assert.equal(job.State, 'FINISHED', String(job.ErrorMsg));
  assert.equal(await count(conn, 'db.orders'), 500);
  assert.deepEqual(await rows(conn, 'SELECT id, name FROM db.items ORDER BY id'), [
    { id: 1, name: 'apple' },
    { id: 2, name: 'pear' },
    { id: 3, name: 'plum' },
    { id: 4, name: 'fig' },
  ]);
  assert.deepEqual(await rows(conn, 'SELECT id, day, amount FROM db.orders WHERE id = 10'), [{ id: '10', day: '2024-02-15', amount: '10.50' }]);

  assert.deepEqual(Object.keys(job), [
    'JobId', 'Label', 'State', 'Progress', 'Type', 'Priority', 'ScanRows', 'FilteredRows', 'UnselectedRows', 'SinkRows', 'EtlInfo', 'TaskInfo',
    'ErrorMsg', 'CreateTime', 'EtlStartTime', 'EtlFinishTime', 'LoadStartTime', 'LoadFinishTime', 'TrackingSQL', 'JobDetails', 'Warehouse',
  ]);
  assert.equal(job.Label, 'first_load');
  assert.equal(job.Progress, 'ETL:100%; LOAD:100%');
  assert.equal(job.Type, 'BROKER');
  assert.equal(job.Priority, 'NORMAL');
  assert.equal(job.ScanRows, '504');
  assert.equal(job.FilteredRows, '0');
  assert.equal(job.SinkRows, '504');
  assert.equal(job.EtlInfo, 'NULL');
  assert.equal(job.TaskInfo, 'resource:N/A; timeout(s):600; max_filter_ratio:0.1');
  assert.equal(job.ErrorMsg, 'NULL');
  assert.match(String(job.CreateTime), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  assert.match(String(job.LoadFinishTime), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  const details = JSON.parse(String(job.JobDetails)) as Record<string, number>;
  assert.equal(details.FileNumber, 4);
  assert.equal(details.ScanRows, 504);
  assert.ok((details.FileSize ?? 0) > 5_000, `FileSize ${details.FileSize}`);
  assert.equal(job.Warehouse, 'default_warehouse');

  // The job's one transaction wrote both tables.
  const txns = await rows(conn, "SHOW PROC '/transactions/db/finished'");
  const loadTxn = txns.filter((r) => r.Label === 'first_load');
  assert.equal(loadTxn.length, 1);
  assert.equal(loadTxn[0]!.TransactionStatus, 'VISIBLE');
  assert.equal(loadTxn[0]!.LoadJobSourceType, 'BATCH_LOAD_JOB');

  // WITH BROKER with a name (the seed's broker-based form) and the timeout default.
  await s3.put('in/more.csv', Buffer.from(orderLines(1000, 5)));
  await conn.query('USE db');
  await conn.query(`LOAD LABEL named_broker (DATA INFILE("s3a://load-bucket/in/more.csv") INTO TABLE orders COLUMNS TERMINATED BY ",") ${brokerClause(s3, 'my_broker')}`);
  const named = await waitForLoad(conn, 'named_broker', ['FINISHED', 'CANCELLED']);
  assert.equal(named.State, 'FINISHED', String(named.ErrorMsg));
  assert.equal(named.TaskInfo, 'resource:N/A; timeout(s):14400; max_filter_ratio:0.0');
  assert.equal(await count(conn, 'db.orders'), 505);

  // SHOW LOAD's filters, order and limit.
  assert.deepEqual((await rows(conn, 'SHOW LOAD')).map((r) => r.Label), ['first_load', 'named_broker']);
  assert.deepEqual((await rows(conn, 'SHOW LOAD FROM db WHERE LABEL LIKE "named"')).map((r) => r.Label), ['named_broker']);
  assert.deepEqual((await rows(conn, 'SHOW LOAD WHERE STATE = "FINISHED" ORDER BY JobId DESC LIMIT 1')).map((r) => r.Label), ['named_broker']);
  assert.deepEqual(await rows(conn, 'SHOW LOAD WHERE LABEL = "first_load" AND STATE = "CANCELLED"'), []);
  assert.deepEqual(await showLoad(conn, 'no_such_label'), []);
  await assert.rejects(conn.query('SHOW LOAD FROM nowhere'), /Unknown database 'nowhere'/);
});
