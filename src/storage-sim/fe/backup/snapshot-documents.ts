// The two documents a finished backup leaves beside its data, as StarRocks does:
//   __meta.<md5>        the definitions of what was backed up (tables restricted to the backed-up
//                       partitions, then materialized views: base tables come first)
//   __info_<ts>.<md5>   the job info: database, time, and for each table, partition (with its
//                       version), index and tablet, the files that hold it in the repository
// Both are written as .part and renamed once complete, and checked against their MD5 when read.
import type { RepositoryFile } from '../../common/backup-api.js';
import type { ObjectStore } from '../../common/object-store/object-store.js';
import { infoFilePrefix, metaFileBase, splitChecksum, TEMP_SUFFIX, withChecksum } from '../../common/object-store/repository-layout.js';
import type { MaterializedViewMeta, OlapTableMeta } from '../catalog/model.js';

export interface SnapshotMetaDoc {
  format: 1;
  tables: OlapTableMeta[];
  materialized_views: MaterializedViewMeta[];
}

export interface TabletFiles {
  id: number;
  files: RepositoryFile[];
}

export interface PartitionInfo {
  id: number;
  version: number;
  version_epoch: number;
  indexes: Record<string, { id: number; schema_hash: number; tablets: TabletFiles[] }>;
}

export interface SnapshotInfoDoc {
  name: string;
  database: string;
  id: number;
  backup_time: number;
  backup_timestamp: string;
  backup_objects: Record<string, { id: number; partitions: Record<string, PartitionInfo> }>;
  materialized_views: string[];
}

/** SHOW SNAPSHOT's Details: the snapshot's structure without file lists. */
export function briefOf(info: SnapshotInfoDoc): string {
  const tables = Object.fromEntries(
    Object.entries(info.backup_objects).map(([name, table]) => [
      name,
      { partitions: Object.fromEntries(Object.entries(table.partitions).map(([p, part]) => [p, { version: part.version, tablets: Object.values(part.indexes).reduce((n, i) => n + i.tablets.length, 0) }])) },
    ]),
  );
  return JSON.stringify({ name: info.name, database: info.database, backup_time: info.backup_timestamp, backup_objects: tables, materialized_views: info.materialized_views });
}

/** Uploads a document as <base>.part, then renames it to <base>.<md5>. */
export async function writeDocument(store: ObjectStore, base: string, text: string, signal?: AbortSignal): Promise<string> {
  const md5 = await store.putText(`${base}.${TEMP_SUFFIX}`, text, signal);
  await store.rename(`${base}.${TEMP_SUFFIX}`, withChecksum(base, md5), signal);
  return withChecksum(base, md5);
}

/** Reads the one complete file named <base>.<md5>, checking its MD5. */
async function readDocument(store: ObjectStore, base: string): Promise<string> {
  const found = (await store.list(base)).objects.filter((o) => splitChecksum(o.key)?.name === base);
  if (found.length !== 1) throw new Error(`Expected one file with path: ${store.keyOf(base)}. get: ${found.length}`);
  const key = found[0]!.key;
  const { text, md5 } = await store.getText(key);
  const expected = splitChecksum(key)!.md5;
  if (md5 !== expected) throw new Error(`md5sum does not equal. local: ${md5}, remote: ${expected} (${store.keyOf(key)})`);
  return text;
}

function parse<T>(text: string, what: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`${what} is not valid JSON`);
  }
}

export async function readSnapshotInfo(store: ObjectStore, repo: string, snapshot: string, timestamp: string): Promise<SnapshotInfoDoc> {
  return parse<SnapshotInfoDoc>(await readDocument(store, `${infoFilePrefix(repo, snapshot)}${timestamp}`), `the job info of snapshot ${snapshot}`);
}

export async function readSnapshotMeta(store: ObjectStore, repo: string, snapshot: string): Promise<SnapshotMetaDoc> {
  return parse<SnapshotMetaDoc>(await readDocument(store, metaFileBase(repo, snapshot)), `the meta file of snapshot ${snapshot}`);
}
