// The write_quorum table property (ONE, MAJORITY by default, ALL): CREATE TABLE and ALTER TABLE
// check it, SHOW CREATE TABLE prints it when it is not MAJORITY, and a load succeeds only when at
// least that many replicas of every tablet wrote it. Replicas that did not are marked with the
// version they missed and are never reported or read as holding it.
// StarRocks: fe/fe-core/src/main/java/com/starrocks/common/util/WriteQuorum.java,
// common/util/PropertyAnalyzer.java (analyzeWriteQuorum), sql/analyzer/AlterTableClauseAnalyzer.java,
// sql/ast/AstToStringBuilder.java (SHOW CREATE TABLE), catalog/PartitionInfo.java (getQuorumNum),
// planner/OlapTableSink.java (createLocation), transaction/OlapTableTxnStateListener.java (preCommit).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type mysql from 'mysql2/promise';
import { startCluster, connect, rows } from '../../helpers/sim-cluster.js';
import { eventually } from '../../helpers/eventually.js';
import { streamLoad } from '../../helpers/stream-load.js';

const table = (name: string, quorum?: string) =>
  `CREATE TABLE db.${name} (k INT, v VARCHAR(16)) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 2
   PROPERTIES ("replication_num" = "3"${quorum ? `, "write_quorum" = "${quorum}"` : ''})`;
const showCreate = async (conn: mysql.Connection, name: string) => String((await rows(conn, `SHOW CREATE TABLE db.${name}`))[0]!['Create Table']);
const count = async (conn: mysql.Connection, name: string) => (await rows(conn, `SELECT COUNT(*) AS n FROM db.${name}`))[0]!.n;
const visible = async (conn: mysql.Connection, name: string) => (await rows(conn, `SHOW PARTITIONS FROM db.${name}`)).map((p) => p.VisibleVersion);
/** BackendId -> the LstFailedVersion of its replicas, from SHOW TABLET. */
const failedVersions = async (conn: mysql.Connection, name: string) => {
  const byBackend = new Map<string, Set<string>>();
  for (const r of await rows(conn, `SHOW TABLET FROM db.${name}`)) byBackend.set(String(r.BackendId), (byBackend.get(String(r.BackendId)) ?? new Set()).add(String(r.LstFailedVersion)));
  return Object.fromEntries([...byBackend].map(([be, versions]) => [be, [...versions].join(',')]));
};

test('write_quorum: CREATE, ALTER and SHOW CREATE TABLE', async (t) => {
  const cluster = await startCluster('write-quorum-ddl', { backends: 3 });
  t.after(() => cluster.stop());
  const conn = await connect(cluster);
  t.after(() => conn.end());
  await conn.query('CREATE DATABASE db');
  await conn.query(table('t_one', 'one'));
  await conn.query(table('t_maj', 'Majority'));
  await conn.query(table('t_all', 'ALL'));
  assert.match(await showCreate(conn, 't_one'), /"write_quorum" = "ONE"/);
  assert.match(await showCreate(conn, 't_all'), /"write_quorum" = "ALL"/);
  assert.doesNotMatch(await showCreate(conn, 't_maj'), /write_quorum/);

  await assert.rejects(conn.query(table('t_bad', 'two')), { message: 'unknown write quorum: two' });
  assert.deepEqual(await rows(conn, "SHOW TABLES FROM db LIKE 't_bad'"), []);
  await assert.rejects(conn.query('ALTER TABLE db.t_maj SET ("write_quorum" = "most")'), { message: 'Property write_quorum not valid' });
  assert.doesNotMatch(await showCreate(conn, 't_maj'), /write_quorum/);

  await conn.query('ALTER TABLE db.t_maj SET ("write_quorum" = "all")');
  assert.match(await showCreate(conn, 't_maj'), /"write_quorum" = "ALL"/);
  await conn.query('ALTER TABLE db.t_maj SET ("write_quorum" = "MAJORITY")');
  assert.doesNotMatch(await showCreate(conn, 't_maj'), /write_quorum/);
});

test('write_quorum with BEs down: ONE loads with two of three down, MAJORITY with one, ALL with none', async (t) => {
  const cluster = await startCluster('write-quorum-down', { backends: 3 });
  t.after(() => cluster.stop());
  const conn = await connect(cluster);
  t.after(() => conn.end());
  await conn.query('CREATE DATABASE db');
  await conn.query(table('t_one', 'ONE'));
  await conn.query(table('t_maj'));
  await conn.query(table('t_all', 'ALL'));
  const backendIds = (await rows(conn, 'SHOW BACKENDS')).map((b) => String(b.BackendId));
  const down = async (index: number) => {
    await cluster.stopBackend(index);
    await eventually(`BE ${backendIds[index]} is seen down`, async () => (await rows(conn, 'SHOW BACKENDS')).find((b) => String(b.BackendId) === backendIds[index])!.Alive === 'false', 10_000);
  };

  await down(2);
  await assert.rejects(conn.query("INSERT INTO db.t_all VALUES (1, 'a'), (2, 'b')"), {
    message: /^Tablet lost replicas\. Check if any backend is down or not\. tablet_id: \d+, backends: 127\.0\.0\.1$/,
  });
  const refused = await streamLoad(cluster, '/api/db/t_all/_stream_load', '1,a\n', { column_separator: ',' });
  assert.equal(refused.Status, 'Fail');
  assert.match(String(refused.Message), /^Tablet lost replicas/);
  assert.equal(await count(conn, 't_all'), '0');
  assert.deepEqual(await visible(conn, 't_all'), ['1']);

  await conn.query("INSERT INTO db.t_maj VALUES (1, 'a'), (2, 'b')");
  await conn.query("INSERT INTO db.t_one VALUES (1, 'a'), (2, 'b')");
  // The stopped BE's replicas missed version 2; the others hold it.
  assert.deepEqual(await failedVersions(conn, 't_maj'), { [backendIds[0]!]: '-1', [backendIds[1]!]: '-1', [backendIds[2]!]: '2' });

  await down(1);
  await assert.rejects(conn.query("INSERT INTO db.t_maj VALUES (3, 'c')"), { message: /^Tablet lost replicas/ });
  assert.equal((await streamLoad(cluster, '/api/db/t_one/_stream_load', '3,c\n4,d\n', { column_separator: ',' })).Status, 'Success');
  assert.deepEqual([await count(conn, 't_one'), await count(conn, 't_maj'), await count(conn, 't_all')], ['4', '2', '0']);
  assert.deepEqual(await visible(conn, 't_one'), ['3']);
  assert.deepEqual(await failedVersions(conn, 't_one'), { [backendIds[0]!]: '-1', [backendIds[1]!]: '3', [backendIds[2]!]: '2' });

  // Back up, the lagging replicas report what they hold, not the partition's version, and queries
  // read the replica that has every version.
  await cluster.restartBackend(1);
  await cluster.restartBackend(2);
  const tableId = (await rows(conn, "SELECT TABLE_ID FROM information_schema.tables_config WHERE TABLE_SCHEMA = 'db' AND TABLE_NAME = 't_one'"))[0]!.TABLE_ID;
  const tabletVersions = await rows(conn, `SELECT BE_ID, MAX_VERSION FROM information_schema.be_tablets WHERE TABLE_ID = ${tableId}`);
  const maxByBackend = Object.fromEntries([...new Set(tabletVersions.map((r) => String(r.BE_ID)))].map((be) => [be, [...new Set(tabletVersions.filter((r) => String(r.BE_ID) === be).map((r) => String(r.MAX_VERSION)))].join(',')]));
  assert.deepEqual(maxByBackend, { [backendIds[0]!]: '3', [backendIds[1]!]: '2', [backendIds[2]!]: '1' });
  assert.deepEqual(await rows(conn, 'SELECT k, v FROM db.t_one ORDER BY k'), [{ k: 1, v: 'a' }, { k: 2, v: 'b' }, { k: 3, v: 'c' }, { k: 4, v: 'd' }]);
  await conn.query("INSERT INTO db.t_maj VALUES (3, 'c')");
  assert.equal(await count(conn, 't_maj'), '3');
  // The engine does not repair (clone) lagging replicas: ALL cannot be met while one lags.
  await conn.query('ALTER TABLE db.t_maj SET ("write_quorum" = "ALL")');
  await assert.rejects(conn.query("INSERT INTO db.t_maj VALUES (4, 'd')"), { message: /^Tablet lost replicas/ });
  assert.equal(await count(conn, 't_maj'), '3');
});

test('write_quorum: a replica that fails while writing fails the load only below the quorum', async (t) => {
  // Heartbeats far apart: the FE still believes the stopped BE alive and sends it the load.
  const cluster = await startCluster('write-quorum-write-failure', { backends: 3, heartbeatIntervalMs: 600_000 });
  t.after(() => cluster.stop());
  const conn = await connect(cluster);
  t.after(() => conn.end());
  await conn.query('CREATE DATABASE db');
  await conn.query(table('t_maj'));
  await conn.query(table('t_all', 'ALL'));
  const backendIds = (await rows(conn, 'SHOW BACKENDS')).map((b) => String(b.BackendId));
  await cluster.stopBackend(0);

  await assert.rejects(
    conn.query("INSERT INTO db.t_all VALUES (1, 'a'), (2, 'b'), (3, 'c')"),
    { message: new RegExp(`^Commit failed\\. txn: \\d+ table: t_all tablet: \\d+ quorum: 2<3 errorReplicas: \\d+:\\{be:${backendIds[0]} 127\\.0\\.0\\.1 V:1 LFV:1\\},$`) },
  );
  assert.equal(await count(conn, 't_all'), '0');
  assert.deepEqual(await visible(conn, 't_all'), ['1']);
  assert.deepEqual((await rows(conn, "SHOW PROC '/transactions/db/finished'")).map((r) => r.TransactionStatus), ['ABORTED']);

  await conn.query("INSERT INTO db.t_maj VALUES (1, 'a'), (2, 'b'), (3, 'c')");
  assert.equal(await count(conn, 't_maj'), '3');
  assert.deepEqual(await failedVersions(conn, 't_maj'), { [backendIds[0]!]: '2', [backendIds[1]!]: '-1', [backendIds[2]!]: '-1' });
});
