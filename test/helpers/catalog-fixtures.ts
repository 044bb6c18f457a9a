// Small builders for the catalogues the tests compare (the DDL diff, the replication plan, the
// report, verify, the one-time rules), so each test spells out only what it is about: a
// date-partitioned table by default, partitions that are in sync unless a test says otherwise, and
// the documented default settings.
import type {
  ClusterCatalog,
  ColumnModel,
  MaterializedViewModel,
  OlapTableModel,
  PartitionModel,
  Side,
  TableModel,
  TableSchema,
  ViewModel,
} from '../../src/meta/catalog-model.js';
import { NO_DATA_RULES, type DataRules } from '../../src/config/data-rules.js';
import type { DiffOptions, DiffSettings } from '../../src/ddl/diff-options.js';

/** The range text StarRocks prints for [lower, upper) of one DATE column. */
export function dateRange(lower: string, upper: string): string {
  return `[types: [DATE]; keys: [${lower}]; ..types: [DATE]; keys: [${upper}]; )`;
}

export const JANUARY = dateRange('2024-01-01', '2024-02-01');
export const FEBRUARY = dateRange('2024-02-01', '2024-03-01');
export const MARCH = dateRange('2024-03-01', '2024-04-01');

export function column(name: string, type: string, extra: Partial<ColumnModel> = {}): ColumnModel {
  return { name, type, nullable: true, isKey: false, defaultValue: null, ...extra };
}

export function schema(overrides: Partial<TableSchema> = {}): TableSchema {
  return {
    columns: [column('dt', 'date', { nullable: false, isKey: true }), column('id', 'bigint(20)', { nullable: false, isKey: true }), column('v', 'varchar(20)')],
    keysType: 'DUP_KEYS',
    keyColumns: ['dt', 'id'],
    partitionColumns: ['dt'],
    distributionType: 'HASH',
    distributionColumns: ['id'],
    ...overrides,
  };
}

export const GIB = 1024 ** 3;

let nextId = 1000;

/** A source partition: written by loads, version 5, epoch 77. */
export function sourcePartition(name: string, range: string, overrides: Partial<PartitionModel> = {}): PartitionModel {
  return {
    id: nextId++,
    name,
    visibleVersion: 5,
    versionEpoch: 77,
    versionTxnType: 'TXN_NORMAL',
    range,
    buckets: 2,
    replicationNum: 3,
    dataSize: 100,
    rowCount: 10,
    ...overrides,
  };
}

/** A target partition replicated from the source partition above (same version and epoch). */
export function targetPartition(name: string, range: string, overrides: Partial<PartitionModel> = {}): PartitionModel {
  return sourcePartition(name, range, { versionTxnType: 'TXN_REPLICATION', replicationNum: 1, ...overrides });
}

/** A source partition at a given version (epoch 7, 1 KiB, four buckets), for tests about versions. */
export function partition(name: string, visibleVersion: number, overrides: Partial<PartitionModel> = {}): PartitionModel {
  return sourcePartition(name, `[${name}]`, { visibleVersion, versionEpoch: 7, buckets: 4, dataSize: 1024, ...overrides });
}

/** The target copy of a source partition as replication leaves it at `visibleVersion`: same range, buckets and epoch. */
export function replicated(source: PartitionModel, visibleVersion: number, overrides: Partial<PartitionModel> = {}): PartitionModel {
  return { ...source, id: nextId++, visibleVersion, versionTxnType: visibleVersion === 1 ? 'TXN_NORMAL' : 'TXN_REPLICATION', ...overrides };
}

export function table(db: string, name: string, partitions: PartitionModel[] = [], tableSchema: TableSchema = schema()): OlapTableModel {
  return { kind: 'table', db, name, schema: tableSchema, partitions };
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

export function view(db: string, name: string, definition: string): ViewModel {
  return { kind: 'view', db, name, definition };
}

export function materializedView(db: string, name: string, definition: string): MaterializedViewModel {
  return { kind: 'materialized_view', db, name, definition };
}

/** A database with no objects. */
export interface EmptyDatabase {
  emptyDatabase: string;
}

export function emptyDatabase(name: string): EmptyDatabase {
  return { emptyDatabase: name };
}

/** A catalogue of the objects given; a list of them may be given as one argument, with the time it was read. */
export function catalog(side: Side, ...objects: (TableModel | EmptyDatabase)[] | [TableModel[], number?]): ClusterCatalog {
  if (Array.isArray(objects[0])) return { ...catalog(side, ...objects[0]), readAt: (objects[1] as number | undefined) ?? 0 };
  const databases: ClusterCatalog['databases'] = new Map();
  const ensure = (name: string) => {
    let db = databases.get(name);
    if (!db) databases.set(name, (db = { name, tables: new Map() }));
    return db;
  };
  for (const object of objects as (TableModel | EmptyDatabase)[]) {
    if ('emptyDatabase' in object) ensure(object.emptyDatabase);
    else ensure(object.db).tables.set(object.name, object);
  }
  return { side, databases, backends: [], readAt: 0 };
}

/** The documented defaults of conf/sync.properties. */
export const DEFAULT_SETTINGS: DiffSettings = {
  ddl_job_allow_drop_target_only: false,
  ddl_job_allow_drop_schema_change_table: true,
  ddl_job_allow_drop_inconsistent_partition: true,
  ddl_job_allow_drop_inconsistent_time_partition: true,
  ddl_job_allow_drop_partition_target_only: true,
  enable_view_sync: true,
  ddl_job_allow_drop_inconsistent_view: true,
  ddl_job_allow_drop_view_target_only: false,
  enable_materialized_view_sync: true,
  ddl_job_allow_drop_inconsistent_materialized_view: true,
  ddl_job_allow_drop_materialized_view_target_only: false,
};

export const EVERY_DROP_ALLOWED: DiffSettings = {
  ...DEFAULT_SETTINGS,
  ddl_job_allow_drop_target_only: true,
  ddl_job_allow_drop_view_target_only: true,
  ddl_job_allow_drop_materialized_view_target_only: true,
};

export function options(settings: Partial<DiffSettings> = {}, rules: DataRules = NO_DATA_RULES): DiffOptions {
  return { rules, settings: { ...DEFAULT_SETTINGS, ...settings } };
}

/** A task or blocked item as a short line, for assertions that read like the log. */
export function summary(item: { kind?: string; wouldBe?: string; db: string; table?: string; partition?: string }): string {
  const path = [item.db, item.table, item.partition].filter((part) => part !== undefined).join('.');
  return `${item.kind ?? item.wouldBe} ${path}`;
}
