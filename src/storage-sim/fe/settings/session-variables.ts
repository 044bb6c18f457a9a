// Session and global variables (SHOW VARIABLES, SET [GLOBAL], @@name): what MySQL clients and
// drivers ask for when they connect, and the StarRocks variables the migration tool's
// documentation names. @@version and @@version_comment depend on the release the cluster plays.
import type { ColumnType } from '../../common/column-types.js';
import { SimError } from '../sim-error.js';
import { versionWithHash, type StarRocksRelease } from '../starrocks-release.js';

const COMMON_DEFAULTS: Record<string, string> = {
  enable_filter_unused_columns_in_scan_stage: 'true',
  autocommit: '1',
  auto_increment_increment: '1',
  character_set_client: 'utf8mb4',
  character_set_connection: 'utf8mb4',
  character_set_results: 'utf8mb4',
  character_set_server: 'utf8mb4',
  collation_connection: 'utf8mb4_general_ci',
  collation_database: 'utf8mb4_general_ci',
  collation_server: 'utf8mb4_general_ci',
  init_connect: '',
  interactive_timeout: '3600',
  license: 'Apache License 2.0',
  lower_case_table_names: '0',
  max_allowed_packet: '33554432',
  net_buffer_length: '16384',
  net_write_timeout: '60',
  query_cache_size: '1048576',
  query_cache_type: '0',
  query_timeout: '300',
  sql_mode: 'ONLY_FULL_GROUP_BY',
  sql_select_limit: '9223372036854775807',
  system_time_zone: 'UTC',
  time_zone: 'UTC',
  transaction_isolation: 'REPEATABLE-READ',
  tx_isolation: 'REPEATABLE-READ',
  // Connector/J reads these (Connection.isReadOnly); StarRocks has both.
  transaction_read_only: '0',
  tx_read_only: '0',
  wait_timeout: '28800',
  performance_schema: '0',
  enable_insert_strict: 'true',
  insert_max_filter_ratio: '0',
  pipeline_dop: '0',
  exec_mem_limit: '2147483648',
};

export type VariableDefaults = Readonly<Record<string, string>>;

const DEFAULTS_BY_PROFILE = new Map<string, VariableDefaults>();

/** Every variable and its default in a release. */
export function variableDefaults(release: StarRocksRelease): VariableDefaults {
  let defaults = DEFAULTS_BY_PROFILE.get(release.profile);
  if (!defaults) {
    defaults = Object.freeze({
      ...COMMON_DEFAULTS,
      // qe/GlobalVariable.java: version is Config.mysql_server_version; version_comment is
      // STARROCKS_VERSION + "-" + STARROCKS_COMMIT_HASH in every release the engine plays.
      version: release.mysqlServerVersion,
      version_comment: versionWithHash(release),
      // qe/SessionVariable.java insert_timeout (seconds), in the releases that have it.
      ...(release.insertTimeoutVariable === 'insert_timeout' ? { insert_timeout: '14400' } : {}),
    });
    DEFAULTS_BY_PROFILE.set(release.profile, defaults);
  }
  return defaults;
}

export function checkVariable(name: string, defaults: VariableDefaults): string {
  const key = name.toLowerCase();
  if (!(key in defaults)) throw new SimError(1193, 'HY000', `Unknown system variable '${name}'`);
  return key;
}

/** Session values fall back to global values, which fall back to the defaults. */
export function variableValue(name: string, session: ReadonlyMap<string, string>, globals: Record<string, string>, defaults: VariableDefaults): string {
  const key = checkVariable(name, defaults);
  return session.get(key) ?? globals[key] ?? defaults[key]!;
}

/**
 * The value SET stores, checked against the variable's type as StarRocks and MySQL check it: a
 * boolean variable takes true/false/1/0/ON/OFF and is kept as true/false (how SHOW VARIABLES
 * prints it); an integer variable takes integers only (1232), MySQL's 0/1 switches such as
 * autocommit also ON/OFF. Without this, `SET GLOBAL query_timeout = 'abc'` would be stored and
 * `SET enable_insert_strict = 0` would leave strict mode on.
 */
export function normalizeVariableValue(name: string, value: string, defaults: VariableDefaults): string {
  const key = checkVariable(name, defaults);
  const fallback = defaults[key]!;
  if (fallback === 'true' || fallback === 'false') {
    if (/^(true|1|on)$/i.test(value)) return 'true';
    if (/^(false|0|off)$/i.test(value)) return 'false';
    throw new SimError(1231, '42000', `Variable '${name}' can't be set to the value of '${value}'`);
  }
  if (/^-?\d+$/.test(fallback)) {
    if (/^-?\d+$/.test(value)) return value;
    if ((fallback === '0' || fallback === '1') && /^(on|off|true|false)$/i.test(value)) return /^(on|true)$/i.test(value) ? '1' : '0';
    throw new SimError(1232, '42000', `Incorrect argument type to variable '${name}'`);
  }
  return value;
}

/**
 * The column type `SELECT @@name` answers with, where it is not VARCHAR. StarRocks types the value
 * by its SessionVariable field (qe/VariableMgr.java fillValue: an int field is INT, a long one
 * BIGINT), and sql/analyzer/ExpressionAnalyzer.java visitVariableExpr answers autocommit, a
 * boolean field, as BIGINT 1 or 0. Drivers read these as numbers (Connector/J asks for
 * @@max_allowed_packet and @@auto_increment_increment when it connects).
 */
const VARIABLE_TYPES: Readonly<Record<string, ColumnType>> = {
  autocommit: { name: 'BIGINT' },
  auto_increment_increment: { name: 'INT' },
  interactive_timeout: { name: 'INT' },
  max_allowed_packet: { name: 'INT' },
  net_buffer_length: { name: 'INT' },
  query_timeout: { name: 'INT' },
  sql_select_limit: { name: 'BIGINT' },
  wait_timeout: { name: 'INT' },
};

export function variableColumnType(name: string): ColumnType | undefined {
  return VARIABLE_TYPES[name.toLowerCase()];
}
