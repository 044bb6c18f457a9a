// One meta round: read both catalogues side by side, then decide (decideRound: the DDL plan, the
// replication plan, what to remember). The daemon's meta job runs it every meta_job_interval_seconds;
// `plan` runs the very same round once and prints it, and the metadata benchmark times it, so both
// show what the daemon does.
import { performance } from 'node:perf_hooks';
import { isDatabaseSelected } from '../config/data-rules.js';
import type { SyncConfig } from '../config/load-config.js';
import type { ClusterCatalog, Side } from '../meta/catalog-model.js';
import type { CatalogReader } from './catalog-reader.js';
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

export type CatalogReaders = Readonly<Record<Side, CatalogReader>>;

export async function runMetaRound(config: SyncConfig, readers: CatalogReaders, remembered: SyncState, onRead?: ReadListener): Promise<MetaRound> {
  const started = performance.now();
  const read = async (side: Side, selectDb: (db: string) => boolean): Promise<ClusterCatalog> => {
    try {
      const catalog = await readers[side].read(selectDb);
      onRead?.(side, { ok: true });
      return catalog;
    } catch (error) {
      onRead?.(side, { ok: false, error: error as Error });
      throw error;
    }
  };
  // Only the selected databases of the source are read; every database of the target is (what
  // only the target has matters to the DDL job).
  const [src, dst] = await Promise.all([read('source', (db) => isDatabaseSelected(config.dataRules, db)), read('target', () => true)]);
  const readAt = performance.now();
  const decided = decideRound(src, dst, config, remembered, { source: readers.source.capabilities(), target: readers.target.capabilities() });
  return { source: src, target: dst, ...decided, timings: { readMs: readAt - started, decideMs: performance.now() - readAt } };
}
