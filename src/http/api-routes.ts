// The routes of the HTTP API (version 1). Reads answer from the state the sync loop last
// published; steering goes to the loop (LoopControl) and is answered once applied; POST /reload
// re-reads the configuration files as the loop does between rounds.
import type { Logger } from 'pino';
import type { RunningConfig } from '../config/running-config.js';
import type { LoopControl } from '../daemon/loop-control.js';
import type { LoopState } from '../daemon/loop-state.js';
import type { Scope, SteeringCommand } from '../daemon/steering.js';
import { HttpError } from './http-errors.js';
import { parseCutoverRequest, type CutoverRuns } from './cutover-runs.js';
import type { Reply, Request, Route } from './router.js';
import { historyView, jobsView, statusView, tablesView, tableView, type ViewFacts } from './views.js';

export interface ApiContext {
  control: LoopControl;
  running: RunningConfig;
  facts(): ViewFacts;
  log: Logger;
  /** The Prometheus exposition text. */
  metrics(): Promise<string>;
  /** The status page. */
  page(): string;
  cutover: CutoverRuns;
}

export const API = '/api/v1';

const SCOPE_EXPECTED = 'no body (the whole daemon), {"database": "<db>"} or {"database": "<db>", "table": "<table>"}';

/** The scope of a pause or resume from its body. */
export function parseScope(body: unknown): Scope {
  if (body === undefined) return { kind: 'all' };
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError(400, `the body must be a JSON object; expected ${SCOPE_EXPECTED}`);
  const { database, table, ...rest } = body as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) throw new HttpError(400, `unknown field ${unknown.map((k) => `"${k}"`).join(', ')}; expected ${SCOPE_EXPECTED}`);
  if (database === undefined && table === undefined) return { kind: 'all' };
  if (typeof database !== 'string' || database === '') throw new HttpError(400, `"database" must be a non-empty string; expected ${SCOPE_EXPECTED}`);
  if (table === undefined) return { kind: 'database', db: database };
  if (typeof table !== 'string' || table === '') throw new HttpError(400, `"table" must be a non-empty string; expected ${SCOPE_EXPECTED}`);
  return { kind: 'table', db: database, table };
}

function noBody(body: unknown, what: string): void {
  if (body !== undefined && !(typeof body === 'object' && body !== null && !Array.isArray(body) && Object.keys(body).length === 0)) {
    throw new HttpError(400, `${what} takes no body; expected none or {}`);
  }
}

export function apiRoutes(ctx: ApiContext): Route[] {
  const state = (): LoopState => {
    const latest = ctx.control.latest;
    if (!latest) throw new HttpError(503, 'the daemon has not read the clusters yet (it is connecting); try again in a moment');
    return latest;
  };
  const steer = async (command: SteeringCommand, request: Request): Promise<Reply> => {
    const answer = await ctx.control.submit(command);
    if (!answer.ok) throw new HttpError(answer.status, answer.message);
    ctx.log.info(`HTTP API (${request.remote}): ${answer.message}`);
    return { json: { ok: true, message: answer.message, steering: answer.steering } };
  };
  const routes: Route[] = [
    {
      method: 'GET',
      path: API,
      handle: () => ({ json: { version: 1, paths: routes.map((r) => `${r.method} ${r.path}`) } }),
    },
    {
      method: 'GET',
      path: `${API}/status`,
      handle: () => {
        const latest = ctx.control.latest;
        if (!latest) return { json: { phase: 'starting', updatedAt: new Date(ctx.facts().now).toISOString() } };
        return { json: statusView(latest, ctx.facts()) };
      },
    },
    { method: 'GET', path: `${API}/tables`, handle: () => ({ json: tablesView(state(), ctx.facts().now) }) },
    {
      method: 'GET',
      path: `${API}/tables/{db}/{table}`,
      handle: ({ params }) => {
        const view = tableView(state(), params.db!, params.table!, ctx.facts().now);
        if (!view) throw new HttpError(404, `no table ${params.db}.${params.table} in the last plan; expected a selected table of the source (GET ${API}/tables lists them)`);
        return { json: view };
      },
    },
    { method: 'GET', path: `${API}/jobs`, handle: () => ({ json: jobsView(state()) }) },
    { method: 'GET', path: `${API}/history`, handle: () => ({ json: historyView(state()) }) },
    { method: 'POST', path: `${API}/pause`, handle: (request) => steer({ kind: 'pause', scope: parseScope(request.body) }, request) },
    { method: 'POST', path: `${API}/resume`, handle: (request) => steer({ kind: 'resume', scope: parseScope(request.body) }, request) },
    {
      method: 'POST',
      path: `${API}/tables/{db}/{table}/resync`,
      handle: (request) => {
        noBody(request.body, 'resync');
        return steer({ kind: 'resync', db: request.params.db!, table: request.params.table! }, request);
      },
    },
    {
      method: 'POST',
      path: `${API}/reload`,
      handle: (request) => {
        noBody(request.body, 'reload');
        const outcome = ctx.running.reload();
        if (outcome.refused) throw new HttpError(422, `the edited configuration is refused, the running one stays: ${outcome.refused}`);
        ctx.log.info(`HTTP API (${request.remote}): configuration re-read: ${outcome.changed ? `applied ${outcome.applied.join(', ')}` : 'nothing to apply'}`);
        return { json: outcome };
      },
    },
    {
      method: 'POST',
      path: `${API}/cutover`,
      handle: (request) => ({ json: ctx.cutover.start(parseCutoverRequest(request.body)), status: 202 }),
    },
    { method: 'GET', path: `${API}/cutover`, handle: () => ({ json: ctx.cutover.view() }) },
    { method: 'GET', path: '/metrics', handle: async () => ({ text: await ctx.metrics(), contentType: 'text/plain; version=0.0.4; charset=utf-8' }) },
    { method: 'GET', path: '/', public: true, handle: () => ({ text: ctx.page(), contentType: 'text/html; charset=utf-8' }) },
  ];
  return routes;
}
