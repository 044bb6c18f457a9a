// The order a database-level backup takes its objects in (seed 002): base tables first, then
// materialized views, each after the tables and views it reads, so a restore can recreate them in
// the same order. A view's base outside the database only earns a note: it does not stop the backup.
import { parseStatement } from '../../sql/parser.js';
import type { DatabaseMeta, MaterializedViewMeta, OlapTableMeta } from '../catalog/model.js';

/** The table a materialized view reads, when its query names one in this database. */
function baseOf(view: MaterializedViewMeta, db: DatabaseMeta): string | undefined {
  try {
    const stmt = parseStatement(view.queryText);
    const from = stmt.kind === 'select' ? stmt.from?.table : undefined;
    if (!from || (from.db !== undefined && from.db !== db.name)) return undefined;
    return from.name;
  } catch {
    return undefined; // a query the parser does not follow: ordered after every table anyway
  }
}

export interface BackupOrder {
  tables: OlapTableMeta[];
  materializedViews: MaterializedViewMeta[];
  /** Materialized views whose base table is not in the database. */
  missingBases: { view: string; base: string | undefined }[];
}

export function backupOrder(db: DatabaseMeta): BackupOrder {
  const tables = db.tables.filter((t): t is OlapTableMeta => t.kind === 'OLAP');
  const views = db.tables.filter((t): t is MaterializedViewMeta => t.kind === 'MATERIALIZED_VIEW');
  const placed = new Set(tables.map((t) => t.name));
  const ordered: MaterializedViewMeta[] = [];
  const missingBases: BackupOrder['missingBases'] = [];
  let pending = views;
  // Views on views: place each once its base is placed; whatever is left has its base elsewhere.
  while (pending.length > 0) {
    const ready = pending.filter((v) => {
      const base = baseOf(v, db);
      return base !== undefined && placed.has(base);
    });
    if (ready.length === 0) break;
    for (const view of ready) placed.add(view.name);
    ordered.push(...ready);
    pending = pending.filter((v) => !ready.includes(v));
  }
  for (const view of pending) missingBases.push({ view: view.name, base: baseOf(view, db) });
  return { tables, materializedViews: [...ordered, ...pending], missingBases };
}
