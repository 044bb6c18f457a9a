// Per kind of catalogue object (table, view, materialized view): which setting turns its sync on,
// which switch lets a target-only one be dropped, and the create and drop tasks for it, so the
// diff treats the three kinds with one set of rules.
import type { TableModel } from '../meta/catalog-model.js';
import type { DdlTask, DropSwitch } from './ddl-plan.js';
import type { DiffSettings } from './diff-options.js';
import { Phase } from './task-order.js';

export type ObjectKind = TableModel['kind'];

export const KIND_LABEL: Readonly<Record<ObjectKind, string>> = {
  table: 'table',
  view: 'view',
  materialized_view: 'materialized view',
};

/** Tables are always synced; views and materialized views only when their switch is on. */
export function isKindSynced(kind: ObjectKind, settings: DiffSettings): boolean {
  if (kind === 'view') return settings.enable_view_sync;
  if (kind === 'materialized_view') return settings.enable_materialized_view_sync;
  return true;
}

export const TARGET_ONLY_SWITCH: Readonly<Record<ObjectKind, DropSwitch>> = {
  table: 'ddl_job_allow_drop_target_only',
  view: 'ddl_job_allow_drop_view_target_only',
  materialized_view: 'ddl_job_allow_drop_materialized_view_target_only',
};

/** The phase a create of this kind runs in. */
export const CREATE_PHASE: Readonly<Record<ObjectKind, Phase>> = {
  table: Phase.CreateTables,
  view: Phase.Views,
  materialized_view: Phase.MaterializedViews,
};

export function createTask(kind: ObjectKind, db: string, table: string, reason: string): DdlTask {
  if (kind === 'view') return { kind: 'create_view', db, table, reason };
  if (kind === 'materialized_view') return { kind: 'create_materialized_view', db, table, reason };
  return { kind: 'create_table', db, table, reason };
}

export function dropTask(kind: ObjectKind, db: string, table: string, reason: string, recreate: boolean, allowedBy: DropSwitch): DdlTask {
  if (kind === 'view') return { kind: 'drop_view', db, table, reason, recreate, allowedBy };
  if (kind === 'materialized_view') return { kind: 'drop_materialized_view', db, table, reason, recreate, allowedBy };
  return { kind: 'drop_table', db, table, reason, recreate, allowedBy };
}

export function dropKind(kind: ObjectKind): 'drop_table' | 'drop_view' | 'drop_materialized_view' {
  return kind === 'table' ? 'drop_table' : kind === 'view' ? 'drop_view' : 'drop_materialized_view';
}

/**
 * Where the drop that makes room for a create runs: a table (dropped or replacing) is a
 * table-level task, before every create; a view or materialized view replaced by its own kind is
 * dropped right before its create, in that create's phase.
 */
export function recreateDropPhase(dropped: ObjectKind, replacement: ObjectKind): Phase {
  if (dropped === 'table' || replacement === 'table') return Phase.DropsBeforeRecreate;
  return CREATE_PHASE[replacement];
}
