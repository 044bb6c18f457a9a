// A storage volume's secret key at rest: sealed in the catalogue (edit log and image) as
// repositories' are (backup/repository-secrets.ts), so it never appears in a file an operator might
// grep or attach to a report; unsealed only where a connection is built for the compute nodes.
import { SecretSeal } from '../backup/repository-secrets.js';
import type { FeContext } from '../fe-context.js';

export function sealVolumeParams(ctx: FeContext, params: Record<string, string>): Record<string, string> {
  return new SecretSeal(ctx.store.identity.token).sealProperties(params);
}

export function unsealVolumeParams(ctx: FeContext, params: Record<string, string>): Record<string, string> {
  return new SecretSeal(ctx.store.identity.token).unsealProperties(params);
}
