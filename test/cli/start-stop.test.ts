import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratchDir } from '../helpers/scratch.js';
import { writeConf } from '../helpers/config-files.js';
import { runProcess, REPO_ROOT } from '../helpers/run-cli.js';
import { TEST_SECRETS } from '../helpers/test-secrets.js';

const START = join(REPO_ROOT, 'bin', 'start.sh');
const STOP = join(REPO_ROOT, 'bin', 'stop.sh');

/** A port with nothing listening on it: bound once, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitFor(what: string, check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function unreachableSetup(name: string) {
  const dir = scratchDir(name);
  const conf = writeConf(dir, {
    source_fe_host: '127.0.0.1',
    source_fe_query_port: String(await closedPort()),
    target_fe_host: '127.0.0.1',
    target_fe_query_port: String(await closedPort()),
    source_cluster_password: TEST_SECRETS.sourcePassword,
    target_cluster_password: TEST_SECRETS.targetPassword,
    source_cluster_token: TEST_SECRETS.token,
  });
  return { dir, conf, logDir: join(dir, 'log') };
}

test('start.sh runs the daemon in the background, reports unreachable clusters in sync.WARN.log, refuses a second start; stop.sh stops it', async () => {
  const { dir, conf, logDir } = await unreachableSetup('start-stop');
  // From an unrelated current directory: the scripts find their installation themselves.
  const started = await runProcess('bash', [START, '--conf', conf, '--log-dir', logDir], { cwd: dir, timeoutMs: 180_000 });
  assert.equal(started.code, 0, started.stderr + started.stdout);
  assert.match(started.stdout, /cluster-sync started \(pid \d+\)/);
  const pidFile = join(logDir, 'cluster-sync.pid');
  const pid = Number(readFileSync(pidFile, 'utf8'));
  assert.ok(isAlive(pid));

  const warnLog = join(logDir, 'sync.WARN.log');
  // start.sh returns once the daemon has passed its configuration: its two connection attempts
  // are logged one after the other, a moment later.
  await waitFor('connection errors in sync.WARN.log', () => existsSync(warnLog) && /login on source FE 127\.0\.0\.1:\d+ failed: connect ECONNREFUSED/.test(readFileSync(warnLog, 'utf8')));
  await waitFor('the target connection error in sync.WARN.log', () => /login on target FE 127\.0\.0\.1:\d+ failed: connect ECONNREFUSED/.test(readFileSync(warnLog, 'utf8')));
  assert.match(readFileSync(warnLog, 'utf8'), /login on target FE 127\.0\.0\.1:\d+ failed: connect ECONNREFUSED .*retrying in/);

  const second = await runProcess('bash', [START, '--conf', conf, '--log-dir', logDir], { cwd: REPO_ROOT });
  assert.equal(second.code, 1);
  assert.match(second.stderr, new RegExp(`already running \\(pid ${pid}`));
  assert.ok(isAlive(pid), 'the refused start left the running daemon alone');

  const stopped = await runProcess('bash', [STOP, '--log-dir', logDir], { cwd: '/' });
  assert.equal(stopped.code, 0, stopped.stderr);
  assert.match(stopped.stdout, /cluster-sync stopped/);
  assert.ok(!isAlive(pid), 'the daemon is gone');
  assert.ok(!existsSync(pidFile), 'the pid file is removed');
  const info = readFileSync(join(logDir, 'sync.INFO.log'), 'utf8');
  assert.match(info, /received SIGTERM; stopping/);
  assert.match(info, /stopped with exit code 0/);

  const again = await runProcess('bash', [STOP, '--log-dir', logDir]);
  assert.equal(again.code, 0);
  assert.match(again.stdout, /not running/);
});

test('stop.sh falls back to SIGKILL after its timeout and says so', async () => {
  const { conf, logDir } = await unreachableSetup('stop-kill');
  const started = await runProcess('bash', [START, '--conf', conf, '--log-dir', logDir], { timeoutMs: 180_000 });
  assert.equal(started.code, 0, started.stderr);
  const pid = Number(readFileSync(join(logDir, 'cluster-sync.pid'), 'utf8'));
  const stopped = await runProcess('bash', [STOP, '--log-dir', logDir, '--timeout', '0']);
  assert.equal(stopped.code, 0);
  assert.match(stopped.stderr, /did not stop within 0s; sending SIGKILL/);
  assert.ok(!isAlive(pid));
});

test('start.sh reports a configuration error and leaves no daemon or pid file', async () => {
  const dir = scratchDir('start-bad-conf');
  const conf = writeConf(dir, { source_fe_host: '127.0.0.1', target_fe_host: '127.0.0.2', report_interval_seconds: 'often' });
  const logDir = join(dir, 'log');
  const started = await runProcess('bash', [START, '--conf', conf, '--log-dir', logDir], { timeoutMs: 180_000 });
  assert.equal(started.code, 2);
  assert.match(started.stderr, /report_interval_seconds="often": expected an integer from 1 to 86400/);
  assert.ok(!existsSync(join(logDir, 'cluster-sync.pid')));
  assert.match(readFileSync(join(logDir, 'sync.WARN.log'), 'utf8'), /ERROR \[main\] invalid configuration/);
});
