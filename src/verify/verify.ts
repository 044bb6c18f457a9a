// cluster-sync verify: reads both catalogues, counts every selected table's rows on both sides
// (meta_job_threads queries at a time) and compares. Reads only.
import pLimit from 'p-limit';
import type { SyncConfig } from '../config/load-config.js';
import { isDatabaseSelected, isTableSelected } from '../config/data-rules.js';
import type { FeClient } from '../cluster/fe-client.js';
import { feClientFor } from '../cluster/fe-client-for.js';
import { lineageOf } from '../ddl/partition-consistency.js';
import { quoteTable } from '../cluster/sql-text.js';
import { fetchCatalog } from '../meta/fetch-catalog.js';
import type { ClusterCatalog } from '../meta/catalog-model.js';
import { compareCatalogs, type VerifyDifference } from './compare-catalogs.js';
import { objectName, tableKey } from '../meta/table-key.js';
import { alignedVersion } from '../meta/aligned-version.js';

export interface VerifyReport {
  tables: number;
  partitions: number;
  differences: VerifyDifference[];
  /** What an operator should know that is not a difference (dynamic-partition tables, an overwrite under way). */
  notes: string[];
  /** Every selected source table as compared: its rows (SELECT COUNT(*)) and its partitions' versions. */
  verified: VerifiedTable[];
  /** The catalogues compared, as read. */
  source: ClusterCatalog;
  target: ClusterCatalog;
}

export interface VerifiedTable {
  db: string;
  table: string;
  rows: number;
  /**
   * version: the aligned version (aligned-version.ts), the one both clusters were found to share;
   * a shared-data target's visible version may be above it after its compactions.
   */
  partitions: { name: string; version: number; epoch: number }[];
}

export interface VerifyOptions {
  /** Clients to read through (left open); else verify opens its own, as the daemon would. */
  clients?: { source: FeClient; target: FeClient };
  /** After a cutover the target's own partition scheduler is on again, as the source's is: not a difference then. */
  targetSchedulerMayRun?: boolean;
}

async function countRows(client: FeClient, catalog: ClusterCatalog, selected: (db: string, t: string) => boolean, threads: number): Promise<Map<string, number>> {
  const limit = pLimit(threads);
  const counts = new Map<string, number>();
  const jobs: Promise<void>[] = [];
  for (const [db, model] of catalog.databases) {
    for (const [name, table] of model.tables) {
      if (table.kind !== 'table' || !selected(db, name)) continue;
      jobs.push(
        limit(async () => {
          const rows = await client.query(`SELECT COUNT(*) AS n FROM ${quoteTable(db, name)}`, `count rows of ${db}.${name}`);
          counts.set(tableKey(db, name), Number(rows[0]?.n ?? 0));
        }),
      );
    }
  }
  await Promise.all(jobs);
  return counts;
}

/** The selected source tables with what was compared of them (pure). */
export function verifiedTables(source: ClusterCatalog, counts: Map<string, number>, selected: (db: string, t: string) => boolean): VerifiedTable[] {
  const tables: VerifiedTable[] = [];
  for (const [db, model] of source.databases) {
    for (const [name, table] of model.tables) {
      if (table.kind !== 'table' || !selected(db, name)) continue;
      const partitions = table.partitions.map((p) => ({ name: p.name, version: alignedVersion(p), epoch: p.versionEpoch }));
      tables.push({ db, table: name, rows: counts.get(tableKey(db, name)) ?? 0, partitions });
    }
  }
  return tables;
}

async function compareThrough(config: SyncConfig, source: FeClient, target: FeClient, options: VerifyOptions): Promise<VerifyReport> {
  const threads = config.settings.meta_job_threads;
  const selectDb = (db: string) => isDatabaseSelected(config.dataRules, db);
  const selected = (db: string, table: string) => isTableSelected(config.dataRules, db, table);
  const [sourceCatalog, targetCatalog] = await Promise.all([fetchCatalog(source, 'source', selectDb), fetchCatalog(target, 'target', selectDb)]);
  const [sourceCounts, targetCounts] = await Promise.all([
    countRows(source, sourceCatalog, selected, threads),
    countRows(target, targetCatalog, (db, t) => selected(db, t) && sourceCatalog.databases.get(db)?.tables.has(t) === true, threads),
  ]);
  const compared = compareCatalogs({
    source: sourceCatalog,
    target: targetCatalog,
    selected,
    sourceCounts,
    targetCounts,
    lineage: lineageOf(config.settings),
    ...(options.targetSchedulerMayRun ? { targetSchedulerMayRun: true } : {}),
  });
  return { ...compared, verified: verifiedTables(sourceCatalog, sourceCounts, selected), source: sourceCatalog, target: targetCatalog };
}

export async function verify(config: SyncConfig, options: VerifyOptions = {}): Promise<VerifyReport> {
  if (options.clients) return compareThrough(config, options.clients.source, options.clients.target, options);
  const threads = config.settings.meta_job_threads;
  const source = feClientFor(config, 'source', threads);
  const target = feClientFor(config, 'target', threads);
  try {
    return await compareThrough(config, source, target, options);
  } finally {
    await Promise.all([source.close(), target.close()]);
  }
}

export function formatVerifyReport(report: VerifyReport): string {
  const lines = [
    ...report.notes.map((note) => `NOTE  ${note}`),
    ...report.differences.map((d) => `DIFF  ${objectName(d)}: ${d.what}: source ${d.source}, target ${d.target}`),
  ];
  lines.push(
    report.differences.length === 0
      ? `OK: ${report.tables} tables and ${report.partitions} partitions match (versions, row counts, SELECT COUNT(*))`
      : `${report.differences.length} difference(s) in ${report.tables} tables and ${report.partitions} partitions`,
  );
  return lines.join('\n');
}
