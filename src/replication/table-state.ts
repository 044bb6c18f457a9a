// Where one table stands between the two clusters, as the planner, the one-time mode and the
// report need it: is its layout settled (nothing left for the DDL job), which partitions lag, and
// is it fully in sync.
//
// The layout and lineage rules are the DDL job's own (src/ddl): the planner must skip exactly what
// the DDL job is going to fix. Were the two to disagree, a table could wait forever, the planner
// holding back for a DDL change the DDL job sees no reason to make.
import type { OlapTableModel, PartitionModel } from '../meta/catalog-model.js';
import { tableSchemaDifference } from '../ddl/schema-difference.js';
import { partitionConsistency, type Lineage } from '../ddl/partition-consistency.js';
import { sameRange } from '../ddl/range-meaning.js';
import type { SyncedFrom } from '../ddl/source-partition-ids.js';
import { alignedVersion } from '../meta/aligned-version.js';

/** A log line naming every problem of a table with a thousand partitions helps no one. */
const MAX_PROBLEMS_NAMED = 3;

export type LayoutProblem = { code: 'schema-differs' | 'partition-layout-differs'; reason: string };

/**
 * Why the target table cannot take replication yet, or null when it can: the schemas match and
 * every source partition exists on the target with the same range and bucket count. Partitions
 * only the target has do not matter here: replication never touches them (the DDL job drops them
 * when ddl_job_allow_drop_partition_target_only allows).
 */
export function layoutProblem(source: OlapTableModel, target: OlapTableModel): LayoutProblem | null {
  const schema = tableSchemaDifference(source, target);
  if (schema) return { code: 'schema-differs', reason: `the schema differs: ${schema}` };
  const byName = new Map(target.partitions.map((p) => [p.name, p]));
  const problems: string[] = [];
  for (const partition of source.partitions) {
    const other = byName.get(partition.name);
    if (!other) problems.push(`partition ${partition.name} is missing on the target`);
    else if (!sameRange(other.range, partition.range)) problems.push(`partition ${partition.name} has range ${partition.range || '(none)'} on the source, ${other.range || '(none)'} on the target`);
    else if (other.buckets !== partition.buckets) problems.push(`partition ${partition.name} has ${partition.buckets} buckets on the source, ${other.buckets} on the target`);
  }
  if (problems.length === 0) return null;
  const named = problems.slice(0, MAX_PROBLEMS_NAMED).join('; ');
  const more = problems.length > MAX_PROBLEMS_NAMED ? ` (and ${problems.length - MAX_PROBLEMS_NAMED} more)` : '';
  return { code: 'partition-layout-differs', reason: `${named}${more}` };
}

export type PartitionVerdict =
  /** The source is ahead and the target is on its history: replicate. */
  | { kind: 'lagging' }
  /** Same version, same history: nothing to do. */
  | { kind: 'synced' }
  /** The target left the source's history (loaded into, ahead, other epoch): the DDL job drops and re-adds it. */
  | { kind: 'inconsistent'; reason: string };

/** For a partition whose range and buckets already match (see layoutProblem). */
export function partitionVerdict(source: PartitionModel, target: PartitionModel, lineage: Lineage = 'replication', syncedFrom?: number): PartitionVerdict {
  const consistency = partitionConsistency(source, target, lineage, syncedFrom);
  if (consistency.verdict === 'inconsistent') return { kind: 'inconsistent', reason: consistency.reason };
  // Aligned versions: a compacted shared-data target is ahead in visible version only (aligned-version.ts).
  return alignedVersion(source) > alignedVersion(target) ? { kind: 'lagging' } : { kind: 'synced' };
}

/**
 * True when the target holds exactly the source's data for this table: layouts settled, and every
 * source partition at the source's version on the source's history. The plan leaves such a table
 * out (so the report counts it finished), and the drop ledger forgets a drop once it holds.
 */
export function isTableSynced(source: OlapTableModel, target: OlapTableModel | undefined, lineage: Lineage = 'replication', syncedFrom?: SyncedFrom): boolean {
  if (!target || layoutProblem(source, target)) return false;
  const byName = new Map(target.partitions.map((p) => [p.name, p]));
  return source.partitions.every((p) => {
    const other = byName.get(p.name);
    return other !== undefined && partitionVerdict(p, other, lineage, syncedFrom?.(source.db, source.name, p.name)).kind === 'synced';
  });
}
