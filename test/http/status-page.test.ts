// The status page in headless Chromium, against a daemon with http_port and http_token syncing
// two reference clusters: it asks for the token (and says when one is refused), keeps it out of
// the URL, shows what GET /api/v1/status and /tables answer, inserts names as text (a table named
// with <b> and quotes stays text), draws its charts, refreshes by itself, and logs no error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HTTPRequest } from 'puppeteer-core';
import { startCluster, syncSettings, connect } from '../helpers/sim-cluster.js';
import { startDaemon } from '../helpers/run-daemon.js';
import { eventually } from '../helpers/eventually.js';
import { freePort } from '../helpers/free-port.js';
import { TEST_SECRETS } from '../helpers/test-secrets.js';
import { chromiumMissing, enterToken, launchChromium } from '../helpers/chromium.js';
import { quoteIdentifier as q } from '../../src/cluster/sql-text.js';

const TOKEN = TEST_SECRETS.httpToken;
/** A name that would turn into markup, or break out of an attribute, if the page inserted it as HTML. */
const ODD_TABLE = `it's <b>bold</b> "q"`;

test('the status page shows the API in a browser', { skip: chromiumMissing() }, async (t) => {
  const source = await startCluster('page-source', { backends: 1 });
  const target = await startCluster('page-target', { backends: 1 });
  t.after(() => Promise.all([source.stop(), target.stop()]));
  const src = await connect(source);
  t.after(() => src.end());
  await src.query('CREATE DATABASE shop');
  for (const name of ['orders', ODD_TABLE]) {
    await src.query(`CREATE TABLE shop.${q(name)} (id BIGINT NOT NULL, v VARCHAR(20)) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 2 PROPERTIES ("replication_num" = "1")`);
    await src.query(`INSERT INTO shop.${q(name)} VALUES (1, 'a'), (2, 'b'), (3, 'c')`);
  }
  const port = await freePort();
  startDaemon(t, 'status-page', syncSettings(source, target, { http_port: String(port), http_token: TOKEN }));
  const base = `http://127.0.0.1:${port}`;
  // The API's JSON, read field by field as the page reads it.
  const api = async (path: string): Promise<any> => {
    const response = await fetch(`${base}/api/v1/${path}`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    return response.status === 200 ? response.json() : undefined;
  };
  await eventually('both tables are synced', async () => (await api('status'))?.phase === 'in sync' && (await api('status')).jobs.finished === 2, 60_000);

  const browser = await launchChromium();
  t.after(() => browser.close());
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  let tokenGiven = false;
  const consoleErrors: { text: string; tokenGiven: boolean }[] = [];
  const pageErrors: string[] = [];
  const requests: HTTPRequest[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push({ text: message.text(), tokenGiven });
  });
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  page.on('request', (request) => requests.push(request));

  await page.goto(`${base}/`);
  // Without a token the API answers 401 and the page asks for one, showing no data.
  await enterToken(page, 'not-the-token-0123456789');
  await page.waitForFunction('/refused/.test(document.getElementById("token-error").textContent)');
  assert.equal(await page.$eval('#content', (node) => node.hidden), true);
  assert.equal(await page.evaluate('sessionStorage.getItem("cluster-sync.http_token")'), null, 'a refused token is forgotten');
  tokenGiven = true;
  const askedAt = requests.length;
  await enterToken(page, TOKEN);
  await page.waitForFunction('document.querySelectorAll("#table-rows tr[data-table]").length === 2 && document.getElementById("phase").dataset.value === "in sync"');

  const value = (id: string) => page.$eval(`#${id}`, (node) => node.getAttribute('data-value'));
  const status = await api('status');
  assert.equal(await value('phase'), status.phase);
  assert.equal(await value('jobs-finished'), String(status.jobs.finished));
  assert.equal(await value('tables-total'), String(status.tables.total));
  assert.equal(await value('tables-finished'), String(status.tables.finished));
  assert.equal(await value('lag-seconds'), String(status.lag.seconds));
  assert.equal(await value('lag-bytes'), String(status.lag.bytes));
  assert.equal(await page.$eval('#lag-bytes', (node) => node.textContent), '0 B');
  assert.equal(await value('bytes-replicated'), String(status.throughput.bytesReplicated));
  assert.equal(await value('source-connected'), 'true');
  assert.equal(await value('target-release'), status.clusters.target.release);
  assert.equal(await value('initial-copy'), 'true');
  assert.equal(await page.$eval('#progress-job', (node) => node.textContent), status.progress.job);

  // The table list: one row per table of /tables, names shown as text.
  const shown = await page.$$eval('#table-rows tr[data-table]', (trs) =>
    trs.map((tr) => ({
      name: tr.querySelector('.name')!.textContent,
      db: tr.getAttribute('data-db'),
      table: tr.getAttribute('data-table'),
      state: tr.getAttribute('data-state'),
      done: Number(tr.getAttribute('data-bytes-done')),
      total: Number(tr.getAttribute('data-bytes-total')),
    })),
  );
  const { tables } = await api('tables');
  const expected = tables.map((x: { db: string; table: string; state: string; bytesDone: number; bytesTotal: number }) => ({
    name: `${x.db}.${x.table}`,
    db: x.db,
    table: x.table,
    state: x.state,
    done: x.bytesDone,
    total: x.bytesTotal,
  }));
  const byName = (a: { name: string | null }, b: { name: string | null }) => String(a.name).localeCompare(String(b.name));
  assert.deepEqual(shown.sort(byName), expected.sort(byName));
  assert.ok(shown.some((row) => row.name === `shop.${ODD_TABLE}`));
  assert.ok(shown.every((row) => row.total > 0 && row.done === row.total));
  assert.equal(await page.$$eval('#table-rows b', (nodes) => nodes.length), 0, 'a name became markup');

  // The charts: throughput from the history's finishedBytes rose above zero at least once; lag has both lines.
  const polylines = (id: string): Promise<string[]> => page.$$eval(`#${id} polyline`, (lines) => lines.map((line) => line.getAttribute('points') ?? ''));
  const [throughput] = await polylines('chart-throughput');
  const xy = (throughput ?? '').split(' ').map((point) => point.split(',').map(Number) as [number, number]);
  assert.ok(xy.length >= 2, `the throughput chart has ${xy.length} points`);
  assert.ok(xy.every(([x, y]) => x >= 0 && x <= 600 && y >= 0 && y <= 170), `points outside the chart (viewBox 600x170): ${throughput}`);
  const ys = xy.map(([, y]) => y);
  assert.ok(Math.min(...ys) < Math.max(...ys), 'the throughput chart shows no replicated bytes');
  const lagLines = await polylines('chart-lag');
  assert.equal(lagLines.length, 2);
  assert.ok(lagLines.every((points) => points.split(' ').length >= 2));

  // It refreshes by itself.
  const updatedAt = await value('updated-at');
  await page.waitForFunction(`document.getElementById("updated-at").dataset.value !== ${JSON.stringify(updatedAt)}`, { timeout: 15_000 });

  // The token travels only in the Authorization header, never in a URL.
  const apiCalls = requests.slice(askedAt).filter((request) => request.url().includes('/api/v1/'));
  assert.ok(apiCalls.length >= 8, `${apiCalls.length} API calls after the token was given`);
  for (const request of apiCalls) assert.equal(request.headers().authorization, `Bearer ${TOKEN}`, request.url());
  assert.ok(requests.every((request) => !request.url().includes(TOKEN)));
  assert.ok(!page.url().includes(TOKEN));
  assert.equal(await page.evaluate('sessionStorage.getItem("cluster-sync.http_token")'), TOKEN);

  // No script error at all; the only console errors are Chromium's own lines for the 401s before the token.
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(consoleErrors.filter((e) => e.tokenGiven), []);
  assert.ok(consoleErrors.length > 0 && consoleErrors.every((e) => /status of 401/.test(e.text)), JSON.stringify(consoleErrors));
});
