// ALTER TABLE: partitions (add, drop; temporary ones in temp-partition-ddl.ts), columns (add,
// drop, modify: applied at once, as StarRocks' fast schema change does for these cases),
// properties, rename, and on-demand compaction.
import { compactLakePartition } from '../lake-compaction.js';
import type { AlterTableStatement, ColumnPosition } from '../../sql/ast.js';
import type { ColumnMeta, OlapTableMeta } from '../catalog/model.js';
import { findTable, requireNormalState, requireOlapTable, type FeContext } from '../fe-context.js';
import { SimError } from '../sim-error.js';
import { createPartitions, dropTablets, tabletSchema } from './partition-factory.js';
import { columnFromDef } from './table-definition.js';
import { addedPartitionSpec } from './added-partition.js';
import { partitionNameTaken, tempPartitionsOf } from '../catalog/partitions.js';
import { addTempPartition, dropTempPartition, replacePartitions } from './temp-partition-ddl.js';
import { databaseOf } from './table-ddl.js';
import { alterWriteQuorum, WRITE_QUORUM } from '../catalog/write-quorum.js';
import { alterTableProperties, isDynamicPartitioningOn, manualPartitionChangeRefused } from '../dynamic-partition/dynamic-properties.js';
import { isHealthy } from '../catalog/write-quorum.js';

function placeColumns(columns: ColumnMeta[], added: ColumnMeta[], position: ColumnPosition | undefined): ColumnMeta[] {
  if (!position) return [...columns, ...added];
  const index = position.kind === 'first' ? 0 : columns.findIndex((c) => c.name.toLowerCase() === position.column.toLowerCase()) + 1;
  if (index === 0 && position.kind === 'after') throw SimError.unknownColumn(position.column);
  return [...columns.slice(0, index), ...added, ...columns.slice(index)];
}

/**
 * Column changes would leave temporary partitions with the old schema: StarRocks refuses them
 * while any exists (alter/SchemaChangeHandler.java), naming a running INSERT OVERWRITE first.
 */
function refuseSchemaChangeWithTempPartitions(table: OlapTableMeta): void {
  const temp = tempPartitionsOf(table);
  if (temp.some((p) => p.overwriteJobId !== undefined)) {
    throw SimError.invalid(`Table[${table.name}] is doing insert overwrite job, please start schema change after insert overwrite finished`);
  }
  if (temp.length > 0) throw SimError.invalid('Can not alter table when there are temp partitions in table');
}

async function alterSchemaOnBackends(ctx: FeContext, table: OlapTableMeta): Promise<void> {
  const perBackend = new Map<number, number[]>();
  for (const tablet of table.partitions.flatMap((p) => p.tablets)) {
    for (const replica of tablet.replicas) perBackend.set(replica.backendId, [...(perBackend.get(replica.backendId) ?? []), tablet.id]);
  }
  const schema = tabletSchema(table);
  await Promise.all([...perBackend].map(([backendId, tabletIds]) => ctx.backends.client(backendId).alterSchema({ tabletIds, schema })));
}

export async function alterTable(ctx: FeContext, stmt: AlterTableStatement, sessionDb: string | undefined): Promise<void> {
  await ctx.ddlLock.run(async () => {
    const db = databaseOf(ctx, stmt.table, sessionDb);
    const table = requireOlapTable(db, stmt.table.name);
    requireNormalState(table);
    const action = stmt.action;
    const save = (changed: OlapTableMeta) => ctx.store.write({ op: 'putTable', dbId: db.id, table: { ...changed, updateTime: Date.now() } });
    if (action.kind === 'add_column' || action.kind === 'drop_column' || action.kind === 'modify_column') refuseSchemaChangeWithTempPartitions(table);
    switch (action.kind) {
      case 'add_partition': {
        // Checked before anything else about the partition, as StarRocks does.
        if (isDynamicPartitioningOn(table)) throw manualPartitionChangeRefused();
        if (table.partitionScheme.type !== 'RANGE') throw SimError.invalid(`Table '${table.name}' is not partitioned`);
        // A temporary partition's name is taken too (OlapTable.checkPartitionNameExist).
        if (partitionNameTaken(table, action.partition.name)) {
          if (action.ifNotExists) return;
          throw SimError.duplicatePartition(action.partition.name);
        }
        const spec = addedPartitionSpec(table, action.partition, action.distribution, table.partitions.map((p) => p.range!));
        const [partition] = await createPartitions(ctx, table, [spec]);
        save({ ...table, partitions: [...table.partitions, partition!] });
        return;
      }
      case 'drop_partition': {
        if (isDynamicPartitioningOn(table)) throw manualPartitionChangeRefused();
        const partition = table.partitions.find((p) => p.name === action.name);
        if (!partition) {
          if (action.ifExists) return;
          throw SimError.unknownPartition(action.name, table.name);
        }
        if (table.partitionScheme.type !== 'RANGE') throw SimError.invalid(`Table '${table.name}' is not partitioned`);
        save({ ...table, partitions: table.partitions.filter((p) => p.id !== partition.id) });
        await dropTablets(ctx, [partition]);
        return;
      }
      case 'add_column': {
        const added = action.columns.map((def) => {
          if (table.columns.some((c) => c.name.toLowerCase() === def.name.toLowerCase())) throw SimError.duplicateColumn(def.name);
          const column = columnFromDef(def, false, table.keysType);
          if (!column.nullable && column.defaultValue === undefined) {
            throw SimError.invalid(`Column '${def.name}' is NOT NULL and has no default value: existing rows would have no value for it`);
          }
          return column;
        });
        const changed = { ...table, columns: placeColumns(table.columns, added, action.position), schemaVersion: table.schemaVersion + 1 };
        if (changed.columns.slice(0, table.keyColumns.length).some((c) => !c.isKey)) throw SimError.invalid('A value column cannot be placed among the key columns');
        await alterSchemaOnBackends(ctx, changed);
        save(changed);
        return;
      }
      case 'drop_column': {
        const column = table.columns.find((c) => c.name.toLowerCase() === action.name.toLowerCase());
        if (!column) throw SimError.unknownColumn(action.name, 'table');
        const used = [
          ...(table.partitionScheme.type === 'RANGE' ? table.partitionScheme.columns : []),
          ...(table.distribution.type === 'HASH' ? table.distribution.columns : []),
        ];
        if (column.isKey || used.includes(column.name)) throw SimError.invalid(`Can not drop key column ${column.name}, or a partition or distribution column`);
        const changed = { ...table, columns: table.columns.filter((c) => c !== column), schemaVersion: table.schemaVersion + 1 };
        await alterSchemaOnBackends(ctx, changed);
        save(changed);
        return;
      }
      case 'modify_column': {
        const index = table.columns.findIndex((c) => c.name.toLowerCase() === action.column.name.toLowerCase());
        if (index < 0) throw SimError.unknownColumn(action.column.name, 'table');
        const old = table.columns[index]!;
        const column = columnFromDef(action.column, old.isKey, table.keysType);
        if (old.isKey || column.type.name !== old.type.name) throw SimError.unsupported('changing the type of a column or modifying a key column');
        const others = table.columns.filter((_, i) => i !== index);
        const changed = { ...table, columns: action.position ? placeColumns(others, [column], action.position) : table.columns.map((c, i) => (i === index ? column : c)), schemaVersion: table.schemaVersion + 1 };
        await alterSchemaOnBackends(ctx, changed);
        save(changed);
        return;
      }
      case 'compact': {
        const partitions = action.partitions.length > 0 ? action.partitions.map((name) => table.partitions.find((p) => p.name === name) ?? (() => { throw SimError.unknownPartition(name, table.name); })()) : table.partitions;
        // On shared-data a compaction publishes a version of its own (lake-compaction.ts).
        if (ctx.runMode === 'shared_data') {
          for (const p of partitions) await compactLakePartition(ctx, db, table, p.id);
          return;
        }
        await Promise.all(
          partitions.flatMap((p) => p.tablets.flatMap((t) => t.replicas.filter(isHealthy).map((r) => ctx.backends.client(r.backendId).compact({ tabletId: t.id, version: p.visibleVersion })))),
        );
        return;
      }
      case 'set_properties':
        // dynamic_partition.* values are checked (a bad one changes nothing); the scheduler picks
        // the new values up on its next round.
        save({ ...table, properties: alterWriteQuorum(alterTableProperties(table, db.name, withoutWriteQuorum(action.properties), { maxPartitions: ctx.config.getInt('max_dynamic_partition_num') }), action.properties) });
        return;
      case 'rename':
        if (findTable(db, action.newName)) throw SimError.tableExists(action.newName);
        save({ ...table, name: action.newName });
        return;
      case 'add_temp_partition':
        return addTempPartition(ctx, db, table, action);
      case 'drop_temp_partition':
        return dropTempPartition(ctx, db, table, action);
      case 'replace_partition':
        return replacePartitions(ctx, db, table, action);
    }
  });
}

/** The changes other than write_quorum, which alterWriteQuorum checks and stores in its own form. */
function withoutWriteQuorum(changes: Record<string, string>): Record<string, string> {
  const { [WRITE_QUORUM]: _quorum, ...rest } = changes;
  return rest;
}
