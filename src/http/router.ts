// A fixed table of routes: method, path pattern with {named} segments, handler. Written here rather
// than taken from a web framework: the API has a dozen routes, node:http does the protocol, and
// what a framework would add (middleware, plugins) is not needed. Path segments are URL-decoded,
// so database and table names with any character travel as %-escapes.
import { HttpError } from './http-errors.js';

export interface Request {
  method: string;
  params: Record<string, string>;
  /** The parsed JSON body; undefined when empty. */
  body: unknown;
  query: URLSearchParams;
  remote: string;
}

export type Reply = { json: unknown; status?: number } | { text: string; contentType: string; status?: number };

export interface Route {
  method: 'GET' | 'POST';
  path: string;
  /**
   * Served without the token: only the status page's shell, which holds no data (every figure on
   * it is fetched from the API with the token the operator enters).
   */
  public?: boolean;
  handle(request: Request): Reply | Promise<Reply>;
}

function match(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const part = want[i]!;
    if (part.startsWith('{') && part.endsWith('}')) {
      try {
        params[part.slice(1, -1)] = decodeURIComponent(got[i]!);
      } catch {
        throw new HttpError(400, `path segment "${got[i]}" is not valid percent-encoding; expected a URL-encoded name`);
      }
      if (params[part.slice(1, -1)] === '') return undefined;
    } else if (part !== got[i]) return undefined;
  }
  return params;
}

/** The route for a request, with its path parameters; 404 or 405 (with Allow) when none fits. */
export function findRoute(routes: readonly Route[], method: string, path: string): { route: Route; params: Record<string, string> } {
  const allowed: string[] = [];
  for (const route of routes) {
    const params = match(route.path, path);
    if (!params) continue;
    if (route.method === method) return { route, params };
    allowed.push(route.method);
  }
  if (allowed.length > 0) throw new HttpError(405, `${method} is not allowed on ${path}; expected ${allowed.join(' or ')}`, { Allow: allowed.join(', ') });
  throw new HttpError(404, `no such path: ${path}; the API's paths are listed at GET /api/v1`);
}
