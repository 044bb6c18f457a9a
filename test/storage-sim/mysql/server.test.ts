// The MySQL server layer over real TCP with the mysql2 client: login, errors with their
// SQLSTATE, the command routes mysql2's server side gets wrong by default, multi-statements,
// streaming with backpressure, and many clients at once.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import mysqlCallback from 'mysql2';
import mysql from 'mysql2/promise';
import { MysqlServer } from '../../../src/storage-sim/fe/mysql/index.js';
import { FakeEngine } from './fake-engine.js';
import { decodeTextAsUtf8 } from '../../../src/cluster/utf8-text.js';

// mysql2 (client and server side) reports sequence-id mismatches on console.error; any such
// line means a reply was framed wrongly.
const consoleErrors: string[] = [];
const originalConsoleError = console.error;
console.error = (...args: unknown[]): void => {
  consoleErrors.push(args.map(String).join(' '));
  originalConsoleError(...args);
};

const engine = new FakeEngine();
const server = new MysqlServer(engine.options());
let port = 0;

before(async () => {
  port = await server.listen(0, '127.0.0.1');
});
after(async () => {
  await server.close();
  console.error = originalConsoleError;
});

function connect(options: mysql.ConnectionOptions = {}): Promise<mysql.Connection> {
  return mysql.createConnection({ host: '127.0.0.1', port, user: 'root', password: 'secret-pw', ...options });
}

async function withConnection<T>(options: mysql.ConnectionOptions, body: (c: mysql.Connection) => Promise<T>): Promise<T> {
  const c = await connect(options);
  try {
    return await body(c);
  } finally {
    await c.end().catch(() => c.destroy());
  }
}

/** Asserts that `p` rejects with exactly this MySQL error number and SQLSTATE. */
async function rejectsWith(p: Promise<unknown>, errno: number, sqlState: string, message?: RegExp): Promise<void> {
  await assert.rejects(p, (e: { errno?: number; sqlState?: string; message?: string }) => {
    assert.equal(e.errno, errno, `errno of ${e.message}`);
    assert.equal(e.sqlState, sqlState, `sqlState of ${e.message}`);
    if (message) assert.match(e.message ?? '', message);
    return true;
  });
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('login', () => {
  test('the right password logs in', async () => {
    await withConnection({}, async (c) => {
      const [rows] = await c.query('SELECT 1');
      assert.deepEqual(rows, [{ 1: 1 }]);
    });
  });

  test('a wrong password is refused with 1045 / 28000', async () => {
    await rejectsWith(connect({ password: 'nope' }), 1045, '28000', /^Access denied for user 'root' \(using password: YES\)$/);
  });

  test('no password for a user that has one says "using password: NO"', async () => {
    await rejectsWith(connect({ password: '' }), 1045, '28000', /\(using password: NO\)$/);
  });

  test('an unknown user is refused the same way', async () => {
    await rejectsWith(connect({ user: 'mallory', password: 'x' }), 1045, '28000', /^Access denied for user 'mallory' \(using password: YES\)$/);
  });

  test('a user with an empty password logs in without one', async () => {
    await withConnection({ user: 'nopw', password: '' }, async (c) => {
      const [rows] = await c.query('SELECT 1');
      assert.deepEqual(rows, [{ 1: 1 }]);
    });
    await rejectsWith(connect({ user: 'nopw', password: 'something' }), 1045, '28000');
  });

  test('a non-ASCII password works', async () => {
    await withConnection({ user: 'alice', password: 'wonder land ✓' }, async (c) => {
      await c.ping();
    });
  });

  test('a database at connect goes through USE; an unknown one refuses the login with 1049', async () => {
    await withConnection({ database: 'shop' }, async (c) => {
      const [rows] = await c.query('SELECT DATABASE()');
      assert.deepEqual(rows, [{ 'DATABASE()': 'shop' }]);
    });
    assert.ok(engine.statements.includes('USE `shop`'));
    await rejectsWith(connect({ database: 'nope' }), 1049, '42000', /Unknown database 'nope'/);
  });
});

describe('commands', () => {
  test('SET, PREPARE and EXECUTE queries (which mysql2 routes as prepared statements) reach the engine', async () => {
    await withConnection({}, async (c) => {
      await c.query('SET NAMES utf8mb4');
      await c.query('SET autocommit=1');
      // The fake engine knows neither; what matters is that it is asked and answers.
      await rejectsWith(c.query("PREPARE s FROM 'SELECT 1'"), 1064, 'HY000');
      await rejectsWith(c.query('EXECUTE s'), 1064, 'HY000');
      const [rows] = await c.query('SELECT 1');
      assert.deepEqual(rows, [{ 1: 1 }]);
    });
    for (const sql of ['SET NAMES utf8mb4', 'SET autocommit=1', "PREPARE s FROM 'SELECT 1'", 'EXECUTE s']) {
      assert.ok(engine.statements.includes(sql), sql);
    }
  });

  test('ping', async () => {
    await withConnection({}, async (c) => {
      for (let i = 0; i < 5; i++) await c.ping();
    });
  });

  test('change user is refused with 1047 instead of hanging', async () => {
    const c = await connect();
    try {
      const refused = c.changeUser({ user: 'alice', password: 'wonder land ✓' });
      const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error('changeUser hung')), 2000).unref());
      await rejectsWith(Promise.race([refused, timeout]), 1047, '08S01');
    } finally {
      c.destroy();
    }
  });

  test('prepared statements (binary protocol) are refused with 1047', async () => {
    await withConnection({}, async (c) => {
      await rejectsWith(c.execute('SELECT 1'), 1047, '08S01');
      const [rows] = await c.query('SELECT 1');
      assert.deepEqual(rows, [{ 1: 1 }]);
    });
  });

  // StarRocks: fe/fe-core/src/main/java/com/starrocks/mysql/MysqlColDef.java: text columns say
  // character set 33, which mysql2 reads as CESU-8; four-byte characters then need the daemon's
  // decodeTextAsUtf8 (src/cluster/utf8-text.ts), as they do against a real StarRocks (node-mysql2#3530).
  test('four-byte characters of a text column: garbled by plain mysql2, whole with decodeTextAsUtf8', async () => {
    await withConnection({ database: 'db1' }, async (c) => {
      const [rows] = await c.query('SELECT * FROM `表 x`');
      const name = String((rows as { 名前: string | null }[])[0]?.名前);
      assert.notEqual(name, '日本語 ✓ 😀');
      assert.match(name, /^日本語 ✓ \uFFFD/);
    });
  });

  test('unicode in statement text and in results, with column types and metadata', async () => {
    await withConnection({ database: 'db1', typeCast: decodeTextAsUtf8 }, async (c) => {
      const [rows, fields] = await c.query('SELECT * FROM `表 x`');
      assert.deepEqual(rows, [
        { 名前: '日本語 ✓ 😀', n: 1, price: '12.50', d: new Date(2024, 1, 29) },
        { 名前: null, n: 2, price: null, d: null },
      ]);
      const f = fields as mysql.FieldPacket[];
      assert.equal(f[0]?.name, '名前');
      assert.equal(f[0]?.table, '表 x');
      assert.equal(f[0]?.orgTable, '表 x');
      assert.equal(f[0]?.db, 'db1');
      assert.equal(f[0]?.catalog, 'def');
      // StarRocks: fe/fe-core/src/main/java/com/starrocks/mysql/MysqlColDef.java (33, UTF-8)
      assert.equal(f[0]?.characterSet, 33);
      assert.equal(f[2]?.decimals, 2);
    });
  });

  test('OK packets carry affected rows, insert id and info', async () => {
    await withConnection({}, async (c) => {
      const [result] = await c.query('INSERT INTO t VALUES (3)');
      const header = result as mysql.ResultSetHeader;
      assert.equal(header.affectedRows, 3);
      assert.equal(header.insertId, 42);
      // mysql2 reads the info as the rest of the packet when the server does not announce
      // SESSION_TRACK, so it keeps the length byte StarRocks (and this server) put before the text.
      const info = 'Records: 1  Duplicates: 0  Warnings: 0';
      assert.equal(header.info, String.fromCharCode(info.length) + info);
    });
  });
});

describe('errors', () => {
  test('errors carry the exact errno and SQLSTATE, and the connection stays usable', async () => {
    await withConnection({}, async (c) => {
      await rejectsWith(c.query('SELECT * FROM missing'), 1146, '42S02', /Table 'db1\.missing' doesn't exist/);
      await rejectsWith(c.query('SELECT * FROM needs_db'), 1046, '3D000', /No database selected/);
      await rejectsWith(c.query('GIBBERISH'), 1064, 'HY000');
      await rejectsWith(c.query('USE nope'), 1049, '42000');
      await rejectsWith(c.query('THROW PLAIN'), 1105, 'HY000', /^plain failure$/);
      await rejectsWith(c.query('THROW SIMERROR'), 1060, '42S21', /Duplicate column name 'a'/);
      await rejectsWith(c.query('  -- nothing here\n'), 1065, '42000', /Query was empty/);
      const [rows] = await c.query('SELECT 1');
      assert.deepEqual(rows, [{ 1: 1 }]);
    });
  });

  test('rows failing half way end the result with the error; the connection stays usable', async () => {
    await withConnection({}, async (c) => {
      await rejectsWith(c.query('SELECT MIDSTREAM'), 1317, '70100', /interrupted/);
      await rejectsWith(c.query('SELECT FAILFIRST'), 1317, '70100');
      await rejectsWith(c.query('SELECT WRONGWIDTH'), 1105, 'HY000', /1 values for 2 columns/);
      const [rows] = await c.query('SELECT 1');
      assert.deepEqual(rows, [{ 1: 1 }]);
    });
  });
});

describe('multi-statements', () => {
  test('each statement gets its result', async () => {
    await withConnection({ multipleStatements: true }, async (c) => {
      const [results] = await c.query('SELECT 1; SELECT 2 AS two; INSERT INTO t VALUES (1);');
      const r = results as unknown[];
      assert.equal(r.length, 3);
      assert.deepEqual(r[0], [{ 1: 1 }]);
      assert.deepEqual(r[1], [{ two: 2 }]);
      assert.equal((r[2] as mysql.ResultSetHeader).affectedRows, 1);
    });
  });

  test('semicolons in strings and comments do not split', async () => {
    const before = engine.statements.length;
    await withConnection({ multipleStatements: true }, async (c) => {
      const [results] = await c.query(`SET x = 'a;b''c' ; SET y = "d;\\"e" /* ; */; SET z = 1 -- tail ;\n`);
      assert.equal((results as unknown[]).length, 3);
    });
    assert.deepEqual(engine.statements.slice(before), [`SET x = 'a;b''c'`, `SET y = "d;\\"e" /* ; */`, 'SET z = 1 -- tail ;']);
  });

  test('an error in the middle stops the rest', async () => {
    const before = engine.statements.length;
    await withConnection({ multipleStatements: true }, async (c) => {
      await rejectsWith(c.query('SELECT 1; SELECT * FROM missing; SELECT 3 AS three'), 1146, '42S02');
      const [rows] = await c.query('SELECT 2 AS two');
      assert.deepEqual(rows, [{ two: 2 }]);
    });
    const ran = engine.statements.slice(before);
    assert.ok(!ran.includes('SELECT 3 AS three'), 'statements after the error must not run');
  });

  test('without the multi-statements option several statements are a syntax error', async () => {
    await withConnection({}, async (c) => {
      await rejectsWith(c.query('SELECT 1; SELECT 2 AS two'), 1064, 'HY000');
      const [rows] = await c.query('SELECT 1;');
      assert.deepEqual(rows, [{ 1: 1 }]);
    });
  });
});

describe('large results', () => {
  test('200,000 rows stream with backpressure: the engine is only pulled as fast as the client reads', async () => {
    const total = 200_000;
    const c = mysqlCallback.createConnection({ host: '127.0.0.1', port, user: 'root', password: 'secret-pw' });
    try {
      const probesBefore = engine.bigResults.length;
      let received = 0;
      let producedWhilePaused = -1;
      let lastId = -1;
      await new Promise<void>((resolve, reject) => {
        const q = c.query({ sql: `SELECT BIG ${total}`, rowsAsArray: true });
        q.on('result', (row) => {
          const id = (row as unknown as [number, string])[0];
          assert.equal(id, lastId + 1);
          lastId = id;
          received++;
          if (received === 1) {
            // Stop reading; the server can only run ahead by what the socket buffers hold.
            c.pause();
            setTimeout(() => {
              producedWhilePaused = engine.bigResults[probesBefore]?.produced ?? -1;
              c.resume();
            }, 300);
          }
        });
        q.on('error', reject);
        q.on('end', () => resolve());
      });
      assert.equal(received, total);
      assert.ok(producedWhilePaused > 0, 'the generator was pulled');
      assert.ok(producedWhilePaused < total / 2, `a paused client held the server back (it produced ${producedWhilePaused} rows)`);
      assert.equal(engine.bigResults[probesBefore]?.closed, true);
    } finally {
      c.destroy();
    }
  });

  test('a client vanishing mid-result stops the row source and ends the session', async () => {
    const c = mysqlCallback.createConnection({ host: '127.0.0.1', port, user: 'root', password: 'secret-pw' });
    c.on('error', () => {});
    const id = await new Promise<number>((resolve, reject) =>
      c.query('SELECT CONNECTION_ID()', (err, rows) => (err ? reject(err) : resolve(Number((rows as { [k: string]: unknown }[])[0]?.['CONNECTION_ID()'])))),
    );
    const probesBefore = engine.bigResults.length;
    const q = c.query({ sql: 'SELECT BIG 200000', rowsAsArray: true });
    q.on('error', () => {});
    await new Promise<void>((resolve) => q.once('result', () => resolve()));
    c.destroy();
    await waitFor(() => engine.bigResults[probesBefore]?.closed === true, 'the row source to be closed');
    assert.ok((engine.bigResults[probesBefore]?.produced ?? 0) < 200000);
    await waitFor(() => engine.endedSessions.includes(id), 'the session to end');
    await withConnection({}, async (c2) => {
      await c2.ping();
    });
  });

  test('a value over 16 MiB is split into several packets', async () => {
    await withConnection({}, async (c) => {
      const [rows] = await c.query('SELECT HUGE');
      const v = (rows as { v: string }[])[0]?.v ?? '';
      assert.equal(v.length, 17 * 1024 * 1024);
      assert.ok(/^x+$/.test(v));
      const [again] = await c.query('SELECT 1');
      assert.deepEqual(again, [{ 1: 1 }]);
    });
  });
});

describe('concurrency', () => {
  test('20 clients doing 50 queries each get their own answers', async () => {
    const clients = await Promise.all(Array.from({ length: 20 }, () => connect()));
    try {
      await Promise.all(
        clients.map(async (c) => {
          const [idRows] = await c.query('SELECT CONNECTION_ID()');
          const id = (idRows as { 'CONNECTION_ID()': number }[])[0]?.['CONNECTION_ID()'];
          for (let i = 0; i < 50; i++) {
            const [rows] = await c.query(i % 2 === 0 ? 'SELECT SLOW' : `SELECT ${i} AS n`);
            if (i % 2 === 0) assert.deepEqual(rows, [{ conn: id }]);
            else assert.deepEqual(rows, [{ n: i }]);
          }
        }),
      );
    } finally {
      await Promise.all(clients.map((c) => c.end()));
    }
    await waitFor(() => server.connectionCount === 0, 'all connections to close');
  });
});

test('no packet arrived out of order and nothing failed at the protocol level', () => {
  assert.deepEqual(consoleErrors.filter((l) => /out of order/i.test(l)), []);
  assert.deepEqual(engine.connectionErrors.map((e) => e.message), []);
});
