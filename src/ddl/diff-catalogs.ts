// The DDL job's decisions: what to create, drop and re-create on the target so that its
// catalogue matches the source's, for the selected databases and tables only, and which drops a
// switch kept from happening. Pure: two catalogues in, a plan out; the executor runs it.
//
// Selection applies to both sides alike, so a target object outside include/exclude is never
// touched (neither dropped nor reported). System databases are never considered.
import type { ClusterCatalog, DatabaseModel, TableModel } from '../meta/catalog-model.js';
import { SYSTEM_DATABASES } from '../meta/catalog-model.js';
import { isDatabaseSelected, isTableSelected, type DataRules } from '../config/data-rules.js';
import type { DdlPlan } from './ddl-plan.js';
import type { DiffOptions, DiffSettings } from './diff-options.js';
import { diffObject, dropTargetOnly } from './diff-objects.js';
import { isKindSynced, TARGET_ONLY_SWITCH } from './object-kinds.js';
import { PlanBuilder } from './plan-builder.js';
import { Phase, Step } from './task-order.js';
import { tableKey } from '../meta/table-key.js';

function selectedDatabaseNames(source: ClusterCatalog, target: ClusterCatalog, rules: DataRules): string[] {
  const names = new Set([...source.databases.keys(), ...target.databases.keys()]);
  return [...names].filter((db) => !SYSTEM_DATABASES.has(db) && isDatabaseSelected(rules, db));
}

function selectedObjects(db: DatabaseModel | undefined, rules: DataRules): Map<string, TableModel> {
  if (!db) return new Map();
  return new Map([...db.tables].filter(([name]) => isTableSelected(rules, db.name, name)));
}

function diffDatabaseObjects(source: DatabaseModel | undefined, target: DatabaseModel | undefined, options: DiffOptions, plan: PlanBuilder): void {
  const sourceObjects = selectedObjects(source, options.rules);
  const targetObjects = selectedObjects(target, options.rules);
  const names = new Set([...sourceObjects.keys(), ...targetObjects.keys()]);
  const dbName = source?.name ?? target!.name;
  for (const name of names) {
    const resync = options.resync?.has(tableKey(dbName, name)) ?? false;
    diffObject(sourceObjects.get(name), targetObjects.get(name), options.settings, plan, options.syncedFrom, resync);
  }
}

/**
 * Whether the whole database may stand for its contents: every object in it is selected and of
 * a kind that is synced, and every view and materialized view in it may be dropped. Tables are
 * left to the caller, as ddl_job_allow_drop_target_only decides the database and its tables alike.
 */
function wholeDatabaseDroppable(target: DatabaseModel, rules: DataRules, settings: DiffSettings): boolean {
  return [...target.tables.values()].every(
    (object) =>
      isTableSelected(rules, target.name, object.name) &&
      isKindSynced(object.kind, settings) &&
      (object.kind === 'table' || settings[TARGET_ONLY_SWITCH[object.kind]]),
  );
}

/**
 * A database only the target has. When dropping it would drop nothing a setting keeps, it is
 * dropped whole, or, with ddl_job_allow_drop_target_only off, reported once (that item stands
 * for its tables). Otherwise it stays, and each selected object in it is decided on its own.
 */
function diffTargetOnlyDatabase(target: DatabaseModel, options: DiffOptions, plan: PlanBuilder): void {
  const { rules, settings } = options;
  const allowed = settings.ddl_job_allow_drop_target_only;
  const whole = wholeDatabaseDroppable(target, rules, settings);
  const finding = 'database exists only on the target';
  if (whole && allowed) {
    plan.add({ kind: 'drop_database', db: target.name, reason: finding, allowedBy: 'ddl_job_allow_drop_target_only' }, Phase.DropDatabases, Step.Drop);
    return;
  }
  if (whole) plan.block({ db: target.name, wouldBe: 'drop_database', blockedBy: 'ddl_job_allow_drop_target_only', finding });
  for (const object of selectedObjects(target, rules).values()) {
    if (whole && object.kind === 'table') continue;
    if (isKindSynced(object.kind, settings)) dropTargetOnly(object, settings, plan);
  }
}

export function diffCatalogs(source: ClusterCatalog, target: ClusterCatalog, options: DiffOptions): DdlPlan {
  const plan = new PlanBuilder();
  for (const name of selectedDatabaseNames(source, target, options.rules)) {
    const sourceDb = source.databases.get(name);
    const targetDb = target.databases.get(name);
    if (!sourceDb && targetDb) {
      diffTargetOnlyDatabase(targetDb, options, plan);
      continue;
    }
    if (!targetDb) plan.add({ kind: 'create_database', db: name, reason: 'database missing on the target' }, Phase.CreateDatabases);
    diffDatabaseObjects(sourceDb, targetDb, options, plan);
  }
  return plan.finish();
}
