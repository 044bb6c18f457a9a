import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import { getText, postJson } from '../../../src/storage-sim/common/internal-http.js';

test('a call on a kept-alive socket that the server closes as it is reused is sent again, not failed', async (t) => {
  // Answers the first request of each connection with keep-alive, then drops the connection when a
  // second request arrives on it: what a server closing an idle socket at that moment looks like.
  let answered = 0;
  const sockets = new Set<Socket>();
  const server = createServer((socket: Socket) => {
    sockets.add(socket);
    let requests = 0;
    let buffer = '';
    socket.on('data', (data) => {
      buffer += data.toString('latin1');
      if (!buffer.includes('\r\n\r\n')) return;
      const length = Number(/content-length: (\d+)/i.exec(buffer)?.[1] ?? 0);
      if (buffer.length < buffer.indexOf('\r\n\r\n') + 4 + length) return;
      buffer = '';
      requests++;
      if (requests > 1) return void socket.destroy();
      answered++;
      const body = JSON.stringify({ answered });
      socket.write(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: keep-alive\r\n\r\n${body}`);
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    for (const socket of sockets) socket.destroy();
    return new Promise((resolve) => server.close(resolve));
  });
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/x`;
  assert.deepEqual(await postJson(url, { i: 1 }), { answered: 1 });
  // The pooled socket is reused, dropped, and the call goes again on a fresh one.
  assert.deepEqual(await postJson(url, { i: 2 }), { answered: 2 });
  assert.deepEqual(await postJson(url, { i: 3 }), { answered: 3 });
});

test('a GET that times out or is refused names the URL with its cluster token masked', async (t) => {
  // Silent for /slow, a 401 for anything else.
  const sockets = new Set<Socket>();
  const server = createServer((socket: Socket) => {
    sockets.add(socket);
    socket.on('data', (data) => {
      if (data.toString('latin1').startsWith('GET /slow')) return;
      socket.end('HTTP/1.1 401 Unauthorized\r\ncontent-length: 13\r\nconnection: close\r\n\r\nNotAuthorized');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    for (const socket of sockets) socket.destroy();
    server.close();
  });
  const port = (server.address() as { port: number }).port;
  const secret = 'tok-3f9a7c';
  const slow = await getText(`http://127.0.0.1:${port}/slow?token=${secret}&file=x`, { timeoutMs: 200 }).catch((error: Error) => error);
  assert.ok(slow instanceof Error);
  assert.match(slow.message, /timed out/);
  assert.match(slow.message, /token=\*\*\*/);
  assert.ok(!slow.message.includes(secret), slow.message);
  const refused = await getText(`http://127.0.0.1:${port}/api?token=${secret}`).catch((error: Error) => error);
  assert.ok(refused instanceof Error);
  assert.match(refused.message, /answered 401: NotAuthorized/);
  assert.ok(!refused.message.includes(secret), refused.message);
});
