// The durable description of one tablet replica: schema, the rowsets that make up its published
// versions and the pending rowsets of transactions not yet published. Kept as one JSON file per
// tablet, replaced atomically on every change; a rowset data file counts only once this file
// references it, so a crash at any point leaves either the old or the new set of rowsets.
import { readFileSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import type { ColumnType } from '../../common/column-types.js';
import { writeJsonAtomic } from './atomic-file.js';
import type { RowsetFileInfo } from './rowset-format.js';

export type KeysType = 'DUP_KEYS' | 'PRIMARY_KEYS' | 'UNIQUE_KEYS' | 'AGG_KEYS';
export type AggregationType = 'SUM' | 'MAX' | 'MIN' | 'REPLACE' | 'REPLACE_IF_NOT_NULL';

export interface StorageColumn {
  name: string;
  type: ColumnType;
  isKey: boolean;
  /** Text of the default value (parsed with the column's type); absent means NULL. */
  defaultValue?: string;
  /** Value columns of AGG_KEYS tables: how versions of a key combine (REPLACE when absent). */
  aggregation?: AggregationType;
}

export interface TabletSchema {
  tabletId: number;
  schemaHash: number;
  keysType: KeysType;
  columns: StorageColumn[];
  keyColumns: string[];
}

export interface CreateTabletRequest extends TabletSchema {
  /** The version the new replica starts at: an empty rowset [0, initialVersion]. Default 1. */
  initialVersion?: number;
}

export interface RowsetMeta {
  rowsetId: string;
  startVersion: number;
  endVersion: number;
  /** Rows stored in the files (for keyed tables before merging with other versions; deletes included). */
  rowCount: number;
  dataBytes: number;
  /** The file's checksum for a one-file rowset, else CRC-32 over the files' checksums; 0 when empty. */
  checksum: number;
  files: RowsetFileInfo[];
  /** Columns in the files that were dropped since they were written: never read from this rowset. */
  hiddenColumns?: string[];
}

export interface PendingRowset {
  txnId: number;
  rowsetId: string;
  files: RowsetFileInfo[];
  hiddenColumns?: string[];
}

export interface TabletMetaState extends TabletSchema {
  format: 1;
  createdAt: number;
  /** Sorted by startVersion; ranges never overlap. */
  rowsets: RowsetMeta[];
  pending: PendingRowset[];
}

export const TABLET_META_FILE = 'meta.json';

export function rowsetChecksum(files: readonly RowsetFileInfo[]): number {
  if (files.length === 0) return 0;
  if (files.length === 1) return files[0]!.checksum;
  const bytes = Buffer.alloc(files.length * 4);
  files.forEach((f, i) => bytes.writeUInt32BE(f.checksum, i * 4));
  return crc32(bytes);
}

export function makeRowsetMeta(rowsetId: string, startVersion: number, endVersion: number, files: RowsetFileInfo[], hiddenColumns?: string[]): RowsetMeta {
  const meta: RowsetMeta = {
    rowsetId,
    startVersion,
    endVersion,
    rowCount: files.reduce((n, f) => n + f.rowCount, 0),
    dataBytes: files.reduce((n, f) => n + f.size, 0),
    checksum: rowsetChecksum(files),
    files,
  };
  if (hiddenColumns && hiddenColumns.length > 0) meta.hiddenColumns = [...hiddenColumns].sort();
  return meta;
}

export function loadTabletMeta(path: string): TabletMetaState {
  const meta = JSON.parse(readFileSync(path, 'utf8')) as TabletMetaState;
  if (meta.format !== 1) throw new Error(`${path}: unsupported tablet meta format ${String(meta.format)}`);
  return meta;
}

export function saveTabletMeta(path: string, meta: TabletMetaState): void {
  writeJsonAtomic(path, meta);
}

/** Every data file name the meta references (published and pending). */
export function referencedFiles(meta: TabletMetaState): Set<string> {
  const names = new Set<string>();
  for (const r of meta.rowsets) for (const f of r.files) names.add(f.name);
  for (const p of meta.pending) for (const f of p.files) names.add(f.name);
  return names;
}
