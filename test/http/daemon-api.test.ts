// The HTTP API of a running daemon, through real HTTP against a daemon syncing two reference
// clusters: every endpoint, every kind of bad request, pause and resume (surviving a restart of
// the daemon), the resync of one table while another keeps syncing, and the reload of the files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startCluster, syncSettings, connect, rows } from '../helpers/sim-cluster.js';
import { scratchDir } from '../helpers/scratch.js';
import { eventually } from '../helpers/eventually.js';
import { propertiesWith } from '../helpers/config-files.js';
import { freePort } from '../helpers/free-port.js';
import { TEST_SECRETS } from '../helpers/test-secrets.js';
import { parseExposition, promtoolCheckMetrics, promtoolMissing, pythonParserMissing, sampleValue } from '../helpers/prometheus-text.js';
import { loadConfig } from '../../src/config/load-config.js';
import { configRereader } from '../../src/config/config-reread.js';
import { createLogging } from '../../src/log/logger.js';
import { runDaemon } from '../../src/daemon/daemon.js';
import { RunningConfig } from '../../src/config/running-config.js';

const TOKEN = TEST_SECRETS.httpToken;

test('the HTTP API shows and steers a running daemon', async (t) => {
  const source = await startCluster('api-source');
  const target = await startCluster('api-target');
  t.after(() => Promise.all([source.stop(), target.stop()]));
  const src = await connect(source);
  const dst = await connect(target);
  t.after(() => Promise.all([src.end(), dst.end()]));
  await src.query('CREATE DATABASE shop');
  for (const name of ['orders', 'users']) {
    await src.query(`CREATE TABLE shop.${name} (id BIGINT NOT NULL, v VARCHAR(20)) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 2 PROPERTIES ("replication_num" = "1")`);
    await src.query(`INSERT INTO shop.${name} VALUES (1, 'a'), (2, 'b')`);
  }

  const dir = scratchDir('daemon-api');
  const files = { conf: join(dir, 'sync.properties'), hosts: join(dir, 'hosts.properties') };
  const port = await freePort();
  writeFileSync(files.conf, propertiesWith(syncSettings(source, target, { http_port: String(port), http_token: TOKEN })));
  writeFileSync(files.hosts, '');
  const logDir = join(dir, 'log');
  const logging = createLogging({ dir: logDir, console: false });
  /** Runs the daemon until the returned stop is called (a restart is a stop and a new start on the same log directory). */
  const start = () => {
    const stop = new AbortController();
    // The command line's own re-read, as `cluster-sync start` runs it.
    const running = new RunningConfig(loadConfig(files).config, configRereader(() => loadConfig(files), logging.logger, () => undefined));
    const done = runDaemon(running, logging.logger, { oneTime: false, signal: stop.signal, logDir });
    return async () => {
      stop.abort();
      return done;
    };
  };
  let stop = start();
  t.after(async () => {
    await stop();
    logging.close();
  });

  const base = `http://127.0.0.1:${port}`;
  const call = async (method: string, path: string, body?: string, token: string | null = TOKEN) => {
    const send = () => fetch(base + path, { method, ...(body !== undefined ? { body } : {}), headers: token === null ? {} : { Authorization: `Bearer ${token}` } });
    // The Python parser and promtool run with spawnSync in this process, which also hosts the API
    // server: while they block the event loop, the server's and the client's keep-alive timers both
    // expire, and the next request may go out on a socket the server is closing. Once more, then.
    const response = await send().catch((error: Error) => (error.message === 'fetch failed' ? send() : Promise.reject(error)));
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) };
  };
  const get = async (path: string) => {
    const reply = await call('GET', path);
    assert.equal(reply.status, 200, `${path}: ${reply.text}`);
    return reply.json();
  };
  const targetRows = async (table: string) => JSON.stringify(await rows(dst, `SELECT * FROM shop.${table} ORDER BY id`).catch(() => []));
  const sourceRows = async (table: string) => JSON.stringify(await rows(src, `SELECT * FROM shop.${table} ORDER BY id`));
  const synced = async (table: string) => (await targetRows(table)) === (await sourceRows(table));

  await eventually('the API answers', async () => (await call('GET', '/api/v1/status').catch(() => ({ status: 0 }))).status === 200);
  await eventually('both tables are synced and the API says so', async () => (await synced('orders')) && (await synced('users')) && (await get('/api/v1/status')).phase === 'in sync');

  // Reads.
  const status = await get('/api/v1/status');
  assert.equal(status.mode, 'continuous');
  assert.equal(status.clusters.source.connected, true);
  assert.match(status.clusters.target.release, /\d+\.\d+/);
  assert.deepEqual(status.lag, { seconds: 0, bytes: 0, partitions: 0 });
  assert.equal(status.jobs.finished, 2);
  assert.ok(status.throughput.bytesReplicated > 0);
  assert.equal(status.initialCopy.done, true);
  assert.equal(status.window.open, true);
  const tables = await get('/api/v1/tables');
  assert.deepEqual(tables.tables.map((x: { db: string; table: string; state: string }) => `${x.db}.${x.table}: ${x.state}`).sort(), ['shop.orders: in sync', 'shop.users: in sync']);
  const orders = await get('/api/v1/tables/shop/orders');
  assert.equal(orders.next, 'nothing');
  assert.ok(orders.bytesTotal > 0 && orders.bytesDone === orders.bytesTotal);
  assert.deepEqual(orders.partitions, []);
  assert.deepEqual((await get('/api/v1/jobs')).jobs, [], 'finished jobs leave the list');
  assert.ok((await get('/api/v1/history')).samples.length > 0);
  assert.match((await get('/api/v1')).paths.join('\n'), /POST \/api\/v1\/tables\/\{db\}\/\{table\}\/resync/);

  // Bad requests: each refused with what was wrong and what was expected, nothing changed.
  const refused = async (reply: Awaited<ReturnType<typeof call>>, status: number, message: RegExp) => {
    assert.equal(reply.status, status, reply.text);
    assert.match(reply.json().error.message, message);
    assert.equal(reply.json().error.status, status);
  };
  const noToken = await call('GET', '/api/v1/status', undefined, null);
  await refused(noToken, 401, /expected the header Authorization: Bearer <http_token>/);
  assert.equal(noToken.headers.get('www-authenticate'), 'Bearer realm="cluster-sync"');
  await refused(await call('GET', '/api/v1/status', undefined, 'wrong-token-0123456789'), 401, /missing or wrong token/);
  await refused(await call('GET', '/metrics', undefined, null), 401, /missing or wrong token/);
  await refused(await call('GET', '/api/v1/nope'), 404, /no such path: \/api\/v1\/nope/);
  await refused(await call('GET', '/api/v1/tables/shop/nope'), 404, /no table shop\.nope in the last plan/);
  const wrongMethod = await call('GET', '/api/v1/pause');
  await refused(wrongMethod, 405, /GET is not allowed on \/api\/v1\/pause; expected POST/);
  assert.equal(wrongMethod.headers.get('allow'), 'POST');
  await refused(await call('DELETE', '/api/v1/status'), 405, /expected GET/);
  await refused(await call('POST', '/api/v1/pause', '{"database": '), 400, /not valid JSON/);
  await refused(await call('POST', '/api/v1/pause', '{"db": "shop"}'), 400, /unknown field "db"; expected no body/);
  await refused(await call('POST', '/api/v1/pause', '{"database": 7}'), 400, /"database" must be a non-empty string/);
  await refused(await call('POST', '/api/v1/pause', '[]'), 400, /must be a JSON object/);
  await refused(await call('POST', '/api/v1/pause', '{"database": "nope"}'), 404, /database nope is not on the source/);
  await refused(await call('POST', '/api/v1/tables/shop/nope/resync'), 404, /table shop\.nope is not on the source/);
  await refused(await call('POST', '/api/v1/tables/shop/orders/resync', '{"now": true}'), 400, /resync takes no body/);
  await refused(await call('GET', '/api/v1/tables/shop/%E0%A4%A'), 400, /not valid percent-encoding/);
  await refused(await call('POST', '/api/v1/pause', 'x'.repeat(70_000)), 413, /larger than 65536 bytes/);
  assert.equal((await get('/api/v1/status')).steering.pausedAll, false, 'no refused request paused anything');

  // Pause: a load waits, the status says paused; it survives a restart; resume syncs the load.
  const paused = await call('POST', '/api/v1/pause');
  assert.equal(paused.status, 200, paused.text);
  assert.equal(paused.json().message, 'the daemon paused: no new jobs start for it; running jobs finish');
  await src.query("INSERT INTO shop.orders VALUES (3, 'c')");
  await eventually('the status shows the load held back', async () => {
    const s = await get('/api/v1/status');
    return s.phase === 'paused' && s.lag.partitions > 0 && s.steering.held.some((h: { object: string }) => h.object === 'shop.orders');
  });
  assert.equal((await get('/api/v1/tables/shop/orders')).state, 'paused');
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  assert.equal(await synced('orders'), false, 'nothing was replicated while paused');
  await stop();
  stop = start();
  await eventually('the restarted daemon answers, still paused', async () => {
    const reply = await call('GET', '/api/v1/status').catch(() => undefined);
    return reply?.status === 200 && reply.json().phase === 'paused';
  });
  assert.equal(await synced('orders'), false);
  const resumed = await call('POST', '/api/v1/resume');
  assert.equal(resumed.json().message, 'the daemon resumed');
  await eventually('the load is synced once resumed', () => synced('orders'));

  // Pause one table: the other keeps syncing.
  assert.equal((await call('POST', '/api/v1/pause', JSON.stringify({ database: 'shop', table: 'users' }))).status, 200);
  await src.query("INSERT INTO shop.users VALUES (3, 'c')");
  await src.query("INSERT INTO shop.orders VALUES (4, 'd')");
  await eventually('orders keeps syncing while users is paused', () => synced('orders'));
  assert.equal(await synced('users'), false);
  assert.equal((await call('POST', '/api/v1/resume', JSON.stringify({ database: 'shop', table: 'users' }))).json().message, 'table shop.users resumed');
  await eventually('users is synced once resumed', () => synced('users'));

  // Resync one table: dropped and copied afresh (rows loaded on the target only are gone), while orders keeps syncing.
  await dst.query("INSERT INTO shop.users VALUES (99, 'target only')");
  const resync = await call('POST', '/api/v1/tables/shop/users/resync');
  assert.equal(resync.status, 200, resync.text);
  await src.query("INSERT INTO shop.orders VALUES (5, 'e')");
  await eventually('users is copied afresh and orders kept syncing', async () => (await synced('users')) && (await synced('orders')));
  await eventually('the resync is done', async () => (await get('/api/v1/status')).steering.resync.length === 0);

  // Reload: an edit applied now, and a bad one refused with the running configuration kept.
  writeFileSync(files.conf, propertiesWith(syncSettings(source, target, { http_port: String(port), http_token: TOKEN, report_interval_seconds: '77' })));
  const reload = await call('POST', '/api/v1/reload');
  assert.equal(reload.status, 200, reload.text);
  assert.deepEqual(reload.json().applied, ['report_interval_seconds']);
  writeFileSync(files.conf, propertiesWith(syncSettings(source, target, { http_port: String(port), http_token: TOKEN, report_interval_seconds: 'soon' })));
  await refused(await call('POST', '/api/v1/reload'), 422, /the edited configuration is refused, the running one stays: .*report_interval_seconds/);

  // Metrics: read by the reference parser and linted by promtool, their values are what the daemon did.
  await eventually('in sync again', async () => (await get('/api/v1/status')).phase === 'in sync');
  const metrics = await call('GET', '/metrics');
  assert.equal(metrics.status, 200);
  assert.match(metrics.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  const shown = await get('/api/v1/status');
  if (!pythonParserMissing()) {
    const samples = parseExposition(metrics.text);
    const value = (name: string, labels: Record<string, string> = {}) => sampleValue(samples, name, labels);
    assert.equal(value('cluster_sync_phase', { phase: 'in sync' }), 1);
    assert.equal(value('cluster_sync_phase', { phase: 'paused' }), 0);
    assert.equal(value('cluster_sync_jobs_finished_total'), shown.jobs.finished, 'finished jobs as /status counts them');
    assert.equal(value('cluster_sync_replicated_bytes_total'), shown.throughput.bytesReplicated);
    assert.equal(value('cluster_sync_job_duration_seconds_count'), shown.jobs.finished, 'one duration per finished job');
    assert.equal(value('cluster_sync_lag_seconds'), 0);
    assert.equal(value('cluster_sync_lag_bytes'), 0);
    assert.equal(value('cluster_sync_jobs', { state: 'running' }), 0);
    assert.equal(value('cluster_sync_job_bytes', { state: 'pending' }), 0, 'nothing left to copy');
    assert.equal(value('cluster_sync_paused'), 0);
    assert.equal(value('cluster_sync_cluster_up', { cluster: 'target' }), 1);
    assert.ok(value('cluster_sync_meta_rounds_total')! >= shown.round - 1);
    assert.ok(value('cluster_sync_sql_statements_total', { cluster: 'source' })! > 0);
    assert.ok(value('cluster_sync_sql_statements_total', { cluster: 'target' })! > 0);
    assert.ok(value('cluster_sync_step_duration_seconds_count', { step: 'meta' })! > 0);
    assert.ok(value('cluster_sync_target_disk_used_ratio')! >= 0);
    assert.ok(value('process_resident_memory_bytes')! > 0, 'process metrics');
  } else t.diagnostic(`metric values not parsed: ${pythonParserMissing()}`);
  if (!promtoolMissing()) assert.deepEqual(promtoolCheckMetrics(metrics.text), { status: 0, output: '' }, 'promtool finds nothing to say against the metrics');
  else t.diagnostic(`metrics not linted: ${promtoolMissing()}`);

  // The page.
  const page = await call('GET', '/');
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
});
