// What MySQL clients and drivers send around their queries (SET NAMES, autocommit, @@variables,
// USE, ping, quit), answered over real TCP by the reference FE as StarRocks answers them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import mysql from 'mysql2/promise';
import { startCluster, connect, rows } from '../../helpers/sim-cluster.js';
import { expectSqlError } from './engine-helpers.js';

test('session statements of real clients', async (t) => {
  const cluster = await startCluster('engine-session', { rootPassword: 'root-pw' });
  t.after(() => cluster.stop());
  const conn = await connect(cluster);
  t.after(() => conn.end());
  await conn.query('CREATE DATABASE shop');

  await t.test('SET NAMES utf8mb4 and SET autocommit=1 are accepted', async () => {
    await conn.query('SET NAMES utf8mb4');
    await conn.query('SET NAMES utf8mb4 COLLATE utf8mb4_general_ci');
    await conn.query('SET autocommit=1');
    assert.deepEqual(await rows(conn, 'SELECT @@autocommit AS a'), [{ a: '1' }]);
  });

  await t.test("SELECT @@version_comment LIMIT 1 (the mysql client's banner) answers <version>-<commit>", async () => {
    // StarRocks: fe/fe-core/src/main/java/com/starrocks/qe/GlobalVariable.java (versionComment)
    const [result, fields] = await conn.query('SELECT @@version_comment LIMIT 1');
    assert.equal(fields?.[0]?.name, '@@version_comment');
    const value = (result as Record<string, unknown>[])[0]?.['@@version_comment'];
    assert.match(String(value), /^\d+\.\d+\.\d+-[0-9a-f]{7}$/);
  });

  await t.test('SET GLOBAL changes what SHOW GLOBAL VARIABLES LIKE shows, for every new session', async () => {
    assert.deepEqual(await rows(conn, "SHOW GLOBAL VARIABLES LIKE 'query_timeout'"), [{ Variable_name: 'query_timeout', Value: '300' }]);
    await conn.query('SET GLOBAL query_timeout = 600');
    assert.deepEqual(await rows(conn, "SHOW GLOBAL VARIABLES LIKE 'query_timeout'"), [{ Variable_name: 'query_timeout', Value: '600' }]);
    const other = await connect(cluster);
    try {
      assert.deepEqual(await rows(other, "SHOW VARIABLES LIKE 'query_timeout'"), [{ Variable_name: 'query_timeout', Value: '600' }]);
      assert.deepEqual(await rows(other, 'SELECT @@global.query_timeout AS g'), [{ g: 600 }]);
    } finally {
      await other.end();
    }
    await conn.query('SET GLOBAL query_timeout = 300');
  });

  await t.test('a session SET stays in its session', async () => {
    await conn.query('SET query_timeout = 42');
    assert.deepEqual(await rows(conn, "SHOW VARIABLES LIKE 'query_timeout'"), [{ Variable_name: 'query_timeout', Value: '42' }]);
    assert.deepEqual(await rows(conn, "SHOW GLOBAL VARIABLES LIKE 'query_timeout'"), [{ Variable_name: 'query_timeout', Value: '300' }]);
    const other = await connect(cluster);
    try {
      assert.deepEqual(await rows(other, 'SELECT @@query_timeout AS v'), [{ v: 300 }]);
    } finally {
      await other.end();
    }
  });

  await t.test("what Connector/J sends when it connects", async () => {
    const [result] = await conn.query(
      '/* mysql-connector-java-8.0.33 */SELECT  @@session.auto_increment_increment AS auto_increment_increment, @@character_set_client AS character_set_client, ' +
        '@@max_allowed_packet AS max_allowed_packet, @@sql_mode AS sql_mode, @@time_zone AS time_zone, @@transaction_isolation AS transaction_isolation, @@wait_timeout AS wait_timeout',
    );
    // Int session variables answer as INT (qe/VariableMgr.java fillValue), the rest as VARCHAR.
    // StarRocks: fe/fe-core/src/main/java/com/starrocks/qe/VariableMgr.java
    assert.deepEqual(result, [{ auto_increment_increment: 1, character_set_client: 'utf8mb4', max_allowed_packet: 33554432, sql_mode: 'ONLY_FULL_GROUP_BY', time_zone: 'UTC', transaction_isolation: 'REPEATABLE-READ', wait_timeout: 28800 }]);
    await conn.query('SET character_set_results = NULL');
    assert.deepEqual(await rows(conn, 'SELECT @@session.transaction_read_only AS ro, @@session.tx_read_only AS ro2'), [{ ro: '0', ro2: '0' }]);
    assert.deepEqual(await rows(conn, 'SELECT 1 AS one FROM DUAL'), [{ one: '1' }]);
  });

  await t.test('SET checks the value against the variable type; one bad value changes nothing', async () => {
    await conn.query('SET autocommit = OFF');
    assert.deepEqual(await rows(conn, 'SELECT @@autocommit AS a'), [{ a: '0' }]);
    await conn.query('SET autocommit = ON');
    assert.deepEqual(await rows(conn, 'SELECT @@autocommit AS a'), [{ a: '1' }]);
    await expectSqlError(conn.query("SET GLOBAL query_timeout = 'abc'"), 1232, '42000', /Incorrect argument type to variable 'query_timeout'/);
    await expectSqlError(conn.query("SET enable_insert_strict = 'maybe'"), 1231, '42000', /can't be set to the value of 'maybe'/);
    const before = await rows(conn, 'SELECT @@query_timeout AS q');
    await expectSqlError(conn.query("SET query_timeout = 77, wait_timeout = 'x'"), 1232, '42000');
    assert.deepEqual(await rows(conn, 'SELECT @@query_timeout AS q'), before);
    assert.notDeepEqual(before, [{ q: '77' }]);
    // Booleans are kept (and shown) as true / false, whichever spelling set them.
    await conn.query('SET enable_insert_strict = 0');
    assert.deepEqual(await rows(conn, "SHOW VARIABLES LIKE 'enable_insert_strict'"), [{ Variable_name: 'enable_insert_strict', Value: 'false' }]);
    await conn.query('SET enable_insert_strict = DEFAULT');
    assert.deepEqual(await rows(conn, "SHOW VARIABLES LIKE 'enable_insert_strict'"), [{ Variable_name: 'enable_insert_strict', Value: 'true' }]);
  });

  await t.test('an unknown variable is refused with 1193', async () => {
    await expectSqlError(conn.query('SET GLOBAL no_such_variable = 1'), 1193, 'HY000', /Unknown system variable 'no_such_variable'/);
  });

  await t.test('USE db and SELECT DATABASE()', async () => {
    assert.deepEqual(await rows(conn, 'SELECT DATABASE() AS d'), [{ d: null }]);
    await conn.query('USE shop');
    assert.deepEqual(await rows(conn, 'SELECT DATABASE() AS d'), [{ d: 'shop' }]);
    // A database named at login (COM_INIT_DB-like, inside the handshake) goes the same way.
    const other = await connect(cluster, { database: 'shop' });
    try {
      assert.deepEqual(await rows(other, 'SELECT DATABASE() AS d'), [{ d: 'shop' }]);
      await expectSqlError(other.query('USE missing_db'), 1049, '42000', /Unknown database 'missing_db'/);
      // A failed USE leaves the current database alone.
      assert.deepEqual(await rows(other, 'SELECT DATABASE() AS d'), [{ d: 'shop' }]);
    } finally {
      await other.end();
    }
  });

  await t.test('ping answers', async () => {
    await conn.ping();
    const started = Date.now();
    for (let i = 0; i < 20; i++) await conn.ping();
    assert.ok(Date.now() - started < 5000);
  });

  await t.test('quit ends the session on the server', async () => {
    const other = await connect(cluster);
    const [[{ id }]] = (await other.query('SELECT CONNECTION_ID() AS id')) as unknown as [[{ id: string }]];
    const listed = async () => (await rows(conn, 'SHOW PROCESSLIST')).map((r) => String(r.Id));
    assert.ok((await listed()).includes(String(id)));
    await other.end(); // COM_QUIT
    for (let i = 0; i < 50 && (await listed()).includes(String(id)); i++) await new Promise((r) => setTimeout(r, 20));
    assert.ok(!(await listed()).includes(String(id)), 'the closed session is gone from SHOW PROCESSLIST');
  });

  await t.test('a wrong password is refused with 1045 (28000)', async () => {
    const attempt = mysql.createConnection({ host: '127.0.0.1', port: cluster.fe.queryPort, user: 'root', password: 'wrong' });
    await expectSqlError(attempt, 1045, '28000', /^Access denied for user 'root' \(using password: YES\)$/);
    const noPassword = mysql.createConnection({ host: '127.0.0.1', port: cluster.fe.queryPort, user: 'root', password: '' });
    await expectSqlError(noPassword, 1045, '28000', /\(using password: NO\)/);
    const unknownUser = mysql.createConnection({ host: '127.0.0.1', port: cluster.fe.queryPort, user: 'nobody', password: 'root-pw' });
    await expectSqlError(unknownUser, 1045, '28000', /Access denied for user 'nobody'/);
  });
});
