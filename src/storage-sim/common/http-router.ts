// A minimal router for the engine's HTTP servers: exact method + path matches, or path patterns
// with {name} segments (e.g. /api/{db}/{table}/_stream_load). Errors thrown by a handler become
// JSON error answers; a handler that already started streaming gets its failure as a last line.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError, sendError } from './internal-http.js';

/** A {name} segment of the path, decoded; a broken %-escape is the client's error (400), not a server failure. */
function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, `the path segment '${segment}' is not valid percent-encoded UTF-8`);
  }
}

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, params: Record<string, string>, url: URL) => Promise<void> | void;

interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: RouteHandler;
}

export class HttpRouter {
  private readonly routes: Route[] = [];

  on(method: string, path: string, handler: RouteHandler): this {
    const names: string[] = [];
    const pattern = new RegExp(
      '^' +
        path
          .split('/')
          .map((part) => {
            const name = /^\{(\w+)\}$/.exec(part)?.[1];
            if (!name) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
            names.push(name);
            return '([^/]+)';
          })
          .join('/') +
        '$',
    );
    this.routes.push({ method, pattern, names, handler });
    return this;
  }

  /** The request listener for http.createServer. */
  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const run = async () => {
      let pathMatched = false;
      for (const route of this.routes) {
        const match = route.pattern.exec(url.pathname);
        if (!match) continue;
        pathMatched = true;
        if (route.method !== req.method) continue;
        const params: Record<string, string> = {};
        route.names.forEach((name, i) => (params[name] = decodePathSegment(match[i + 1]!)));
        await route.handler(req, res, params, url);
        return;
      }
      throw new HttpError(pathMatched ? 405 : 404, pathMatched ? `method ${req.method} not allowed on ${url.pathname}` : `no such endpoint: ${url.pathname}`);
    };
    run().catch((error: unknown) => {
      // Drain what the client is still sending, so it reads our answer instead of a reset.
      req.resume();
      sendError(res, error);
    });
  };
}
