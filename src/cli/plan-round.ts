// One meta + diff + plan round, as the daemon's meta job runs it, executing nothing: both
// catalogues read side by side, the DDL diff, the replication plan. The `plan` command prints
// it; each step is timed and the SQL statements each client sent are counted, so the round's
// cost at scale can be measured from outside the process (`plan --timings`).
import { performance } from 'node:perf_hooks';
import type { FeClient } from '../cluster/fe-client.js';
import { isDatabaseSelected } from '../config/data-rules.js';
import type { SyncConfig } from '../config/load-config.js';
import type { ClusterCatalog } from '../meta/catalog-model.js';
import { fetchCatalog } from '../meta/fetch-catalog.js';
import type { DdlPlan } from '../ddl/ddl-plan.js';
import type { ReplicationPlan } from '../replication/candidate.js';
import { capabilitiesOf, knownCapabilities } from '../cluster/capability-probes.js';
import { decideRound } from '../daemon/round-decisions.js';
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
  const started = performance.now();
  const selectDb = (db: string) => isDatabaseSelected(config.dataRules, db);
  const [src, dst] = await Promise.all([fetchCatalog(source, 'source', selectDb), fetchCatalog(target, 'target', () => true)]);
  const read = performance.now();
  const { ddl, replication } = decideRound(src, dst, config, remembered, { source: knownCapabilities(source), target: knownCapabilities(target) });
  const decided = performance.now();
  return {
    source: src,
    target: dst,
    ddl,
    replication,
    timings: { metaMs: read - started, decideMs: decided - read, roundMs: decided - started },
    statements: { source: source.statementsSent - sentBefore.source, target: target.statementsSent - sentBefore.target },
  };
}
