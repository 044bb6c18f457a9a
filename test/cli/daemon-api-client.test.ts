// How the command line calls a daemon's HTTP API, against a real HTTP server on loopback that
// answers as the daemon's API does (src/http/api-server.ts): where it connects for each http_bind,
// what it sends (token, JSON body, encoded names), and the sentence and exit code of each failure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { scratchDir } from '../helpers/scratch.js';
import { MINIMAL_CLUSTERS, writeConf } from '../helpers/config-files.js';
import { freePort } from '../helpers/free-port.js';
import { TEST_SECRETS } from '../helpers/test-secrets.js';
import { loadConfig } from '../../src/config/load-config.js';
import { ApiCallError, connectHost, daemonApiOf, pathSegment } from '../../src/cli/daemon-api-client.js';
import { EXIT_CONFIG, EXIT_FAILURE, EXIT_REFUSED } from '../../src/cli/exit-codes.js';
import { errorBody } from '../../src/http/http-errors.js';

const TOKEN = TEST_SECRETS.httpToken;

interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
  body: string;
}

/** A server answering each path with the status and body `answers` gives; it records what it was sent. */
async function fakeApi(answers: Record<string, { status: number; body: string }>) {
  const seen: Seen[] = [];
  const server = createServer(async (request: IncomingMessage, response) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    seen.push({ method: request.method!, url: request.url!, authorization: request.headers.authorization, body });
    const answer = answers[request.url!] ?? { status: 404, body: errorBody(404, `no such path: ${request.url}`) };
    response.writeHead(answer.status, { 'Content-Type': 'application/json' }).end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, seen, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function configWith(settings: Record<string, string>) {
  const dir = scratchDir('daemon-api-client');
  const conf = writeConf(dir, { ...MINIMAL_CLUSTERS, ...settings });
  return loadConfig({ conf, hosts: `${dir}/none.properties` }).config;
}

async function failure(promise: Promise<unknown>): Promise<ApiCallError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiCallError) return error;
    throw error;
  }
  assert.fail('the call was expected to fail');
}

test('a wildcard http_bind is reached on loopback; the token, the JSON body and the encoded names go out as the API expects', async (t) => {
  assert.deepEqual(['0.0.0.0', '::', '127.0.0.1', '::1', 'sync-host.example'].map(connectHost), ['127.0.0.1', '::1', '127.0.0.1', '::1', 'sync-host.example']);
  const api = await fakeApi({
    '/api/v1/pause': { status: 200, body: JSON.stringify({ ok: true, message: 'table shop.orders paused' }) },
    '/api/v1/tables/my.db/daily.v2%2Feu%20%60x%60/resync': { status: 200, body: JSON.stringify({ ok: true, message: 'resync asked' }) },
  });
  t.after(api.close);
  const client = daemonApiOf(configWith({ http_port: String(api.port), http_bind: '0.0.0.0', http_token: TOKEN }));
  assert.equal(client.where, `127.0.0.1:${api.port}`);
  assert.deepEqual(await client.call('POST', '/api/v1/pause', { database: 'shop', table: 'orders' }), { ok: true, message: 'table shop.orders paused' });
  assert.deepEqual(api.seen[0], { method: 'POST', url: '/api/v1/pause', authorization: `Bearer ${TOKEN}`, body: '{"database":"shop","table":"orders"}' });
  // Dots stay; a slash, a space and backticks are encoded, so the name stays one path segment.
  await client.call('POST', `/api/v1/tables/${pathSegment('my.db')}/${pathSegment('daily.v2/eu `x`')}/resync`);
  assert.equal(api.seen[1]!.body, '', 'no body when none is given');

  const noToken = daemonApiOf(configWith({ http_port: String(api.port) }));
  await noToken.call('POST', '/api/v1/pause');
  assert.equal(api.seen[2]!.authorization, undefined, 'no Authorization header without http_token');
  assert.equal(daemonApiOf(configWith({ http_port: '9090', http_bind: '::1' })).where, '[::1]:9090');
});

test("each failure of a call says what went wrong and what to do, with its exit code, and never the token", async (t) => {
  const api = await fakeApi({
    '/401': { status: 401, body: errorBody(401, 'missing or wrong token; expected the header Authorization: Bearer <http_token>') },
    '/404': { status: 404, body: errorBody(404, 'table shop.nope is not on the source') },
    '/409': { status: 409, body: errorBody(409, 'a cutover is already running') },
    '/400': { status: 400, body: errorBody(400, '"database" must be a non-empty string') },
    '/503': { status: 503, body: errorBody(503, 'the daemon has not read the clusters yet') },
    '/html': { status: 200, body: '<html>something else</html>' },
  });
  t.after(api.close);
  const withToken = configWith({ http_port: String(api.port), http_token: TOKEN });
  const client = daemonApiOf(withToken);
  const cases: [string, number, RegExp][] = [
    ['/401', EXIT_CONFIG, new RegExp(`^the daemon on 127\\.0\\.0\\.1:${api.port} refused the token: http_token in .*sync\\.properties is wrong; set it to the daemon's http_token$`)],
    ['/404', EXIT_REFUSED, /^table shop\.nope is not on the source$/],
    ['/409', EXIT_REFUSED, /^a cutover is already running$/],
    ['/400', EXIT_CONFIG, /^"database" must be a non-empty string$/],
    ['/503', EXIT_FAILURE, /^the daemon has not read the clusters yet$/],
    ['/html', EXIT_FAILURE, /answered HTTP 200 without the daemon's JSON: is http_port the port of cluster-sync's API\?$/],
  ];
  for (const [path, code, message] of cases) {
    const error = await failure(client.call('GET', path));
    assert.equal(error.exitCode, code, path);
    assert.match(error.message, message, path);
    assert.doesNotMatch(error.message, new RegExp(TOKEN), path);
  }
  const missing = await failure(daemonApiOf(configWith({ http_port: String(api.port) })).call('GET', '/401'));
  assert.equal(missing.exitCode, EXIT_CONFIG);
  assert.match(missing.message, /asks for a token and none is set: set http_token in .*sync\.properties to the daemon's http_token$/);

  const port = await freePort();
  const refused = await failure(daemonApiOf(configWith({ http_port: String(port) })).call('GET', '/api/v1/status'));
  assert.equal(refused.exitCode, EXIT_FAILURE);
  assert.match(refused.message, new RegExp(`^no daemon answers on 127\\.0\\.0\\.1:${port} \\(connection refused\\): start it`));
  assert.throws(() => daemonApiOf(configWith({ http_port: '0' })), (error: ApiCallError) => error.exitCode === EXIT_CONFIG && /HTTP API is off \(http_port is 0 in /.test(error.message));
  // The fetch standard's blocked ports (https://fetch.spec.whatwg.org/#port-blocking): fetch does not even try.
  const blocked = await failure(daemonApiOf(configWith({ http_port: '6000' })).call('GET', '/api/v1/status'));
  assert.equal(blocked.exitCode, EXIT_CONFIG);
  assert.match(blocked.message, /does not connect to port 6000, a port the fetch standard blocks: give the daemon another http_port/);
});
