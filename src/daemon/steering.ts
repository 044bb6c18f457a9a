// What an operator asked of the running daemon through the HTTP API (or `cluster-sync pause` and
// friends): the whole daemon, a database or a table paused, and tables to copy afresh. Pure: the
// commands are checked against the last catalogue and the data rules, and answer in words. Kept
// in sync-state.json with the rest of what must survive a restart: a pause holds across restarts.
//
// A pause holds back new work only: no new replication job or DDL statement starts for what is
// paused, while jobs already running finish and the catalogues are still read (the status stays
// current). A resync drops and re-creates one table on the next round, under the drop switch that
// governs a schema change (ddl_job_allow_drop_schema_change_table), then copies it whole.
import { isTableSelected } from '../config/data-rules.js';
import type { DataRules } from '../config/data-rules.js';
import type { ClusterCatalog } from '../meta/catalog-model.js';
import { tableKey, type TableKey } from '../meta/table-key.js';

export interface TableRef {
  readonly db: string;
  readonly table: string;
}

export interface Steering {
  /** The whole daemon is paused. */
  readonly pausedAll: boolean;
  readonly pausedDatabases: readonly string[];
  readonly pausedTables: readonly TableRef[];
  /** Tables to drop and copy afresh, until their drop has run. */
  readonly resync: readonly TableRef[];
}

export const NO_STEERING: Steering = { pausedAll: false, pausedDatabases: [], pausedTables: [], resync: [] };

/** Where a command applies: the whole daemon, a database or a table. */
export type Scope = { kind: 'all' } | { kind: 'database'; db: string } | { kind: 'table'; db: string; table: string };

export type SteeringCommand = { kind: 'pause'; scope: Scope } | { kind: 'resume'; scope: Scope } | { kind: 'resync'; db: string; table: string };

export type CommandAnswer = { ok: true; steering: Steering; message: string } | { ok: false; status: 404 | 409; message: string };

const sameTable = (a: TableRef, b: TableRef) => a.db === b.db && a.table === b.table;
const describeScope = (scope: Scope) => (scope.kind === 'all' ? 'the daemon' : scope.kind === 'database' ? `database ${scope.db}` : `table ${scope.db}.${scope.table}`);

/** Why new work for `db` (or `db.table`) is held back, or null when it is not. */
export function pausedReason(steering: Steering, db: string, table?: string): string | null {
  if (steering.pausedAll) return 'paused: the whole daemon is paused';
  if (steering.pausedDatabases.includes(db)) return `paused: database ${db} is paused`;
  if (table !== undefined && steering.pausedTables.some((t) => t.db === db && t.table === table)) return `paused: table ${db}.${table} is paused`;
  return null;
}

export function isPaused(steering: Steering): boolean {
  return steering.pausedAll || steering.pausedDatabases.length > 0 || steering.pausedTables.length > 0;
}

export function resyncKeys(steering: Steering): ReadonlySet<TableKey> {
  return new Set(steering.resync.map((t) => tableKey(t.db, t.table)));
}

/** The steering once the resync of `done` tables ran (their drop is done; the copy follows by itself). */
export function resyncDone(steering: Steering, done: readonly TableRef[]): Steering {
  const resync = steering.resync.filter((t) => !done.some((d) => sameTable(d, t)));
  return resync.length === steering.resync.length ? steering : { ...steering, resync };
}

export interface CommandFacts {
  /** The last source catalogue read; undefined before the first round. */
  source: ClusterCatalog | undefined;
  rules: DataRules;
}

function knownScope(scope: Scope, facts: CommandFacts): string | null {
  if (scope.kind === 'all' || !facts.source) return null;
  const db = facts.source.databases.get(scope.db);
  if (!db) return `database ${scope.db} is not on the source`;
  if (scope.kind === 'table' && !db.tables.has(scope.table)) return `table ${scope.db}.${scope.table} is not on the source`;
  return null;
}

export function applyCommand(steering: Steering, command: SteeringCommand, facts: CommandFacts): CommandAnswer {
  switch (command.kind) {
    case 'pause': {
      const unknown = knownScope(command.scope, facts);
      if (unknown) return { ok: false, status: 404, message: unknown };
      const { scope } = command;
      const next: Steering =
        scope.kind === 'all'
          ? { ...steering, pausedAll: true }
          : scope.kind === 'database'
            ? { ...steering, pausedDatabases: steering.pausedDatabases.includes(scope.db) ? steering.pausedDatabases : [...steering.pausedDatabases, scope.db] }
            : { ...steering, pausedTables: steering.pausedTables.some((t) => sameTable(t, scope)) ? steering.pausedTables : [...steering.pausedTables, { db: scope.db, table: scope.table }] };
      return { ok: true, steering: next, message: `${describeScope(scope)} paused: no new jobs start for it; running jobs finish` };
    }
    case 'resume': {
      const unknown = knownScope(command.scope, facts);
      if (unknown) return { ok: false, status: 404, message: unknown };
      const { scope } = command;
      // Resuming the daemon lifts every pause; resuming a database or table lifts its own.
      const next: Steering =
        scope.kind === 'all'
          ? { ...steering, pausedAll: false, pausedDatabases: [], pausedTables: [] }
          : scope.kind === 'database'
            ? { ...steering, pausedDatabases: steering.pausedDatabases.filter((db) => db !== scope.db), pausedTables: steering.pausedTables.filter((t) => t.db !== scope.db) }
            : { ...steering, pausedTables: steering.pausedTables.filter((t) => !sameTable(t, scope)) };
      const still = scope.kind === 'all' ? null : pausedReason(next, scope.db, scope.kind === 'table' ? scope.table : undefined);
      return { ok: true, steering: next, message: still ? `${describeScope(scope)} resumed, but still ${still}` : `${describeScope(scope)} resumed` };
    }
    case 'resync': {
      const ref = { db: command.db, table: command.table };
      if (!isTableSelected(facts.rules, ref.db, ref.table)) return { ok: false, status: 409, message: `${ref.db}.${ref.table} is not selected by include_data_list / exclude_data_list: it is not synced` };
      if (!facts.source) return { ok: false, status: 409, message: 'the source catalogue has not been read yet: try again after the first round' };
      const table = facts.source.databases.get(ref.db)?.tables.get(ref.table);
      if (!table) return { ok: false, status: 404, message: `table ${ref.db}.${ref.table} is not on the source` };
      if (table.kind !== 'table') return { ok: false, status: 409, message: `${ref.db}.${ref.table} is a ${table.kind.replace('_', ' ')}: only tables hold data to copy` };
      if (steering.resync.some((t) => sameTable(t, ref))) return { ok: true, steering, message: `${ref.db}.${ref.table} is already to be resynced` };
      return {
        ok: true,
        steering: { ...steering, resync: [...steering.resync, ref] },
        message: `${ref.db}.${ref.table} is dropped and copied afresh from the next round (as ddl_job_allow_drop_schema_change_table allows)`,
      };
    }
  }
}
