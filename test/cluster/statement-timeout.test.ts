// jdbc_socket_timeout_ms bounds every statement: an FE that stops answering mid-statement (here a
// TCP relay that stops passing bytes after the login) fails the statement after the timeout with
// mysql2's "Query inactivity timeout", and the client works again over a fresh connection. A
// connection dying under a statement leaves no timer behind to keep the process alive.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, connect as dial, type Socket } from 'node:net';
import { once } from 'node:events';
import { FeClient } from '../../src/cluster/fe-client.js';
import type { FeEndpoint } from '../../src/cluster/fe-endpoint.js';
import { startCluster } from '../helpers/sim-cluster.js';

test('a statement the FE never answers fails after jdbc_socket_timeout_ms, and the next one works', async (t) => {
  const cluster = await startCluster('statement-timeout', { backends: 1 });
  t.after(() => cluster.stop());
  let stalled = false;
  const sockets: Socket[] = [];
  const relay = createServer((client) => {
    const server = dial(cluster.fe.queryPort, '127.0.0.1');
    sockets.push(client, server);
    client.on('data', (chunk) => {
      if (!stalled) server.write(chunk);
    });
    server.on('data', (chunk) => client.write(chunk));
    const close = () => {
      client.destroy();
      server.destroy();
    };
    client.on('close', close).on('error', close);
    server.on('close', close).on('error', close);
  });
  relay.listen(0, '127.0.0.1');
  await once(relay, 'listening');
  t.after(() => {
    for (const socket of sockets) socket.destroy();
    relay.close();
  });
  const port = (relay.address() as { port: number }).port;
  const endpoint: FeEndpoint = { side: 'target', configuredHost: '127.0.0.1', configuredPort: port, host: '127.0.0.1', port, user: 'root', password: '', connectTimeoutMs: 2_000, queryTimeoutMs: 400 };
  const client = new FeClient(endpoint, 1);
  t.after(() => client.close());

  assert.deepEqual(await client.query('SELECT 1 AS one'), [{ one: '1' }]);
  stalled = true;
  const started = Date.now();
  await assert.rejects(client.query('SELECT 2 AS two'), /query on target FE 127\.0\.0\.1:\d+ failed: PROTOCOL_SEQUENCE_TIMEOUT: Query inactivity timeout/);
  const took = Date.now() - started;
  assert.ok(took >= 350 && took < 5_000, `the statement failed after ${took} ms, expected about 400`);
  stalled = false;
  assert.deepEqual(await client.query('SELECT 3 AS three'), [{ three: '3' }], 'a fresh connection replaces the one given up');
});
