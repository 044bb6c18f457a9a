// Groups information_schema rows by (database, table) in one pass. A map of maps, not a map keyed
// by a string built per row: at 100,000 partition rows the keys alone would cost more than the
// grouping, and names may hold any character, so no separator could be trusted.
import type { Row } from '../cluster/fe-client.js';

const str = (value: unknown): string => (value === null || value === undefined ? '' : String(value));

export class RowsByTable<T> {
  private readonly databases = new Map<string, Map<string, T[]>>();

  add(db: string, table: string, item: T): void {
    let tables = this.databases.get(db);
    if (!tables) this.databases.set(db, (tables = new Map()));
    let items = tables.get(table);
    if (!items) tables.set(table, (items = []));
    items.push(item);
  }

  /** The items of one table, in the order they were added; [] when it has none. */
  get(db: string, table: string): T[] {
    return this.databases.get(db)?.get(table) ?? [];
  }

  /** The first item of one table, if any. */
  first(db: string, table: string): T | undefined {
    return this.databases.get(db)?.get(table)?.[0];
  }
}

/**
 * Rows of information_schema (TABLE_SCHEMA, or DB_NAME in partitions_meta, and TABLE_NAME), each
 * turned into what is kept as it is grouped, so the rows themselves can go as soon as read.
 */
export function groupRows<T>(rows: readonly Row[], convert: (row: Row) => T): RowsByTable<T> {
  const grouped = new RowsByTable<T>();
  for (const row of rows) grouped.add(str(row.TABLE_SCHEMA ?? row.DB_NAME), str(row.TABLE_NAME), convert(row));
  return grouped;
}
