// cluster-sync verify: reads both catalogues, counts every selected table's rows on both sides
// (meta_job_threads queries at a time) and compares. Reads only.
import pLimit from 'p-limit';
import type { SyncConfig } from '../config/load-config.js';
import { isDatabaseSelected, isTableSelected } from '../config/data-rules.js';
import { FeClient } from '../cluster/fe-client.js';
import { lineageOf } from '../ddl/partition-consistency.js';
import { feEndpoint } from '../cluster/fe-endpoint.js';
import { quoteTable } from '../cluster/sql-text.js';
import { fetchCatalog } from '../meta/fetch-catalog.js';
import type { ClusterCatalog } from '../meta/catalog-model.js';
import { compareCatalogs, type VerifyDifference } from './compare-catalogs.js';
import { objectName, tableKey } from '../meta/table-key.js';

export interface VerifyReport {
  tables: number;
  partitions: number;
  differences: VerifyDifference[];
  /** What an operator should know that is not a difference (dynamic-partition tables, an overwrite under way). */
  notes: string[];
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

export async function verify(config: SyncConfig): Promise<VerifyReport> {
  const threads = config.settings.meta_job_threads;
  const source = new FeClient(feEndpoint(config, 'source'), threads);
  const target = new FeClient(feEndpoint(config, 'target'), threads);
  try {
    const selectDb = (db: string) => isDatabaseSelected(config.dataRules, db);
    const selected = (db: string, table: string) => isTableSelected(config.dataRules, db, table);
    const [sourceCatalog, targetCatalog] = await Promise.all([fetchCatalog(source, 'source', selectDb), fetchCatalog(target, 'target', selectDb)]);
    const [sourceCounts, targetCounts] = await Promise.all([
      countRows(source, sourceCatalog, selected, threads),
      countRows(target, targetCatalog, (db, t) => selected(db, t) && sourceCatalog.databases.get(db)?.tables.has(t) === true, threads),
    ]);
    return compareCatalogs({ source: sourceCatalog, target: targetCatalog, selected, sourceCounts, targetCounts, lineage: lineageOf(config.settings) });
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
