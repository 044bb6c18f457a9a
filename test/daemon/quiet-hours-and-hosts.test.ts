import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { lookup } from 'node:dns/promises';
import { startCluster, syncSettings, connect, rows } from '../helpers/sim-cluster.js';
import { scratchDir } from '../helpers/scratch.js';
import { eventually } from '../helpers/eventually.js';
import { writeConf } from '../helpers/config-files.js';
import { REPO_ROOT } from '../helpers/run-cli.js';
import { readStatusFile } from '../../src/daemon/status-file.js';


test('source BEs known only by names hosts.properties maps; a closed window holds replication back until an edit opens it', async (t) => {
  const beNames = ['be-0.source.internal', 'be-1.source.internal'];
  const source = await startCluster('quiet-source', { backends: 2, beAdvertiseHosts: beNames });
  const target = await startCluster('quiet-target', { backends: 2 });
  t.after(() => Promise.all([source.stop(), target.stop()]));
  const src = await connect(source);
  const dst = await connect(target);
  t.after(() => Promise.all([src.end(), dst.end()]));
  assert.deepEqual((await rows(src, 'SHOW BACKENDS')).map((b) => b.IP), beNames);
  await src.query('CREATE DATABASE shop');
  await src.query('CREATE TABLE shop.orders (id BIGINT NOT NULL, amount INT) PRIMARY KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 2 PROPERTIES ("replication_num" = "2")');
  await src.query('INSERT INTO shop.orders VALUES (1, 10), (2, 20), (3, 30)');

  // A daily one-minute window twelve hours from now: closed for the whole test.
  const opens = new Date(Date.now() + 12 * 3600_000);
  opens.setSeconds(0, 0);
  const cron = `${opens.getMinutes()} ${opens.getHours()} * * *`;
  const dir = scratchDir('quiet-hours');
  const settings = syncSettings(source, target, { report_interval_seconds: '1', sync_window_cron: cron, sync_window_minutes: '1' });
  const conf = writeConf(dir, settings);
  const hosts = join(dir, 'hosts.properties');
  writeFileSync(hosts, beNames.map((name) => `SOURCE_${name}=127.0.0.1`).join('\n') + '\n');
  const logDir = join(dir, 'log');
  const daemon = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'src/main.ts'), 'start', '--conf', conf, '--hosts', hosts, '--log-dir', logDir], { cwd: REPO_ROOT, stdio: 'ignore' });
  const exited = new Promise<number | null>((resolve) => daemon.on('close', resolve));
  t.after(async () => {
    if (daemon.exitCode === null) daemon.kill('SIGTERM');
    await exited;
  });
  const info = () => (existsSync(join(logDir, 'sync.INFO.log')) ? readFileSync(join(logDir, 'sync.INFO.log'), 'utf8') : '');

  // The DDL runs (the table is created), the job waits: pending, nothing sent, the window named.
  const closedLine = `Sync window: closed, new replication jobs start at ${opens.toISOString()} (sync_window_cron: ${cron}, 1 minutes); running jobs continue`;
  await eventually('the report shows the job held back by the closed window', () => info().includes(closedLine) && /Sync job progress: 0\.00%, total: 1, ddlPending: 0, jobPending: 1, sent: 0, running: 0, finished: 0/.test(info()));
  assert.deepEqual(await rows(dst, 'SELECT COUNT(*) AS n FROM shop.orders'), [{ n: '0' }]);
  assert.match(info(), new RegExp(`sync window is closed, new replication jobs start at ${opens.toISOString().replace(/\./g, '\\.')}`));
  const status = readStatusFile(logDir)!;
  assert.deepEqual(status.window, { open: false, changesAt: opens.toISOString() });
  assert.equal(status.jobs.pending, 1);
  assert.equal(status.jobs.sent + status.jobs.running + status.jobs.finished, 0);

  // The operator opens the window (a window every minute, one minute long: always open).
  writeConf(dir, { ...settings, sync_window_cron: '* * * * *' });
  await eventually('the window opens and the table is synced', async () =>
    JSON.stringify(await rows(dst, 'SELECT * FROM shop.orders ORDER BY id').catch(() => [])) === JSON.stringify(await rows(src, 'SELECT * FROM shop.orders ORDER BY id')),
  );
  await eventually('the report says the sync is complete', () => /Sync job progress: 100\.00%, total: 1, ddlPending: 0, jobPending: 0, sent: 0, running: 0, finished: 1/.test(info()));
  assert.match(info(), /sync window now open until /);
  // The source BE names resolve nowhere: the target BEs reached them only through the mapped addresses.
  for (const name of beNames) await assert.rejects(lookup(name), /ENOTFOUND|EAI_AGAIN/);
  // The preflight run at start found them through the mapping too.
  assert.match(info(), /preflight: PASS  source BEs reachable \(from this machine, after hosts\.properties\) +127\.0\.0\.1:\d+\/\d+, 127\.0\.0\.1:\d+\/\d+/);
  daemon.kill('SIGTERM');
  assert.equal(await exited, 0);
});
