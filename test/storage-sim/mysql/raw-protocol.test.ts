// The MySQL server layer at the packet level: sequence ids, status flags of multi-results,
// commands that have no reply or are refused, and malformed or abandoned connections.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { MysqlServer } from '../../../src/storage-sim/fe/mysql/index.js';
import { FakeEngine } from './fake-engine.js';
import { CLIENT, RawClient, eofStatus, errorOf, kind, okStatus, type RawPacket } from './raw-client.js';

const COM = { QUIT: 0x01, INIT_DB: 0x02, QUERY: 0x03, FIELD_LIST: 0x04, PING: 0x0e, CHANGE_USER: 0x11, STMT_CLOSE: 0x19, SET_OPTION: 0x1b };
const MORE_RESULTS = 0x0008;

const engine = new FakeEngine();
const server = new MysqlServer(engine.options({ serverVersion: '5.1.0' }));
let port = 0;
const clients: RawClient[] = [];

before(async () => {
  port = await server.listen(0);
});
after(async () => {
  for (const c of clients) c.close();
  await server.close();
});

async function client(): Promise<RawClient> {
  const c = await RawClient.connect(port);
  clients.push(c);
  return c;
}

async function loggedIn(flags = 0): Promise<RawClient> {
  const c = await client();
  const reply = await c.login('root', 'secret-pw', { flags });
  assert.equal(kind(reply), 'ok');
  return c;
}

/** Reads one whole reply to a query: result sets and OKs until one without MORE_RESULTS, or an error. */
async function readReply(c: RawClient): Promise<RawPacket[]> {
  const packets: RawPacket[] = [];
  for (;;) {
    const first = await c.read();
    packets.push(first);
    const k = kind(first);
    if (k === 'err') return packets;
    if (k === 'ok') {
      if ((okStatus(first) & MORE_RESULTS) === 0) return packets;
      continue;
    }
    // a result set: column definitions up to EOF, then rows up to EOF (or ERR)
    for (let eofs = 0; eofs < 2; ) {
      const p = await c.read();
      packets.push(p);
      if (kind(p) === 'err') return packets;
      if (kind(p) === 'eof') eofs++;
    }
    if ((eofStatus(packets[packets.length - 1] as RawPacket) & MORE_RESULTS) === 0) return packets;
  }
}

function assertConsecutive(packets: RawPacket[], first = 1): void {
  assert.deepEqual(
    packets.map((p) => p.sequenceId),
    packets.map((_, i) => (first + i) & 0xff),
  );
}

test('the hello carries the configured version; login and replies use the right sequence ids', async () => {
  const c = await client();
  const hello = await c.read();
  assert.equal(hello.sequenceId, 0);
  assert.equal(hello.payload[0], 10);
  assert.equal(hello.payload.toString('latin1', 1, hello.payload.indexOf(0, 1)), '5.1.0');
  c.close();

  const d = await client();
  const reply = await d.login('root', 'secret-pw');
  assert.equal(reply.sequenceId, 2);
  d.command(COM.QUERY, 'SELECT 1');
  const packets = await readReply(d);
  assert.equal(packets.length, 5); // column count, column, EOF, row, EOF
  assertConsecutive(packets);
  d.command(COM.PING);
  const pong = await d.read();
  assert.equal(kind(pong), 'ok');
  assert.equal(pong.sequenceId, 1);
});

test('COM_INIT_DB goes through the engine: known database OK, unknown 1049', async () => {
  const c = await loggedIn();
  c.command(COM.INIT_DB, 'db1');
  const ok = await c.read();
  assert.equal(kind(ok), 'ok');
  assert.equal(ok.sequenceId, 1);
  c.command(COM.QUERY, 'SELECT DATABASE()');
  const rows = await readReply(c);
  assert.equal(rows[3]?.payload.toString('utf8', 1), 'db1');
  c.command(COM.INIT_DB, 'nope');
  const err = await c.read();
  assert.deepEqual(errorOf(err), { errno: 1049, sqlState: '42000', message: "Unknown database 'nope'" });
});

test('an unknown database at login refuses it and hangs up', async () => {
  const c = await client();
  const reply = await c.login('root', 'secret-pw', { database: 'nope' });
  assert.equal(reply.sequenceId, 2);
  assert.equal(errorOf(reply).errno, 1049);
  assert.ok(await c.waitClosed());
});

test('a wrong password is refused with SQLSTATE 28000 and the server hangs up', async () => {
  const c = await client();
  const reply = await c.login('root', 'bad');
  assert.deepEqual(errorOf(reply), {
    errno: 1045,
    sqlState: '28000',
    message: "Access denied for user 'root' (using password: YES)",
  });
  assert.ok(await c.waitClosed());
});

// StarRocks: fe/fe-core/src/main/java/com/starrocks/mysql/MysqlOkPacket.java (a non-empty info
// message is written as a length-encoded string even without SESSION_TRACK; an empty one is left out)
test('the OK packet carries its info text as a length-encoded string, and nothing when there is none', async () => {
  const c = await loggedIn();
  c.command(COM.QUERY, 'INSERT INTO t VALUES (3)');
  const ok = await c.read();
  assert.equal(kind(ok), 'ok');
  const info = 'Records: 1  Duplicates: 0  Warnings: 0';
  // 0x00, affected rows 3, insert id 42, no status flag, 0 warnings, then length + text
  assert.deepEqual(
    ok.payload,
    Buffer.concat([Buffer.from([0x00, 3, 42, 0x00, 0x00, 0x00, 0x00, info.length]), Buffer.from(info)]),
  );
  c.command(COM.PING);
  const pong = await c.read();
  assert.deepEqual(pong.payload, Buffer.from([0x00, 0, 0, 0x00, 0x00, 0x00, 0x00]));
});

// StarRocks: fe/fe-core/src/main/java/com/starrocks/mysql/MysqlHandshakePacket.java (STATUS_FLAGS 0),
// mysql/MysqlCapability.java (DEFAULT_FLAGS without TRANSACTIONS), mysql/MysqlServerStatusFlag.java
test('the hello and every OK and EOF carry no status flag but MORE_RESULTS_EXISTS; TRANSACTIONS is not offered', async () => {
  const c = await client();
  const hello = (await c.read()).payload;
  const afterScramble = hello.indexOf(0, 1) + 1 + 4 + 8 + 1;
  const capabilities = hello.readUInt16LE(afterScramble) | (hello.readUInt16LE(afterScramble + 5) << 16);
  assert.equal(hello.readUInt16LE(afterScramble + 3), 0, 'status flags of the hello');
  assert.equal(capabilities & 0x2000, 0, 'CLIENT_TRANSACTIONS');
  c.close();
  const d = await loggedIn();
  d.command(COM.QUERY, 'SELECT 1');
  const packets = await readReply(d);
  assert.deepEqual(packets.filter((p) => kind(p) === 'eof').map(eofStatus), [0, 0]);
});

test('STMT_CLOSE gets no reply; unknown commands and empty packets get 1047', async () => {
  const c = await loggedIn();
  c.command(COM.STMT_CLOSE, Buffer.from([1, 0, 0, 0]));
  c.command(COM.PING);
  const pong = await c.read();
  assert.equal(kind(pong), 'ok');
  assert.equal(pong.sequenceId, 1);
  for (const code of [COM.CHANGE_USER, COM.FIELD_LIST, 0x09, 0xee]) {
    c.command(code, 'whatever');
    assert.deepEqual(errorOf(await c.read()), { errno: 1047, sqlState: '08S01', message: 'Unknown command' });
  }
  c.send(0, Buffer.alloc(0));
  assert.equal(errorOf(await c.read()).errno, 1047);
  c.command(COM.PING);
  assert.equal(kind(await c.read()), 'ok');
  assert.equal(c.unread, 0);
});

test('intermediate results of a multi-statement query carry MORE_RESULTS_EXISTS', async () => {
  const c = await loggedIn(CLIENT.MULTI_STATEMENTS);
  c.command(COM.QUERY, 'SELECT 1; INSERT INTO t VALUES (2); SELECT 2 AS two');
  const packets = await readReply(c);
  assertConsecutive(packets);
  // result 1: count, column, EOF, row, EOF | result 2: OK | result 3: count, column, EOF, row, EOF
  assert.equal(packets.length, 11);
  assert.ok(eofStatus(packets[4] as RawPacket) & MORE_RESULTS);
  assert.ok(okStatus(packets[5] as RawPacket) & MORE_RESULTS);
  assert.equal(eofStatus(packets[10] as RawPacket) & MORE_RESULTS, 0);
  assert.equal(c.unread, 0);
});

test('COM_SET_OPTION turns multi-statements on for a client that did not ask at login', async () => {
  const c = await loggedIn();
  c.command(COM.QUERY, 'SELECT 1; SELECT 2 AS two');
  assert.equal(errorOf(await c.read()).errno, 1064);
  c.command(COM.SET_OPTION, Buffer.from([0, 0]));
  const eof = await c.read();
  assert.equal(kind(eof), 'eof');
  c.command(COM.QUERY, 'SELECT 1; SELECT 2 AS two');
  assert.equal((await readReply(c)).length, 10);
});

test('a query longer than one packet is read whole and answered after its last packet', async () => {
  const c = await loggedIn();
  const text = 'SELECT 1 /*' + 'x'.repeat(0xffffff) + '*/';
  const payload = Buffer.concat([Buffer.from([COM.QUERY]), Buffer.from(text)]);
  c.send(0, payload.subarray(0, 0xffffff));
  c.send(1, payload.subarray(0xffffff));
  // 16 MiB to receive, reassemble and scan: on a busy machine that alone can take over 2 s.
  const reply = await c.read(10_000);
  assert.equal(reply.sequenceId, 2);
  // The fake engine does not know comments and quotes the statement; the message is cut short.
  assert.equal(errorOf(reply).errno, 1064);
  assert.ok(reply.payload.length < 20_000);
  c.command(COM.PING);
  assert.equal((await c.read()).sequenceId, 1);
});

test('COM_QUIT closes the connection and ends the session', async () => {
  const c = await loggedIn();
  c.command(COM.QUERY, 'SELECT CONNECTION_ID()');
  const id = Number((await readReply(c))[3]?.payload.toString('utf8', 1));
  c.command(COM.QUIT);
  assert.ok(await c.waitClosed());
  const deadline = Date.now() + 2000;
  while (!engine.endedSessions.includes(id) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  assert.ok(engine.endedSessions.includes(id));
});

async function noConnectionsLeft(): Promise<void> {
  const deadline = Date.now() + 2000;
  while (server.connectionCount > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  assert.equal(server.connectionCount, 0);
}

test('malformed handshakes and abandoned connections do not disturb the server', async () => {
  for (const c of clients) c.close();
  await noConnectionsLeft();
  const errorsBefore = engine.connectionErrors.length;
  // A handshake response far too short to parse.
  const a = await client();
  await a.read();
  a.send(1, Buffer.from([1, 2, 3]));
  assert.ok(await a.waitClosed());
  // Random bytes where the handshake response should be.
  const b = await client();
  await b.read();
  b.send(1, Buffer.from(Array.from({ length: 64 }, (_, i) => (i * 97 + 13) & 0xff)));
  await b.waitClosed(500);
  b.close();
  // Half a packet header, then gone; and a client that leaves without a word.
  const d = await client();
  await d.read();
  d.socket.write(Buffer.from([0x20, 0x00]));
  d.close();
  const e = await client();
  e.close();
  // A logged-in client that leaves in the middle of a packet.
  const f = await loggedIn();
  f.socket.write(Buffer.from([0x10, 0x00, 0x00, 0x00, COM.QUERY, 0x53]));
  f.close();

  const ok = await loggedIn();
  ok.command(COM.PING);
  assert.equal(kind(await ok.read()), 'ok');
  ok.close();
  await noConnectionsLeft();
  assert.ok(engine.connectionErrors.length > errorsBefore, 'the unparsable handshake was reported');
});
