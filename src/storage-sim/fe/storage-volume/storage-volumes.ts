// Storage volumes: StarRocks' rules for creating, changing, dropping them and choosing the default
// (server/StorageVolumeMgr.java, server/SharedDataStorageVolumeMgr.java, the analyzer
// sql/analyzer/StorageVolumeAnalyzer.java), over the durable catalogue. A shared-nothing FE keeps
// volumes too (server/SharedNothingStorageVolumeMgr.java) but has no builtin one and binds nothing.
import { randomUUID } from 'node:crypto';
import type {
  AlterStorageVolumeStatement,
  CreateStorageVolumeStatement,
  DropStorageVolumeStatement,
  SetDefaultStorageVolumeStatement,
} from '../../sql/ast.js';
import type { StorageVolumeMeta } from '../catalog/storage-volume-model.js';
import type { DatabaseMeta } from '../catalog/model.js';
import type { FeContext } from '../fe-context.js';
import { SimError } from '../sim-error.js';
import { javaHashOrder, javaLongHash } from './java-hash-order.js';
import { checkParamKeys, effectiveParams } from './volume-params.js';
import { sealVolumeParams, unsealVolumeParams } from './volume-secrets.js';

export const BUILTIN_STORAGE_VOLUME = 'builtin_storage_volume';
/** The storage_volume value that names whichever volume is the default (StorageVolumeMgr.DEFAULT). */
const DEFAULT = 'default';

export function volumeByName(ctx: FeContext, name: string): StorageVolumeMeta | undefined {
  return ctx.store.state.storageVolumes.volumes.find((v) => v.name === name);
}

export function volumeById(ctx: FeContext, id: string): StorageVolumeMeta | undefined {
  return ctx.store.state.storageVolumes.volumes.find((v) => v.id === id);
}

function defaultVolume(ctx: FeContext): StorageVolumeMeta | undefined {
  return volumeById(ctx, ctx.store.state.storageVolumes.defaultId);
}

/** PROPERTIES without "enabled", and "enabled" parsed as Boolean.parseBoolean does (anything but "true" is false). */
function splitEnabled(properties: Record<string, string>): { params: Record<string, string>; enabled: boolean | undefined } {
  const { enabled, ...params } = properties;
  return { params, enabled: enabled === undefined ? undefined : enabled.toLowerCase() === 'true' };
}

function requireExisting(ctx: FeContext, name: string): StorageVolumeMeta {
  const volume = volumeByName(ctx, name);
  if (!volume) throw SimError.invalid(`Storage volume '${name}' does not exist`);
  return volume;
}

export function createStorageVolume(ctx: FeContext, stmt: CreateStorageVolumeStatement): void {
  if (stmt.name === BUILTIN_STORAGE_VOLUME) throw SimError.semantic(`${BUILTIN_STORAGE_VOLUME} can not be created by SQL`);
  if (stmt.locations.some((l) => l === '')) throw SimError.semantic("'location in storage volume' can not be empty");
  if (stmt.type.toUpperCase() !== 'S3') {
    throw SimError.unsupported(`storage volumes of TYPE = ${stmt.type} (this engine reaches object stores over S3 only: TYPE = S3)`);
  }
  const { params, enabled } = splitEnabled(stmt.properties);
  checkParamKeys(params);
  if (volumeByName(ctx, stmt.name)) {
    if (stmt.ifNotExists) return;
    throw SimError.invalid(`Storage volume '${stmt.name}' already exists`);
  }
  for (const location of stmt.locations) checkS3Location(location);
  effectiveParams(params);
  ctx.store.write({
    op: 'putStorageVolume',
    volume: { id: randomUUID(), name: stmt.name, type: 'S3', locations: stmt.locations, params: sealVolumeParams(ctx, params), enabled: enabled ?? true, comment: stmt.comment ?? '' },
  });
}

/** An S3 volume's location is s3://bucket[/prefix]. */
function checkS3Location(location: string): void {
  if (!/^s3:\/\/[^/]+/i.test(location)) throw SimError.invalid(`Invalid location '${location}' of an S3 storage volume: expected s3://<bucket>[/<prefix>]`);
}

export function alterStorageVolume(ctx: FeContext, stmt: AlterStorageVolumeStatement): void {
  const { params, enabled } = splitEnabled(stmt.properties);
  checkParamKeys(params);
  const volume = requireExisting(ctx, stmt.name);
  if (enabled === false && volume.id === ctx.store.state.storageVolumes.defaultId) throw SimError.invalid('Default volume can not be disabled');
  const merged = { ...unsealVolumeParams(ctx, volume.params), ...params };
  effectiveParams(merged);
  ctx.store.write({
    op: 'putStorageVolume',
    volume: { ...volume, params: sealVolumeParams(ctx, merged), enabled: enabled ?? volume.enabled, comment: stmt.comment ? stmt.comment : volume.comment },
  });
}

/** Java's AbstractCollection.toString of a HashSet of ids: "[10154, 10155]". */
function idSetText(ids: number[]): string {
  return `[${javaHashOrder(ids, javaLongHash).join(', ')}]`;
}

export function dropStorageVolume(ctx: FeContext, stmt: DropStorageVolumeStatement): void {
  const volume = volumeByName(ctx, stmt.name);
  if (!volume) {
    if (stmt.ifExists) return;
    throw SimError.invalid(`Storage volume '${stmt.name}' does not exist`);
  }
  if (volume.id === ctx.store.state.storageVolumes.defaultId) throw SimError.invalid('default storage volume can not be removed');
  const databases = ctx.store.state.databases;
  const dbIds = databases.filter((d) => d.storageVolumeId === volume.id).map((d) => d.id);
  const tableIds = databases.flatMap((d) => d.tables.flatMap((t) => (t.kind === 'OLAP' && t.storageVolumeId === volume.id ? [t.id] : [])));
  if (dbIds.length > 0 || tableIds.length > 0) {
    throw SimError.invalid(`Storage volume '${stmt.name}' is referenced by dbs or tables, dbs: ${idSetText(dbIds)}, tables: ${idSetText(tableIds)}`);
  }
  ctx.store.write({ op: 'dropStorageVolume', volumeId: volume.id });
}

export function setDefaultStorageVolume(ctx: FeContext, stmt: SetDefaultStorageVolumeStatement): void {
  const volume = requireExisting(ctx, stmt.name);
  if (!volume.enabled) throw SimError.invalid(`Storage volume '${stmt.name}' is disabled`);
  ctx.store.write({ op: 'setDefaultStorageVolume', volumeId: volume.id });
}

/** What SHOW STORAGE VOLUMES lists: every volume, in the order they were created. */
export function volumeNames(ctx: FeContext): string[] {
  return ctx.store.state.storageVolumes.volumes.map((v) => v.name);
}

export function isDefaultVolume(ctx: FeContext, volume: StorageVolumeMeta): boolean {
  return volume.id === ctx.store.state.storageVolumes.defaultId;
}

function noDefaultVolume(): SimError {
  // common/ErrorCode.java ERR_NO_DEFAULT_STORAGE_VOLUME
  return new SimError(5506, '55000', 'The default storage volume does not exist. A default storage volume can be created by following these steps: 1. Create a storage volume. 2. Set the storage volume as default');
}

function usable(volume: StorageVolumeMeta | undefined, shownName: string): StorageVolumeMeta {
  if (!volume) throw SimError.invalid(`Unknown storage volume "${shownName}"`);
  if (!volume.enabled) throw SimError.invalid(`Storage volume ${volume.name} is disabled`);
  return volume;
}

/**
 * The volume a new database is bound to on a shared-data FE (bindDbToStorageVolume): its
 * storage_volume property, else the default.
 */
export function volumeForDatabase(ctx: FeContext, property: string | undefined): StorageVolumeMeta {
  const name = property ?? DEFAULT;
  if (name === DEFAULT) {
    const volume = defaultVolume(ctx);
    if (!volume) throw noDefaultVolume();
    return usable(volume, name);
  }
  return usable(volumeByName(ctx, name), name);
}

/**
 * The volume a new table is bound to on a shared-data FE (getStorageVolumeOfTable): its
 * storage_volume property ("default" naming the default volume), else its database's volume,
 * else the default.
 */
export function volumeForTable(ctx: FeContext, db: DatabaseMeta, property: string | undefined): StorageVolumeMeta {
  if (property === undefined || property === '') {
    const dbVolume = db.storageVolumeId !== undefined ? volumeById(ctx, db.storageVolumeId) : undefined;
    if (dbVolume) return usable(dbVolume, dbVolume.name);
    const volume = defaultVolume(ctx);
    if (!volume) throw noDefaultVolume();
    return usable(volume, volume.name);
  }
  if (property === DEFAULT) {
    const volume = defaultVolume(ctx);
    if (!volume) throw noDefaultVolume();
    return usable(volume, volume.name);
  }
  return usable(volumeByName(ctx, property), property);
}
