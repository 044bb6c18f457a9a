// CREATE TABLE, DROP TABLE and TRUNCATE TABLE.
import { randomInt } from 'node:crypto';
import type { CreateTableStatement, DropTableStatement, TableName, TruncateTableStatement } from '../../sql/ast.js';
import type { DatabaseMeta, OlapTableMeta, PartitionMeta } from '../catalog/model.js';
import { findTable, requireDatabase, requireNormalState, requireOlapTable, type FeContext } from '../fe-context.js';
import { physicalPartitionsOf } from '../catalog/partitions.js';
import { SimError } from '../sim-error.js';
import { createWithWriteQuorum } from '../catalog/write-quorum.js';
import { createPartitions, dropTablets } from './partition-factory.js';
import { tableDefinition } from './table-definition.js';
import { checkPersistentIndexType, checkSharedDataPersistentIndex } from './persistent-index-type.js';
import { volumeForTable } from '../storage-volume/storage-volumes.js';
import { createTableProperties, dynamicSpecOf, partitionShapeOf } from '../dynamic-partition/dynamic-properties.js';
import { runDynamicPartitionsForTable } from '../dynamic-partition/dynamic-partition-scheduler.js';

export function databaseOf(ctx: FeContext, name: TableName, sessionDb: string | undefined): DatabaseMeta {
  const db = name.db ?? sessionDb;
  if (!db) throw SimError.noDatabaseSelected();
  return requireDatabase(ctx, db);
}

function replicationNumOf(ctx: FeContext, properties: Record<string, string>): number {
  const text = properties.replication_num ?? ctx.config.get('default_replication_num');
  if (!/^\d+$/.test(text) || Number(text) < 1) throw SimError.invalid(`Invalid replication_num '${text}': expected a positive integer`);
  return Number(text);
}

function storageMediumOf(properties: Record<string, string>): 'HDD' | 'SSD' {
  const medium = (properties.storage_medium ?? 'HDD').toUpperCase();
  if (medium !== 'HDD' && medium !== 'SSD') throw SimError.invalid(`Invalid storage_medium '${properties.storage_medium}': expected HDD or SSD`);
  return medium;
}

export async function createTable(ctx: FeContext, stmt: CreateTableStatement, sessionDb: string | undefined): Promise<void> {
  const created = await ctx.ddlLock.run(async () => {
    const db = databaseOf(ctx, stmt.table, sessionDb);
    if (findTable(db, stmt.table.name)) {
      if (stmt.ifNotExists) return undefined;
      throw SimError.tableExists(stmt.table.name);
    }
    if (stmt.engine && stmt.engine !== 'OLAP') throw SimError.unsupported(`ENGINE=${stmt.engine}`);
    const definition = tableDefinition(stmt);
    const properties = createWithWriteQuorum(createTableProperties({ ...stmt.properties }, partitionShapeOf(definition), { maxPartitions: ctx.config.getInt('max_dynamic_partition_num') }));
    const replicationNum = replicationNumOf(ctx, properties);
    properties.replication_num = String(replicationNum);
    const storageMedium = storageMediumOf(properties);
    checkSharedDataPersistentIndex(ctx, properties);
    checkPersistentIndexType(ctx, definition.keysType, properties);
    // Shared data: a cloud-native table, bound to a storage volume; StarRocks records the volume's
    // name as the table's storage_volume property; its tablets keep their data in that volume.
    const volume = ctx.runMode === 'shared_data' ? volumeForTable(ctx, db, properties.storage_volume) : undefined;
    if (volume) properties.storage_volume = volume.name;
    const [tableId, indexId] = ctx.store.allocateIds(2) as [number, number];
    const schemaHash = randomInt(1, 2 ** 31 - 1);
    const shape = { name: stmt.table.name, schemaHash, columns: definition.columns, keysType: definition.keysType, ...(volume ? { storageVolumeId: volume.id } : {}) };
    const partitions = await createPartitions(
      ctx,
      shape,
      definition.partitions.map((p) => ({ ...p, buckets: definition.distribution.buckets, replicationNum, storageMedium })),
    );
    const now = Date.now();
    const table: OlapTableMeta = {
      kind: 'OLAP',
      id: tableId,
      name: stmt.table.name,
      indexId,
      schemaHash,
      schemaVersion: 0,
      columns: definition.columns,
      keysType: definition.keysType,
      keyColumns: definition.keyColumns,
      partitionScheme: definition.partitionScheme,
      distribution: definition.distribution,
      ...(stmt.orderBy ? { orderBy: stmt.orderBy } : {}),
      properties,
      comment: stmt.comment ?? '',
      bitmapIndexes: stmt.indexes.map((i) => ({ name: i.name, columns: i.columns, comment: i.comment ?? '' })),
      partitions,
      state: 'NORMAL',
      createTime: now,
      updateTime: now,
      ...(volume ? { storageVolumeId: volume.id } : {}),
    };
    ctx.store.write({ op: 'putTable', dbId: db.id, table });
    return { dbId: db.id, table };
  });
  // StarRocks creates the first dynamic partitions right after the table (on a thread of its own);
  // here they exist before the statement answers, so the next statement sees them. As there, a
  // failure does not undo the table: the scheduler's next round tries again.
  if (created && dynamicSpecOf(created.table.properties)?.enable && ctx.config.getBool('dynamic_partition_enable')) {
    await runDynamicPartitionsForTable(ctx, created.dbId, created.table.id).catch(() => undefined);
  }
}

export async function dropTable(ctx: FeContext, stmt: DropTableStatement, sessionDb: string | undefined, kind: 'OLAP' | 'VIEW' | 'MATERIALIZED_VIEW' = 'OLAP'): Promise<void> {
  await ctx.ddlLock.run(async () => {
    const db = databaseOf(ctx, stmt.table, sessionDb);
    const table = findTable(db, stmt.table.name);
    if (!table) {
      if (stmt.ifExists) return;
      throw SimError.unknownTable(db.name, stmt.table.name);
    }
    if (table.kind !== kind) {
      const what = { OLAP: 'a table', VIEW: 'a view', MATERIALIZED_VIEW: 'a materialized view' }[kind];
      throw SimError.invalid(`'${db.name}.${table.name}' is not ${what}`);
    }
    if (table.kind === 'OLAP' && ctx.txns.running(db.id).some((t) => t.tableIds.includes(table.id))) {
      if (!stmt.force) throw SimError.invalid(`There are still some transactions in the COMMITTED state waiting to be completed. The table [${table.name}] cannot be dropped. If you want to forcibly drop(cannot be recovered), please use "DROP TABLE <table> FORCE".`);
    }
    ctx.store.write({ op: 'dropTable', dbId: db.id, tableId: table.id });
    if (table.kind === 'OLAP') await dropTablets(ctx, physicalPartitionsOf(table));
  });
}

/** Replaces partitions with new empty ones (new ids and tablets), as StarRocks' TRUNCATE does. */
export async function truncateTable(ctx: FeContext, stmt: TruncateTableStatement, sessionDb: string | undefined): Promise<void> {
  await ctx.ddlLock.run(async () => {
    const db = databaseOf(ctx, stmt.table, sessionDb);
    const table = requireOlapTable(db, stmt.table.name);
    requireNormalState(table);
    const names = stmt.partitions ?? table.partitions.map((p) => p.name);
    const old: PartitionMeta[] = names.map((name) => {
      const partition = table.partitions.find((p) => p.name === name);
      if (!partition) throw SimError.unknownPartition(name, table.name);
      return partition;
    });
    const fresh = await createPartitions(
      ctx,
      table,
      old.map((p) => ({ name: p.name, ...(p.range ? { range: p.range } : {}), buckets: p.buckets, replicationNum: p.replicationNum, storageMedium: p.storageMedium })),
    );
    const replaced = new Map(fresh.map((p) => [p.name, p]));
    // Truncating the whole table drops its temporary partitions too (LocalMetastore.truncateTableInternal).
    const { tempPartitions, ...rest } = table;
    const wholeTable = !stmt.partitions;
    ctx.store.write({
      op: 'putTable',
      dbId: db.id,
      table: { ...(wholeTable ? rest : table), partitions: table.partitions.map((p) => replaced.get(p.name) ?? p), updateTime: Date.now() },
    });
    await dropTablets(ctx, [...old, ...(wholeTable ? (tempPartitions ?? []) : [])]);
  });
}
