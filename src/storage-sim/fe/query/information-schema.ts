// information_schema tables, computed from the catalogue when queried, with StarRocks' column
// names: schemata, tables, views, columns, materialized_views, tables_config, be_configs,
// partitions_meta (partitions-meta.ts) and be_tablets (be-tablets.ts). Which tables and columns a
// cluster has, and some of their values, depend on the StarRocks release it plays.
import type { Value } from '../../common/column-types.js';
import type { TableLike } from '../catalog/model.js';
import { formatColumnType } from '../ddl/column-types-text.js';
import { SimError } from '../sim-error.js';
import { BE_CONFIG_DEFAULTS } from '../../be/be-config.js';
import type { StarRocksRelease } from '../starrocks-release.js';
import { tablesConfigProperties } from './tables-config-properties.js';
import { partitionsMetaTable } from './partitions-meta.js';
import { beTabletsTable } from './be-tablets.js';
import { columns, everyTable, formatTime, n, type VirtualTable } from './virtual-table.js';

/**
 * tables_config.DISTRIBUTE_TYPE: service/InformationSchemaDataSource.java genNormalTableConfigInfo
 * wrote the literal HASH for every table (RANDOM ones included) before PR #43222 (3.3.0).
 */
function distributeType(release: StarRocksRelease, type: 'HASH' | 'RANDOM'): string {
  return release.tablesConfigDistributeType === 'always-hash' ? 'HASH' : type;
}

function tableType(t: TableLike): string {
  return t.kind === 'OLAP' ? 'BASE TABLE' : 'VIEW';
}

function tableRows(t: TableLike): number {
  return t.kind === 'OLAP' ? t.partitions.reduce((sum, p) => sum + p.rowCount, 0) : 0;
}

function tableBytes(t: TableLike): number {
  return t.kind === 'OLAP' ? t.partitions.reduce((sum, p) => sum + p.dataSize, 0) : 0;
}

/** The tables every release has the same way; partitions_meta and be_tablets differ (see informationSchemaTable). */
const TABLES: Record<string, VirtualTable> = {
  schemata: {
    columns: columns('schemata', [['CATALOG_NAME', 'v'], ['SCHEMA_NAME', 'v'], ['DEFAULT_CHARACTER_SET_NAME', 'v'], ['DEFAULT_COLLATION_NAME', 'v'], ['SQL_PATH', 'v']]),
    rows: (ctx) => [['def', 'information_schema', 'utf8', 'utf8_general_ci', null], ...ctx.store.state.databases.map((db): Value[] => ['def', db.name, 'utf8', 'utf8_general_ci', null])],
  },
  tables: {
    columns: columns('tables', [
      ['TABLE_CATALOG', 'v'], ['TABLE_SCHEMA', 'v'], ['TABLE_NAME', 'v'], ['TABLE_TYPE', 'v'], ['ENGINE', 'v'], ['VERSION', 'n'],
      ['ROW_FORMAT', 'v'], ['TABLE_ROWS', 'n'], ['AVG_ROW_LENGTH', 'n'], ['DATA_LENGTH', 'n'], ['MAX_DATA_LENGTH', 'n'], ['INDEX_LENGTH', 'n'],
      ['DATA_FREE', 'n'], ['AUTO_INCREMENT', 'n'], ['CREATE_TIME', 't'], ['UPDATE_TIME', 't'], ['CHECK_TIME', 't'], ['TABLE_COLLATION', 'v'],
      ['CHECKSUM', 'n'], ['CREATE_OPTIONS', 'v'], ['TABLE_COMMENT', 'v'],
    ]),
    rows: (ctx) =>
      everyTable(ctx).map(([db, t]): Value[] => {
        const rows = tableRows(t);
        const bytes = tableBytes(t);
        return [
          'def', db.name, t.name, tableType(t), t.kind === 'OLAP' ? 'StarRocks' : null, null, null, n(rows), n(rows > 0 ? bytes / rows : 0),
          n(bytes), null, null, null, null, formatTime(t.createTime), formatTime(t.kind === 'OLAP' ? t.updateTime : t.createTime), null,
          'utf8_general_ci', null, '', t.kind === 'OLAP' ? t.comment : '',
        ];
      }),
  },
  views: {
    columns: columns('views', [
      ['TABLE_CATALOG', 'v'], ['TABLE_SCHEMA', 'v'], ['TABLE_NAME', 'v'], ['VIEW_DEFINITION', 'v'], ['CHECK_OPTION', 'v'], ['IS_UPDATABLE', 'v'],
      ['DEFINER', 'v'], ['SECURITY_TYPE', 'v'], ['CHARACTER_SET_CLIENT', 'v'], ['COLLATION_CONNECTION', 'v'],
    ]),
    rows: (ctx) =>
      everyTable(ctx)
        .filter(([, t]) => t.kind === 'VIEW')
        .map(([db, t]): Value[] => ['def', db.name, t.name, t.kind === 'VIEW' ? t.queryText : '', 'NONE', 'NO', 'root@%', 'DEFINER', 'utf8', 'utf8_general_ci']),
  },
  materialized_views: {
    columns: columns('materialized_views', [
      ['MATERIALIZED_VIEW_ID', 'v'], ['TABLE_SCHEMA', 'v'], ['TABLE_NAME', 'v'], ['REFRESH_TYPE', 'v'], ['IS_ACTIVE', 'v'], ['INACTIVE_REASON', 'v'],
      ['PARTITION_TYPE', 'v'], ['MATERIALIZED_VIEW_DEFINITION', 'v'], ['TABLE_ROWS', 'n'],
    ]),
    rows: (ctx) =>
      everyTable(ctx)
        .filter(([, t]) => t.kind === 'MATERIALIZED_VIEW')
        .map(([db, t]): Value[] => {
          const mv = t as Extract<TableLike, { kind: 'MATERIALIZED_VIEW' }>;
          const refresh = /REFRESH\s+(?:IMMEDIATE\s+|DEFERRED\s+)?(ASYNC|MANUAL|INCREMENTAL)/i.exec(mv.clausesText)?.[1]?.toUpperCase() ?? 'MANUAL';
          return [String(mv.id), db.name, mv.name, refresh, 'true', '', /PARTITION\s+BY/i.test(mv.clausesText) ? 'RANGE' : 'UNPARTITIONED', mv.queryText, '0'];
        }),
  },
  columns: {
    columns: columns('columns', [
      ['TABLE_CATALOG', 'v'], ['TABLE_SCHEMA', 'v'], ['TABLE_NAME', 'v'], ['COLUMN_NAME', 'v'], ['ORDINAL_POSITION', 'n'], ['COLUMN_DEFAULT', 'v'],
      ['IS_NULLABLE', 'v'], ['DATA_TYPE', 'v'], ['CHARACTER_MAXIMUM_LENGTH', 'n'], ['NUMERIC_PRECISION', 'n'], ['NUMERIC_SCALE', 'n'],
      ['COLUMN_TYPE', 'v'], ['COLUMN_KEY', 'v'], ['EXTRA', 'v'], ['COLUMN_COMMENT', 'v'],
    ]),
    rows: (ctx) =>
      everyTable(ctx).flatMap(([db, t]) =>
        t.kind !== 'OLAP'
          ? []
          : t.columns.map((c, i): Value[] => [
              'def', db.name, t.name, c.name, n(i + 1), c.defaultValue ?? null, c.nullable ? 'YES' : 'NO', c.type.name.toLowerCase(),
              c.type.name === 'VARCHAR' || c.type.name === 'CHAR' ? n(c.type.length ?? 0) : null,
              c.type.name === 'DECIMAL' ? n(c.type.length ?? 10) : null, c.type.name === 'DECIMAL' ? n(c.type.scale ?? 0) : null,
              formatColumnType(c.type), c.isKey ? (t.keysType === 'PRIMARY_KEYS' ? 'PRI' : 'DUP') : '', c.aggregation ?? '', c.comment,
            ]),
      ),
  },
  tables_config: {
    columns: columns('tables_config', [
      ['TABLE_SCHEMA', 'v'], ['TABLE_NAME', 'v'], ['TABLE_ENGINE', 'v'], ['TABLE_MODEL', 'v'], ['PRIMARY_KEY', 'v'], ['PARTITION_KEY', 'v'],
      ['DISTRIBUTE_KEY', 'v'], ['DISTRIBUTE_TYPE', 'v'], ['DISTRIBUTE_BUCKET', 'n'], ['SORT_KEY', 'v'], ['PROPERTIES', 'v'], ['TABLE_ID', 'n'],
    ]),
    rows: (ctx) =>
      everyTable(ctx).flatMap(([db, t]) => {
        if (t.kind !== 'OLAP') return [];
        const names = (list: string[]) => list.map((c) => '`' + c.replaceAll('`', '``') + '`').join(', ');
        const row: Value[] = [
          db.name, t.name, 'OLAP', t.keysType, names(t.keyColumns), names(t.partitionScheme.type === 'RANGE' ? t.partitionScheme.columns : []),
          names(t.distribution.type === 'HASH' ? t.distribution.columns : []), distributeType(ctx.release, t.distribution.type), n(t.distribution.buckets),
          names(t.orderBy ?? t.keyColumns), tablesConfigProperties(ctx.release, t), n(t.id),
        ];
        return [row];
      }),
  },
  be_configs: {
    columns: columns('be_configs', [['BE_ID', 'n'], ['NAME', 'v'], ['VALUE', 'v'], ['TYPE', 'v'], ['DEFAULT', 'v'], ['MUTABLE', 'v']]),
    rows: (ctx) =>
      ctx.backends.list().flatMap((b) =>
        Object.entries(ctx.backends.state(b.id).status?.config ?? {}).map(([name, value]): Value[] => [n(b.id), name, value, 'int', BE_CONFIG_DEFAULTS[name] ?? '', 'true']),
      ),
  },
};

function releaseTable(key: string, release: StarRocksRelease): VirtualTable | undefined {
  switch (key) {
    case 'partitions_meta':
      return release.partitionsMeta ? partitionsMetaTable(release) : undefined;
    case 'be_tablets':
      return beTabletsTable(release);
    default:
      return TABLES[key];
  }
}

/** The information_schema table of that name in a release; an unknown one (or one the release lacks) is refused. */
export function informationSchemaTable(name: string, release: StarRocksRelease): VirtualTable {
  const table = releaseTable(name.toLowerCase(), release);
  if (!table) throw SimError.unknownTable('information_schema', name);
  return table;
}
