// The decisions of one meta round, from the two catalogues and what the daemon remembers (pure):
// the DDL plan (with drops that would repeat one already made reported instead: drop-ledger.ts),
// the replication plan, and what to remember next. The daemon's rounds and the `plan` command
// both decide through here, so `plan` shows what the daemon would do.
import { isTableSelected } from '../config/data-rules.js';
import type { SyncConfig } from '../config/load-config.js';
import type { ClusterCapabilities } from '../cluster/capabilities.js';
import type { ClusterCatalog } from '../meta/catalog-model.js';
import { diffCatalogs } from '../ddl/diff-catalogs.js';
import type { DdlPlan } from '../ddl/ddl-plan.js';
import { guardRepeatedDrops, settleDrops } from '../ddl/drop-ledger.js';
import { lineageOf } from '../ddl/partition-consistency.js';
import { EMPTY_SOURCE_PARTITION_IDS, nextSourcePartitionIds, syncedFromOf } from '../ddl/source-partition-ids.js';
import type { ReplicationPlan } from '../replication/candidate.js';
import { planReplication } from '../replication/plan.js';
import type { SyncState } from './sync-state-file.js';
import { resyncKeys } from './steering.js';

export interface RoundDecisions {
  ddl: DdlPlan;
  replication: ReplicationPlan;
  /** What to remember after this round. */
  state: SyncState;
}

/**
 * Whether target partitions must be followed by their source partition's id: when either cluster
 * prints no version epochs, the id is all that tells a replaced source partition apart.
 */
export function followsSourcePartitionIds(source: ClusterCapabilities | undefined, target: ClusterCapabilities | undefined): boolean {
  return !(source?.versionEpochs ?? true) || !(target?.versionEpochs ?? true);
}

export function decideRound(
  source: ClusterCatalog,
  target: ClusterCatalog,
  config: SyncConfig,
  remembered: SyncState,
  capabilities: { source?: ClusterCapabilities; target?: ClusterCapabilities } = {},
): RoundDecisions {
  const rules = config.dataRules;
  const selected = (db: string, table: string) => isTableSelected(rules, db, table);
  const lineage = lineageOf(config.settings);
  const followIds = followsSourcePartitionIds(capabilities.source, capabilities.target);
  const syncedFrom = followIds ? syncedFromOf(remembered.sourcePartitionIds) : undefined;
  const resync = resyncKeys(remembered.steering);
  const diffed = diffCatalogs(source, target, { rules, settings: config.settings, ...(syncedFrom ? { syncedFrom } : {}), ...(resync.size > 0 ? { resync } : {}) });
  const drops = settleDrops(remembered.drops, diffed, source, target, lineage, syncedFrom);
  const ddl = guardRepeatedDrops(diffed, drops);
  const replication = planReplication(source, target, {
    selected,
    maxDataSizePerJobGb: config.settings.max_replication_data_size_per_job_in_gb,
    lineage,
    ...(syncedFrom ? { syncedFrom } : {}),
  });
  const sourcePartitionIds = followIds ? nextSourcePartitionIds(source, target, remembered.sourcePartitionIds, selected, lineage) : EMPTY_SOURCE_PARTITION_IDS;
  return { ddl, replication, state: { drops, sourcePartitionIds, steering: remembered.steering } };
}

/** Whether two states differ (the state file is rewritten only then). */
export function stateChanged(before: SyncState, after: SyncState): boolean {
  if (before.drops !== after.drops && JSON.stringify(before.drops) !== JSON.stringify(after.drops)) return true;
  if (before.sourcePartitionIds.size !== after.sourcePartitionIds.size) return true;
  for (const [key, id] of after.sourcePartitionIds) if (before.sourcePartitionIds.get(key) !== id) return true;
  return before.steering !== after.steering && JSON.stringify(before.steering) !== JSON.stringify(after.steering);
}
