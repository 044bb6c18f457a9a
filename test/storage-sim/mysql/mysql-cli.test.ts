// The MySQL server layer driven by the `mysql` command-line client (MariaDB's or MySQL's),
// a C client with its own ideas about the protocol. Skipped when the client is not installed.

import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { MysqlServer } from '../../../src/storage-sim/fe/mysql/index.js';
import { FakeEngine } from './fake-engine.js';

const CLI_MISSING = 'the mysql command-line client is not installed (apt-get install mariadb-client)';
const cliAvailable = spawnSync('mysql', ['--version'], { encoding: 'utf8' }).status === 0;

const engine = new FakeEngine();
const server = new MysqlServer(engine.options());
let port = 0;

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the client asynchronously: the server answers from this same process. */
function mysqlCli(args: string[], password = 'secret-pw', user = 'root'): Promise<CliRun> {
  const all = ['--protocol=TCP', '-h127.0.0.1', `-P${port}`, `-u${user}`, '--connect-timeout=5', ...args];
  if (password !== '') all.push(`-p${password}`);
  return new Promise((resolve) => {
    execFile('mysql', all, { encoding: 'utf8', timeout: 15_000, maxBuffer: 256 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('mysql command-line client', { skip: cliAvailable ? false : CLI_MISSING }, () => {
  before(async () => {
    port = await server.listen(0);
  });
  after(async () => {
    await server.close();
  });

  test('logs in and runs several statements', async () => {
    const r = await mysqlCli(['-e', 'SELECT 1; SHOW DATABASES']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.trim().split('\n'), ['1', '1', 'Database', 'information_schema', 'db1', 'shop']);
  });

  test('-D selects the database at login; USE switches it with COM_INIT_DB', async () => {
    const r = await mysqlCli(['-D', 'db1', '-N', '-e', 'SELECT DATABASE(); USE shop; SELECT DATABASE()']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.trim().split('\n'), ['db1', 'shop']);
    // Both arrive as the server's own USE with a quoted name, not as the client's query text.
    assert.ok(engine.statements.includes('USE `db1`'));
    assert.ok(engine.statements.includes('USE `shop`'));
  });

  test('a wrong password exits non-zero with "Access denied"', async () => {
    const r = await mysqlCli(['-e', 'SELECT 1'], 'wrong');
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /ERROR 1045 \(28000\).*Access denied for user 'root' \(using password: YES\)/);
  });

  test('an unknown database at login is refused with 1049', async () => {
    const r = await mysqlCli(['-D', 'nope', '-e', 'SELECT 1']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /ERROR 1049 \(42000\).*Unknown database 'nope'/);
  });

  test('a user without a password', async () => {
    const r = await mysqlCli(['-N', '-e', 'SELECT 1'], '', 'nopw');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), '1');
  });

  test('errors show their number and SQLSTATE', async () => {
    const r = await mysqlCli(['-e', 'SELECT * FROM missing']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /ERROR 1146 \(42S02\)/);
  });

  test('unicode names and values', async () => {
    const r = await mysqlCli(['-D', 'db1', '-e', 'SELECT * FROM `表 x`']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.trim().split('\n'), ['名前\tn\tprice\td', '日本語 ✓ 😀\t1\t12.50\t2024-02-29', 'NULL\t2\tNULL\tNULL']);
  });

  test('200,000 rows read row by row (--quick)', async () => {
    const r = await mysqlCli(['--quick', '-N', '-e', 'SELECT BIG 200000']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 200_000);
    assert.ok(lines[199_999]?.startsWith('199999\t'));
  });
});
