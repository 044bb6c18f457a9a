// `cluster-sync plan --timings`: the round's cost as one JSON object on stdout, for benchmarks
// and capacity checks — how long reading, diffing and planning took, how many SQL statements
// each cluster answered, how big the catalogues were, and the process's CPU time and peak memory
// so far.
import type { ClusterCatalog } from '../meta/catalog-model.js';
import type { PlanRound, RoundTimings } from './plan-round.js';

export interface CatalogSize {
  databases: number;
  tables: number;
  partitions: number;
}

export interface PlanTimingsReport {
  timings: RoundTimings;
  sqlStatements: { source: number; target: number; total: number };
  catalogs: { source: CatalogSize; target: CatalogSize };
  ddlTasks: number;
  blockedDrops: number;
  replicationJobs: number;
  laggingPartitions: number;
  skipped: number;
  tablesInSync: number;
  tables: number;
  /** CPU time of this process so far (user + system), start-up included. */
  cpuMs: number;
  /** Peak resident set size of this process (getrusage ru_maxrss). */
  maxRssMb: number;
  heapUsedMb: number;
}

export function catalogSize(catalog: ClusterCatalog): CatalogSize {
  let tables = 0;
  let partitions = 0;
  for (const db of catalog.databases.values()) {
    for (const table of db.tables.values()) {
      tables++;
      if (table.kind === 'table') partitions += table.partitions.length;
    }
  }
  return { databases: catalog.databases.size, tables, partitions };
}

const mb = (bytes: number): number => Math.round((bytes / 2 ** 20) * 10) / 10;

export function planTimingsReport(round: PlanRound): PlanTimingsReport {
  const { ddl, replication } = round;
  const usage = process.resourceUsage();
  return {
    timings: round.timings,
    sqlStatements: { ...round.statements, total: round.statements.source + round.statements.target },
    catalogs: { source: catalogSize(round.source), target: catalogSize(round.target) },
    ddlTasks: ddl.tasks.length,
    blockedDrops: ddl.blocked.length,
    replicationJobs: replication.candidates.length,
    laggingPartitions: replication.candidates.reduce((sum, job) => sum + job.partitions.length, 0),
    skipped: replication.skipped.length,
    tablesInSync: replication.tables.filter((t) => t.synced).length,
    tables: replication.tables.length,
    cpuMs: Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000),
    // ru_maxrss is in kilobytes.
    maxRssMb: mb(usage.maxRSS * 1024),
    heapUsedMb: mb(process.memoryUsage().heapUsed),
  };
}
