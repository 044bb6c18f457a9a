// Small builders for ClusterCatalog values, so each test spells out only what it is about.
import type { ClusterCatalog, OlapTableModel, PartitionModel, Side, TableModel, TableSchema } from '../../src/meta/catalog-model.js';

export const GIB = 1024 ** 3;

export function schema(overrides: Partial<TableSchema> = {}): TableSchema {
  return {
    columns: [
      { name: 'dt', type: 'date', nullable: false, isKey: true, defaultValue: null },
      { name: 'id', type: 'bigint(20)', nullable: false, isKey: true, defaultValue: null },
      { name: 'amount', type: 'decimal(10, 2)', nullable: true, isKey: false, defaultValue: '0' },
    ],
    keysType: 'DUP_KEYS',
    keyColumns: ['dt', 'id'],
    partitionColumns: ['dt'],
    distributionType: 'HASH',
    distributionColumns: ['id'],
    ...overrides,
  };
}

let nextId = 1000;

/** A source-side partition: written by loads, epoch 7, 1 KiB unless told. */
export function partition(name: string, visibleVersion: number, overrides: Partial<PartitionModel> = {}): PartitionModel {
  return {
    id: nextId++,
    name,
    visibleVersion,
    versionEpoch: 7,
    versionTxnType: 'TXN_NORMAL',
    range: `[${name}]`,
    buckets: 4,
    replicationNum: 3,
    dataSize: 1024,
    rowCount: 10,
    ...overrides,
  };
}

/** The target copy of a source partition as replication leaves it: same range, buckets and epoch. */
export function replicated(source: PartitionModel, visibleVersion: number, overrides: Partial<PartitionModel> = {}): PartitionModel {
  return {
    ...source,
    id: nextId++,
    visibleVersion,
    versionTxnType: visibleVersion === 1 ? 'TXN_NORMAL' : 'TXN_REPLICATION',
    ...overrides,
  };
}

export function table(db: string, name: string, partitions: PartitionModel[], tableSchema: TableSchema = schema()): OlapTableModel {
  return { kind: 'table', db, name, schema: tableSchema, partitions };
}

export function catalog(side: Side, tables: TableModel[], readAt = 0): ClusterCatalog {
  const databases: ClusterCatalog['databases'] = new Map();
  for (const t of tables) {
    const db = databases.get(t.db) ?? { name: t.db, tables: new Map() };
    db.tables.set(t.name, t);
    databases.set(t.db, db);
  }
  return { side, databases, backends: [], readAt };
}

/** Source and target tables of the same name, the target's partitions derived per source partition. */
export function pair(
  db: string,
  name: string,
  sourcePartitions: PartitionModel[],
  targetVersion: (p: PartitionModel) => PartitionModel | undefined,
): { source: OlapTableModel; target: OlapTableModel } {
  return {
    source: table(db, name, sourcePartitions),
    target: table(db, name, sourcePartitions.map(targetVersion).filter((p): p is PartitionModel => p !== undefined)),
  };
}

export const everything = (): boolean => true;
