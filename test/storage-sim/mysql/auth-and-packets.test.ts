// Unit checks of the password proof and of the packet encoders' edge cases.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { SqlError, toSqlErrorInfo } from '../../../src/storage-sim/fe/mysql/index.js';
import { nativePasswordToken, passwordHash, verifyNativePasswordHash } from '../../../src/storage-sim/fe/mysql/native-password.js';

const verifyNativePassword = (password: string, scramble: Buffer, token: Buffer) => verifyNativePasswordHash(passwordHash(password), scramble, token);
import { PacketWriter } from '../../../src/storage-sim/fe/mysql/packet-writer.js';
import { errorPacket, lenencSize, okPacket, textRowPacket, writeLenenc } from '../../../src/storage-sim/fe/mysql/packets.js';
import type { Socket } from 'node:net';

test('mysql_native_password: the right password verifies, others do not', () => {
  const scramble = randomBytes(20);
  const token = nativePasswordToken('s3cret ✓', scramble);
  assert.equal(token.length, 20);
  assert.ok(verifyNativePassword('s3cret ✓', scramble, token));
  assert.ok(!verifyNativePassword('s3cret', scramble, token));
  assert.ok(!verifyNativePassword('s3cret ✓', randomBytes(20), token));
  assert.ok(!verifyNativePassword('s3cret ✓', scramble, Buffer.alloc(0)));
  assert.ok(!verifyNativePassword('s3cret ✓', scramble, token.subarray(0, 19)));
});

test('an empty password is an empty token', () => {
  const scramble = randomBytes(20);
  assert.equal(nativePasswordToken('', scramble).length, 0);
  assert.ok(verifyNativePassword('', scramble, Buffer.alloc(0)));
  assert.ok(!verifyNativePassword('', scramble, nativePasswordToken('x', scramble)));
});

test('length-encoded integers use the 1, 3, 4 and 9 byte forms', () => {
  for (const [n, size, first] of [
    [250, 1, 250],
    [251, 3, 0xfc],
    [0xffff, 3, 0xfc],
    [0x10000, 4, 0xfd],
    [0xffffff, 4, 0xfd],
    [0x1000000, 9, 0xfe],
    [2 ** 40, 9, 0xfe],
  ] as const) {
    assert.equal(lenencSize(n), size, `size of ${n}`);
    const buf = Buffer.alloc(9);
    assert.equal(writeLenenc(buf, 0, n), size);
    assert.equal(buf[0], first);
  }
});

test('a text row encodes NULL as 0xfb and text as length-prefixed UTF-8', () => {
  const row = textRowPacket(['a', null, 'é']).subarray(4);
  assert.deepEqual([...row], [1, 0x61, 0xfb, 2, 0xc3, 0xa9]);
});

test('OK packets clamp nonsense counts to 0', () => {
  const ok = okPacket({ affectedRows: -1, insertId: Number.NaN, status: 2 }).subarray(4);
  assert.deepEqual([...ok], [0, 0, 0, 2, 0, 0, 0]);
});

test('error packets carry a five-character SQLSTATE and cap huge messages', () => {
  const p = errorPacket({ errno: 1064, sqlState: '42000', message: 'x'.repeat(100_000) }).subarray(4);
  assert.equal(p.toString('ascii', 3, 9), '#42000');
  assert.ok(p.length < 17_000);
  assert.ok(p.toString('utf8').endsWith('...'));
});

test('anything with errno and sqlState passes as an SQL error; other errors become 1105', () => {
  assert.deepEqual(toSqlErrorInfo(SqlError.unknownDatabase('d')), { errno: 1049, sqlState: '42000', message: "Unknown database 'd'" });
  assert.deepEqual(toSqlErrorInfo(Object.assign(new Error('dup'), { errno: 1062, sqlState: '23000' })), {
    errno: 1062,
    sqlState: '23000',
    message: 'dup',
  });
  // A system error has a (negative) errno but no SQLSTATE.
  assert.deepEqual(toSqlErrorInfo(Object.assign(new Error('read ECONNRESET'), { errno: -104, code: 'ECONNRESET' })), {
    errno: 1105,
    sqlState: 'HY000',
    message: 'read ECONNRESET',
  });
  assert.deepEqual(toSqlErrorInfo('text'), { errno: 1105, sqlState: 'HY000', message: 'text' });
});

test('the packet writer numbers packets, wraps at 256 and splits payloads of 16 MiB - 1 and more', async () => {
  const written: Buffer[] = [];
  const socket = { destroyed: false, writable: true, write: (b: Buffer) => (written.push(Buffer.from(b)), true) } as unknown as Socket;
  const w = new PacketWriter(socket);
  w.startReply(255);
  w.push(okPacket({ status: 2 }));
  w.push(okPacket({ status: 2 }));
  const big = Buffer.alloc(4 + 0xffffff, 0x61); // exactly one full packet: needs an empty one after it
  w.push(big);
  await w.flush();
  const out = Buffer.concat(written);
  const headers: [number, number][] = [];
  for (let o = 0; o < out.length; ) {
    const len = out.readUIntLE(o, 3);
    headers.push([len, out[o + 3] ?? -1]);
    o += 4 + len;
  }
  assert.deepEqual(headers, [
    [7, 255],
    [7, 0],
    [0xffffff, 1],
    [0, 2],
  ]);
});

test('a row of short ASCII values is encoded as the general encoder would', () => {
  const short = ['meta_000', 't00001', null, '12345', '[types: [DATE]; keys: [2024-01-01]; ..types: [DATE]; keys: [2024-01-02]; )', ''];
  const expected = [8, ...Buffer.from('meta_000'), 6, ...Buffer.from('t00001'), 0xfb, 5, ...Buffer.from('12345')];
  const row = [...textRowPacket(short).subarray(4)];
  assert.deepEqual(row.slice(0, expected.length), expected);
  assert.equal(row.length, expected.length + 1 + short[4]!.length + 1);
  // 250 characters still take a one-byte prefix; 251 take three (0xfc and two bytes).
  assert.deepEqual([...textRowPacket(['x'.repeat(250)]).subarray(4, 5)], [250]);
  assert.deepEqual([...textRowPacket(['x'.repeat(251)]).subarray(4, 7)], [0xfc, 251, 0]);
  // A non-ASCII value anywhere in the row: UTF-8 lengths.
  assert.deepEqual([...textRowPacket(['ab', 'é']).subarray(4)], [2, 0x61, 0x62, 2, 0xc3, 0xa9]);
});
