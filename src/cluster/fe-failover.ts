// Which FEs a client may move to when the one it uses stops answering, and which failures allow a
// move. Every FE of a StarRocks cluster serves queries (followers forward writes to the leader), so
// losing the configured FE need not stop a migration. Pure functions; FeClient does the moving.
import type { Address } from '../config/hosts-mapping.js';
import type { FeEndpoint } from './fe-endpoint.js';

/** A row of SHOW FRONTENDS, as far as failover needs it. */
export interface FrontendRow {
  IP?: unknown;
  QueryPort?: unknown;
  Role?: unknown;
  Alive?: unknown;
}

/** Failures where nothing reached the FE: safe to send any statement, even a write, to another FE. */
const NOT_SENT = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT']);
/** Failures of a connection that was in use: a read can be asked again elsewhere, a write may have run. */
const LOST = new Set(['ECONNRESET', 'EPIPE', 'PROTOCOL_CONNECTION_LOST', 'PROTOCOL_SEQUENCE_TIMEOUT']);

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Whether a failed statement may be sent again to another FE. */
export function mayFailOver(error: unknown, readOnly: boolean): boolean {
  const code = errorCode(error);
  if (code === undefined) return false;
  return NOT_SENT.has(code) || (readOnly && LOST.has(code));
}

function isAlive(value: unknown): boolean {
  return value === true || value === 1 || String(value).toLowerCase() === 'true' || value === '1';
}

function sameAddress(a: Address, b: Address): boolean {
  return a.host === b.host && a.port === b.port;
}

/**
 * The FEs to try, in order, after `current` failed: the configured one first (what the operator
 * chose), then the leader, then the other alive FEs of SHOW FRONTENDS; addresses mapped through
 * hosts.properties; `current` and duplicates left out.
 */
export function failoverCandidates(configured: FeEndpoint, current: FeEndpoint, frontends: FrontendRow[], map: (address: Address) => Address): FeEndpoint[] {
  const alive = frontends.filter((fe) => isAlive(fe.Alive) && fe.IP !== undefined && Number(fe.QueryPort) > 0);
  alive.sort((a, b) => Number(String(b.Role) === 'LEADER') - Number(String(a.Role) === 'LEADER'));
  const candidates: FeEndpoint[] = [configured];
  for (const fe of alive) {
    const advertised = { host: String(fe.IP), port: Number(fe.QueryPort) };
    const dialled = map(advertised);
    candidates.push({ ...configured, configuredHost: advertised.host, configuredPort: advertised.port, host: dialled.host, port: dialled.port });
  }
  const seen: FeEndpoint[] = [current];
  return candidates.filter((candidate) => {
    if (seen.some((s) => sameAddress(s, candidate))) return false;
    seen.push(candidate);
    return true;
  });
}
