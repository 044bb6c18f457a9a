// The properties a table (or materialized view) gets on the target instead of the source's: the
// target's replica count, storage volume and persistent index setting, each only when configured
// (target_cluster_replication_num, target_cluster_storage_volume,
// target_cluster_use_builtin_storage_volume_only, target_cluster_enable_persistent_index), and
// what a shared-data target needs of a table written for a shared-nothing one
// (shared-data-properties.ts).
import { sharedDataValues, type TargetStorage } from './shared-data-properties.js';

export type { TargetStorage } from './shared-data-properties.js';

export interface TargetPropertyOptions {
  /** -1 keeps the source's. */
  replicationNum: number;
  /** '' keeps the source's. */
  storageVolume: string;
  /** Every table goes to builtin_storage_volume, whatever storageVolume says. */
  useBuiltinStorageVolumeOnly: boolean;
  /** null keeps the source's. Applied to PRIMARY KEY tables, the only ones it means anything for. */
  enablePersistentIndex: boolean | null;
  /** How the target stores tables; absent: shared-nothing, nothing converted. */
  target?: TargetStorage;
}

export const BUILTIN_STORAGE_VOLUME = 'builtin_storage_volume';

/** What the statement already says that the target may need to convert. */
export interface StatementProperties {
  /** enable_persistent_index may be set on it (a PRIMARY KEY table, or one that already carries the property). */
  persistentIndexApplies: boolean;
  /** Its persistent_index_type, when it sets one. */
  persistentIndexType?: string | undefined;
}

/** The properties to set on the statement; null: leave the property out. */
export function targetPropertyValues(options: TargetPropertyOptions, statement: StatementProperties): Map<string, string | null> {
  const values = new Map<string, string | null>();
  if (options.replicationNum !== -1) values.set('replication_num', String(options.replicationNum));
  if (options.useBuiltinStorageVolumeOnly) values.set('storage_volume', BUILTIN_STORAGE_VOLUME);
  else if (options.storageVolume !== '') values.set('storage_volume', options.storageVolume);
  if (options.enablePersistentIndex !== null && statement.persistentIndexApplies) values.set('enable_persistent_index', String(options.enablePersistentIndex));
  if (options.target) for (const [key, value] of sharedDataValues(options.target, statement.persistentIndexType, statement.persistentIndexApplies)) values.set(key, value);
  return values;
}
