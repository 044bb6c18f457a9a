// The HTTP listener of the API, the metrics and the status page: bearer-token check, JSON bodies
// in and out, clear refusals. Off unless http_port is set; bound to http_bind (loopback by
// default). Nothing it receives reaches a cluster without going through the sync loop.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { errorBody, HttpError } from './http-errors.js';
import { findRoute, type Route } from './router.js';

export interface ApiServerOptions {
  port: number;
  bind: string;
  /** Empty: no token asked (the configuration allows that only on a loopback address). */
  token: string;
  routes: readonly Route[];
  log: Logger;
}

export interface ApiServer {
  readonly port: number;
  close(): Promise<void>;
}

/** Bodies larger than this are refused: the API takes a few names at most. */
const MAX_BODY_BYTES = 64 * 1024;

const digest = (text: string) => createHash('sha256').update(text).digest();

function authorized(request: IncomingMessage, token: string): boolean {
  if (token === '') return true;
  const header = request.headers.authorization ?? '';
  const given = /^Bearer (.+)$/i.exec(header)?.[1] ?? '';
  // Compared as digests: equal lengths for timingSafeEqual, and no timing clue about the token.
  return timingSafeEqual(digest(given), digest(token));
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `the body is larger than ${MAX_BODY_BYTES} bytes; expected a small JSON object`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, `the body is not valid JSON (${(error as Error).message}); expected a JSON object or no body`);
  }
}

function send(response: ServerResponse, status: number, contentType: string, body: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'Content-Type': contentType, 'Cache-Control': 'no-store', ...headers });
  response.end(body);
}

export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const { log } = options;
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    try {
      const { route, params } = findRoute(options.routes, request.method ?? 'GET', url.pathname.replace(/\/+$/, '') || '/');
      if (!route.public && !authorized(request, options.token)) {
        throw new HttpError(401, 'missing or wrong token; expected the header Authorization: Bearer <http_token>', { 'WWW-Authenticate': 'Bearer realm="cluster-sync"' });
      }
      const body = route.method === 'POST' ? await readBody(request) : undefined;
      const reply = await route.handle({ method: route.method, params, body, query: url.searchParams, remote: request.socket.remoteAddress ?? '?' });
      if ('json' in reply) send(response, reply.status ?? 200, 'application/json; charset=utf-8', JSON.stringify(reply.json));
      else send(response, reply.status ?? 200, reply.contentType, reply.text);
    } catch (error) {
      if (error instanceof HttpError) {
        // Drain what the client sent, so the refusal reaches it before the socket closes.
        request.resume();
        send(response, error.status, 'application/json; charset=utf-8', errorBody(error.status, error.message), error.headers);
        return;
      }
      log.warn(`HTTP ${request.method} ${url.pathname} failed: ${(error as Error).message}`);
      send(response, 500, 'application/json; charset=utf-8', errorBody(500, `the daemon could not answer: ${(error as Error).message}`));
    }
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new Error(`the HTTP API cannot listen on ${options.bind}:${options.port}: ${error.code === 'EADDRINUSE' ? 'the port is in use' : error.message}`)),
    );
    server.listen(options.port, options.bind, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  log.info(`HTTP API listening on http://${options.bind.includes(':') ? `[${options.bind}]` : options.bind}:${port} (${options.token ? 'bearer token required' : 'no token: loopback only'})`);
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
