// INSERT OVERWRITE t [PARTITION (p, ...)] [WITH LABEL l] [(cols)] VALUES ... | SELECT ..., run as
// StarRocks runs it (load/InsertOverwriteJobRunner.java, load/PartitionUtils.java):
//   1. a fresh job id from the catalogue's id sequence; one temporary partition per overwritten
//      partition, named `<partition>_<jobId>`, with its range, buckets and replication number;
//   2. the rows loaded into those temporary partitions as one labelled INSERT (rows outside them
//      fail the statement in strict mode, as INSERT INTO ... PARTITION does);
//   3. the temporary partitions swapped in as REPLACE PARTITION does (strict range, formal names):
//      the overwritten partitions now have the new partitions' ids, versions and version epochs;
//   4. on any failure, the temporary partitions dropped and the table left as it was.
// Readers see the old data until the swap and the new data after it: the swap is one catalogue
// entry, and the replaced tablets are dropped only after the scans that may read them.
//
// An overwrite that loads no row swaps in the empty temporary partitions at version 1. Real FEs
// differ here by release: older ones abort an INSERT that loaded nothing and answer OK
// (InsertOverwriteJobRunner then swaps in the untouched, version-1 partitions), newer ones go on
// to commit it. The engine commits an empty INSERT without giving any partition a version, which
// leaves the same version-1 partitions to swap in.
import type { InsertStatement } from '../../sql/ast.js';
import type { StatementResult } from '../mysql/index.js';
import type { DatabaseMeta, OlapTableMeta, PartitionMeta } from '../catalog/model.js';
import { partitionByName, tempPartitionsOf } from '../catalog/partitions.js';
import { olapTableById, requireNormalState, requireOlapTable, type FeContext } from '../fe-context.js';
import { swapInTempPartitions } from '../ddl/partition-swap.js';
import { databaseOf } from '../ddl/table-ddl.js';
import { commitSwap, createTempPartitions, removeTempPartitions } from '../ddl/temp-partition-ddl.js';
import type { EvalContext } from '../query/expression.js';
import { SimError } from '../sim-error.js';
import { insertLabel, insertRows, loadInsertRows, type InsertSettings } from './insert-executor.js';

/** The table as the catalogue holds it now; the overwrite fails if it was dropped meanwhile. */
function currentTable(db: DatabaseMeta, tableId: number): OlapTableMeta {
  const table = olapTableById(db, tableId);
  if (!table) throw SimError.internal(`table ${tableId} was dropped during the INSERT OVERWRITE`);
  return table;
}

/** Each id's partition in `partitions`, or the error StarRocks reports when one changed under the job. */
function requirePartitions(partitions: readonly PartitionMeta[], ids: readonly number[], message: string): PartitionMeta[] {
  return ids.map((id) => partitions.find((p) => p.id === id) ?? (() => { throw SimError.internal(message); })());
}

export async function executeInsertOverwrite(ctx: FeContext, stmt: InsertStatement, evalContext: Omit<EvalContext, 'columns'>, sessionDb: string | undefined, settings: InsertSettings): Promise<StatementResult> {
  const db = databaseOf(ctx, stmt.table, sessionDb);
  const table = requireOlapTable(db, stmt.table.name);
  requireNormalState(table);
  if (stmt.temporary) throw SimError.invalid('INSERT OVERWRITE replaces formal partitions: name them without TEMPORARY');
  const names = stmt.partitions ? [...new Set(stmt.partitions)] : table.partitions.map((p) => p.name);
  // StarRocks: sql/analyzer/InsertAnalyzer.java.
  const sources = names.map((name) => partitionByName(table, name, false) ?? (() => { throw SimError.unknownPartition(name, table.name); })());
  if (sources.length === 0) {
    throw SimError.invalid(`data cannot be inserted into table with empty partition.Use \`SHOW PARTITIONS FROM ${table.name}\` to see the currently partitions of this table. `);
  }
  // The statement is checked (columns, values) before anything is created.
  const rows = await insertRows(ctx, stmt, table, evalContext, sessionDb);
  const label = insertLabel(stmt);
  const sourceIds = sources.map((p) => p.id);
  const [jobId] = ctx.store.allocateIds(1) as [number];

  const temps = await ctx.ddlLock.run(async () => {
    const current = currentTable(db, table.id);
    requireNormalState(current);
    const from = requirePartitions(current.partitions, sourceIds, 'create partition failed because src partitions changed');
    return createTempPartitions(
      ctx,
      db,
      current,
      from.map((p) => ({ name: `${p.name}_${jobId}`, ...(p.range ? { range: p.range } : {}), buckets: p.buckets, replicationNum: p.replicationNum, storageMedium: p.storageMedium })),
      jobId,
    );
  });
  const tempIds = temps.map((p) => p.id);
  try {
    const result = await loadInsertRows(ctx, { db, table, label, partitions: new Set(temps.map((p) => p.name)), temporary: true, ...settings }, rows);
    await ctx.ddlLock.run(async () => {
      const current = currentTable(db, table.id);
      const from = requirePartitions(current.partitions, sourceIds, 'partitions changed during insert');
      const to = requirePartitions(tempPartitionsOf(current), tempIds, 'partitions changed during insert');
      commitSwap(ctx, db, swapInTempPartitions(current, from.map((p) => p.name), to.map((p) => p.name), { strictRange: true, useTempPartitionName: false }));
    });
    return result;
  } catch (error) {
    await ctx.ddlLock.run(async () => {
      const current = olapTableById(db, table.id);
      if (current) await removeTempPartitions(ctx, db, current, (p) => p.overwriteJobId === jobId);
    });
    throw error;
  }
}

/**
 * At FE start: an INSERT OVERWRITE does not survive its FE (StarRocks fails the job on restart),
 * so the temporary partitions such jobs left behind are dropped.
 */
export async function dropOrphanedOverwritePartitions(ctx: FeContext): Promise<void> {
  await ctx.ddlLock.run(async () => {
    for (const db of ctx.store.state.databases) {
      for (const table of db.tables) {
        if (table.kind !== 'OLAP' || !tempPartitionsOf(table).some((p) => p.overwriteJobId !== undefined)) continue;
        await removeTempPartitions(ctx, db, table, (p) => p.overwriteJobId !== undefined);
      }
    }
  });
}
