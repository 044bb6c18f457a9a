// The preflight checks that differ on a shared-data target (run_mode = shared_data): its tables
// live in an object store behind a storage volume and are served by compute nodes, so the checks
// look at the compute nodes and the storage volume the tables will use instead of BE disks.
import { compactionOffNeeded, parseStarRocksVersion } from '../cluster/capabilities.js';

export interface ComputeNodeFacts {
  id: number;
  host: string;
  alive: boolean;
}

/** Which storage volume the created tables will use, why, and what the target says of it. */
export interface StorageVolumeFacts {
  /** The volume's name; undefined when the default was asked for and the target has none. */
  name?: string;
  /** The setting that chose it. */
  chosenBy: 'target_cluster_storage_volume' | 'target_cluster_use_builtin_storage_volume_only' | 'default';
  /** Whether DESC STORAGE VOLUME found it. */
  exists: boolean;
  enabled?: boolean;
  /** The FE's answer when the volume could not be read. */
  error?: string;
}

export interface SharedDataFacts {
  version?: string;
  lakeCompactionMaxTasks?: string;
  computeNodes?: ComputeNodeFacts[];
  storageVolume?: StorageVolumeFacts;
  maxDiskUsedPercent: number;
  /** target_cluster_replication_num (-1: the source's). */
  replicationNum: number;
}

type Check = (name: string, pass: boolean, detail: string) => void;

function describeVolume(volume: StorageVolumeFacts): string {
  const why = volume.chosenBy === 'default' ? 'the default storage volume' : volume.chosenBy;
  return `${volume.name ?? '(none)'} (${why})`;
}

function checkStorageVolume(volume: StorageVolumeFacts | undefined, check: Check): void {
  const name = 'target storage volume';
  if (!volume) return check(name, false, 'could not be read: run SHOW STORAGE VOLUMES on the target');
  if (volume.name === undefined) {
    return check(name, false, 'the target has no default storage volume: SET <volume> AS DEFAULT STORAGE VOLUME on the target, or set target_cluster_storage_volume');
  }
  if (!volume.exists) {
    return check(
      name,
      false,
      `${describeVolume(volume)} does not exist on the target${volume.error ? ` (${volume.error})` : ''}: create it (CREATE STORAGE VOLUME) or name one SHOW STORAGE VOLUMES lists`,
    );
  }
  if (!volume.enabled) return check(name, false, `${describeVolume(volume)} is disabled: run ALTER STORAGE VOLUME ${volume.name} SET ("enabled" = "true") on the target`);
  check(name, true, `${describeVolume(volume)} exists and is enabled: the tables are created in it`);
}

export function evaluateSharedData(facts: SharedDataFacts, check: Check): void {
  const version = parseStarRocksVersion(facts.version ?? '');
  if (compactionOffNeeded(version)) {
    check(
      'lake_compaction_max_tasks (shared-data target)',
      facts.lakeCompactionMaxTasks === '0',
      facts.lakeCompactionMaxTasks === '0'
        ? '0'
        : `${facts.lakeCompactionMaxTasks ?? 'missing'}: run ADMIN SET FRONTEND CONFIG("lake_compaction_max_tasks"="0") on the target and add it to fe.conf (not needed from StarRocks 3.3.10)`,
    );
  } else {
    check('lake_compaction_max_tasks (shared-data target)', true, `not needed on ${facts.version ?? 'this release'}: replication into shared-data works with compaction on from StarRocks 3.3.10 (now ${facts.lakeCompactionMaxTasks ?? 'unset'})`);
  }
  checkStorageVolume(facts.storageVolume, check);
  // target_cluster_max_disk_used_percent guards BE disks; a shared-data target's tables are in the object store.
  check(
    'target disk use (target_cluster_max_disk_used_percent)',
    true,
    `${facts.maxDiskUsedPercent}% not checked on a shared-data target: the tables are stored in the object store of their storage volume, not on the compute nodes' disks; the storage volume is checked instead`,
  );
  const nodes = facts.computeNodes ?? [];
  const alive = nodes.filter((n) => n.alive);
  const dead = nodes.filter((n) => !n.alive);
  check(
    'target compute nodes alive',
    alive.length > 0,
    alive.length === 0
      ? nodes.length === 0
        ? 'SHOW COMPUTE NODES lists none: a shared-data target needs at least one alive compute node to create tables and receive data (ALTER SYSTEM ADD COMPUTE NODE)'
        : `none alive (${dead.map((n) => `${n.id} (${n.host})`).join(', ')}): a shared-data target needs at least one alive compute node`
      : `${alive.length} alive${dead.length ? `; not alive: ${dead.map((n) => `${n.id} (${n.host})`).join(', ')}` : ''}`,
  );
  if (facts.replicationNum !== -1) {
    check('target_cluster_replication_num (shared-data target)', true, `${facts.replicationNum} is not used: a shared-data table keeps one copy in the object store and is created with replication_num 1`);
  }
}
