// What a table printed by a shared-nothing source needs to be created on a shared-data target.
//
// - replication_num: a shared-data table keeps one copy of its data, in the object store; each
//   tablet is served by one compute node and a larger count adds no copy. 1 is StarRocks' default
//   for a shared-data cluster (default_replication_num is 1 there) and is accepted by every
//   release with one alive compute node (which `check` requires); the source's count (often 3)
//   buys nothing and risks a refusal where it is compared with the number of nodes. So the table
//   is created with 1, whatever the source or target_cluster_replication_num says.
// - enable_persistent_index: 3.1 has no persistent index on shared data and refuses a table that
//   asks for one ("Cannot create cloud native table with persistent index yet", PR #25170,
//   server/OlapTableFactory.java), so there it is set to false, whatever the source or
//   target_cluster_enable_persistent_index says; 3.2 brought the index to shared data (PR #25925).
// - persistent_index_type: only a shared-data FE takes or prints it (a shared-nothing one refuses
//   it as an unknown property), so it comes from a shared-data source. 3.1 has no persistent index
//   on shared data and refuses the property as unknown, so it is left out there. 3.2 takes LOCAL
//   only (the index on a compute node's disk), so CLOUD_NATIVE becomes LOCAL there, as StarRocks
//   itself reads it after a downgrade to 3.2 (PR #48149). From 3.3 (PR #43517) the index can live
//   with the data in the object store (CLOUD_NATIVE, the default from PR #52209); a LOCAL index
//   would sit on one compute node's disk and be rebuilt whenever the tablet moves to another node,
//   so LOCAL becomes CLOUD_NATIVE there.
import type { RunMode } from '../cluster/capabilities.js';

export interface TargetStorage {
  runMode: RunMode;
  /** persistent_index_type = LOCAL is accepted (shared-data, StarRocks 3.2 and later). */
  localPersistentIndex: boolean;
  /** persistent_index_type = CLOUD_NATIVE is accepted (shared-data, StarRocks 3.3 and later). */
  cloudNativePersistentIndex: boolean;
}

export const SHARED_DATA_REPLICATION_NUM = '1';

/**
 * The values to set; null: leave the property out.
 * @param persistentIndexApplies enable_persistent_index may be set on the statement (a PRIMARY KEY table, or one that carries it)
 */
export function sharedDataValues(target: TargetStorage, persistentIndexType: string | undefined, persistentIndexApplies = false): Map<string, string | null> {
  const values = new Map<string, string | null>();
  if (target.runMode !== 'shared_data') return values;
  values.set('replication_num', SHARED_DATA_REPLICATION_NUM);
  const noPersistentIndex = !target.localPersistentIndex && !target.cloudNativePersistentIndex;
  if (noPersistentIndex && persistentIndexApplies) values.set('enable_persistent_index', 'false');
  if (persistentIndexType === undefined) return values;
  if (target.cloudNativePersistentIndex) {
    if (persistentIndexType.toUpperCase() === 'LOCAL') values.set('persistent_index_type', 'CLOUD_NATIVE');
  } else if (target.localPersistentIndex) {
    if (persistentIndexType.toUpperCase() === 'CLOUD_NATIVE') values.set('persistent_index_type', 'LOCAL');
  } else {
    values.set('persistent_index_type', null);
  }
  return values;
}
