// What the DDL diff needs to know besides the two catalogues: which data is selected, and the
// settings that decide what may be created and dropped. A subset of SyncSettings, so the daemon
// passes its live settings as they are and tests spell out only these keys.
import type { SyncSettings } from '../config/schema.js';
import type { DataRules } from '../config/data-rules.js';
import type { SyncedFrom } from './source-partition-ids.js';
import type { TableKey } from '../meta/table-key.js';

export const DIFF_SETTING_KEYS = [
  'ddl_job_allow_drop_target_only',
  'ddl_job_allow_drop_schema_change_table',
  'ddl_job_allow_drop_inconsistent_partition',
  'ddl_job_allow_drop_inconsistent_time_partition',
  'ddl_job_allow_drop_partition_target_only',
  'enable_view_sync',
  'ddl_job_allow_drop_inconsistent_view',
  'ddl_job_allow_drop_view_target_only',
  'enable_materialized_view_sync',
  'ddl_job_allow_drop_inconsistent_materialized_view',
  'ddl_job_allow_drop_materialized_view_target_only',
] as const satisfies readonly (keyof SyncSettings)[];

/** transfer_mode decides how target partitions are judged (see Lineage); replication when absent. */
export type DiffSettings = Pick<SyncSettings, (typeof DIFF_SETTING_KEYS)[number]> & Partial<Pick<SyncSettings, 'transfer_mode'>>;

/** The settings keys that can keep a drop from happening. */
export type DropSwitch = Extract<keyof DiffSettings, `ddl_job_allow_drop_${string}`>;

export interface DiffOptions {
  rules: DataRules;
  settings: DiffSettings;
  /** Where the clusters print no version epochs: the source partition each target partition follows. */
  syncedFrom?: SyncedFrom;
  /** Tables an operator asked to copy afresh (POST .../resync): dropped and re-created as a schema change would be. */
  resync?: ReadonlySet<TableKey>;
}

/** The finding a resync's drop gives as its reason. */
export const RESYNC_FINDING = 'a resync was asked for';
