// A storage volume's secret key at rest: sealed in the catalogue (edit log and image) as
// repositories' are (backup/repository-secrets.ts), so it never appears in a file an operator might
// grep or attach to a report; unsealed only where a connection is built for the compute nodes.
import { SecretSeal } from '../backup/repository-secrets.js';
import type { FeContext } from '../fe-context.js';

/** One seal per cluster token: deriving its key is not free, and every heartbeat unseals the volumes. */
const seals = new Map<string, SecretSeal>();

function sealOf(ctx: FeContext): SecretSeal {
  const token = ctx.store.identity.token;
  let seal = seals.get(token);
  if (!seal) seals.set(token, (seal = new SecretSeal(token)));
  return seal;
}

export function sealVolumeParams(ctx: FeContext, params: Record<string, string>): Record<string, string> {
  return sealOf(ctx).sealProperties(params);
}

export function unsealVolumeParams(ctx: FeContext, params: Record<string, string>): Record<string, string> {
  return sealOf(ctx).unsealProperties(params);
}
