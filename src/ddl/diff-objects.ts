// Decisions for one name in a database present on both sides (or about to be): a table, view or
// materialized view missing on the target is created; one only on the target is dropped as its
// target-only switch allows; a table whose schema differs, or a view whose definition differs,
// is dropped and re-created as its switch allows (a materialized view's PROPERTIES do not count:
// see materialized-view-definition.ts); matching tables go on to their partitions.
// A kind whose sync is off is left alone entirely, on either side.
import type { MaterializedViewModel, TableModel, ViewModel } from '../meta/catalog-model.js';
import type { DropSwitch } from './ddl-plan.js';
import { RESYNC_FINDING, type DiffSettings } from './diff-options.js';
import { diffPartitions } from './diff-partitions.js';
import { sameMaterializedViewDefinition } from './materialized-view-definition.js';
import { CREATE_PHASE, createTask, dropKind, dropTask, isKindSynced, KIND_LABEL, recreateDropPhase, TARGET_ONLY_SWITCH } from './object-kinds.js';
import type { PlanBuilder } from './plan-builder.js';
import { tableSchemaDifference } from './schema-difference.js';
import { Phase, Step } from './task-order.js';
import type { SyncedFrom } from './source-partition-ids.js';

/** Drop the target object and create the source's in its place, or say which switch keeps it. */
function recreate(source: TableModel, target: TableModel, finding: string, blockedBy: DropSwitch, settings: DiffSettings, plan: PlanBuilder): void {
  const { db, name } = source;
  if (!settings[blockedBy]) {
    plan.block({ db, table: name, wouldBe: dropKind(target.kind), blockedBy, finding });
    return;
  }
  const drop = dropTask(target.kind, db, name, `${finding}; dropped to be re-created`, true, blockedBy);
  plan.add(drop.kind === 'drop_table' ? { ...drop, cause: finding } : drop, recreateDropPhase(target.kind, source.kind), Step.Drop);
  plan.add(createTask(source.kind, db, name, `re-created from the source (${finding})`), CREATE_PHASE[source.kind], Step.Create);
}

export function dropTargetOnly(target: TableModel, settings: DiffSettings, plan: PlanBuilder): void {
  const blockedBy = TARGET_ONLY_SWITCH[target.kind];
  const finding = `${KIND_LABEL[target.kind]} exists only on the target`;
  if (!settings[blockedBy]) {
    plan.block({ db: target.db, table: target.name, wouldBe: dropKind(target.kind), blockedBy, finding });
    return;
  }
  plan.add(dropTask(target.kind, target.db, target.name, finding, false, blockedBy), Phase.TargetOnlyDrops, Step.Drop);
}

const DEFINITION_SWITCH = {
  view: 'ddl_job_allow_drop_inconsistent_view',
  materialized_view: 'ddl_job_allow_drop_inconsistent_materialized_view',
} as const satisfies Record<string, DropSwitch>;

function sameDefinition(source: ViewModel | MaterializedViewModel, target: ViewModel | MaterializedViewModel): boolean {
  if (source.kind === 'materialized_view') return sameMaterializedViewDefinition(source.definition, target.definition);
  return source.definition === target.definition;
}

function diffDefinitions(source: ViewModel | MaterializedViewModel, target: ViewModel | MaterializedViewModel, settings: DiffSettings, plan: PlanBuilder): void {
  if (sameDefinition(source, target)) return;
  recreate(source, target, `the ${KIND_LABEL[source.kind]} definition differs from the source`, DEFINITION_SWITCH[source.kind], settings, plan);
}

/**
 * @param source the object on the source, absent when only the target has the name
 * @param target the object on the target, absent when only the source has it
 */
export function diffObject(
  source: TableModel | undefined,
  target: TableModel | undefined,
  settings: DiffSettings,
  plan: PlanBuilder,
  syncedFrom?: SyncedFrom,
  resync = false,
): void {
  if (!source) {
    if (target && isKindSynced(target.kind, settings)) dropTargetOnly(target, settings, plan);
    return;
  }
  if (!isKindSynced(source.kind, settings)) return;
  if (!target) {
    plan.add(createTask(source.kind, source.db, source.name, `${KIND_LABEL[source.kind]} missing on the target`), CREATE_PHASE[source.kind]);
    return;
  }
  if (!isKindSynced(target.kind, settings)) return;
  if (source.kind !== target.kind) {
    const finding = `schema differs: a ${KIND_LABEL[source.kind]} on the source, a ${KIND_LABEL[target.kind]} on the target`;
    recreate(source, target, finding, 'ddl_job_allow_drop_schema_change_table', settings, plan);
    return;
  }
  if (source.kind === 'table' && target.kind === 'table') {
    // A resync is a drop and a re-create under the same switch as a schema change: it copies everything afresh.
    if (resync) return recreate(source, target, RESYNC_FINDING, 'ddl_job_allow_drop_schema_change_table', settings, plan);
    const difference = tableSchemaDifference(source, target);
    if (difference) recreate(source, target, `schema differs: ${difference}`, 'ddl_job_allow_drop_schema_change_table', settings, plan);
    else diffPartitions(source, target, settings, plan, syncedFrom);
    return;
  }
  if (source.kind !== 'table' && target.kind !== 'table') diffDefinitions(source, target, settings, plan);
}
