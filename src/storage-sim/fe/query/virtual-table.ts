// What an information_schema table is to the query engine (its columns, and its rows computed
// from the catalogue when scanned), and the helpers the tables share to describe and print them.
import type { ColumnType, Value } from '../../common/column-types.js';
import type { DatabaseMeta, TableLike } from '../catalog/model.js';
import type { FeContext } from '../fe-context.js';
import type { ScopeColumn } from './expression.js';

export interface VirtualTable {
  columns: ScopeColumn[];
  /**
   * The rows, as the scan reads them. `wanted` holds the (upper-case) names of the columns the
   * statement refers to, when it can tell; a table may leave the others NULL rather than compute
   * them. A table whose rows need the BEs yields them asynchronously.
   */
  rows(ctx: FeContext, wanted?: ReadonlySet<string>): Iterable<Value[]> | AsyncIterable<Value[]>;
}

/** Column kinds: VARCHAR, BIGINT, DATETIME. */
export type Kind = 'v' | 'n' | 't';

const TYPES: Record<Kind, ColumnType> = { v: { name: 'VARCHAR', length: 65533 }, n: { name: 'BIGINT' }, t: { name: 'DATETIME' } };

export function columns(table: string, spec: readonly (readonly [string, Kind, ...unknown[]])[]): ScopeColumn[] {
  return spec.map(([name, kind]) => ({ name, table, type: TYPES[kind] }));
}

/** BIGINT values travel as exact decimal strings. */
export const n = (value: number): string => String(Math.trunc(value));

export function formatTime(ms: number): string | null {
  if (!(ms > 0)) return null;
  const d = new Date(ms);
  const p = (x: number) => String(x).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** Every table of every database, as the catalogue holds them when the scan starts. */
export function everyTable(ctx: FeContext): [DatabaseMeta, TableLike][] {
  return ctx.store.state.databases.flatMap((db) => db.tables.map((t): [DatabaseMeta, TableLike] => [db, t]));
}
