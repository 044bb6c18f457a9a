// The storage volume statements, plugged into the FE's statement executor, with the result
// columns of StarRocks' ShowResultMetaFactory (visitShowStorageVolumesStatement,
// visitDescStorageVolumeStatement) and DESC's row from storagevolume/StorageVolume.java getProcNodeData.
import type { ExtraExecutor } from '../statement-executor.js';
import type { FeContext } from '../fe-context.js';
import { SimError } from '../sim-error.js';
import { showRows } from '../show/show-result.js';
import {
  alterStorageVolume,
  createStorageVolume,
  dropStorageVolume,
  isDefaultVolume,
  setDefaultStorageVolume,
  volumeByName,
  volumeNames,
} from './storage-volumes.js';
import { maskedParamsText } from './volume-params.js';

const DESC_COLUMNS = ['Name', 'Type', 'IsDefault', 'Location', 'Params', 'Enabled', 'Comment'];

function descRow(ctx: FeContext, name: string): string[] {
  const volume = volumeByName(ctx, name);
  if (!volume) throw SimError.semantic(`Unknown storage volume: ${name}`);
  return [volume.name, volume.type, String(isDefaultVolume(ctx, volume)), volume.locations.join(', '), maskedParamsText(volume.params), String(volume.enabled), volume.comment];
}

const KINDS = new Set(['create_storage_volume', 'alter_storage_volume', 'drop_storage_volume', 'set_default_storage_volume', 'show_storage_volumes', 'desc_storage_volume']);

export const storageVolumeStatements: ExtraExecutor = async (ctx, _session, stmt) => {
  if (!KINDS.has(stmt.kind)) return undefined;
  if (!ctx.release.storageVolumes) throw SimError.unsupported(stmt.text);
  switch (stmt.kind) {
    case 'create_storage_volume':
      await ctx.ddlLock.run(async () => createStorageVolume(ctx, stmt));
      return { kind: 'ok' };
    case 'alter_storage_volume':
      await ctx.ddlLock.run(async () => alterStorageVolume(ctx, stmt));
      return { kind: 'ok' };
    case 'drop_storage_volume':
      // Under the DDL lock: a table being created cannot bind the volume while it is dropped.
      await ctx.ddlLock.run(async () => dropStorageVolume(ctx, stmt));
      return { kind: 'ok' };
    case 'set_default_storage_volume':
      await ctx.ddlLock.run(async () => setDefaultStorageVolume(ctx, stmt));
      return { kind: 'ok' };
    case 'show_storage_volumes':
      return showRows(['Storage Volume'], volumeNames(ctx).map((name) => [name]), stmt.like !== undefined ? { like: stmt.like } : undefined);
    case 'desc_storage_volume':
      return showRows(DESC_COLUMNS, [descRow(ctx, stmt.name)]);
    default:
      return undefined;
  }
};
