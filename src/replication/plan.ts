// The replication plan (pure): from the two catalogues, the startTableReplication jobs to run this
// round. A table is planned only once the DDL job has nothing left to do on it (same schema, every
// source partition on the target with the same range and buckets); then every partition whose
// source is ahead and whose target is still on the source's version history is sent, cut into
// jobs by max_replication_data_size_per_job_in_gb. Everything left out is listed with a reason.
import type { ClusterCatalog, OlapTableModel, PartitionModel } from '../meta/catalog-model.js';
import { SYSTEM_DATABASES } from '../meta/catalog-model.js';
import type { ReplicationCandidate, ReplicationPlan, SkippedReplication, TableSyncStatus } from './candidate.js';
import { jobSizeLimit, splitBySize } from './split-jobs.js';
import { layoutProblem, partitionVerdict } from './table-state.js';
import type { Lineage } from '../ddl/partition-consistency.js';
import type { SyncedFrom } from '../ddl/source-partition-ids.js';
import { alignedVersion } from '../meta/aligned-version.js';

export interface PlanOptions {
  /** include_data_list / exclude_data_list applied to one table. */
  selected: (db: string, table: string) => boolean;
  /** max_replication_data_size_per_job_in_gb; -1: no limit, one job per table. */
  maxDataSizePerJobGb: number;
  /** How target partitions are written (transfer_mode); replication when absent. */
  lineage?: Lineage;
  /** Where the clusters print no version epochs: the source partition each target partition follows. */
  syncedFrom?: SyncedFrom;
}

/** Code-unit order: the same on every machine, whatever its locale. */
const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

interface TableOutcome {
  synced: boolean;
  candidates: ReplicationCandidate[];
  skipped: SkippedReplication[];
}

function toCandidate(db: string, table: string, partitions: readonly PartitionModel[]): ReplicationCandidate {
  return {
    db,
    table,
    partitions: partitions.map((p) => p.name),
    dataSize: partitions.reduce((sum, p) => sum + p.dataSize, 0),
    // fromEntries defines own properties, so even a partition named __proto__ is a plain key. The
    // aligned versions, as the target's are read to prove the job done (partition-versions.ts).
    sourceVersions: Object.fromEntries(partitions.map((p) => [p.name, alignedVersion(p)])),
  };
}

/**
 * Why the table is never replicated, or null. StarRocks (3.2 and later) may hold one partition of a
 * RANDOM-bucketed table as several physical partitions; a request copies physical partitions, and
 * copying some of a partition's would leave the target short of rows without a word, so the whole
 * table is left out and said so.
 */
function notSupported(source: OlapTableModel): string | null {
  const split = source.subPartitioned ?? [];
  if (split.length === 0) return null;
  const named = split.map((s) => `${s.partition} (${s.physicalPartitions} physical partitions)`).join(', ');
  return `not supported: partition${split.length === 1 ? '' : 's'} ${named} of the source cannot be replicated whole, so the table is not synced`;
}

/**
 * Why the table waits for the source, or null. Temporary partitions are where an INSERT OVERWRITE
 * writes before it swaps them in (InsertOverwriteJobRunner): what the formal partitions hold is
 * about to be replaced by new partitions (new ids, new data), so the table is synced after the swap.
 */
function overwriteInProgress(source: OlapTableModel): string | null {
  const temp = source.tempPartitions ?? [];
  if (temp.length === 0) return null;
  return `waits: temporary partitions ${temp.join(', ')} exist on the source (an INSERT OVERWRITE or a partition replacement is under way); synced after they are swapped in or dropped`;
}

function planTable(source: OlapTableModel, target: ClusterCatalog, limitBytes: number | null, lineage: Lineage, syncedFrom: SyncedFrom | undefined): TableOutcome {
  const { db, name: table } = source;
  const skip = (skipped: Omit<SkippedReplication, 'db' | 'table'>): TableOutcome => ({
    synced: false,
    candidates: [],
    skipped: [{ db, table, ...skipped }],
  });
  const other = target.databases.get(db)?.tables.get(table);
  if (!other) return skip({ code: 'missing-on-target', reason: 'does not exist on the target yet (the DDL job creates it)' });
  if (other.kind !== 'table') {
    return skip({ code: 'not-olap-on-target', reason: `is a ${other.kind.replace('_', ' ')} on the target, not an OLAP table` });
  }
  const problem = layoutProblem(source, other);
  if (problem) return skip({ code: problem.code, reason: `${problem.reason} (the DDL job has work to do first)` });
  const unsupported = notSupported(source);
  if (unsupported) return skip({ code: 'not-supported', reason: unsupported });
  const overwriting = overwriteInProgress(source);
  if (overwriting) return skip({ code: 'overwrite-in-progress', reason: overwriting });

  const targetPartitions = new Map(other.partitions.map((p) => [p.name, p]));
  const lagging: PartitionModel[] = [];
  const skipped: SkippedReplication[] = [];
  let synced = true;
  for (const partition of source.partitions) {
    // layoutProblem checked that every source partition exists on the target.
    const verdict = partitionVerdict(partition, targetPartitions.get(partition.name)!, lineage, syncedFrom?.(db, table, partition.name));
    if (verdict.kind === 'synced') continue;
    synced = false;
    if (verdict.kind === 'lagging') lagging.push(partition);
    else {
      skipped.push({
        db,
        table,
        partition: partition.name,
        code: 'inconsistent-partition',
        reason: `${verdict.reason} (the DDL job drops and re-adds it)`,
      });
    }
  }
  const candidates = splitBySize(lagging, limitBytes).map((group) => toCandidate(db, table, group));
  return { synced, candidates, skipped };
}

export function planReplication(source: ClusterCatalog, target: ClusterCatalog, options: PlanOptions): ReplicationPlan {
  const limitBytes = jobSizeLimit(options.maxDataSizePerJobGb);
  const plan: ReplicationPlan = { candidates: [], skipped: [], tables: [], asOf: Math.min(source.readAt, target.readAt) };
  for (const dbName of [...source.databases.keys()].sort(byCodeUnits)) {
    if (SYSTEM_DATABASES.has(dbName)) continue;
    const db = source.databases.get(dbName)!;
    for (const tableName of [...db.tables.keys()].sort(byCodeUnits)) {
      const table = db.tables.get(tableName)!;
      // Views and materialized views carry no data to replicate: the DDL job syncs their definitions.
      if (table.kind !== 'table' || !options.selected(dbName, tableName)) continue;
      const outcome = planTable(table, target, limitBytes, options.lineage ?? 'replication', options.syncedFrom);
      plan.candidates.push(...outcome.candidates);
      plan.skipped.push(...outcome.skipped);
      plan.tables.push({ db: dbName, table: tableName, synced: outcome.synced } satisfies TableSyncStatus);
    }
  }
  return plan;
}

/** True when every selected table is in sync: what the one-time mode waits for. */
export function isPlanSynced(plan: ReplicationPlan): boolean {
  return plan.tables.every((t) => t.synced);
}
