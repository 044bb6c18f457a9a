// cluster-sync pause | resume | resync | status --http | cutover --http as an operator runs them:
// CLI processes against a daemon whose HTTP API listens on every address, the daemon syncing two
// reference clusters over real TCP. Each command's effect is read back from the API itself and
// from the clusters; each refusal gives its sentence and its exit code, and the token is never printed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startCluster, connect, rows, syncSettings } from '../helpers/sim-cluster.js';
import { scratchDir } from '../helpers/scratch.js';
import { writeConf } from '../helpers/config-files.js';
import { eventually } from '../helpers/eventually.js';
import { freePort } from '../helpers/free-port.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { startDaemon } from '../helpers/run-daemon.js';
import { TEST_SECRETS } from '../helpers/test-secrets.js';
import { EXIT_CONFIG, EXIT_FAILURE, EXIT_OK, EXIT_REFUSED } from '../../src/cli/exit-codes.js';

const TOKEN = TEST_SECRETS.httpToken;
const WRONG_TOKEN = 'not-the-daemon-token-1234';
/** A table name holding a dot and a slash: backticks on the command line, one encoded path segment on the wire. */
const ODD = 'daily.v2/eu';

test('pause, resume, resync, status --http and cutover --http steer a running daemon through its HTTP API', async (t) => {
  const source = await startCluster('steer-http-src', { backends: 1 });
  const target = await startCluster('steer-http-dst', { backends: 1 });
  t.after(() => Promise.all([source.stop(), target.stop()]));
  const src = await connect(source);
  const dst = await connect(target);
  t.after(() => Promise.all([src.end(), dst.end()]));
  await src.query('CREATE DATABASE shop');
  for (const name of ['orders', ODD]) {
    await src.query(`CREATE TABLE shop.\`${name}\` (id BIGINT NOT NULL, v VARCHAR(20)) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1 PROPERTIES ("replication_num" = "1")`);
    await src.query(`INSERT INTO shop.\`${name}\` VALUES (1, 'a'), (2, 'b')`);
  }

  const port = await freePort();
  // 0.0.0.0: the commands connect to loopback.
  const daemon = startDaemon(t, 'steer-http-daemon', syncSettings(source, target, { http_port: String(port), http_bind: '0.0.0.0', http_token: TOKEN }));
  const cli = async (...args: string[]): Promise<CliResult> => {
    const result = await runCli([...args, '--conf', daemon.conf]);
    assert.doesNotMatch(result.stdout + result.stderr, new RegExp(TOKEN), 'the token is never printed');
    return result;
  };
  const api = async (path: string) => {
    const response = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    assert.equal(response.status, 200, path);
    return JSON.parse(await response.text());
  };
  const same = async (table: string) => {
    const sql = `SELECT * FROM shop.\`${table}\` ORDER BY id`;
    return JSON.stringify(await rows(dst, sql).catch(() => [])) === JSON.stringify(await rows(src, sql));
  };
  const ok = (result: CliResult, stdout: RegExp) => {
    assert.equal(result.code, EXIT_OK, result.stdout + result.stderr);
    assert.match(result.stdout, stdout);
  };

  await eventually('the daemon has both tables in sync', async () => {
    const status = await api('/api/v1/status').catch(() => undefined);
    return status?.phase === 'in sync' && (await same('orders')) && (await same(ODD));
  });

  const inSync = await cli('status', '--http');
  ok(inSync, new RegExp(`^cluster-sync answers on 127\\.0\\.0\\.1:${port} \\(continuous mode, since \\S+, round \\d+, at \\S+\\)$`, 'm'));
  assert.match(inSync.stdout, /^phase: in sync$/m);
  assert.match(inSync.stdout, /^source FE 127\.0\.0\.1:\d+: connected, StarRocks \d+\.\d+/m);
  assert.match(inSync.stdout, /^Sync job progress: 100\.00%, total: 2, ddlPending: 0, .*finished: 2, /m);
  assert.match(inSync.stdout, /^Sync table progress: finishedTableRatio: 100\.00%/m);
  assert.match(inSync.stdout, /^lag: none \(the target holds every selected source version\)$/m);
  assert.match(inSync.stdout, /^throughput: .*; [\d.]+ (B|KB|MB) replicated since the daemon started$/m);
  assert.match(inSync.stdout, /^initial copy: done$/m);
  assert.match(inSync.stdout, /^replication window: open$/m);
  assert.match(inSync.stdout, /^paused: nothing$/m);

  // Pause the daemon: a new load is held back, and status --http says so with the lag it makes.
  ok(await cli('pause'), /^the daemon paused: no new jobs start for it; running jobs finish$/m);
  assert.equal((await api('/api/v1/status')).steering.pausedAll, true);
  await src.query("INSERT INTO shop.orders VALUES (3, 'c')");
  await eventually('the load is held back', async () => (await api('/api/v1/status')).steering.held.some((h: { object: string }) => h.object === 'shop.orders'));
  const paused = await cli('status', '--http');
  ok(paused, /^phase: paused$/m);
  assert.match(paused.stdout, /^lag: \d+ s \(the oldest source change not on the target yet\), 1 partition\(s\), [\d.]+ (B|KB) behind$/m);
  assert.match(paused.stdout, /^paused: the whole daemon \(no new jobs or DDL; running jobs finish\)$/m);
  assert.match(paused.stdout, /^ {2}held: shop\.orders: paused: the whole daemon is paused$/m);
  assert.equal(await same('orders'), false, 'nothing replicated while paused');
  ok(await cli('resume'), /^the daemon resumed$/m);
  assert.equal((await api('/api/v1/status')).steering.pausedAll, false);
  await eventually('the load is synced once resumed', () => same('orders'));

  // One database, one table; resuming the database lifts the table's pause too.
  ok(await cli('pause', '--database', 'shop'), /^database shop paused: no new jobs start for it; running jobs finish$/m);
  ok(await cli('pause', '--table', 'shop.orders'), /^table shop\.orders paused: /m);
  const steering = (await api('/api/v1/status')).steering;
  assert.deepEqual([steering.pausedDatabases, steering.pausedTables], [['shop'], ['shop.orders']]);
  ok(await cli('resume', '--database', 'shop'), /^database shop resumed$/m);
  assert.deepEqual((await api('/api/v1/status')).steering.pausedTables, []);

  // Resync the table whose name holds a dot and a slash: the row loaded on the target alone goes.
  await dst.query(`INSERT INTO shop.\`${ODD}\` VALUES (99, 'target only')`);
  ok(await cli('resync', `shop.\`${ODD}\``), new RegExp(`^shop\\.${ODD.replace('.', '\\.')} is dropped and copied afresh from the next round`, 'm'));
  await eventually('the table is copied afresh', async () => (await api('/api/v1/status')).steering.resync.length === 0 && (await same(ODD)));

  // Refusals, each with its sentence and exit code, nothing changed (a missing token and the other
  // answers are in daemon-api-client.test.ts).
  const dir = scratchDir('steer-http-confs');
  const confWith = (name: string, extra: Record<string, string>) => writeConf(dir, syncSettings(source, target, { http_port: String(port), ...extra }), name);
  const wrongToken = confWith('wrong-token.properties', { http_bind: '0.0.0.0', http_token: WRONG_TOKEN });
  const apiOff = confWith('api-off.properties', { http_port: '0' });
  const nobody = confWith('nobody.properties', { http_port: String(await freePort()), http_token: TOKEN });
  const [wrong, off, none, unknownTable, badName, interval] = await Promise.all([
    runCli(['pause', '--conf', wrongToken]),
    runCli(['pause', '--conf', apiOff]),
    runCli(['status', '--http', '--conf', nobody]),
    cli('pause', '--table', 'shop.nope'),
    cli('resync', 'shop'),
    cli('cutover', '--http', '--interval', '1'),
  ]);
  const refused = (result: CliResult, code: number, stderr: RegExp) => {
    assert.equal(result.code, code, result.stdout + result.stderr);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, stderr);
  };
  // 401: which key to set; the wrong token itself is not printed either.
  refused(wrong, EXIT_CONFIG, new RegExp(`^pause: the daemon on 127\\.0\\.0\\.1:${port} refused the token: http_token in .*wrong-token\\.properties is wrong; set it to the daemon's http_token$`, 'm'));
  assert.doesNotMatch(wrong.stderr, new RegExp(WRONG_TOKEN));
  refused(off, EXIT_CONFIG, /^pause: the daemon's HTTP API is off \(http_port is 0 in .*api-off\.properties\): set http_port \(and http_token\) there and restart the daemon$/m);
  refused(none, EXIT_FAILURE, /^status: no daemon answers on 127\.0\.0\.1:\d+ \(connection refused\): start it \(bin\/start\.sh\), or, if it runs, check that it was started with http_port=\d+ and http_bind=127\.0\.0\.1 as .*nobody\.properties says/m);
  // The daemon's own sentence (src/daemon/steering.ts), exit code 4.
  refused(unknownTable, EXIT_REFUSED, /^pause: table shop\.nope is not on the source$/m);
  // Bad command lines, refused before any call.
  refused(badName, EXIT_CONFIG, /"shop" names no table; expected one table as db\.table/);
  refused(interval, EXIT_CONFIG, /^cutover: --interval: not with --http; the daemon checks every 5 s$/m);
  assert.deepEqual((await api('/api/v1/status')).steering, { pausedAll: false, pausedDatabases: [], pausedTables: [], resync: [], held: [] }, 'no refusal changed anything');

  // Cutover through the daemon: followed until verified; the daemon pauses itself before re-enabling.
  await eventually('in sync again', async () => (await api('/api/v1/status')).phase === 'in sync');
  const cutover = await cli('cutover', '--http', '--timeout', '60');
  ok(cutover, new RegExp(`^Cutover started by the daemon on 127\\.0\\.0\\.1:${port} at \\S+; following it \\(a look every 2 s\\)$`, 'm'));
  assert.match(cutover.stdout, /^Waiting for the target to be in sync \(a check every 5 s, for at most 60 s\)$/m);
  assert.match(cutover.stdout, /^In sync: 2 table\(s\), nothing left to create or replicate$/m);
  assert.match(cutover.stdout, /^the daemon is paused, so that it does not switch off again what cutover turns on$/m);
  assert.match(cutover.stdout, /^ {2}shop\.orders: 3 row\(s\); versions /m);
  assert.match(cutover.stdout, /^Cutover done/m);
  assert.equal((await api('/api/v1/status')).phase, 'paused');
});
