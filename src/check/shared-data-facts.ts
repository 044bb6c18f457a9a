// Reads what the shared-data checks need from the target: its compute nodes and the storage
// volume the created tables will use (the one configured, builtin_storage_volume, or the default).
import type { SyncConfig } from '../config/load-config.js';
import type { FeClient } from '../cluster/fe-client.js';
import { quoteIdentifier } from '../cluster/sql-text.js';
import { BUILTIN_STORAGE_VOLUME } from '../ddl/target-properties.js';
import type { ComputeNodeFacts, StorageVolumeFacts } from './shared-data-rules.js';

const isTrue = (value: unknown) => String(value).toLowerCase() === 'true';

export async function computeNodes(target: FeClient): Promise<ComputeNodeFacts[]> {
  return (await target.query('SHOW COMPUTE NODES', 'list target compute nodes')).map((n) => ({ id: Number(n.ComputeNodeId), host: String(n.IP), alive: isTrue(n.Alive) }));
}

/** DESC STORAGE VOLUME: one row with Name, Type, IsDefault, Location, Params, Enabled, Comment. */
async function describeVolume(target: FeClient, name: string): Promise<Record<string, unknown> | { error: string }> {
  try {
    return (await target.query(`DESC STORAGE VOLUME ${quoteIdentifier(name)}`, `describe storage volume ${name}`))[0] ?? { error: 'no row' };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

async function defaultVolume(target: FeClient): Promise<string | undefined> {
  const names = (await target.query('SHOW STORAGE VOLUMES', 'list target storage volumes')).map((row) => String(row['Storage Volume']));
  for (const name of names) {
    const row = await describeVolume(target, name);
    if (!('error' in row) && isTrue(row.IsDefault)) return name;
  }
  return undefined;
}

export async function storageVolume(config: SyncConfig, target: FeClient): Promise<StorageVolumeFacts> {
  const s = config.settings;
  const chosen: Pick<StorageVolumeFacts, 'name' | 'chosenBy'> = s.target_cluster_use_builtin_storage_volume_only
    ? { name: BUILTIN_STORAGE_VOLUME, chosenBy: 'target_cluster_use_builtin_storage_volume_only' }
    : s.target_cluster_storage_volume !== ''
      ? { name: s.target_cluster_storage_volume, chosenBy: 'target_cluster_storage_volume' }
      : { chosenBy: 'default', ...withName(await defaultVolume(target)) };
  if (chosen.name === undefined) return { chosenBy: chosen.chosenBy, exists: false };
  const row = await describeVolume(target, chosen.name);
  if ('error' in row) return { ...chosen, exists: false, error: String(row.error) };
  return { ...chosen, exists: true, enabled: isTrue(row.Enabled) };
}

function withName(name: string | undefined): { name?: string } {
  return name === undefined ? {} : { name };
}
