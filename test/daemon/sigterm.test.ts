import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startCluster, syncSettings, connect } from '../helpers/sim-cluster.js';
import { scratchDir } from '../helpers/scratch.js';
import { writeConf } from '../helpers/config-files.js';
import { REPO_ROOT } from '../helpers/run-cli.js';
import { readStatusFile } from '../../src/daemon/status-file.js';

test('SIGTERM stops a running daemon cleanly: exit 0, final report, status file', async (t) => {
  const source = await startCluster('sigterm-source');
  const target = await startCluster('sigterm-target');
  t.after(() => Promise.all([source.stop(), target.stop()]));
  const src = await connect(source);
  t.after(() => src.end());
  await src.query('CREATE DATABASE db');
  await src.query('CREATE TABLE db.t (k INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1');
  await src.query('INSERT INTO db.t VALUES (1), (2)');
  const dir = scratchDir('sigterm');
  const conf = writeConf(dir, syncSettings(source, target, { report_interval_seconds: '3600' }));
  const logDir = join(dir, 'log');
  const daemon = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'src/main.ts'), 'start', '--conf', conf, '--log-dir', logDir], { cwd: REPO_ROOT, stdio: 'ignore' });
  const exited = new Promise<number | null>((resolve) => daemon.on('close', resolve));
  const deadline = Date.now() + 30_000;
  while ((readStatusFile(logDir)?.round ?? 0) < 3) {
    assert.ok(Date.now() < deadline, 'the daemon completes rounds');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  daemon.kill('SIGTERM');
  assert.equal(await exited, 0);
  const info = readFileSync(join(logDir, 'sync.INFO.log'), 'utf8');
  assert.match(info, /received SIGTERM; stopping/);
  // The report interval is an hour: these lines come from the final report written at the stop.
  assert.match(info, /Sync job progress: .*\n.*Sync table progress: .*\n(.*\n)*.*stopped with exit code 0/);
  assert.ok(existsSync(join(logDir, 'status.json')));
});

test('edits of the running configuration: an invalid one is refused and the running one stays; restart-only keys are named', async (t) => {
  const source = await startCluster('edit-source');
  const target = await startCluster('edit-target');
  t.after(() => Promise.all([source.stop(), target.stop()]));
  const dir = scratchDir('edits');
  const settings = syncSettings(source, target);
  const conf = writeConf(dir, settings);
  const logDir = join(dir, 'log');
  const daemon = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'src/main.ts'), 'start', '--conf', conf, '--log-dir', logDir], { cwd: REPO_ROOT, stdio: 'ignore' });
  const exited = new Promise<number | null>((resolve) => daemon.on('close', resolve));
  t.after(() => daemon.kill('SIGKILL'));
  const waitFor = async (what: string, check: () => boolean) => {
    const deadline = Date.now() + 30_000;
    while (!check()) {
      assert.ok(Date.now() < deadline, what);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const warnLog = () => (existsSync(join(logDir, 'sync.WARN.log')) ? readFileSync(join(logDir, 'sync.WARN.log'), 'utf8') : '');
  await waitFor('the daemon completes a round', () => (readStatusFile(logDir)?.round ?? 0) >= 1);
  writeConf(dir, { ...settings, meta_job_threads: '0' });
  await waitFor('the invalid edit is refused', () => /the edited configuration is refused, the running one stays: .*meta_job_threads="0": expected an integer from 1 to 64/.test(warnLog()));
  writeConf(dir, { ...settings, target_cluster_user: 'someone_else', ddl_job_batch_size: '5' });
  await waitFor('restart-only keys are named', () => /configuration changes that need a restart \(not applied\): target_cluster_user/.test(warnLog()));
  assert.match(readFileSync(join(logDir, 'sync.INFO.log'), 'utf8'), /configuration changes applied: ddl_job_batch_size/);
  const round = readStatusFile(logDir)!.round;
  await waitFor('rounds go on with the running configuration', () => (readStatusFile(logDir)?.round ?? 0) > round + 1);
  daemon.kill('SIGTERM');
  assert.equal(await exited, 0);
});
