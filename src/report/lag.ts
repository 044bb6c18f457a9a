// How far the target is behind, in time and bytes (pure). The daemon cannot know when a load
// committed on the source; it knows when it first saw each source version. So for each partition
// behind it keeps the versions it saw with the time it first saw them, and the lag of a
// partition is the age of the oldest version the target still lacks: accurate to one meta round
// (meta_job_interval_seconds, or sooner when a job finished). Versions the source already had when
// the daemon started count from its first read. Bytes behind are the source data size of those
// partitions (replication moves whole changed partitions' new rowsets; the size bounds it).
import type { ClusterCatalog } from '../meta/catalog-model.js';
import { alignedVersion } from '../meta/aligned-version.js';
import { partitionKey, tableKey, type TableKey } from '../meta/table-key.js';

export interface Sighting {
  readonly version: number;
  readonly at: number;
}

export interface PartitionLag {
  readonly db: string;
  readonly table: string;
  readonly partition: string;
  /** Source versions the target lacks, oldest first, each with when it was first seen. */
  readonly sightings: readonly Sighting[];
  readonly bytes: number;
  readonly sourceVersion: number;
  /** Undefined: the partition (or its table) is not on the target yet. */
  readonly targetVersion?: number;
}

/** Partitions behind, by partitionKey. */
export type LagModel = ReadonlyMap<string, PartitionLag>;

export const NO_LAG: LagModel = new Map();

/** A partition updated every round for days would keep every sighting: the oldest ones are what counts. */
const MAX_SIGHTINGS = 64;

/**
 * The lag after a meta round: every selected source partition whose target version is lower (or
 * that the target lacks) is behind; sightings of versions the target has reached are dropped.
 */
export function nextLag(previous: LagModel, source: ClusterCatalog, target: ClusterCatalog, selected: (db: string, table: string) => boolean, now: number): LagModel {
  const next = new Map<string, PartitionLag>();
  for (const [db, model] of source.databases) {
    for (const [name, table] of model.tables) {
      if (table.kind !== 'table' || !selected(db, name)) continue;
      const other = target.databases.get(db)?.tables.get(name);
      // Aligned versions on both sides (aligned-version.ts): a compaction on a shared-data target
      // moves its visible version, never its data.
      const targetParts = other?.kind === 'table' ? new Map(other.partitions.map((p) => [p.name, alignedVersion(p)])) : undefined;
      for (const p of table.partitions) {
        const sourceVersion = alignedVersion(p);
        const targetVersion = targetParts?.get(p.name);
        if (targetVersion !== undefined && targetVersion >= sourceVersion) continue;
        const key = partitionKey(db, name, p.name);
        const kept = (previous.get(key)?.sightings ?? []).filter((s) => targetVersion === undefined || s.version > targetVersion);
        let sightings = kept.some((s) => s.version === sourceVersion) ? kept : [...kept, { version: sourceVersion, at: now }];
        if (sightings.length > MAX_SIGHTINGS) {
          // The oldest kept takes the time of those dropped: the lag never shrinks by forgetting.
          const rest = sightings.slice(-MAX_SIGHTINGS);
          sightings = [{ ...rest[0]!, at: sightings[0]!.at }, ...rest.slice(1)];
        }
        next.set(key, { db, table: name, partition: p.name, sightings, bytes: p.dataSize, sourceVersion, ...(targetVersion !== undefined ? { targetVersion } : {}) });
      }
    }
  }
  return next;
}

export interface LagSummary {
  /** Age of the oldest source version not on the target (0 when none). */
  seconds: number;
  bytes: number;
  partitions: number;
}

export function summarizeLag(lag: Iterable<PartitionLag>, now: number): LagSummary {
  let oldest = now;
  let bytes = 0;
  let partitions = 0;
  for (const p of lag) {
    oldest = Math.min(oldest, p.sightings[0]?.at ?? now);
    bytes += p.bytes;
    partitions++;
  }
  return { seconds: Math.max(0, (now - oldest) / 1000), bytes, partitions };
}

export function lagByTable(lag: LagModel): Map<TableKey, PartitionLag[]> {
  const byTable = new Map<TableKey, PartitionLag[]>();
  for (const p of lag.values()) {
    const key = tableKey(p.db, p.table);
    byTable.set(key, [...(byTable.get(key) ?? []), p]);
  }
  return byTable;
}
