// The builtin storage volume a shared-data FE creates on its first start from its configured
// object store (SharedDataStorageVolumeMgr.createBuiltinStorageVolume: fe.conf's aws_s3_path,
// aws_s3_endpoint and credentials), made the default when no volume is.
import { randomUUID } from 'node:crypto';
import type { FeContext } from '../fe-context.js';
import { BUILTIN_STORAGE_VOLUME, volumeByName } from './storage-volumes.js';
import { sealVolumeParams } from './volume-secrets.js';

/** Where a shared-data cluster keeps its data: an S3 endpoint, a bucket and a path in it. */
export interface ObjectStoreLocation {
  /** As aws.s3.endpoint takes it: host:port, or a URL (http://host:port). */
  endpoint: string;
  bucket: string;
  /** The path inside the bucket ('' for its root). */
  prefix: string;
  accessKey: string;
  secretKey: string;
}

/**
 * "<endpoint>/<bucket>[/<prefix>]", the endpoint with or without http(s):// (without: http), e.g.
 * "127.0.0.1:9000/starrocks" or "http://minio:9000/starrocks/shared".
 */
export function parseObjectStore(text: string, credentials: { accessKey: string; secretKey: string }): ObjectStoreLocation {
  const match = /^((?:https?:\/\/)?[^/\s]+)\/([^/\s]+)((?:\/[^\s]*)?)$/i.exec(text.trim());
  if (!match) throw new Error(`invalid object store '${text}': expected <endpoint>/<bucket>[/<prefix>], e.g. 127.0.0.1:9000/starrocks`);
  return { endpoint: match[1]!, bucket: match[2]!, prefix: match[3]!.replace(/^\/+|\/+$/g, ''), ...credentials };
}

export function ensureBuiltinVolume(ctx: FeContext, store: ObjectStoreLocation): void {
  if (volumeByName(ctx, BUILTIN_STORAGE_VOLUME)) return;
  const id = randomUUID();
  const location = `s3://${store.bucket}${store.prefix ? `/${store.prefix}` : ''}`;
  // An endpoint given without a scheme is reached over plain http, as local S3-compatible servers are.
  const ssl = /^https:\/\//i.test(store.endpoint);
  const params = { 'aws.s3.endpoint': store.endpoint, 'aws.s3.enable_ssl': String(ssl), 'aws.s3.access_key': store.accessKey, 'aws.s3.secret_key': store.secretKey };
  ctx.store.write({
    op: 'batch',
    ops: [
      { op: 'putStorageVolume', volume: { id, name: BUILTIN_STORAGE_VOLUME, type: 'S3', locations: [location], params: sealVolumeParams(ctx, params), enabled: true, comment: '' } },
      ...(ctx.store.state.storageVolumes.defaultId === '' ? [{ op: 'setDefaultStorageVolume' as const, volumeId: id }] : []),
    ],
  });
}
