// A snapshot directory: hard links to the data files of the rowsets covering a version range,
// plus snapshot.json describing them (schema, ranges, file sizes and checksums). It is what
// replication downloads and what ingestSnapshot takes in; the meta file is written last, so a
// directory without it is incomplete and is removed when the store opens.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RowsetMeta, TabletSchema } from './tablet-meta.js';
import { StorageError } from './storage-errors.js';

export const SNAPSHOT_META_FILE = 'snapshot.json';

export interface SnapshotMeta extends TabletSchema {
  format: 1;
  /** Only fromVersion..toVersion (to be appended to a replica that has the earlier versions). */
  incremental: boolean;
  fromVersion: number;
  toVersion: number;
  /** Oldest first; file names are those in the snapshot directory. */
  rowsets: RowsetMeta[];
  createdAt: number;
}

export interface SnapshotInfo {
  dir: string;
  meta: SnapshotMeta;
}

export function readSnapshotMeta(dir: string): SnapshotMeta {
  const path = join(dir, SNAPSHOT_META_FILE);
  if (!existsSync(path)) throw new StorageError(`${dir} is not a snapshot: ${SNAPSHOT_META_FILE} is missing`);
  const meta = JSON.parse(readFileSync(path, 'utf8')) as SnapshotMeta;
  if (meta.format !== 1) throw new StorageError(`${path}: unsupported snapshot format ${String(meta.format)}`);
  return meta;
}
