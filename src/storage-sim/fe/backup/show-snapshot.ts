// SHOW SNAPSHOT ON repo [WHERE SNAPSHOT = 's' [AND TIMESTAMP = 't']], read from the store itself
// (so a second cluster sees what the first backed up): without a timestamp, each snapshot with the
// timestamps of its backups (one per line) and OK, or "ERROR: no snapshot" when none finished;
// with one, that backup's database and Details (its structure, as JSON).
import type { ObjectStore } from '../../common/object-store/object-store.js';
import { infoFilePrefix, snapshotsPrefix, splitChecksum } from '../../common/object-store/repository-layout.js';
import type { Cell } from '../show/show-result.js';
import { SimError } from '../sim-error.js';
import { briefOf, readSnapshotInfo } from './snapshot-documents.js';

export const SNAPSHOT_COLUMNS = ['Snapshot', 'Timestamp', 'Status'];
export const SNAPSHOT_DETAIL_COLUMNS = ['Snapshot', 'Timestamp', 'Database', 'Details', 'Status'];

async function snapshotRow(store: ObjectStore, repo: string, snapshot: string): Promise<Cell[]> {
  const prefix = infoFilePrefix(repo, snapshot);
  try {
    const { objects } = await store.list(prefix);
    const timestamps = objects
      .filter((o) => !o.key.slice(prefix.length).includes('/'))
      .map((o) => {
        const parsed = splitChecksum(o.key);
        return parsed ? parsed.name.slice(prefix.length) : `Invalid: ${o.key.slice(prefix.length - '__info_'.length)}`;
      })
      .sort();
    return [snapshot, timestamps.join('\n'), timestamps.some((t) => !t.startsWith('Invalid: ')) ? 'OK' : 'ERROR: no snapshot'];
  } catch (error) {
    return [snapshot, null, `ERROR: Failed to get info: ${(error as Error).message}`];
  }
}

export async function showSnapshots(store: ObjectStore, repo: string, snapshot?: string, timestamp?: string): Promise<{ columns: string[]; rows: Cell[][] }> {
  if (timestamp !== undefined) {
    if (snapshot === undefined) throw SimError.common('SHOW SNAPSHOT ... WHERE TIMESTAMP needs SNAPSHOT = "<name>" as well');
    try {
      const info = await readSnapshotInfo(store, repo, snapshot, timestamp);
      return { columns: SNAPSHOT_DETAIL_COLUMNS, rows: [[snapshot, timestamp, info.database, briefOf(info), 'OK']] };
    } catch (error) {
      return { columns: SNAPSHOT_DETAIL_COLUMNS, rows: [[snapshot, timestamp, null, null, `Failed to get info: ${(error as Error).message}`]] };
    }
  }
  let names: string[];
  if (snapshot !== undefined) names = [snapshot];
  else {
    const prefix = snapshotsPrefix(repo);
    try {
      names = (await store.list(prefix, '/')).prefixes.map((p) => p.slice(prefix.length, -1)).sort();
    } catch (error) {
      throw SimError.common(`Failed to list snapshot in repo: ${repo}, err: ${(error as Error).message}`);
    }
  }
  return { columns: SNAPSHOT_COLUMNS, rows: await Promise.all(names.map((name) => snapshotRow(store, repo, name))) };
}
