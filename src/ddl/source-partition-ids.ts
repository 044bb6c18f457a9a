// Which source partition each target partition holds the data of, for clusters that print no
// version epochs (before 3.3). There, a source partition replaced under the same name (an INSERT
// OVERWRITE swaps in new partitions with new ids, at version 2) looks like the old one at an equal
// version; only its id tells. The daemon notes, round after round, the id of the source partition
// each consistent target partition follows; a later source id under that name means the target
// holds another history (partition-consistency.ts). Pure: catalogues and the previous notes in,
// the new notes out; the daemon keeps them in its state file, so a restart does not forget them.
import type { ClusterCatalog } from '../meta/catalog-model.js';
import { partitionConsistency, type Lineage } from './partition-consistency.js';
import { partitionKey } from '../meta/table-key.js';

/** The id of the source partition whose data the target partition holds, when known. */
export type SyncedFrom = (db: string, table: string, partition: string) => number | undefined;

export type SourcePartitionIds = ReadonlyMap<string, number>;

export const EMPTY_SOURCE_PARTITION_IDS: SourcePartitionIds = new Map();


export function syncedFromOf(ids: SourcePartitionIds): SyncedFrom {
  return (db, table, partition) => ids.get(partitionKey(db, table, partition));
}

/**
 * The notes after this round: a target partition on the source partition's history (empty, or
 * caught up along it) now follows that source partition's id; an inconsistent one keeps its note
 * until it is dropped and re-added. Partitions no longer on the source are forgotten.
 */
export function nextSourcePartitionIds(
  source: ClusterCatalog,
  target: ClusterCatalog,
  previous: SourcePartitionIds,
  selected: (db: string, table: string) => boolean,
  lineage: Lineage = 'replication',
): SourcePartitionIds {
  const next = new Map<string, number>();
  for (const [dbName, db] of source.databases) {
    for (const [name, table] of db.tables) {
      if (table.kind !== 'table' || !selected(dbName, name)) continue;
      const other = target.databases.get(dbName)?.tables.get(name);
      if (other?.kind !== 'table') continue;
      const targetPartitions = new Map(other.partitions.map((p) => [p.name, p]));
      for (const partition of table.partitions) {
        const key = partitionKey(dbName, name, partition.name);
        const targetPartition = targetPartitions.get(partition.name);
        if (!targetPartition) continue;
        const known = previous.get(key);
        const verdict = partitionConsistency(partition, targetPartition, lineage, known);
        if (verdict.verdict === 'consistent') next.set(key, partition.id);
        else if (known !== undefined) next.set(key, known);
      }
    }
  }
  return next;
}
