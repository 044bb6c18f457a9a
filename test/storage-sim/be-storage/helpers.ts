// Shared fixtures of the tablet storage tests: schemas and small helpers to load and read rows.
import type { Value } from '../../../src/storage-sim/common/column-types.js';
import type { CreateTabletRequest, RowOp, TabletStore } from '../../../src/storage-sim/be/storage/index.js';

export function dupTablet(tabletId: number): CreateTabletRequest {
  return {
    tabletId,
    schemaHash: 1001,
    keysType: 'DUP_KEYS',
    keyColumns: ['id'],
    columns: [
      { name: 'id', type: { name: 'INT' }, isKey: true },
      { name: 'name', type: { name: 'VARCHAR', length: 64 }, isKey: false },
      { name: 'amount', type: { name: 'DECIMAL', length: 12, scale: 2 }, isKey: false },
    ],
  };
}

export function pkTablet(tabletId: number): CreateTabletRequest {
  return {
    tabletId,
    schemaHash: 2002,
    keysType: 'PRIMARY_KEYS',
    keyColumns: ['k1', 'k2'],
    columns: [
      { name: 'k1', type: { name: 'BIGINT' }, isKey: true },
      { name: 'k2', type: { name: 'VARCHAR', length: 20 }, isKey: true },
      { name: 'v', type: { name: 'INT' }, isKey: false },
    ],
  };
}

/** Writes rows as transaction `txnId` and publishes it as `version`. */
export async function load(store: TabletStore, tabletId: number, txnId: number, version: number, rows: Value[][], ops?: RowOp | RowOp[]): Promise<void> {
  const writer = store.openPendingWriter(tabletId, txnId);
  await writer.write(rows, ops);
  await writer.close();
  store.publish(tabletId, txnId, version);
}

export async function readAll(store: TabletStore, tabletId: number, version: number, columns?: string[]): Promise<Value[][]> {
  const rows: Value[][] = [];
  for await (const row of store.scan(tabletId, version, columns)) rows.push(row);
  return rows;
}

/** Rows in a stable order, for comparing reads whose order is not defined. */
export function sorted(rows: Value[][]): Value[][] {
  return [...rows].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
}
