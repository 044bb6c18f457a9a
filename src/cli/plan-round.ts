// One meta + diff + plan round, as the daemon's meta job runs it, executing nothing: both
// catalogues read side by side, the DDL diff, the replication plan. The `plan` command prints
// it; each step is timed and the SQL statements each client sent are counted, so the round's
// cost at scale can be measured from outside the process (`plan --timings`).
import { performance } from 'node:perf_hooks';
import type { FeClient } from '../cluster/fe-client.js';
import { isDatabaseSelected, isTableSelected } from '../config/data-rules.js';
import type { SyncConfig } from '../config/load-config.js';
import type { ClusterCatalog } from '../meta/catalog-model.js';
import { fetchCatalog } from '../meta/fetch-catalog.js';
import type { DdlPlan } from '../ddl/ddl-plan.js';
import { diffCatalogs } from '../ddl/diff-catalogs.js';
import type { ReplicationPlan } from '../replication/candidate.js';
import { planReplication } from '../replication/plan.js';
import { lineageOf } from '../ddl/partition-consistency.js';

export interface RoundTimings {
  metaMs: number;
  diffMs: number;
  planMs: number;
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

export async function runPlanRound(config: SyncConfig, source: FeClient, target: FeClient): Promise<PlanRound> {
  const sentBefore = { source: source.statementsSent, target: target.statementsSent };
  const started = performance.now();
  const selectDb = (db: string) => isDatabaseSelected(config.dataRules, db);
  const [src, dst] = await Promise.all([fetchCatalog(source, 'source', selectDb), fetchCatalog(target, 'target', () => true)]);
  const read = performance.now();
  const ddl = diffCatalogs(src, dst, { rules: config.dataRules, settings: config.settings });
  const diffed = performance.now();
  const replication = planReplication(src, dst, {
    selected: (db, table) => isTableSelected(config.dataRules, db, table),
    maxDataSizePerJobGb: config.settings.max_replication_data_size_per_job_in_gb,
    lineage: lineageOf(config.settings),
  });
  const planned = performance.now();
  return {
    source: src,
    target: dst,
    ddl,
    replication,
    timings: { metaMs: read - started, diffMs: diffed - read, planMs: planned - diffed, roundMs: planned - started },
    statements: { source: source.statementsSent - sentBefore.source, target: target.statementsSent - sentBefore.target },
  };
}
