// The reference engine's internal calls (FE -> BE, BE -> BE) travel as HTTP with JSON bodies, and
// row streams as newline-delimited JSON with backpressure end to end. StarRocks uses Thrift and
// brpc for these; they are not part of the contract the daemon relies on, so plain HTTP keeps the
// engine small and debuggable with curl.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export class InternalCallError extends Error {
  constructor(
    message: string,
    readonly statusCode?: number,
    /** A machine-readable reason the callee gave (e.g. VersionsNotAvailable). */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'InternalCallError';
  }
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** A URL as errors may show it: a cluster token in its query is masked. */
export const maskToken = (url: string): string => url.replace(/token=[^&]*/, 'token=***');

/** A GET answered with another status than 200: the status and the start of the answer's text, the URL's token masked. */
export function getRefused(url: string, status: number, text: string): InternalCallError {
  return new InternalCallError(`GET ${maskToken(url)} answered ${status}: ${text.slice(0, 300)}`, status);
}

export interface CallOptions {
  timeoutMs?: number;
}

/**
 * Streaming uploads get a fresh connection: a kept-alive socket the server is just closing would
 * fail a body that cannot be sent again.
 */
function request(url: string, method: string, headers: Record<string, string>, timeoutMs: number, reuse = true): http.ClientRequest {
  const req = http.request(url, { method, headers, agent: reuse ? agent : false });
  req.setTimeout(timeoutMs, () => req.destroy(new InternalCallError(`${method} ${maskToken(url)} timed out after ${timeoutMs} ms`)));
  return req;
}

async function readBody(res: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function parseReply<T>(url: string, res: IncomingMessage): Promise<T> {
  const text = await readBody(res);
  let body: unknown;
  try {
    body = text === '' ? {} : JSON.parse(text);
  } catch {
    throw new InternalCallError(`${url} answered ${res.statusCode} with a non-JSON body`, res.statusCode);
  }
  if (res.statusCode !== 200) {
    const error = body as { error?: string; code?: string };
    throw new InternalCallError(error.error ?? `${url} answered ${res.statusCode}`, res.statusCode, error.code);
  }
  return body as T;
}

/**
 * Sends a request (with a JSON body, or none) and resolves with the response. A kept-alive socket
 * can be closed by the server just as it is reused ("socket hang up" before any answer); that
 * request never reached the server, so it is sent once more on a fresh socket.
 */
function send(method: 'GET' | 'POST', url: string, body: unknown, timeoutMs: number, retried = false): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const headers: Record<string, string> = payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {};
    const req = request(url, method, headers, timeoutMs, !retried);
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (!retried && req.reusedSocket && (error.code === 'ECONNRESET' || error.message === 'socket hang up')) {
        send(method, url, body, timeoutMs, true).then(resolve, reject);
        return;
      }
      reject(error instanceof InternalCallError ? error : new InternalCallError(`${method} ${maskToken(url)} failed: ${error.message}`));
    });
    req.on('response', resolve);
    req.end(payload);
  });
}

const post = (url: string, body: unknown, timeoutMs: number) => send('POST', url, body, timeoutMs);

/**
 * GETs a small text answer over a kept-alive connection; a non-200 answer becomes an
 * InternalCallError carrying the status and the start of the body. Tokens in the URL are masked.
 */
export async function getText(url: string, options: CallOptions = {}): Promise<string> {
  const res = await send('GET', url, undefined, options.timeoutMs ?? 60_000);
  const text = await readBody(res);
  if (res.statusCode !== 200) throw getRefused(url, res.statusCode ?? 0, text);
  return text;
}

/** POST a JSON body, get a JSON answer; a non-200 answer becomes an InternalCallError with the callee's message. */
export async function postJson<T>(url: string, body: unknown, options: CallOptions = {}): Promise<T> {
  return parseReply<T>(url, await post(url, body, options.timeoutMs ?? 60_000));
}

/**
 * PUT a stream of lines (each already JSON-encoded, newline included) with backpressure; returns
 * the JSON answer. Callers encode once even when the same lines go to several receivers.
 */
export function putLines<T>(url: string, lines: AsyncIterable<string>, options: CallOptions = {}): Promise<T> {
  return new Promise((resolve, reject) => {
    const req = request(url, 'PUT', { 'content-type': 'application/x-ndjson', 'transfer-encoding': 'chunked' }, options.timeoutMs ?? 600_000, false);
    let failed = false;
    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      reject(error instanceof InternalCallError ? error : new InternalCallError(`PUT ${url} failed: ${error.message}`));
    };
    req.on('error', fail);
    req.on('response', (res) => parseReply<T>(url, res).then(resolve, fail));
    pipeline(Readable.from(lines), req).catch(fail);
  });
}

/**
 * Splits a byte stream into JSON lines and parses them, one batch per received chunk: rows are
 * many and small, so handling them a chunk at a time (not a line at a time) keeps the per-row cost
 * to the parse itself.
 */
export async function* jsonLineBatches<T>(input: AsyncIterable<Buffer | string>): AsyncGenerator<T[]> {
  // Bytes are kept as Buffers until a newline completes them: decoding and concatenating strings
  // chunk by chunk costs more than the JSON parse itself.
  let parts: Buffer[] = [];
  for await (const raw of input) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw) : raw;
    const end = chunk.lastIndexOf(10);
    if (end < 0) {
      parts.push(chunk);
      continue;
    }
    parts.push(chunk.subarray(0, end));
    const text = (parts.length === 1 ? parts[0]! : Buffer.concat(parts)).toString('utf8');
    parts = end + 1 < chunk.length ? [chunk.subarray(end + 1)] : [];
    yield parseLines<T>(text);
  }
  if (parts.length > 0) {
    const text = Buffer.concat(parts).toString('utf8');
    if (text.trim() !== '') yield parseLines<T>(text);
  }
}

function parseLines<T>(text: string): T[] {
  const items: T[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    try {
      items.push(JSON.parse(line) as T);
    } catch {
      throw new HttpError(400, `a line is not valid JSON: ${line.slice(0, 80)}`);
    }
  }
  return items;
}

/** POST a JSON request whose answer is a stream of JSON lines; yields each line's value as it arrives. */
export async function* postForJsonLines<T>(url: string, body: unknown, options: CallOptions = {}): AsyncGenerator<T> {
  const res = await post(url, body, options.timeoutMs ?? 600_000);
  if (res.statusCode !== 200) {
    await parseReply(url, res);
    return;
  }
  for await (const items of jsonLineBatches<T | { __error: string; code?: string }>(res)) {
    for (const item of items) {
      if (item && typeof item === 'object' && '__error' in item) throw new InternalCallError(item.__error, 200, item.code);
      yield item as T;
    }
  }
}

// ---- server side ----

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

export async function readJsonBody<T>(req: IncomingMessage, maxBytes = 64 * 1024 * 1024): Promise<T> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new HttpError(413, `request body larger than ${maxBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as T;
  } catch {
    throw new HttpError(400, 'request body is not valid JSON');
  }
}

export function sendJson(res: ServerResponse, statusCode: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(statusCode, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}

export function sendError(res: ServerResponse, error: unknown): void {
  const status = error instanceof HttpError ? error.statusCode : 500;
  const code = error instanceof HttpError ? error.code : (error as { code?: string } | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (res.headersSent) {
    // Mid-stream: the client reads JSON lines, so the failure travels as a last line.
    res.end(JSON.stringify({ __error: message, code }) + '\n');
    return;
  }
  sendJson(res, status, { error: message, code });
}

/** Streams items as JSON lines (an item is typically a batch of rows), waiting for the socket to drain when the client reads slowly. */
export async function sendJsonLines(res: ServerResponse, items: AsyncIterable<unknown>): Promise<void> {
  res.writeHead(200, { 'content-type': 'application/x-ndjson' });
  for await (const item of items) {
    if (!res.write(JSON.stringify(item) + '\n')) await new Promise((resolve) => res.once('drain', resolve));
  }
  res.end();
}
