// What a RESTORE does to the target database, decided before anything changes:
//   - which tables, partitions and materialized views of the snapshot (ON (...), AS new names);
//   - for a table that does not exist: it is created from the snapshot's definition;
//   - for a table that exists: its schema must match the snapshot's, else the job fails (seed 002);
//     a partition of the same name must have the same range and replication number and is replaced,
//     a partition it lacks is added when its range does not overlap the table's others;
//   - materialized views are recreated, after their base tables, unless one of that name exists.
// Statement-time checks (objects missing from the snapshot) throw SimError; job-time ones JobFailure.
import type { SnapshotTableRef } from '../../sql/ast.js';
import type { DatabaseMeta, MaterializedViewMeta, OlapTableMeta, PartitionMeta } from '../catalog/model.js';
import { tempPartitionsOf } from '../catalog/partitions.js';
import { rangesOverlap } from '../ddl/table-definition.js';
import { findTable } from '../fe-context.js';
import { SimError } from '../sim-error.js';
import { JobFailure } from './job-status.js';
import type { PartitionInfo, SnapshotInfoDoc, SnapshotMetaDoc } from './snapshot-documents.js';

export interface RestoreSelection {
  tables: { sourceName: string; name: string; partitions?: string[] }[];
  materializedViews: { sourceName: string; name: string }[];
}

/** Checks ON (...) against the snapshot's job info; the whole snapshot without ON. */
export function selectRestoreObjects(info: SnapshotInfoDoc, refs: SnapshotTableRef[]): RestoreSelection {
  if (refs.length === 0) {
    return {
      tables: Object.keys(info.backup_objects).map((name) => ({ sourceName: name, name })),
      materializedViews: info.materialized_views.map((name) => ({ sourceName: name, name })),
    };
  }
  const selection: RestoreSelection = { tables: [], materializedViews: [] };
  const targets = new Set<string>();
  for (const ref of refs) {
    const name = ref.alias ?? ref.name;
    if (targets.has(name)) throw SimError.common(`Table ${name} is restored twice: give each object of ON (...) its own name`);
    targets.add(name);
    const table = info.backup_objects[ref.name];
    if (table) {
      for (const partition of ref.partitions ?? []) {
        if (!table.partitions[partition]) throw SimError.common(`Partition ${partition} of table ${ref.name} does not exist in snapshot ${info.name}`);
      }
      selection.tables.push({ sourceName: ref.name, name, ...(ref.partitions ? { partitions: ref.partitions } : {}) });
    } else if (info.materialized_views.includes(ref.name)) {
      if (ref.partitions) throw SimError.common(`Materialized view ${ref.name} has no partitions to restore: name it without PARTITION (...)`);
      selection.materializedViews.push({ sourceName: ref.name, name });
    } else {
      throw SimError.common(`Table ${ref.name} does not exist in snapshot ${info.name}`);
    }
  }
  return selection;
}

export interface PlannedPartition {
  /** The partition as backed up (name, range, buckets). */
  source: PartitionMeta;
  info: PartitionInfo;
  /** The existing partition this one replaces. */
  replaces?: PartitionMeta;
}

export interface PlannedTable {
  sourceName: string;
  name: string;
  definition: OlapTableMeta;
  /** The table of that name here, when there is one. */
  existing?: OlapTableMeta;
  partitions: PlannedPartition[];
}

export interface RestorePlan {
  tables: PlannedTable[];
  materializedViews: MaterializedViewMeta[];
}

function fail(message: string): never {
  throw JobFailure.of('COMMON_ERROR', message);
}

function columnText(c: OlapTableMeta['columns'][number]): string {
  return JSON.stringify([c.name.toLowerCase(), c.type, c.nullable, c.isKey, c.aggregation ?? '']);
}

/** Why an existing table cannot take the snapshot's data, in StarRocks' words; undefined when it can. */
function schemaDifference(name: string, local: OlapTableMeta, remote: OlapTableMeta): string | undefined {
  if (local.keysType !== remote.keysType) return `Table ${name} already exist but with different key type`;
  if (local.columns.length !== remote.columns.length) {
    return `Table ${name} already exist but with different schema, errMsg: the existing table has ${local.columns.length} columns, the snapshot's has ${remote.columns.length}`;
  }
  for (let i = 0; i < local.columns.length; i++) {
    if (columnText(local.columns[i]!) !== columnText(remote.columns[i]!)) {
      return `Table ${name} already exist but with different schema, column: ${local.columns[i]!.name} in existed table is different from the column in backup snapshot, column: ${remote.columns[i]!.name}`;
    }
  }
  if (JSON.stringify(local.partitionScheme) !== JSON.stringify(remote.partitionScheme)) {
    return `Table ${name} already exist but with different schema, errMsg: its partitioning differs from the snapshot's`;
  }
  if (local.distribution.type !== remote.distribution.type || JSON.stringify('columns' in local.distribution ? local.distribution.columns : []) !== JSON.stringify('columns' in remote.distribution ? remote.distribution.columns : [])) {
    return `Table ${name} already exist but with different schema, errMsg: its distribution differs from the snapshot's`;
  }
  return undefined;
}

function planExisting(existing: OlapTableMeta, definition: OlapTableMeta, infos: Record<string, PartitionInfo>, names: string[], replicationNum: number): PlannedPartition[] {
  const difference = schemaDifference(existing.name, existing, definition);
  if (difference) fail(difference);
  const types = existing.partitionScheme.type === 'RANGE' ? existing.partitionScheme.columns.map((c) => existing.columns.find((x) => x.name === c)!.type) : [];
  const planned: PlannedPartition[] = [];
  const kept = [...existing.partitions];
  for (const name of names) {
    const source = definition.partitions.find((p) => p.name === name)!;
    // An unpartitioned table has one partition, named after the table on each side.
    const local = existing.partitionScheme.type === 'RANGE' ? existing.partitions.find((p) => p.name === name) : existing.partitions[0];
    if (local) {
      if (JSON.stringify(local.range ?? null) !== JSON.stringify(source.range ?? null)) fail(`Partition ${name} in table ${existing.name} has different range with partition in repository`);
      if (local.replicationNum !== replicationNum) {
        fail(`Partition ${name} in table ${existing.name} has different replication num '${local.replicationNum}' with partition in repository, which is ${replicationNum}`);
      }
      if (local.buckets !== source.buckets) fail(`Partition ${name} in table ${existing.name} has different bucket number '${local.buckets}' with partition in repository, which is ${source.buckets}`);
      planned.push({ source, info: infos[name]!, replaces: local });
      continue;
    }
    if (kept.some((p) => rangesOverlap(types, p.range!, source.range!))) fail(`Partition ${name} in table ${existing.name} has conflict range with existing ranges`);
    kept.push(source);
    planned.push({ source, info: infos[name]! });
  }
  return planned;
}

export function planRestore(db: DatabaseMeta, meta: SnapshotMetaDoc, info: SnapshotInfoDoc, selection: RestoreSelection, replicationNum: number): RestorePlan {
  const tables = selection.tables.map((chosen): PlannedTable => {
    const definition = meta.tables.find((t) => t.name === chosen.sourceName);
    const tableInfo = info.backup_objects[chosen.sourceName]!;
    if (!definition) fail(`Table ${chosen.sourceName} is in the job info of snapshot ${info.name} but not in its meta file`);
    const names = chosen.partitions ?? Object.keys(tableInfo.partitions);
    const existing = findTable(db, chosen.name);
    if (existing && existing.kind !== 'OLAP') fail(`Table ${chosen.name} already exist but it is not an OLAP table`);
    if (existing?.kind === 'OLAP') {
      if (existing.state !== 'NORMAL') fail(`Table ${existing.name}'s state is not NORMAL: ${existing.state}`);
      // StarRocks: backup/RestoreJob.java.
      if (tempPartitionsOf(existing).length > 0) fail('Do not support restoring table with temp partitions');
      return { sourceName: chosen.sourceName, name: chosen.name, definition, existing, partitions: planExisting(existing, definition, tableInfo.partitions, names, replicationNum) };
    }
    return {
      sourceName: chosen.sourceName,
      name: chosen.name,
      definition,
      partitions: names.map((name) => ({ source: definition.partitions.find((p) => p.name === name)!, info: tableInfo.partitions[name]! })),
    };
  });
  const materializedViews = selection.materializedViews.flatMap((chosen) => {
    const view = meta.materialized_views.find((v) => v.name === chosen.sourceName);
    // A materialized view of that name is kept: it follows its own base tables' changes.
    if (!view || findTable(db, chosen.name)) return [];
    return [{ ...view, name: chosen.name }];
  });
  return { tables, materializedViews };
}
