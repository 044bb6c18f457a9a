// cluster-sync sim start --starrocks-version: the cluster answers as that StarRocks release and
// records it beside its other state, and an unknown release is a bad command line (exit 2) that
// starts nothing.
// StarRocks: fe/fe-core/src/main/java/com/starrocks/qe/GlobalVariable.java (version_comment)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { stopProcessCluster } from '../../src/storage-sim/cluster/process-cluster.js';
import { runCli } from '../helpers/run-cli.js';
import { scratchDir } from '../helpers/scratch.js';

async function versionComment(port: number): Promise<string> {
  const conn = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root', password: '' });
  try {
    const [result] = await conn.query('SELECT @@version_comment AS v');
    return String((result as { v: string }[])[0]!.v);
  } finally {
    await conn.end();
  }
}

test('sim start --starrocks-version 3.2.3 answers as 3.2.3 and records it for the next start', async (t) => {
  const dir = scratchDir('sim-version');
  t.after(() => stopProcessCluster(dir));
  const started = await runCli(['sim', 'start', '--dir', dir, '--backends', '1', '--starrocks-version', '3.2.3']);
  assert.equal(started.code, 0, started.stderr);
  const endpoints = JSON.parse(started.stdout.trim()) as { fe: { queryPort: number } };
  assert.match(await versionComment(endpoints.fe.queryPort), /^3\.2\.3-[0-9a-f]{7}$/);
  // What a restart without --starrocks-version reads (test/storage-sim/versions/cluster-release.test.ts
  // restarts a cluster on such a directory).
  assert.deepEqual(JSON.parse(readFileSync(join(dir, 'starrocks.json'), 'utf8')), { profile: '3.2.3' });
});

test('sim start --starrocks-version 9.9 exits 2 naming the accepted releases, and starts nothing', async () => {
  const dir = scratchDir('sim-version-unknown');
  const result = await runCli(['sim', 'start', '--dir', dir, '--starrocks-version', '9.9']);
  assert.equal(result.code, 2);
  assert.equal(result.stdout, '');
  assert.equal(
    result.stderr.trim(),
    "sim start: --starrocks-version: unknown StarRocks version '9.9': expected one of 3.1.8, 3.2.3, 3.3 (or 3.3.9), 3.5 (or 3.5.2), 4.0 (or 4.0.1)",
  );
  assert.ok(!existsSync(join(dir, 'cluster.json')));
  assert.deepEqual(readdirSync(dir), []);
});
