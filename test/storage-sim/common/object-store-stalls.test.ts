// The engine's object-store client never waits forever: an upload whose local file cannot be read
// fails at once (the body fails the request rather than staying open), and a store that accepts
// the connection but never answers fails the request once no bytes moved for the idle timeout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ObjectStore } from '../../../src/storage-sim/common/object-store/object-store.js';
import { ObjectStoreError } from '../../../src/storage-sim/common/object-store/object-store-error.js';
import { startS3Server, S3_ACCESS_KEY } from '../../helpers/s3-server.js';
import { TEST_SECRETS } from '../../helpers/test-secrets.js';
import { scratchDir } from '../../helpers/scratch.js';

const PUT = { singlePartMaxBytes: 1 << 20, partBytes: 1 << 20 };

function storeAt(endpoint: string, bucket: string, timeouts?: { connectMs: number; idleMs: number }): ObjectStore {
  return new ObjectStore({
    ...(timeouts ? { timeouts } : {}),
    endpoint: `http://${endpoint}`,
    region: 'us-east-1',
    credentials: { accessKeyId: S3_ACCESS_KEY, secretAccessKey: TEST_SECRETS.s3SecretKey },
    pathStyle: true,
    requestChecksums: 'WHEN_REQUIRED',
    responseChecksums: 'WHEN_REQUIRED',
    bucket,
    prefix: '',
  });
}

test('an upload whose file is gone fails at once, without retries, and names the file', async (t) => {
  const s3 = await startS3Server('object-store-missing-file', 'bucket');
  t.after(() => s3.stop());
  const store = storeAt(s3.endpoint, 'bucket');
  t.after(() => store.destroy());
  const dir = scratchDir('object-store-missing-file');
  const present = join(dir, 'present.dat');
  writeFileSync(present, Buffer.alloc(3000, 7));
  await store.putFile('ok.dat', present, 3000, PUT);
  assert.deepEqual((await s3.list()).map((o) => [o.key, o.size]), [['ok.dat', 3000]]);

  const started = Date.now();
  const missing = join(dir, 'missing.dat');
  await assert.rejects(store.putFile('gone.dat', missing, 3000, PUT), (e: Error) => e instanceof ObjectStoreError && e.message.includes('uploading') && e.message.includes('ENOENT') && e.message.includes(missing));
  assert.ok(Date.now() - started < 5_000, `failed in ${Date.now() - started} ms`);
  await assert.rejects(store.putFile('gone-parts.dat', missing, 3 << 20, PUT), /ENOENT/);
  assert.deepEqual((await s3.list()).map((o) => o.key), ['ok.dat'], 'nothing half-written is left');
});

test('a store that never answers fails the request after its idle timeout instead of holding it', async (t) => {
  const sockets = new Set<Socket>();
  const silent = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    for (const socket of sockets) socket.destroy();
    silent.close();
  });
  const { port } = silent.address() as { port: number };
  // 1 s instead of the default 60 s, to keep the test short.
  const store = storeAt(`127.0.0.1:${port}`, 'bucket', { connectMs: 1_000, idleMs: 1_000 });
  t.after(() => store.destroy());
  const started = Date.now();
  await assert.rejects(store.getText('anything.json'), (e: Error) => e instanceof ObjectStoreError && /downloading s3a:\/\/bucket\/anything\.json/.test(e.message));
  const elapsed = Date.now() - started;
  // Three attempts (a timeout is worth another try), each given up after 1 s of silence.
  assert.ok(elapsed >= 2_500 && elapsed < 15_000, `gave up after ${elapsed} ms`);
  assert.ok(sockets.size >= 3, `${sockets.size} connections: one per attempt`);
});
