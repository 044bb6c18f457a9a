// Every key of conf/sync.properties: the keys and defaults of StarRocks' cross-cluster migration
// tool documentation, plus the newer keys of later versions of that tool. The shipped properties
// file, the README's configuration table and the loader all come from this one list.
import { bool, host, int, oneOf, optionalBool, port, text, type KeySpec, type ParseResult } from './key-spec.js';
import { DataListSyntaxError, parseDataList, type DataRef } from './data-rules.js';
import { validate as validateCron } from 'node-cron';

const MODE = 'Run mode';
const SOURCE = 'Source cluster';
const TARGET = 'Target cluster';
const CONNECTION = 'Connections';
const SELECTION = 'What to sync';
const TARGET_TABLES = 'Tables created on the target';
const JOBS = 'Jobs';
const DROPS = 'Drop switches (what the DDL job may drop on the target)';
const OBJECTS = 'Indexes, materialized views and views';
const WINDOW = 'Quiet hours (when new replication jobs may start)';
const TRANSFER = 'How data moves';
const HTTP = 'HTTP API, metrics and status page';

const IDENTIFIER = /^[A-Za-z0-9_][A-Za-z0-9_-]*$/;

function dataList(description: string): KeySpec<readonly DataRef[]> {
  const expected = 'a comma-separated list of db or db.table names (names with dots, commas or spaces in backticks)';
  return {
    defaultRaw: '',
    description,
    expected,
    secret: false,
    reload: 'live',
    required: false,
    section: SELECTION,
    parse(raw: string): ParseResult<readonly DataRef[]> {
      try {
        return { ok: true, value: Object.freeze(parseDataList(raw)) };
      } catch (error) {
        if (error instanceof DataListSyntaxError) return { ok: false, expected: `${expected} (${error.message})` };
        throw error;
      }
    },
  };
}

const SECONDS = { min: 1, max: 86_400 };

function cron(options: { section: string; description: string }): KeySpec<string> {
  const expected = 'a cron expression (minute hour day-of-month month day-of-week), or empty for always';
  return {
    defaultRaw: '',
    expected,
    description: options.description,
    section: options.section,
    secret: false,
    reload: 'live',
    required: false,
    parse: (raw) => (raw.trim() === '' || validateCron(raw) ? { ok: true, value: raw.trim() } : { ok: false, expected }),
  };
}

export const SCHEMA = {
  one_time_run_mode: bool(false, {
    section: MODE,
    reload: 'restart',
    description: 'If true, every selected table is synced once and the program exits when done (full sync only, no incremental sync).',
  }),

  source_fe_host: host({ section: SOURCE, required: true, reload: 'restart', description: 'IP address or FQDN of an FE of the source cluster.' }),
  source_fe_query_port: port(9030, { section: SOURCE, reload: 'restart', description: 'Query port (query_port) of the source FE.' }),
  source_cluster_user: text('root', {
    section: SOURCE,
    reload: 'restart',
    description: 'User that logs in to the source cluster; it needs the OPERATE privilege at SYSTEM level.',
  }),
  source_cluster_password: text('', {
    section: SOURCE,
    secret: true,
    reload: 'restart',
    description: 'Password of the source user (encrypted when source_cluster_password_secret_key is set).',
  }),
  source_cluster_password_secret_key: text('', {
    section: SOURCE,
    secret: true,
    reload: 'restart',
    description:
      "Key that source_cluster_password is encrypted with: TO_BASE64(AES_ENCRYPT('<password>','<key>')), or `cluster-sync encrypt-password --key <key>`. Empty: the password is plain text.",
  }),
  source_cluster_token: text('', {
    section: SOURCE,
    secret: true,
    reload: 'restart',
    description: 'Token of the source cluster (`grep token fe/meta/image/VERSION` on a source FE); lets target BEs download snapshots.',
  }),

  target_fe_host: host({ section: TARGET, required: true, reload: 'restart', description: 'IP address or FQDN of an FE of the target cluster.' }),
  target_fe_query_port: port(9030, { section: TARGET, reload: 'restart', description: 'Query port (query_port) of the target FE.' }),
  target_cluster_user: text('root', {
    section: TARGET,
    reload: 'restart',
    description: 'User that logs in to the target cluster; it needs the OPERATE privilege at SYSTEM level.',
  }),
  target_cluster_password: text('', {
    section: TARGET,
    secret: true,
    reload: 'restart',
    description: 'Password of the target user (encrypted when target_cluster_password_secret_key is set).',
  }),
  target_cluster_password_secret_key: text('', {
    section: TARGET,
    secret: true,
    reload: 'restart',
    description: 'Key that target_cluster_password is encrypted with, as for source_cluster_password_secret_key. Empty: plain text.',
  }),

  jdbc_connect_timeout_ms: int(30_000, { min: 100, max: 3_600_000 }, {
    section: CONNECTION,
    reload: 'restart',
    description: 'Timeout for opening a connection to an FE, in milliseconds.',
  }),
  jdbc_socket_timeout_ms: int(60_000, { min: 100, max: 86_400_000 }, {
    section: CONNECTION,
    reload: 'restart',
    description: 'Timeout for one statement on an FE connection, in milliseconds.',
  }),

  include_data_list: dataList(
    'Databases and tables to sync, comma-separated: db1,db2.tbl2,db3. Empty: everything. Applied before exclude_data_list and wins over it.',
  ),
  exclude_data_list: dataList('Databases and tables not to sync, comma-separated, same syntax. A table named exactly in include_data_list is still synced.'),

  target_cluster_storage_volume: text('', {
    section: TARGET_TABLES,
    pattern: IDENTIFIER,
    patternExpected: 'a storage volume name (letters, digits, _ and -) or empty',
    description: 'Storage volume for tables created on a shared-data target; check requires it to exist and be enabled. Empty: the target default (or the source volume name).',
  }),
  target_cluster_replication_num: int(-1, { min: 1, max: 32, minusOneMeans: 'the same number as the source table' }, {
    section: TARGET_TABLES,
    description: 'Replica count of tables created on a shared-nothing target. -1: the same as the source table. A shared-data target keeps one copy in its object store: tables are created there with replication_num 1.',
  }),
  target_cluster_max_disk_used_percent: int(80, { min: 1, max: 100 }, {
    section: TARGET_TABLES,
    description: 'No new replication starts while any target BE uses more than this percentage of its disk (shared-nothing targets).',
  }),
  target_cluster_enable_persistent_index: optionalBool({
    section: TARGET_TABLES,
    description: 'enable_persistent_index of PRIMARY KEY tables created on the target. Empty: the same as the source table.',
  }),
  target_cluster_use_builtin_storage_volume_only: bool(false, {
    section: TARGET_TABLES,
    description: 'If true, tables created on a shared-data target all use builtin_storage_volume.',
  }),
  enable_table_property_sync: bool(false, {
    section: TARGET_TABLES,
    description: 'If true, table properties changed on the source are applied to the target table too.',
  }),

  max_replication_data_size_per_job_in_gb: int(-1, { min: 1, max: 1_048_576, minusOneMeans: 'no limit' }, {
    section: JOBS,
    description: "A table whose partitions to sync exceed this many GB is synced by several replication jobs. -1: no limit (one job per table).",
  }),
  meta_job_interval_seconds: int(180, SECONDS, { section: JOBS, description: 'Seconds between two reads of both clusters\' metadata.' }),
  meta_job_threads: int(4, { min: 1, max: 64 }, { section: JOBS, description: 'Parallel metadata queries per cluster.' }),
  ddl_job_interval_seconds: int(10, SECONDS, { section: JOBS, description: 'Seconds between two runs of the DDL job on the target.' }),
  ddl_job_batch_size: int(10, { min: 1, max: 10_000 }, { section: JOBS, description: 'DDL statements run on the target per DDL job run.' }),
  replication_job_interval_seconds: int(10, SECONDS, { section: JOBS, description: 'Seconds between two runs of the replication job.' }),
  replication_job_batch_size: int(10, { min: 1, max: 10_000 }, { section: JOBS, description: 'Replication jobs started per replication job run.' }),
  report_interval_seconds: int(300, SECONDS, { section: JOBS, description: 'Seconds between two progress reports in sync.INFO.log.' }),

  ddl_job_allow_drop_target_only: bool(false, {
    section: DROPS,
    description: 'Drop databases and tables that exist only on the target.',
  }),
  ddl_job_allow_drop_schema_change_table: bool(true, {
    section: DROPS,
    description: 'Drop (and re-create and re-sync) target tables whose schema differs from the source.',
  }),
  ddl_job_allow_drop_inconsistent_partition: bool(true, {
    section: DROPS,
    description: 'Drop (and re-sync) target partitions whose range, buckets or data diverge from the source.',
  }),
  ddl_job_allow_drop_inconsistent_time_partition: bool(true, {
    section: DROPS,
    description: 'Drop (and re-sync) inconsistent partitions of time-partitioned (dynamic or expression) tables.',
  }),
  ddl_job_allow_drop_partition_target_only: bool(true, {
    section: DROPS,
    description: 'Drop target partitions that no longer exist on the source.',
  }),

  enable_bitmap_index_sync: bool(false, { section: OBJECTS, description: 'Sync bitmap indexes.' }),
  ddl_job_allow_drop_inconsistent_bitmap_index: bool(true, { section: OBJECTS, description: 'Drop target bitmap indexes that differ from the source.' }),
  ddl_job_allow_drop_bitmap_index_target_only: bool(true, { section: OBJECTS, description: 'Drop target bitmap indexes the source no longer has.' }),
  // The documented tool syncs views and materialized view definitions; later versions made it a
  // switch. The default keeps the documented behaviour.
  enable_materialized_view_sync: bool(true, { section: OBJECTS, description: 'Sync materialized view definitions (not their data).' }),
  ddl_job_allow_drop_inconsistent_materialized_view: bool(true, {
    section: OBJECTS,
    description: 'Drop (and re-create) target materialized views whose definition differs from the source.',
  }),
  ddl_job_allow_drop_materialized_view_target_only: bool(false, {
    section: OBJECTS,
    description: 'Drop target materialized views the source no longer has.',
  }),
  enable_view_sync: bool(true, { section: OBJECTS, description: 'Sync views.' }),
  ddl_job_allow_drop_inconsistent_view: bool(true, { section: OBJECTS, description: 'Drop (and re-create) target views whose definition differs from the source.' }),
  ddl_job_allow_drop_view_target_only: bool(false, { section: OBJECTS, description: 'Drop target views the source no longer has.' }),

  sync_window_cron: cron({
    section: WINDOW,
    description: 'Cron expression (minute hour day month weekday) for when a window opens, e.g. 0 1 * * * for 01:00 daily. Empty: always open. Running jobs always finish.',
  }),
  sync_window_minutes: int(60, { min: 1, max: 10_080 }, { section: WINDOW, description: 'How long each window stays open, in minutes.' }),

  transfer_mode: oneOf('replication', ['replication', 's3'] as const, {
    section: TRANSFER,
    reload: 'restart',
    description:
      'replication: target BEs pull data from source BEs (they must reach each other). s3: BACKUP on the source and RESTORE on the target through the repository s3_repository (for clusters whose BEs cannot reach each other).',
  }),
  s3_repository: text('', {
    section: TRANSFER,
    reload: 'restart',
    pattern: IDENTIFIER,
    patternExpected: 'a repository name (letters, digits, _ and -)',
    description:
      'With transfer_mode=s3: a repository that exists on both clusters for the same location (CREATE REPOSITORY ... ON LOCATION "s3a://bucket/path" on each; READ ONLY is enough on the target).',
  }),

  http_port: int(0, { min: 0, max: 65535 }, {
    section: HTTP,
    reload: 'restart',
    description: 'Port of the HTTP API (/api/v1/...), the Prometheus metrics (/metrics) and the status page (/). 0: off.',
  }),
  http_bind: host(
    {
      section: HTTP,
      reload: 'restart',
      description: 'Address the HTTP API listens on. Anything but a loopback address (127.0.0.1, ::1, localhost) needs http_token.',
    },
    '127.0.0.1',
  ),
  http_token: text('', {
    section: HTTP,
    secret: true,
    reload: 'restart',
    pattern: /^[!-~]{16,}$/,
    patternExpected: 'at least 16 printable characters without spaces',
    description: 'Bearer token every HTTP request must carry (Authorization: Bearer <token>). Empty: no token, allowed only on a loopback address.',
  }),
} as const;

export type SchemaKey = keyof typeof SCHEMA;
type ValueOf<S> = S extends KeySpec<infer T> ? T : never;
export type SyncSettings = { readonly [K in SchemaKey]: ValueOf<(typeof SCHEMA)[K]> };

export const SCHEMA_KEYS = Object.keys(SCHEMA) as SchemaKey[];

export function specOf(key: SchemaKey): KeySpec<unknown> {
  return SCHEMA[key] as KeySpec<unknown>;
}
