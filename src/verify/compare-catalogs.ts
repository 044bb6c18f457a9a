// What `cluster-sync verify` compares, as a pure function: every selected table and partition of
// the source against the target — existence, versions (the data versions where the clusters
// print them: aligned-version.ts; and epochs where both report them), row counts (catalogue and SELECT COUNT(*)) — and views and materialized views.
import type { ClusterCatalog, OlapTableModel, PartitionModel } from '../meta/catalog-model.js';
import type { Lineage } from '../ddl/partition-consistency.js';
import { tableKey } from '../meta/table-key.js';
import { alignedVersion } from '../meta/aligned-version.js';

export interface VerifyDifference {
  db: string;
  table?: string;
  partition?: string;
  what: string;
  source: string;
  target: string;
}

export interface VerifyInput {
  source: ClusterCatalog;
  target: ClusterCatalog;
  selected: (db: string, table: string) => boolean;
  /** SELECT COUNT(*) results per table, keyed by JSON [db, table]. */
  sourceCounts: Map<string, number>;
  /** restore (transfer_mode=s3): RESTORE gives partitions an epoch of their own, so epochs are not compared. */
  lineage?: Lineage;
  targetCounts: Map<string, number>;
  /** The target's own partition scheduler may be on where the source's is (after a cutover turned it back on). */
  targetSchedulerMayRun?: boolean;
}

/**
 * A version difference in the operator's words: "visible version" while each side's aligned
 * version is its visible version (every cluster but a compacted shared-data one), else "data
 * version", with the visible version beside any that differs from it.
 */
function versionDifference(source: PartitionModel, target: PartitionModel): Pick<VerifyDifference, 'what' | 'source' | 'target'> {
  const show = (p: PartitionModel) => (alignedVersion(p) === p.visibleVersion ? String(p.visibleVersion) : `${alignedVersion(p)} (visible ${p.visibleVersion})`);
  const visibleOnly = alignedVersion(source) === source.visibleVersion && alignedVersion(target) === target.visibleVersion;
  return { what: visibleOnly ? 'visible version' : 'data version', source: show(source), target: show(target) };
}

export function compareCatalogs(input: VerifyInput): { tables: number; partitions: number; differences: VerifyDifference[]; notes: string[] } {
  const differences: VerifyDifference[] = [];
  const notes: string[] = [];
  let tables = 0;
  let partitions = 0;
  for (const [dbName, db] of input.source.databases) {
    const targetDb = input.target.databases.get(dbName);
    for (const [name, table] of db.tables) {
      if (!input.selected(dbName, name)) continue;
      tables++;
      const other = targetDb?.tables.get(name);
      if (!other) {
        differences.push({ db: dbName, table: name, what: 'missing on the target', source: table.kind, target: '-' });
        continue;
      }
      if (other.kind !== table.kind) {
        differences.push({ db: dbName, table: name, what: 'kind', source: table.kind, target: other.kind });
        continue;
      }
      if (table.kind !== 'table') {
        if (table.definition !== (other as typeof table).definition) differences.push({ db: dbName, table: name, what: 'definition', source: table.definition, target: (other as typeof table).definition });
        continue;
      }
      const target = other as OlapTableModel;
      const where = `${dbName}.${name}`;
      if (table.dynamicPartition) {
        // The target mirrors the source's partitions; its own scheduler would add and drop them by its own clock.
        if (target.dynamicPartition && input.targetSchedulerMayRun) notes.push(`${where}: dynamic-partition table; the target's scheduler is on, as the source's (turned back on at cutover)`);
        else if (target.dynamicPartition) differences.push({ db: dbName, table: name, what: "dynamic_partition.enable (the target's own scheduler changes its partitions)", source: 'true', target: 'true, expected false' });
        else notes.push(`${where}: dynamic-partition table; the target's scheduler is off (dynamic_partition.enable = false) and its partitions follow the source's`);
      }
      for (const split of table.subPartitioned ?? []) {
        differences.push({ db: dbName, table: name, partition: split.partition, what: 'not supported: several physical partitions, which replication cannot copy whole', source: `${split.physicalPartitions} physical partitions`, target: '-' });
      }
      if ((table.tempPartitions ?? []).length > 0) notes.push(`${where}: temporary partitions ${table.tempPartitions!.join(', ')} on the source (an INSERT OVERWRITE under way): compared as the source is now, before the swap`);
      for (const p of table.partitions) {
        partitions++;
        const q = target.partitions.find((x) => x.name === p.name);
        const at = { db: dbName, table: name, partition: p.name };
        if (!q) {
          differences.push({ ...at, what: 'partition missing on the target', source: `version ${alignedVersion(p)}`, target: '-' });
          continue;
        }
        // Aligned versions: a compacted shared-data target holds the source's data at a higher
        // visible version, and its data version says so.
        if (alignedVersion(q) !== alignedVersion(p)) differences.push({ ...at, ...versionDifference(p, q) });
        // Version 1 is a new, empty partition: each cluster gave it an epoch of its own, and there is no history to differ.
        else if (input.lineage !== 'restore' && alignedVersion(p) > 1 && p.versionEpoch !== 0 && q.versionEpoch !== 0 && q.versionEpoch !== p.versionEpoch) {
          differences.push({ ...at, what: 'version epoch (the target diverged)', source: String(p.versionEpoch), target: String(q.versionEpoch) });
        }
        if (q.rowCount !== p.rowCount) differences.push({ ...at, what: 'row count', source: String(p.rowCount), target: String(q.rowCount) });
      }
      for (const q of target.partitions) {
        if (!table.partitions.some((p) => p.name === q.name)) differences.push({ db: dbName, table: name, partition: q.name, what: 'partition only on the target', source: '-', target: `version ${alignedVersion(q)}` });
      }
      const sourceCount = input.sourceCounts.get(tableKey(dbName, name));
      const targetCount = input.targetCounts.get(tableKey(dbName, name));
      if (sourceCount !== targetCount) differences.push({ db: dbName, table: name, what: 'SELECT COUNT(*)', source: String(sourceCount ?? '?'), target: String(targetCount ?? '?') });
    }
  }
  return { tables, partitions, differences, notes };
}
