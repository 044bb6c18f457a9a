// LOAD LABEL ... WITH BROKER ...: checks the statement the way StarRocks does before a job exists
// (sql/analyzer/LoadStmtAnalyzer.java, sql/ast/LoadStmt.java checkProperties,
// load/BrokerFileGroup.java parse), each failure with StarRocks' message, and turns it into what
// the job record keeps. Nothing is written here.
import type { LoadStatement } from '../../sql/ast.js';
import type { DatabaseMeta } from '../catalog/model.js';
import type { LoadFileGroup } from '../catalog/load-job-model.js';
import { partitionByName } from '../catalog/partitions.js';
import { findDatabase, findTable, type FeContext } from '../fe-context.js';
import { SimError } from '../sim-error.js';
import { unescapeSeparator } from '../load/record-readers.js';
import { RowConverter } from '../load/row-conversion.js';
import { isObjectStoreProperty, s3ConnectionOf } from '../backup/repository-properties.js';
import { parseLoadFilePath } from './load-file-path.js';

/** LoadStmt.PROPERTIES_SET: every property a LOAD statement may carry. */
const LOAD_PROPERTIES = new Set([
  'timeout', 'max_filter_ratio', 'load_delete_flag', 'load_mem_limit', 'cluster', 'strict_mode', 'version', 'timezone',
  'partial_update', 'priority', 'case_sensitive', 'log_rejected_record_num', 'partial_update_mode', 'spark_load_submit_timeout',
]);

/** Properties StarRocks accepts that change nothing this engine does; any other value is refused rather than ignored. */
const NEUTRAL_VALUES: Record<string, (value: string) => boolean> = {
  load_mem_limit: () => true,
  strict_mode: (v) => v.toLowerCase() === 'false',
  timezone: () => true,
  priority: () => true,
  log_rejected_record_num: () => true,
};

/** FeNameFormat.checkLabel's rule. */
const LABEL_RULE = /^[-_A-Za-z0-9:]{1,128}$/;

export interface AnalyzedLoad {
  db: DatabaseMeta;
  label: string;
  broker: string;
  brokerProperties: Record<string, string>;
  fileGroups: LoadFileGroup[];
  timeoutSecond: number;
  maxFilterRatio: number;
}

function checkProperties(properties: Record<string, string>): { timeoutSecond?: number; maxFilterRatio?: number } {
  for (const key of Object.keys(properties)) if (!LOAD_PROPERTIES.has(key)) throw SimError.analysis(`${key} is invalid property`);
  const memLimit = properties.load_mem_limit;
  if (memLimit !== undefined) {
    if (!/^-?\d+$/.test(memLimit.trim())) throw SimError.analysis('load_mem_limit is not a number.');
    if (Number(memLimit) < 0) throw SimError.analysis('load_mem_limit must be equal or greater than 0');
  }
  let timeoutSecond: number | undefined;
  if (properties.timeout !== undefined) {
    if (!/^-?\d+$/.test(properties.timeout.trim()) || Math.abs(Number(properties.timeout)) > 2 ** 31 - 1) throw SimError.analysis('timeout is not a number.');
    timeoutSecond = Number(properties.timeout);
    if (timeoutSecond < 0) throw SimError.analysis('timeout must be greater than 0');
  }
  let maxFilterRatio: number | undefined;
  if (properties.max_filter_ratio !== undefined) {
    maxFilterRatio = Number(properties.max_filter_ratio);
    if (properties.max_filter_ratio.trim() === '' || Number.isNaN(maxFilterRatio)) throw SimError.analysis('max_filter_ratio is not a number.');
    if (maxFilterRatio < 0 || maxFilterRatio > 1) throw SimError.analysis('max_filter_ratio must between 0.0 and 1.0.');
  }
  if (properties.version !== undefined) throw SimError.analysis('Do not support VERSION property');
  if (properties.strict_mode !== undefined && !/^(true|false)$/i.test(properties.strict_mode)) throw SimError.analysis('strict_mode is not a boolean');
  for (const [key, value] of Object.entries(properties)) {
    if (key === 'timeout' || key === 'max_filter_ratio') continue;
    const neutral = NEUTRAL_VALUES[key];
    if (!neutral || !neutral(value)) throw SimError.unsupported(`LOAD property ${key}=${value}`);
  }
  return { ...(timeoutSecond !== undefined ? { timeoutSecond } : {}), ...(maxFilterRatio !== undefined ? { maxFilterRatio } : {}) };
}

function fileGroupOf(db: DatabaseMeta, description: LoadStatement['descriptions'][number]): LoadFileGroup {
  const table = findTable(db, description.table);
  // BrokerFileGroup.parse: these are DdlExceptions, answered without the analyzer's prefix.
  if (!table) throw SimError.ddl(`Unknown table ${description.table} in database ${db.name}`);
  if (table.kind !== 'OLAP') throw SimError.ddl(`Table ${table.name} is not OlapTable`);
  for (const name of description.partitions ?? []) {
    if (!partitionByName(table, name, false)) throw SimError.ddl(`Unknown partition '${name}' in table '${table.name}'`);
  }
  if (table.state === 'RESTORE') throw SimError.ddl(`Table [${table.name}] is under restore`);
  const format = (description.format ?? 'csv').toLowerCase();
  if (!['parquet', 'csv', 'orc', 'json'].includes(format)) throw SimError.ddl(`File Format Type ${description.format} is invalid.`);
  if (format !== 'csv' && format !== 'json') throw SimError.unsupported(`FORMAT AS ${description.format} (this engine reads CSV and JSON files)`);
  for (const path of description.paths) {
    try {
      parseLoadFilePath(path);
    } catch (error) {
      throw SimError.analysis((error as Error).message);
    }
  }
  // The column list names table columns and covers every column without a default.
  new RowConverter(table.columns, description.columns);
  return {
    paths: description.paths,
    tableId: table.id,
    tableName: table.name,
    ...(description.partitions ? { partitions: description.partitions } : {}),
    format,
    columnSeparator: unescapeSeparator(description.columnSeparator ?? '\\t'),
    rowDelimiter: unescapeSeparator(description.rowDelimiter ?? '\\n'),
    ...(description.columns ? { columns: description.columns } : {}),
  };
}

export function analyzeLoad(ctx: FeContext, stmt: LoadStatement, sessionDb: string | undefined): AnalyzedLoad {
  const dbName = stmt.db ?? sessionDb;
  if (!dbName) throw SimError.noDatabaseSelected();
  if (!LABEL_RULE.test(stmt.label)) throw SimError.analysis(`Incorrect label name '${stmt.label}'`);
  const { timeoutSecond, maxFilterRatio } = checkProperties(stmt.properties);
  const db = findDatabase(ctx, dbName);
  if (!db) throw SimError.ddl(`Database[${dbName}] does not exist`);
  const fileGroups = stmt.descriptions.map((d) => fileGroupOf(db, d));
  // The object store settings are checked now, so a job never starts with credentials it cannot use.
  const first = parseLoadFilePath(fileGroups[0]!.paths[0]!);
  s3ConnectionOf(objectStoreProperties(stmt.brokerProperties), { bucket: first.bucket, prefix: '' }, {}, 'broker');
  return {
    db,
    label: stmt.label,
    broker: stmt.broker ?? '',
    brokerProperties: stmt.brokerProperties,
    fileGroups,
    timeoutSecond: timeoutSecond ?? ctx.config.getInt('broker_load_default_timeout_second'),
    maxFilterRatio: maxFilterRatio ?? 0,
  };
}

/** The broker properties that configure the object store; the others are file-system settings this engine has no use for. */
export function objectStoreProperties(properties: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(properties).filter(([key]) => isObjectStoreProperty(key)));
}
