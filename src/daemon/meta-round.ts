// One meta round: read both catalogues side by side, then decide (decideRound: the DDL plan, the
// replication plan, what to remember). The daemon's meta job runs it every meta_job_interval_seconds;
// `plan` runs the very same round once and prints it, and the metadata benchmark times it, so both
// show what the daemon does.
import { performance } from 'node:perf_hooks';
import type { FeClient } from '../cluster/fe-client.js';
import { knownCapabilities } from '../cluster/capability-probes.js';
import { isDatabaseSelected } from '../config/data-rules.js';
import type { SyncConfig } from '../config/load-config.js';
import type { ClusterCatalog, Side } from '../meta/catalog-model.js';
import { fetchCatalog } from '../meta/fetch-catalog.js';
import { decideRound, type RoundDecisions } from './round-decisions.js';
import type { SyncState } from './sync-state-file.js';

export interface MetaRound extends RoundDecisions {
  source: ClusterCatalog;
  target: ClusterCatalog;
  /** Reading the catalogues, and deciding, in ms. */
  timings: { readMs: number; decideMs: number };
}

/** Told after each cluster's read, whether it worked (the status file says per cluster). */
export type ReadListener = (side: Side, outcome: { ok: true } | { ok: false; error: Error }) => void;

export async function runMetaRound(config: SyncConfig, source: FeClient, target: FeClient, remembered: SyncState, onRead?: ReadListener): Promise<MetaRound> {
  const started = performance.now();
  const read = async (side: Side, client: FeClient, selectDb: (db: string) => boolean): Promise<ClusterCatalog> => {
    try {
      // The FE list first: it is where the client goes if this FE stops answering mid-round.
      await client.refreshFrontends();
      const catalog = await fetchCatalog(client, side, selectDb);
      onRead?.(side, { ok: true });
      return catalog;
    } catch (error) {
      onRead?.(side, { ok: false, error: error as Error });
      throw error;
    }
  };
  // Only the selected databases of the source are read; every database of the target is (what
  // only the target has matters to the DDL job).
  const [src, dst] = await Promise.all([read('source', source, (db) => isDatabaseSelected(config.dataRules, db)), read('target', target, () => true)]);
  const readAt = performance.now();
  const decided = decideRound(src, dst, config, remembered, { source: knownCapabilities(source), target: knownCapabilities(target) });
  return { source: src, target: dst, ...decided, timings: { readMs: readAt - started, decideMs: performance.now() - readAt } };
}
