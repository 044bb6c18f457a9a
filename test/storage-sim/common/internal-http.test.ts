import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import { postJson } from '../../../src/storage-sim/common/internal-http.js';

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
