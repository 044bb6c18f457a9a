// SHOW CREATE TABLE / VIEW / MATERIALIZED VIEW: DDL that, run on an empty cluster, recreates the
// same object (a round trip the tests check), laid out as StarRocks lays it out.
import { quoteIdentifier, quoteString } from '../../sql/quoting.js';
import type { MaterializedViewMeta, OlapTableMeta, PartitionMeta, ViewMeta } from '../catalog/model.js';
import { formatColumnType } from '../ddl/column-types-text.js';
import { dynamicPropertiesForShow, dynamicSpecOf, isDynamicPartitionKey } from '../dynamic-partition/dynamic-properties.js';

const q = quoteIdentifier;
const s = (text: string) => quoteString(text, '"');

function columnLine(c: OlapTableMeta['columns'][number]): string {
  const parts = [`  ${q(c.name)} ${formatColumnType(c.type)}`];
  if (c.aggregation) parts.push(c.aggregation);
  parts.push(c.nullable ? 'NULL' : 'NOT NULL');
  if (c.defaultValue === 'CURRENT_TIMESTAMP') parts.push('DEFAULT CURRENT_TIMESTAMP');
  else if (c.defaultValue !== undefined) parts.push(`DEFAULT ${s(c.defaultValue)}`);
  parts.push(`COMMENT ${s(c.comment)}`);
  return parts.join(' ');
}

function bound(values: string[] | null): string {
  return values ? `(${values.map(s).join(', ')})` : '(MAXVALUE)';
}

function partitionLine(p: PartitionMeta): string {
  const range = p.range!;
  if (range.lower === null) return `PARTITION ${q(p.name)} VALUES LESS THAN ${range.upper ? bound(range.upper) : 'MAXVALUE'}`;
  return `PARTITION ${q(p.name)} VALUES [${bound(range.lower)}, ${bound(range.upper)})`;
}

const KEYS_WORD = { DUP_KEYS: 'DUPLICATE KEY', PRIMARY_KEYS: 'PRIMARY KEY', UNIQUE_KEYS: 'UNIQUE KEY', AGG_KEYS: 'AGGREGATE KEY' } as const;

export function showCreateTable(table: OlapTableMeta): string {
  const columns = table.columns.map(columnLine);
  for (const index of table.bitmapIndexes) {
    columns.push(`  INDEX ${q(index.name)} (${index.columns.map(q).join(', ')}) USING BITMAP COMMENT ${s(index.comment)}`);
  }
  const lines = [`CREATE TABLE ${q(table.name)} (`, columns.join(',\n'), ') ENGINE=OLAP ', `${KEYS_WORD[table.keysType]}(${table.keyColumns.map(q).join(', ')})`];
  if (table.comment) lines.push(`COMMENT ${s(table.comment)}`);
  if (table.partitionScheme.type === 'RANGE') {
    const sorted = [...table.partitions].sort((a, b) => (a.range?.lower === null ? -1 : b.range?.lower === null ? 1 : 0));
    lines.push(`PARTITION BY RANGE(${table.partitionScheme.columns.map(q).join(', ')})`, `(${sorted.map(partitionLine).join(',\n')})`);
  }
  const d = table.distribution;
  lines.push(d.type === 'HASH' ? `DISTRIBUTED BY HASH(${d.columns.map(q).join(', ')}) BUCKETS ${d.buckets} ` : `DISTRIBUTED BY RANDOM BUCKETS ${d.buckets} `);
  if (table.orderBy) lines.push(`ORDER BY(${table.orderBy.map(q).join(', ')})`);
  const properties = [...propertiesForShow(table.properties), ...cloudNativeProperties(table)].map(([k, v]) => `${s(k)} = ${s(v)}`);
  lines.push(`PROPERTIES (\n${properties.join(',\n')}\n);`);
  return lines.join('\n');
}

/**
 * The table's properties in the order they were given, except that dynamic partitioning is printed
 * as StarRocks prints it: all of its properties (defaults included) as one block after replication_num.
 */
function propertiesForShow(properties: Record<string, string>): [string, string][] {
  const spec = dynamicSpecOf(properties);
  const plain = Object.entries(properties).filter(([key]) => (!spec || !isDynamicPartitionKey(key)) && !CLOUD_NATIVE_KEYS.has(key));
  if (!spec) return plain;
  const at = plain.findIndex(([key]) => key === 'replication_num') + 1;
  return [...plain.slice(0, at), ...dynamicPropertiesForShow(spec), ...plain.slice(at)];
}

/** The properties SHOW CREATE TABLE prints as one block for a cloud-native (shared-data) table. */
const CLOUD_NATIVE_KEYS = new Set(['datacache.enable', 'storage_volume', 'enable_async_write_back']);

/**
 * A cloud-native table's block (AstToStringBuilder getDdlStmt, table.isCloudNativeTable()):
 * datacache.enable, storage_volume and enable_async_write_back, with their defaults (true, the
 * table's volume, false) when not given. Absent for a shared-nothing table.
 */
function cloudNativeProperties(table: OlapTableMeta): [string, string][] {
  if (table.storageVolumeId === undefined) return [];
  const p = table.properties;
  return [
    ['datacache.enable', p['datacache.enable'] ?? 'true'],
    ['storage_volume', p.storage_volume ?? ''],
    ['enable_async_write_back', p.enable_async_write_back ?? 'false'],
  ];
}

export function showCreateView(view: ViewMeta): string {
  const columns = view.columnsText ? ` ${view.columnsText}` : '';
  const comment = view.comment !== undefined ? ` COMMENT ${s(view.comment)}` : '';
  return `CREATE VIEW ${q(view.name)}${columns}${comment} AS ${view.queryText};`;
}

export function showCreateMaterializedView(mv: MaterializedViewMeta): string {
  const clauses = mv.clausesText.trim() ? `\n${mv.clausesText.trim()}` : '';
  return `CREATE MATERIALIZED VIEW ${q(mv.name)}${clauses}\nAS ${mv.queryText};`;
}
