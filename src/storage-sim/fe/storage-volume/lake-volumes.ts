// How compute nodes reach the storage volumes: each enabled volume's location and properties
// turned into an S3 connection (the same rules as a repository's: endpoint, region, path style,
// credentials), and where in its volume a partition's tablets live. The FE sends these to its
// compute nodes with every heartbeat and tablet creation, as StarRocks' FE hands its CNs the
// file store of each shard (StarOS). A volume whose properties no connection can be built from
// is left out: its tablets cannot be created (the compute node says the volume is unknown).
import type { LakeTabletLocation, LakeVolume } from '../../common/be-api.js';
import { s3ConnectionOf } from '../backup/repository-properties.js';
import type { ObjectStoreEndpoints } from '../backup/object-store-endpoints.js';
import type { StorageVolumeMeta } from '../catalog/storage-volume-model.js';
import type { FeContext } from '../fe-context.js';
import { unsealVolumeParams } from './volume-secrets.js';

/** The volume properties a connection is built from (the others tune what this engine does not model). */
const CONNECTION_KEYS = new Set(['aws.s3.access_key', 'aws.s3.secret_key', 'aws.s3.endpoint', 'aws.s3.region', 'aws.s3.use_instance_profile', 'aws.s3.enable_ssl', 'aws.s3.enable_path_style_access']);

function locationOf(volume: StorageVolumeMeta): { bucket: string; prefix: string } {
  const rest = (volume.locations[0] ?? '').replace(/^s3:\/\//i, '');
  const slash = rest.indexOf('/');
  return slash < 0 ? { bucket: rest, prefix: '' } : { bucket: rest.slice(0, slash), prefix: rest.slice(slash + 1).replace(/^\/+|\/+$/g, '') };
}

export function lakeVolume(ctx: FeContext, volume: StorageVolumeMeta, endpoints: ObjectStoreEndpoints): LakeVolume | undefined {
  const params = Object.fromEntries(Object.entries(unsealVolumeParams(ctx, volume.params)).filter(([key]) => CONNECTION_KEYS.has(key)));
  try {
    return { id: volume.id, connection: s3ConnectionOf(params, locationOf(volume), endpoints) };
  } catch {
    return undefined;
  }
}

export function lakeVolumes(ctx: FeContext, endpoints: ObjectStoreEndpoints): LakeVolume[] {
  return ctx.store.state.storageVolumes.volumes.filter((v) => v.enabled).flatMap((v) => lakeVolume(ctx, v, endpoints) ?? []);
}

/**
 * Where a partition's tablets live in their volume: under the cluster's id (two clusters may share
 * a volume's location) and the partition's id, as StarRocks' lake layout puts them.
 */
export function lakeLocation(ctx: FeContext, volumeId: string, partitionId: number): LakeTabletLocation {
  return { volumeId, path: `${ctx.store.identity.clusterId}/${partitionId}` };
}
