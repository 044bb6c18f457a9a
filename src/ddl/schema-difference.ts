// Whether two tables have the same data layout, so that the target's tablets can take the source's
// files: columns (in order, with type, nullability, key and default), the keys model, and the
// partition and distribution columns. Replication number and bucket count are left out on
// purpose: the target may use another replica count (target_cluster_replication_num), and
// buckets are compared per partition, where a difference costs one partition, not the table.
import type { ColumnModel, TableSchema } from '../meta/catalog-model.js';

/** Type texts differ between versions in letter case and spacing only ("decimal(10, 2)" vs "DECIMAL(10,2)"). */
function normalizeType(type: string): string {
  return type.replace(/\s+/g, '').toLowerCase();
}

const show = (value: unknown): string => JSON.stringify(value);

function columnDifference(source: ColumnModel, target: ColumnModel, position: number): string | null {
  const at = `column ${position + 1}`;
  if (source.name !== target.name) return `${at} is ${show(source.name)} on the source, ${show(target.name)} on the target`;
  const name = `column ${show(source.name)}`;
  if (normalizeType(source.type) !== normalizeType(target.type)) return `${name} type is ${source.type} on the source, ${target.type} on the target`;
  if (source.nullable !== target.nullable) return `${name} is ${source.nullable ? 'nullable' : 'NOT NULL'} on the source, ${target.nullable ? 'nullable' : 'NOT NULL'} on the target`;
  if (source.isKey !== target.isKey) return `${name} is ${source.isKey ? '' : 'not '}a key column on the source, ${target.isKey ? '' : 'not '}on the target`;
  if (source.defaultValue !== target.defaultValue) return `${name} default is ${show(source.defaultValue)} on the source, ${show(target.defaultValue)} on the target`;
  return null;
}

function listDifference(what: string, source: readonly string[], target: readonly string[]): string | null {
  const same = source.length === target.length && source.every((name, i) => name === target[i]);
  return same ? null : `${what} are ${show(source)} on the source, ${show(target)} on the target`;
}

/** The first difference in words, or null when the layouts match. */
export function schemaDifference(source: TableSchema, target: TableSchema): string | null {
  if (source.columns.length !== target.columns.length) {
    return `${source.columns.length} columns on the source, ${target.columns.length} on the target`;
  }
  for (let i = 0; i < source.columns.length; i++) {
    const difference = columnDifference(source.columns[i]!, target.columns[i]!, i);
    if (difference) return difference;
  }
  if (source.keysType !== target.keysType) return `keys type is ${source.keysType} on the source, ${target.keysType} on the target`;
  if (source.distributionType.toUpperCase() !== target.distributionType.toUpperCase()) {
    return `distribution is ${source.distributionType} on the source, ${target.distributionType} on the target`;
  }
  return (
    listDifference('key columns', source.keyColumns, target.keyColumns) ??
    listDifference('partition columns', source.partitionColumns, target.partitionColumns) ??
    listDifference('distribution columns', source.distributionColumns, target.distributionColumns)
  );
}
