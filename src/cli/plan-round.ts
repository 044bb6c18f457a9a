// The daemon's meta round (src/daemon/meta-round.ts), run once and executing nothing: the `plan`
// command prints it; each step is timed and the SQL statements each client sent are counted, so
// the round's cost at scale can be measured from outside the process (`plan --timings`).
import type { FeClient } from '../cluster/fe-client.js';
import type { SyncConfig } from '../config/load-config.js';
import type { ClusterCatalog } from '../meta/catalog-model.js';
import type { DdlPlan } from '../ddl/ddl-plan.js';
import type { ReplicationPlan } from '../replication/candidate.js';
import { capabilitiesOf } from '../cluster/capability-probes.js';
import { runMetaRound } from '../daemon/meta-round.js';
import { feCatalogReader } from '../daemon/catalog-reader.js';
import { EMPTY_SYNC_STATE, type SyncState } from '../daemon/sync-state-file.js';

export interface RoundTimings {
  metaMs: number;
  /** The DDL diff and the replication plan (decideRound). */
  decideMs: number;
  roundMs: number;
}

export interface PlanRound {
  source: ClusterCatalog;
  target: ClusterCatalog;
  ddl: DdlPlan;
  replication: ReplicationPlan;
  timings: RoundTimings;
  /** SQL statements sent during the round, per cluster. */
  statements: { source: number; target: number };
}

/** @param remembered what the daemon remembers (its sync-state.json), when it has run */
export async function runPlanRound(config: SyncConfig, source: FeClient, target: FeClient, remembered: SyncState = EMPTY_SYNC_STATE): Promise<PlanRound> {
  // What each cluster has is learned once, before the round, as the daemon learns it when it connects.
  await Promise.all([capabilitiesOf(source), capabilitiesOf(target)]);
  const sentBefore = { source: source.statementsSent, target: target.statementsSent };
  const round = await runMetaRound(config, { source: feCatalogReader(source), target: feCatalogReader(target) }, remembered);
  return {
    source: round.source,
    target: round.target,
    ddl: round.ddl,
    replication: round.replication,
    timings: { metaMs: round.timings.readMs, decideMs: round.timings.decideMs, roundMs: round.timings.readMs + round.timings.decideMs },
    statements: { source: source.statementsSent - sentBefore.source, target: target.statementsSent - sentBefore.target },
  };
}
