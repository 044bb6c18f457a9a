// Broker Load jobs that fail, and LOAD statements refused before a job exists: a job ends
// CANCELLED with StarRocks' reason and nothing of it is visible; a refused statement leaves no job.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rows } from '../../helpers/sim-cluster.js';
import { brokerClause, count, createTables, orderLines, showLoad, startLoadSetup, waitForLoad, type LoadSetup } from './broker-load-helpers.js';

async function setupWithTables(t: { after(fn: () => Promise<void>): void }, name: string): Promise<LoadSetup> {
  const setup = await startLoadSetup(name);
  t.after(() => setup.stop());
  await createTables(setup.conn);
  return setup;
}

// StarRocks: fe/fe-core/src/main/java/com/starrocks/load/loadv2/LoadJob.java checkDataQuality
// (filtered > (filtered + loaded) * max_filter_ratio fails), BrokerLoadJob.java (the job is then
// cancelled as ETL_QUALITY_UNSATISFIED with DataQualityException.QUALITY_FAIL_MSG).
test('Broker Load: bad rows are filtered; over max_filter_ratio the job is cancelled and loads nothing', async (t) => {
  const { conn, s3 } = await setupWithTables(t, 'broker-load-ratio');
  // 8 good rows, 2 bad ones (a non-number id, a day no partition holds): 20% filtered.
  await s3.put('mixed.csv', Buffer.from(orderLines(1, 8) + 'x,2024-01-01,1.00\n99,2030-01-01,1.00\n'));
  const load = (label: string, ratio: string) =>
    conn.query(`LOAD LABEL db.${label} (DATA INFILE("s3a://load-bucket/mixed.csv") INTO TABLE orders COLUMNS TERMINATED BY ",") ${brokerClause(s3)} PROPERTIES ("max_filter_ratio" = "${ratio}")`);

  await load('strict', '0.1');
  const failed = await waitForLoad(conn, 'strict', ['FINISHED', 'CANCELLED']);
  assert.equal(failed.State, 'CANCELLED');
  assert.equal(failed.ErrorMsg, 'type:ETL_QUALITY_UNSATISFIED; msg:quality not good enough to cancel');
  assert.equal(failed.Progress, 'ETL:N/A; LOAD:N/A');
  assert.equal(failed.ScanRows, '10');
  assert.equal(failed.FilteredRows, '2');
  assert.equal(await count(conn, 'db.orders'), 0);

  await load('tolerant', '0.2');
  const passed = await waitForLoad(conn, 'tolerant', ['FINISHED', 'CANCELLED']);
  assert.equal(passed.State, 'FINISHED', String(passed.ErrorMsg));
  assert.equal(passed.FilteredRows, '2');
  assert.equal(passed.SinkRows, '8');
  assert.equal(await count(conn, 'db.orders'), 8);
});

// StarRocks: load/loadv2/BrokerLoadPendingTask.java (listing the files fails the job as
// ETL_RUN_FAIL), load/loadv2/BrokerLoadJob.java (one transaction for every table of the job).
test('Broker Load: a missing object cancels the job; a job over two tables with one bad file loads neither', async (t) => {
  const { conn, s3 } = await setupWithTables(t, 'broker-load-atomic');
  await conn.query(`LOAD LABEL db.missing (DATA INFILE("s3a://load-bucket/nothing-here.csv") INTO TABLE items) ${brokerClause(s3)}`);
  const missing = await waitForLoad(conn, 'missing', ['FINISHED', 'CANCELLED']);
  assert.equal(missing.State, 'CANCELLED');
  assert.match(String(missing.ErrorMsg), /^type:ETL_RUN_FAIL; msg:.*s3a:\/\/load-bucket\/nothing-here\.csv.*not found/);

  // items.csv is good, orders.csv has only bad rows: the whole job fails, items gets nothing either.
  await s3.put('items.csv', Buffer.from('1,apple\n2,pear\n'));
  await s3.put('orders.csv', Buffer.from('a,b,c\nd,e,f\n'));
  await conn.query(`LOAD LABEL db.two_tables (
      DATA INFILE("s3a://load-bucket/items.csv") INTO TABLE items COLUMNS TERMINATED BY ",",
      DATA INFILE("s3a://load-bucket/orders.csv") INTO TABLE orders COLUMNS TERMINATED BY ","
    ) ${brokerClause(s3)}`);
  const twoTables = await waitForLoad(conn, 'two_tables', ['FINISHED', 'CANCELLED']);
  assert.equal(twoTables.State, 'CANCELLED');
  assert.match(String(twoTables.ErrorMsg), /ETL_QUALITY_UNSATISFIED/);
  assert.equal(await count(conn, 'db.items'), 0);
  assert.equal(await count(conn, 'db.orders'), 0);
  const partitions = await rows(conn, 'SHOW PARTITIONS FROM db.items');
  assert.equal(partitions[0]!.VisibleVersion, '1', 'no version was published');
  const [aborted] = await rows(conn, "SHOW PROC '/transactions/db/finished'").then((r) => r.filter((x) => x.Label === 'two_tables'));
  assert.equal(aborted!.TransactionStatus, 'ABORTED');

  // A failed job's label can be used again.
  await s3.put('orders.csv', Buffer.from(orderLines(1, 3)));
  await conn.query(`LOAD LABEL db.two_tables (
      DATA INFILE("s3a://load-bucket/items.csv") INTO TABLE items COLUMNS TERMINATED BY ",",
      DATA INFILE("s3a://load-bucket/orders.csv") INTO TABLE orders COLUMNS TERMINATED BY ","
    ) ${brokerClause(s3)}`);
  assert.equal((await waitForLoad(conn, 'two_tables', ['FINISHED', 'CANCELLED'])).State, 'FINISHED');
  assert.deepEqual([await count(conn, 'db.items'), await count(conn, 'db.orders')], [2, 3]);
  assert.deepEqual((await showLoad(conn, 'two_tables')).map((r) => r.State), ['CANCELLED', 'FINISHED']);
});

// StarRocks: sql/analyzer/LoadStmtAnalyzer.java, sql/ast/LoadStmt.java checkProperties,
// load/BrokerFileGroup.java parse, load/loadv2/LoadMgr.java createLoadJobFromStmt: each refusal's
// message; a refused statement creates no job.
test('LOAD statements with bad input are refused with StarRocks messages and create no job', async (t) => {
  const { conn, s3 } = await setupWithTables(t, 'broker-load-errors');
  const data = (table = 'items', path = 's3a://load-bucket/f.csv') => `(DATA INFILE("${path}") INTO TABLE ${table})`;
  const refusals: [string, RegExp][] = [
    [`LOAD LABEL db.l1 ${data()} PROPERTIES ("timeout" = "60")`, /^Getting syntax error at line 1, column \d+\. Detail message: Unexpected input 'PROPERTIES'/],
    [`LOAD LABEL db.l1 (DATA INFILE("s3a://load-bucket/f.csv") TABLE items) ${brokerClause(s3)}`, /^Getting syntax error at line 1, column \d+\. Detail message: Unexpected input 'TABLE'/],
    [`LOAD LABEL db.l1 ${data('nope')} ${brokerClause(s3)}`, /^Unknown table nope in database db$/],
    [`LOAD LABEL nodb.l1 ${data()} ${brokerClause(s3)}`, /^Database\[nodb\] does not exist$/],
    [`LOAD LABEL db.l1 ${data()} ${brokerClause(s3)} PROPERTIES ("max_filter_ratio" = "2")`, /max_filter_ratio must between 0\.0 and 1\.0\./],
    [`LOAD LABEL db.l1 ${data()} ${brokerClause(s3)} PROPERTIES ("timeout" = "soon")`, /timeout is not a number\./],
    [`LOAD LABEL db.l1 ${data()} ${brokerClause(s3)} PROPERTIES ("colour" = "blue")`, /colour is invalid property/],
    [`LOAD LABEL db.\`bad label!\` ${data()} ${brokerClause(s3)}`, /Incorrect label name 'bad label!'/],
    [`LOAD LABEL db.l1 ${data('items', 'hdfs://nn:8020/f.csv')} ${brokerClause(s3)}`, /Unsupported file path 'hdfs:\/\/nn:8020\/f\.csv'/],
    [`LOAD LABEL db.l1 (DATA INFILE("s3a://load-bucket/f.csv") INTO TABLE items FORMAT AS "xml") ${brokerClause(s3)}`, /File Format Type xml is invalid\./],
    [`LOAD LABEL db.l1 (DATA INFILE("s3a://load-bucket/f.csv") INTO TABLE items (id, colour)) ${brokerClause(s3)}`, /Unknown column 'colour'/],
    [`LOAD LABEL db.l1 ${data()} WITH BROKER ("aws.s3.access_key" = "AK")`, /needs the matching secret key/],
    [`LOAD LABEL l1 ${data()} ${brokerClause(s3)}`, /No database selected/],
  ];
  for (const [i, [sql, expected]] of refusals.entries()) {
    await assert.rejects(conn.query(sql), (error: Error) => {
      // Named by position: the statements carry the test server's secret key.
      assert.match(error.message, expected, `refusal #${i}`);
      return true;
    });
  }
  assert.deepEqual(await rows(conn, 'SHOW LOAD FROM db'), []);
});

// StarRocks: load/loadv2/LoadJob.java getDeadlineMs (created + timeout) and processTimeout
// (a PENDING job: TIMEOUT, "loading timeout to cancel"); a LOADING job's transaction times out
// ("timeout by txn manager", LoadJob.afterAborted).
test('Broker Load: a job past its timeout is cancelled and leaves nothing visible', async (t) => {
  const setup = await setupWithTables(t, 'broker-load-timeout');
  const { conn, s3, cluster } = setup;
  await s3.put('items.csv', Buffer.from('1,apple\n'));
  const hold = cluster.fe.brokerLoads.holdLoading();
  await conn.query(`LOAD LABEL db.slow (DATA INFILE("s3a://load-bucket/items.csv") INTO TABLE items COLUMNS TERMINATED BY ",") ${brokerClause(s3)} PROPERTIES ("timeout" = "1")`);
  await hold.reached;
  assert.equal((await showLoad(conn, 'slow'))[0]!.State, 'LOADING');
  const cancelled = await waitForLoad(conn, 'slow', ['FINISHED', 'CANCELLED'], 10_000);
  hold.release();
  assert.equal(cancelled.State, 'CANCELLED');
  assert.equal(cancelled.ErrorMsg, 'type:LOAD_RUN_FAIL; msg:timeout by txn manager');
  assert.equal(await count(conn, 'db.items'), 0);

  // A job that never began its transaction (no transaction may run) times out in PENDING.
  await conn.query('ADMIN SET FRONTEND CONFIG ("max_running_txn_num_per_db" = "0")');
  await conn.query(`LOAD LABEL db.waiting (DATA INFILE("s3a://load-bucket/items.csv") INTO TABLE items COLUMNS TERMINATED BY ",") ${brokerClause(s3)} PROPERTIES ("timeout" = "1")`);
  assert.equal((await showLoad(conn, 'waiting'))[0]!.State, 'PENDING');
  const expired = await waitForLoad(conn, 'waiting', ['FINISHED', 'CANCELLED'], 10_000);
  assert.equal(expired.ErrorMsg, 'type:TIMEOUT; msg:loading timeout to cancel');
  assert.equal(await count(conn, 'db.items'), 0);
});
