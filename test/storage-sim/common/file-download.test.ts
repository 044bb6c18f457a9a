import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { downloadBody, downloadBuffersAllocated } from '../../../src/storage-sim/be/file-download.js';

test('downloads one after another reuse their read buffers instead of allocating one per file', async () => {
  const body = Buffer.alloc(1_200_000, 7);
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-length': body.length });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/file`;
  try {
    const before = downloadBuffersAllocated();
    for (let i = 0; i < 30; i++) {
      let received = 0;
      const length = await downloadBody(url, {
        timeoutMs: 5_000,
        delayAfter: () => 0,
        onPiece: async (piece) => {
          received += piece.length;
        },
      });
      assert.equal(length, body.length);
      assert.equal(received, body.length);
    }
    // One buffer armed for the next read plus the pieces in flight: a handful, not one per file.
    const allocated = downloadBuffersAllocated() - before;
    assert.ok(allocated <= 6, `30 downloads allocated ${allocated} read buffers`);
  } finally {
    server.close();
  }
});
