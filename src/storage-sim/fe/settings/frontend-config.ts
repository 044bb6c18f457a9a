// FE configuration items (ADMIN SHOW / SET FRONTEND CONFIG): the ones the migration tool's
// documentation and the engine itself rely on, with StarRocks' names, types and defaults.
// Changes are persisted in the catalogue, so they survive an FE restart.
import { SimError } from '../sim-error.js';

type ConfigType = 'boolean' | 'int' | 'long' | 'String';

interface ConfigItem {
  type: ConfigType;
  defaultValue: string;
  mutable: boolean;
  comment: string;
}

export const FRONTEND_CONFIG: Record<string, ConfigItem> = {
  enable_legacy_compatibility_for_replication: { type: 'boolean', defaultValue: 'false', mutable: true, comment: 'replication between clusters of different versions' },
  lake_compaction_max_tasks: { type: 'int', defaultValue: '-1', mutable: true, comment: 'compaction tasks; 0 disables background compaction (this engine applies it to its BEs too)' },
  replication_max_parallel_table_count: { type: 'int', defaultValue: '100', mutable: true, comment: 'tables replicating at once' },
  replication_max_parallel_replica_count: { type: 'int', defaultValue: '10240', mutable: true, comment: 'tablet replicas replicating at once' },
  replication_max_parallel_data_size_mb: { type: 'int', defaultValue: '1048576', mutable: true, comment: 'data replicating at once, MB' },
  replication_transaction_timeout_sec: { type: 'long', defaultValue: '86400', mutable: true, comment: 'timeout of a replication transaction' },
  // 100 before 3.1.0; every release the engine plays has 1000 (3.1.0 release notes, common/Config.java).
  max_running_txn_num_per_db: { type: 'long', defaultValue: '1000', mutable: true, comment: 'running load transactions per database' },
  label_keep_max_second: { type: 'int', defaultValue: '259200', mutable: true, comment: 'how long finished load labels are kept' },
  label_clean_interval_second: { type: 'int', defaultValue: '14400', mutable: false, comment: 'how often finished load labels older than label_keep_max_second are forgotten' },
  max_load_timeout_second: { type: 'int', defaultValue: '259200', mutable: true, comment: 'longest timeout a load other than Stream Load may ask for' },
  max_stream_load_timeout_second: { type: 'int', defaultValue: '259200', mutable: true, comment: 'longest timeout a Stream Load may ask for' },
  min_load_timeout_second: { type: 'int', defaultValue: '1', mutable: true, comment: 'shortest timeout any load may ask for' },
  stream_load_default_timeout_second: { type: 'int', defaultValue: '600', mutable: true, comment: 'default Stream Load timeout' },
  broker_load_default_timeout_second: { type: 'int', defaultValue: '14400', mutable: true, comment: 'default Broker Load timeout' },
  desired_max_waiting_jobs: { type: 'int', defaultValue: '1024', mutable: true, comment: 'Broker Load jobs waiting to be scheduled before new ones are refused (seed 004: 1024 from v2.5)' },
  insert_load_default_timeout_second: { type: 'int', defaultValue: '3600', mutable: true, comment: 'default INSERT timeout' },
  tablet_create_timeout_second: { type: 'int', defaultValue: '10', mutable: true, comment: 'timeout of creating a tablet on a BE' },
  default_replication_num: { type: 'int', defaultValue: '3', mutable: true, comment: 'replicas of a table created without replication_num' },
  dynamic_partition_enable: { type: 'boolean', defaultValue: 'true', mutable: true, comment: 'whether the dynamic partition scheduler creates and drops partitions at all' },
  dynamic_partition_check_interval_seconds: { type: 'long', defaultValue: '600', mutable: true, comment: 'how often the dynamic partition scheduler runs' },
  max_dynamic_partition_num: { type: 'int', defaultValue: '500', mutable: true, comment: 'most partitions dynamic_partition.end plus history_partition_num may ask for' },
  catalog_trash_expire_second: { type: 'long', defaultValue: '86400', mutable: true, comment: 'how long dropped objects can be recovered' },
  run_mode: { type: 'String', defaultValue: 'shared_nothing', mutable: false, comment: 'shared_nothing or shared_data' },
  query_port: { type: 'int', defaultValue: '9030', mutable: false, comment: 'MySQL protocol port' },
  http_port: { type: 'int', defaultValue: '8030', mutable: false, comment: 'HTTP port' },
  rpc_port: { type: 'int', defaultValue: '9020', mutable: false, comment: 'Thrift port' },
};

export function validateConfigValue(key: string, value: string): void {
  const item = FRONTEND_CONFIG[key];
  if (!item) throw SimError.invalid(`Config '${key}' does not exist`);
  if (!item.mutable) throw SimError.invalid(`Config '${key}' is not mutable`);
  const ok =
    item.type === 'boolean' ? /^(true|false)$/i.test(value) : item.type === 'String' ? true : /^-?\d+$/.test(value);
  if (!ok) throw SimError.invalid(`Invalid value '${value}' for config '${key}': expected ${item.type === 'boolean' ? 'true or false' : 'an integer'}`);
}

/** Effective values: defaults, overridden by the startup values (ports) and persisted changes. */
export class FrontendConfig {
  constructor(
    private readonly persisted: Record<string, string>,
    /** fe.conf values, and the ports the FE really listens on (set once bound). */
    readonly startup: Record<string, string> = {},
  ) {}

  get(key: string): string {
    const value = this.persisted[key] ?? this.startup[key] ?? FRONTEND_CONFIG[key]?.defaultValue;
    if (value === undefined) throw new Error(`unknown FE config ${key}`);
    return value;
  }

  getInt(key: string): number {
    return Number(this.get(key));
  }

  getBool(key: string): boolean {
    return this.get(key).toLowerCase() === 'true';
  }

  /** Rows of ADMIN SHOW FRONTEND CONFIG: Key, AliasNames, Value, Type, IsMutable, Comment. */
  rows(likePattern?: (key: string) => boolean): string[][] {
    return Object.entries(FRONTEND_CONFIG)
      .filter(([key]) => !likePattern || likePattern(key))
      .map(([key, item]) => [key, '[]', this.get(key), item.type, String(item.mutable), item.comment]);
  }
}
