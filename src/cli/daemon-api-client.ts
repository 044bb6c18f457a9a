// How the command line reaches a running daemon's HTTP API: the address from http_bind and
// http_port (a daemon listening on every address is reached on loopback), the bearer token from
// http_token, and every way a call can go wrong turned into one sentence and an exit code. The
// token goes into the Authorization header and nowhere else: no message ever holds it.
import type { SyncConfig } from '../config/load-config.js';
import { EXIT_CONFIG, EXIT_FAILURE, EXIT_REFUSED } from './exit-codes.js';

/**
 * How long one call may take. A steering command is answered once the sync loop has applied it,
 * between two of its steps, so a slow catalogue read can hold the answer back for a while.
 */
const CALL_TIMEOUT_MS = 60_000;

/** A call that did not give what was asked: the sentence to print and the exit code. */
export class ApiCallError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

export interface DaemonApi {
  /** host:port, as messages name it. */
  readonly where: string;
  /** The answer's JSON; throws ApiCallError when there is none or the daemon refused. */
  call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T>;
}

/** The address to connect to for a listener bound to `bind`: a wildcard bind answers on loopback too. */
export function connectHost(bind: string): string {
  if (bind === '0.0.0.0' || bind === '') return '127.0.0.1';
  if (bind === '::' || bind === '0:0:0:0:0:0:0:0') return '::1';
  return bind;
}

/** A path segment holding any name: dots stay, slashes, spaces, backticks and the like are encoded. */
export const pathSegment = (name: string): string => encodeURIComponent(name);

function unreachable(error: unknown, where: string, config: SyncConfig): ApiCallError {
  if (error instanceof Error && error.name === 'TimeoutError') {
    return new ApiCallError(`the daemon on ${where} did not answer within ${CALL_TIMEOUT_MS / 1000} s; its log (sync.WARN.log) may say why`, EXIT_FAILURE);
  }
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.message === 'bad port') {
    // The fetch standard blocks some ports (6000, 6665-6669, 10080, ...): browsers refuse them too.
    return new ApiCallError(`Node's fetch does not connect to port ${config.settings.http_port}, a port the fetch standard blocks: give the daemon another http_port in ${config.files.conf} and restart it`, EXIT_CONFIG);
  }
  const why = cause?.code === 'ECONNREFUSED' ? 'connection refused' : (cause?.code ?? cause?.message ?? (error as Error).message);
  return new ApiCallError(
    `no daemon answers on ${where} (${why}): start it (bin/start.sh), or, if it runs, check that it was started with http_port=${config.settings.http_port} ` +
      `and http_bind=${config.settings.http_bind} as ${config.files.conf} says (both take effect at a restart)`,
    EXIT_FAILURE,
  );
}

function tokenRefused(where: string, config: SyncConfig): ApiCallError {
  const conf = config.files.conf;
  return new ApiCallError(
    config.settings.http_token === ''
      ? `the daemon on ${where} asks for a token and none is set: set http_token in ${conf} to the daemon's http_token`
      : `the daemon on ${where} refused the token: http_token in ${conf} is wrong; set it to the daemon's http_token`,
    EXIT_CONFIG,
  );
}

/** The exit code of a refusal: what the daemon does not know or will not do now is "refused"; a malformed request is the command line's fault. */
function refusalCode(status: number): number {
  if (status === 404 || status === 409) return EXIT_REFUSED;
  if (status === 400 || status === 405 || status === 413 || status === 422) return EXIT_CONFIG;
  return EXIT_FAILURE;
}

/** The API of the daemon `config` describes; throws ApiCallError when that configuration has the API off. */
export function daemonApiOf(config: SyncConfig): DaemonApi {
  const { http_port: port, http_bind: bind, http_token: token } = config.settings;
  if (port === 0) {
    throw new ApiCallError(`the daemon's HTTP API is off (http_port is 0 in ${config.files.conf}): set http_port (and http_token) there and restart the daemon`, EXIT_CONFIG);
  }
  const host = connectHost(bind);
  const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    where,
    async call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
      let response: Response;
      try {
        response = await fetch(`http://${where}${path}`, {
          method,
          headers: { ...(token !== '' ? { Authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
          // The daemon never redirects: whatever does is not the daemon, and gets no token.
          redirect: 'manual',
          signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
        });
      } catch (error) {
        throw unreachable(error, where, config);
      }
      if (response.status === 401) throw tokenRefused(where, config);
      const text = await response.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw new ApiCallError(`the server on ${where} answered HTTP ${response.status} without the daemon's JSON: is http_port the port of cluster-sync's API?`, EXIT_FAILURE);
      }
      if (response.ok) return json as T;
      const message = (json as { error?: { message?: unknown } }).error?.message;
      throw new ApiCallError(typeof message === 'string' ? message : `the daemon on ${where} answered HTTP ${response.status}: ${text.slice(0, 200)}`, refusalCode(response.status));
    },
  };
}
