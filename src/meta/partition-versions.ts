// The version of every formal partition of some tables, as one cluster has it now: what proves a
// replication job done. It is the aligned version (aligned-version.ts): the DATA version where the
// cluster prints one, since a shared-data target compacted meanwhile shows a visible version above
// the source's while its data version is the source's; else the visible version. One
// partitions_meta query for all of them, or SHOW PARTITIONS per table on clusters without
// partitions_meta (before 3.1.9 / 3.2.4).
import type { FeClient } from '../cluster/fe-client.js';
import { quoteTable } from '../cluster/sql-text.js';
import { partitionFromMeta, partitionsMetaQuery, partitionsMetaTablesWhere } from './partition-rows.js';
import { capabilitiesOf } from '../cluster/capability-probes.js';
import { tableKey } from './table-key.js';
import { alignedVersion } from './aligned-version.js';

export type TableVersions = Map<string, Record<string, number>>;

/** The key of one table in TableVersions. */

export async function readPartitionVersions(client: FeClient, tables: readonly { db: string; table: string }[], action: string): Promise<TableVersions> {
  const unique = [...new Map(tables.map((t) => [tableKey(t.db, t.table), t])).values()];
  const versions: TableVersions = new Map(unique.map((t) => [tableKey(t.db, t.table), {}]));
  if (unique.length === 0) return versions;
  const caps = await capabilitiesOf(client);
  if (!caps.partitionsMeta) {
    await Promise.all(
      unique.map(async (t) => {
        const rows = await client.query(`SHOW PARTITIONS FROM ${quoteTable(t.db, t.table)}`, action);
        const own = versions.get(tableKey(t.db, t.table))!;
        // SHOW PARTITIONS prints no data version: the visible version is all there is.
        for (const r of rows) own[String(r.PartitionName)] = Number(r.VisibleVersion);
      }),
    );
    return versions;
  }
  const select = partitionsMetaQuery(caps.partitionsMeta.columns, ['DB_NAME', 'TABLE_NAME', 'PARTITION_NAME', 'VISIBLE_VERSION', 'DATA_VERSION', 'IS_TEMP']);
  const rows = await client.query(`${select} WHERE ${partitionsMetaTablesWhere(unique)}`, action);
  for (const r of rows) {
    // A temporary partition is not the table's data (yet).
    if (String(r.IS_TEMP ?? 'false').toLowerCase() === 'true') continue;
    versions.get(tableKey(String(r.DB_NAME), String(r.TABLE_NAME)))![String(r.PARTITION_NAME)] = alignedVersion(partitionFromMeta(r).partition);
  }
  return versions;
}
