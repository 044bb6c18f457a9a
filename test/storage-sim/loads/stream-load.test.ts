import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startCluster, connect, rows } from '../../helpers/sim-cluster.js';
import { runProcess } from '../../helpers/run-cli.js';
import { scratchDir } from '../../helpers/scratch.js';

const PASSWORD = 'sl-pass';

async function curlLoad(port: number, path: string, file: string, headers: Record<string, string>, extra: string[] = []): Promise<Record<string, unknown>> {
  const args = ['-s', '--location-trusted', '-u', `root:${PASSWORD}`, ...Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}:${v}`]), '-T', file, '-XPUT', `http://127.0.0.1:${port}${path}`, ...extra];
  const result = await runProcess('curl', args);
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

test('Stream Load with curl: CSV and JSON, labels at most once, filtered rows, errors', async (t) => {
  const cluster = await startCluster('stream-load', { rootPassword: PASSWORD });
  t.after(() => cluster.stop());
  const conn = await connect(cluster);
  t.after(() => conn.end());
  await conn.query('CREATE DATABASE db');
  await conn.query(`CREATE TABLE db.t (k INT NOT NULL, dt DATE, v VARCHAR(16)) DUPLICATE KEY(k)
    PARTITION BY RANGE(dt) (PARTITION p1 VALUES LESS THAN ('2024-01-01'), PARTITION p2 VALUES LESS THAN ('2025-01-01'))
    DISTRIBUTED BY HASH(k) BUCKETS 3 PROPERTIES ("replication_num" = "3")`);
  const dir = scratchDir('stream-load-files');
  const csv = join(dir, 'f.csv');
  writeFileSync(csv, Array.from({ length: 1000 }, (_, i) => `${i},${i % 2 ? '2023-06-01' : '2024-06-01'},v${i}`).join('\n') + '\n');
  const port = cluster.fe.httpPort;

  const first = await curlLoad(port, '/api/db/t/_stream_load', csv, { label: 'load-1', column_separator: ',' });
  assert.equal(first.Status, 'Success');
  assert.equal(first.Label, 'load-1');
  assert.equal(first.NumberTotalRows, 1000);
  assert.equal(first.NumberLoadedRows, 1000);
  assert.equal(first.NumberFilteredRows, 0);
  assert.ok(Number(first.LoadBytes) > 10_000);
  assert.ok(Number(first.TxnId) > 0);
  assert.deepEqual(await rows(conn, 'SELECT COUNT(*) AS n FROM db.t'), [{ n: '1000' }]);

  const again = await curlLoad(port, '/api/db/t/_stream_load', csv, { label: 'load-1', column_separator: ',' });
  assert.equal(again.Status, 'Label Already Exists');
  assert.equal(again.ExistingJobStatus, 'FINISHED');
  assert.deepEqual(await rows(conn, 'SELECT COUNT(*) AS n FROM db.t'), [{ n: '1000' }], 'the same label loads nothing twice');

  // Bad rows: filtered and counted; above max_filter_ratio the whole load fails and nothing is visible.
  const mixed = join(dir, 'mixed.csv');
  writeFileSync(mixed, '1,2024-02-02,ok\nx,2024-02-02,bad-int\n2,2026-01-01,no-partition\n3,2024-03-03,ok\n');
  const strict = await curlLoad(port, '/api/db/t/_stream_load', mixed, { label: 'mixed-1', column_separator: ',' });
  assert.equal(strict.Status, 'Fail');
  assert.match(String(strict.Message), /too many filtered rows/);
  assert.equal(strict.NumberFilteredRows, 2);
  const tolerant = await curlLoad(port, '/api/db/t/_stream_load', mixed, { label: 'mixed-2', column_separator: ',', max_filter_ratio: '0.5' });
  assert.equal(tolerant.Status, 'Success');
  assert.equal(tolerant.NumberLoadedRows, 2);
  assert.equal(tolerant.NumberFilteredRows, 2);
  assert.deepEqual(await rows(conn, 'SELECT COUNT(*) AS n FROM db.t'), [{ n: '1002' }]);
  const failedAgain = await curlLoad(port, '/api/db/t/_stream_load', mixed, { label: 'mixed-1', column_separator: ',', max_filter_ratio: '0.5' });
  assert.equal(failedAgain.Status, 'Success', 'the label of a failed load can be used again');

  // JSON, with a columns header naming a subset in another order.
  const json = join(dir, 'f.json');
  writeFileSync(json, JSON.stringify([{ v: 'j1', k: 5001, dt: '2024-05-05' }, { k: 5002, dt: '2023-05-05' }]));
  const loaded = await curlLoad(port, '/api/db/t/_stream_load', json, { label: 'json-1', format: 'json', strip_outer_array: 'true', columns: 'k,dt,v' });
  assert.equal(loaded.Status, 'Success');
  assert.deepEqual(await rows(conn, 'SELECT k, v FROM db.t WHERE k > 5000 ORDER BY k'), [{ k: 5001, v: 'j1' }, { k: 5002, v: null }]);

  const wrongPassword = await runProcess('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', '-u', 'root:nope', '-T', csv, '-XPUT', `http://127.0.0.1:${port}/api/db/t/_stream_load`]);
  assert.equal(wrongPassword.stdout, '401');
  const noTable = await curlLoad(port, '/api/db/missing/_stream_load', csv, { label: 'x' });
  assert.equal(noTable.Status, 'Fail');
  assert.match(String(noTable.Message), /Table 'missing' does not exist/);
  const badFormat = await curlLoad(port, '/api/db/t/_stream_load', csv, { label: 'y', format: 'parquet' });
  assert.match(String(badFormat.Message), /unknown data format 'parquet'/);

  const finished = await rows(conn, "SHOW PROC '/transactions/db/finished'");
  assert.deepEqual(
    finished.map((r) => [r.Label, r.TransactionStatus]).sort(),
    [['json-1', 'VISIBLE'], ['load-1', 'VISIBLE'], ['mixed-1', 'ABORTED'], ['mixed-1', 'VISIBLE'], ['mixed-2', 'VISIBLE']],
  );
});

test('a Stream Load killed half-way leaves no visible rows and its transaction aborted', async (t) => {
  const cluster = await startCluster('stream-load-kill', { rootPassword: PASSWORD });
  t.after(() => cluster.stop());
  const conn = await connect(cluster);
  t.after(() => conn.end());
  await conn.query('CREATE DATABASE db');
  await conn.query('CREATE TABLE db.t (k INT, v VARCHAR(64)) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 3');
  const file = join(scratchDir('stream-load-kill-files'), 'big.csv');
  writeFileSync(file, Array.from({ length: 200_000 }, (_, i) => `${i},${'x'.repeat(40)}`).join('\n') + '\n');
  // Upload slowly, then kill the client mid-body.
  const curl = spawn('curl', ['-s', '--limit-rate', '200K', '-u', `root:${PASSWORD}`, '-H', 'label:killed', '-H', 'column_separator:,', '-T', file, '-XPUT', `http://127.0.0.1:${cluster.fe.httpPort}/api/db/t/_stream_load`]);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  curl.kill('SIGKILL');
  const deadline = Date.now() + 10_000;
  let state: Record<string, unknown>[] = [];
  while (Date.now() < deadline) {
    state = await rows(conn, "SHOW PROC '/transactions/db/finished'");
    if (state.length > 0) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.deepEqual(state.map((r) => [r.Label, r.TransactionStatus]), [['killed', 'ABORTED']]);
  assert.deepEqual(await rows(conn, 'SELECT COUNT(*) AS n FROM db.t'), [{ n: '0' }]);
  assert.deepEqual((await rows(conn, 'SHOW PARTITIONS FROM db.t')).map((p) => p.VisibleVersion), ['1']);
});

test('max_running_txn_num_per_db refuses a load beyond the limit while another is running', async (t) => {
  const cluster = await startCluster('txn-limit', { rootPassword: PASSWORD });
  t.after(() => cluster.stop());
  const conn = await connect(cluster);
  t.after(() => conn.end());
  await conn.query('CREATE DATABASE db');
  await conn.query('CREATE TABLE db.t (k INT, v VARCHAR(64)) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES ("replication_num" = "1")');
  await conn.query('ADMIN SET FRONTEND CONFIG ("max_running_txn_num_per_db" = "1")');
  const file = join(scratchDir('txn-limit-files'), 'slow.csv');
  writeFileSync(file, Array.from({ length: 50_000 }, (_, i) => `${i},${'y'.repeat(40)}`).join('\n') + '\n');
  const slow = spawn('curl', ['-s', '--limit-rate', '500K', '-u', `root:${PASSWORD}`, '-H', 'label:slow', '-H', 'column_separator:,', '-T', file, '-XPUT', `http://127.0.0.1:${cluster.fe.httpPort}/api/db/t/_stream_load`]);
  let output = '';
  slow.stdout.on('data', (d) => (output += d));
  const finished = new Promise((resolve) => slow.on('close', resolve));
  const deadline = Date.now() + 10_000;
  while ((await rows(conn, "SHOW PROC '/transactions/db/running'")).length === 0) {
    assert.ok(Date.now() < deadline, 'the slow load shows up as a running transaction');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await assert.rejects(conn.query("INSERT INTO db.t VALUES (1, 'x')"), /current running txns on db \d+ is 1, larger than limit 1/);
  await finished;
  assert.equal(JSON.parse(output).Status, 'Success');
  await conn.query("INSERT INTO db.t VALUES (1, 'x')");
  assert.deepEqual(await rows(conn, 'SELECT COUNT(*) AS n FROM db.t'), [{ n: '50001' }]);
});
