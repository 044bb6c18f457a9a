// node --import tsx scripts/status-page-screenshot.ts [--seconds N]: the README's picture of the
// status page. Two reference clusters in this process (3 BEs each) with the demo's sample tables,
// the daemon with its HTTP API syncing them while loads keep arriving (one table paused, so the
// page shows a pause too), then headless Chromium (Debian's chromium) opens the page, enters the
// token and writes docs/status-page.png at 1280x900. Everything runs below the OS temp directory.
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startCluster, syncSettings, connect } from '../test/helpers/sim-cluster.js';
import { streamLoad } from '../test/helpers/stream-load.js';
import { propertiesWith } from '../test/helpers/config-files.js';
import { freePort } from '../test/helpers/free-port.js';
import { scratchDir } from '../test/helpers/scratch.js';
import { chromiumMissing, enterToken, launchChromium } from '../test/helpers/chromium.js';
import { loadConfig } from '../src/config/load-config.js';
import { createLogging } from '../src/log/logger.js';
import { runDaemon } from '../src/daemon/daemon.js';
import { RunningConfig } from '../src/config/running-config.js';
import { SAMPLE_DATABASES, SAMPLE_TABLES, SAMPLE_VIEWS, type SampleTable } from './demo-data.js';

const root = new URL('..', import.meta.url).pathname;
const OUTPUT = join(root, 'docs', 'status-page.png');
const at = process.argv.indexOf('--seconds');
/** How long the daemon syncs before the picture: long enough for the charts to have a shape. */
const SECONDS = at >= 0 ? Number(process.argv[at + 1]) : 90;
const PAUSED = { database: 'logs', table: 'page_views' };

function say(text: string): void {
  process.stdout.write(`[screenshot] ${text}\n`);
}

/** About `bytes` of CSV rows of `table` from row `from`. */
function csv(table: SampleTable, from: number, bytes: number): { body: string; rows: number } {
  const lines: string[] = [];
  let size = 0;
  for (let i = from; size < bytes; i++) {
    lines.push(table.row(i));
    size += lines.at(-1)!.length + 1;
  }
  return { body: lines.join('\n') + '\n', rows: lines.length };
}

async function main(): Promise<void> {
  const missing = chromiumMissing();
  if (missing) throw new Error(missing);
  const source = await startCluster('screenshot-source');
  const target = await startCluster('screenshot-target');
  // Stopped newest first; the clusters' folders (and the daemon's) go last, as nothing is kept.
  const stops: (() => Promise<unknown>)[] = [() => source.stop(), () => target.stop()];
  const folders = [source.options.dir, target.options.dir];
  try {
    const conn = await connect(source);
    stops.unshift(() => conn.end());
    for (const db of SAMPLE_DATABASES) await conn.query(`CREATE DATABASE ${db}`);
    for (const table of SAMPLE_TABLES) await conn.query(table.ddl);
    for (const view of SAMPLE_VIEWS) await conn.query(view);
    const next = new Map(SAMPLE_TABLES.map((t) => [t, 0]));
    let loads = 0;
    const load = async (table: SampleTable, bytes: number) => {
      const { body, rows } = csv(table, next.get(table)!, bytes);
      const reply = await streamLoad(source, `/api/${table.db}/${table.name}/_stream_load`, body, { label: `screenshot_${loads++}`, column_separator: ',' });
      if (reply.Status !== 'Success') throw new Error(`load into ${table.db}.${table.name} failed: ${JSON.stringify(reply)}`);
      next.set(table, next.get(table)! + rows);
    };
    for (const table of SAMPLE_TABLES) await load(table, table.weight * 8 * 2 ** 20);
    say('source loaded; starting the daemon with its HTTP API');

    const dir = scratchDir('status-page-screenshot');
    folders.push(dir);
    const port = await freePort();
    const token = randomBytes(18).toString('base64url');
    const files = { conf: join(dir, 'sync.properties'), hosts: join(dir, 'hosts.properties') };
    writeFileSync(files.conf, propertiesWith(syncSettings(source, target, { http_port: String(port), http_token: token })));
    writeFileSync(files.hosts, '');
    const logging = createLogging({ dir: join(dir, 'log'), console: false });
    const stop = new AbortController();
    const daemon = runDaemon(new RunningConfig(loadConfig(files).config), logging.logger, { oneTime: false, signal: stop.signal, logDir: join(dir, 'log') });
    stops.unshift(async () => {
      stop.abort();
      await daemon;
      logging.close();
    });

    // Loads keep arriving while it syncs, so throughput and lag move; halfway, one table is paused.
    const base = `http://127.0.0.1:${port}`;
    const until = Date.now() + SECONDS * 1000;
    let paused = false;
    while (Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      const table = SAMPLE_TABLES[loads % SAMPLE_TABLES.length]!;
      await load(table, (0.5 + Math.random()) * 2 ** 20);
      if (!paused && until - Date.now() < (SECONDS * 1000) / 2) {
        const reply = await fetch(`${base}/api/v1/pause`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: JSON.stringify(PAUSED) });
        say(`pause ${PAUSED.database}.${PAUSED.table}: ${reply.status}`);
        paused = true;
      }
    }

    say('taking the picture');
    const browser = await launchChromium();
    stops.unshift(() => browser.close());
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    await page.goto(`${base}/`);
    await enterToken(page, token);
    await page.waitForFunction('document.querySelectorAll("#table-rows tr[data-table]").length > 0 && document.querySelectorAll("#chart-lag polyline").length > 0');
    mkdirSync(join(root, 'docs'), { recursive: true });
    writeFileSync(OUTPUT, await page.screenshot({ type: 'png' }));
    say(`wrote ${OUTPUT}`);
  } finally {
    for (const stop of stops) await stop().catch((error) => say(`stopping: ${(error as Error).message}`));
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  }
}

await main();
