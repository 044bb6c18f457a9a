// Failpoints: the daemon, as a real process, is killed (SIGKILL of itself) at each named point in
// the middle of a migration; started again without them, it converges: the target ends with the
// source's rows and versions. A bad CLUSTER_SYNC_FAILPOINTS value refuses the start.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { connect, rows, startCluster, syncSettings } from '../helpers/sim-cluster.js';
import { scratchDir } from '../helpers/scratch.js';
import { writeConf } from '../helpers/config-files.js';
import { REPO_ROOT } from '../helpers/run-cli.js';
import { parseFailpoints, type FailpointName } from '../../src/util/failpoints.js';

test('failpoint values: crash, crash@N and stall:MS; anything else is refused naming what was expected', () => {
  assert.deepEqual([...parseFailpoints('ddl_after_statement=crash, report_mid=crash@3,config_mid_reload=stall:250')], [
    ['ddl_after_statement', { kind: 'crash', at: 1 }],
    ['report_mid', { kind: 'crash', at: 3 }],
    ['config_mid_reload', { kind: 'stall', ms: 250 }],
  ]);
  assert.deepEqual([...parseFailpoints(undefined)], []);
  assert.throws(() => parseFailpoints('after_everything=crash'), /unknown failpoint 'after_everything': expected one of ddl_after_statement, replication_after_send, report_mid, config_mid_reload/);
  assert.throws(() => parseFailpoints('report_mid=explode'), /failpoint report_mid has action 'explode': expected crash, crash@N or stall:MS/);
  assert.throws(() => parseFailpoints('report_mid=crash@0'), /expected crash, crash@N or stall:MS/);
});

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

function runDaemon(conf: string, logDir: string, env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<Exit> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'src/main.ts'), 'start', '--once', '--conf', conf, '--log-dir', logDir], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr });
    });
  });
}

const cases: { point: FailpointName; action: string; settings?: Record<string, string> }[] = [
  { point: 'ddl_after_statement', action: 'crash@2' },
  { point: 'replication_after_send', action: 'crash' },
  { point: 'report_mid', action: 'crash@2', settings: { report_interval_seconds: '1' } },
  { point: 'config_mid_reload', action: 'crash@2' },
];

for (const { point, action, settings } of cases) {
  test(`killed at ${point}, the daemon started again converges`, async (t) => {
    const source = await startCluster(`fp-${point}-source`, { backends: 1 });
    const target = await startCluster(`fp-${point}-target`, { backends: 1 });
    const src = await connect(source);
    const dst = await connect(target);
    t.after(async () => {
      await Promise.all([src.end(), dst.end()]);
      await Promise.all([source.stop(), target.stop()]);
    });
    await src.query('CREATE DATABASE app');
    await src.query(`CREATE TABLE app.events (d DATE NOT NULL, id INT NOT NULL, v VARCHAR(10)) DUPLICATE KEY(d, id)
      PARTITION BY RANGE(d) (PARTITION p1 VALUES LESS THAN ('2024-02-01'), PARTITION p2 VALUES LESS THAN ('2024-03-01'))
      DISTRIBUTED BY HASH(id) BUCKETS 2 PROPERTIES ("replication_num" = "1")`);
    await src.query('CREATE TABLE app.users (id BIGINT NOT NULL, name VARCHAR(20)) PRIMARY KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 2 PROPERTIES ("replication_num" = "1")');
    await src.query("INSERT INTO app.events VALUES ('2024-01-05', 1, 'a'), ('2024-02-06', 2, 'b')");
    await src.query("INSERT INTO app.users VALUES (1, 'ann'), (2, 'bob')");
    await src.query("INSERT INTO app.users VALUES (2, 'bea')");

    const dir = scratchDir(`failpoint-${point}`);
    const conf = writeConf(dir, syncSettings(source, target, { target_cluster_replication_num: '1', ...settings }));
    const logDir = join(dir, 'log');
    const crashed = await runDaemon(conf, logDir, { CLUSTER_SYNC_FAILPOINTS: `${point}=${action}` });
    assert.equal(crashed.signal, 'SIGKILL', `the daemon crashed at the failpoint (exit ${crashed.code}): ${crashed.stderr}`);
    assert.match(crashed.stderr, new RegExp(`failpoint ${point}: crashing`));

    const again = await runDaemon(conf, logDir, {});
    assert.equal(again.code, 0, `the restarted one-time run finishes: ${again.stderr}`);
    for (const sql of [
      'SELECT * FROM app.events ORDER BY id',
      'SELECT * FROM app.users ORDER BY id',
      "SELECT TABLE_NAME, PARTITION_NAME, VISIBLE_VERSION FROM information_schema.partitions_meta WHERE DB_NAME = 'app' ORDER BY TABLE_NAME, PARTITION_NAME",
    ]) {
      assert.deepEqual(await rows(dst, sql), await rows(src, sql), sql);
    }
  });
}

test('a bad CLUSTER_SYNC_FAILPOINTS refuses the start and says what was expected', async () => {
  const dir = scratchDir('failpoint-bad');
  const conf = writeConf(dir, { source_fe_host: '127.0.0.1', target_fe_host: '127.0.0.2' });
  const refused = await runDaemon(conf, join(dir, 'log'), { CLUSTER_SYNC_FAILPOINTS: 'report_mid=maybe' });
  assert.equal(refused.code, 2, refused.stderr);
  assert.match(refused.stderr, /failpoint report_mid has action 'maybe': expected crash, crash@N or stall:MS/);
});
