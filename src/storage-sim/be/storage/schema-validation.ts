// Checks of a tablet schema given to createTablet and updateSchema. The store supports adding
// and dropping value columns; key columns and column types are fixed for a tablet's life
// (changing them means rewriting the data, which StarRocks does by creating new tablets).
import type { ColumnType } from '../../common/column-types.js';
import { parseValue } from '../../common/values.js';
import { StorageError } from './storage-errors.js';
import type { KeysType, StorageColumn, TabletSchema } from './tablet-meta.js';

const KEYS_TYPES: readonly KeysType[] = ['DUP_KEYS', 'PRIMARY_KEYS', 'UNIQUE_KEYS', 'AGG_KEYS'];

export function validateSchema(schema: TabletSchema): void {
  const where = `tablet ${schema.tabletId}`;
  if (!Number.isSafeInteger(schema.tabletId) || schema.tabletId <= 0) throw new StorageError(`invalid tablet id ${schema.tabletId}`);
  if (!KEYS_TYPES.includes(schema.keysType)) throw new StorageError(`${where}: unknown keys type ${String(schema.keysType)}`);
  if (schema.columns.length === 0) throw new StorageError(`${where}: a tablet needs at least one column`);
  const names = new Set<string>();
  for (const column of schema.columns) {
    if (names.has(column.name)) throw new StorageError(`${where}: duplicate column ${column.name}`);
    names.add(column.name);
    if (column.defaultValue !== undefined) parseValue(column.type, column.defaultValue);
  }
  if (schema.keysType !== 'DUP_KEYS' && schema.keyColumns.length === 0) throw new StorageError(`${where}: ${schema.keysType} needs key columns`);
  for (const key of schema.keyColumns) {
    if (!names.has(key)) throw new StorageError(`${where}: key column ${key} is not a column`);
  }
}

/** Checks that `next` only adds or drops value columns of `current`; returns the dropped names. */
export function validateSchemaChange(current: TabletSchema, next: readonly StorageColumn[]): string[] {
  validateSchema({ ...current, columns: [...next] });
  const where = `tablet ${current.tabletId}`;
  const byName = new Map(next.map((c) => [c.name, c]));
  for (const old of current.columns) {
    const now = byName.get(old.name);
    if (now && !sameType(now.type, old.type)) {
      throw new StorageError(`${where}: changing the type of column ${old.name} is not supported`);
    }
    if (now && now.isKey !== old.isKey) throw new StorageError(`${where}: column ${old.name} cannot change between key and value`);
  }
  const oldNames = new Set(current.columns.map((c) => c.name));
  for (const column of next) {
    if (!oldNames.has(column.name) && column.isKey && current.keysType !== 'DUP_KEYS') {
      throw new StorageError(`${where}: adding key column ${column.name} to a ${current.keysType} tablet is not supported`);
    }
  }
  return current.columns.filter((c) => !byName.has(c.name)).map((c) => c.name);
}

function sameType(a: ColumnType, b: ColumnType): boolean {
  return a.name === b.name && (a.length ?? null) === (b.length ?? null) && (a.scale ?? null) === (b.scale ?? null);
}
