// Space used by a backend data directory. Snapshots are hard links to tablet files, so bytes are
// counted once per inode: totalBytes is what the directory really occupies, and snapshotBytes
// only what snapshots alone keep alive (files compaction or a drop removed from the tablets).
import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { StoreLayout } from './store-layout.js';

export interface DiskUsage {
  totalBytes: number;
  /** Files under the tablet directories (data and metas). */
  dataBytes: number;
  /** Files only snapshots reference. */
  snapshotBytes: number;
  tabletCount: number;
}

function walk(dir: string, visit: (ino: string, size: number) => void): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return; // removed while we looked
  }
  for (const name of names) {
    const path = join(dir, name);
    try {
      const st = lstatSync(path);
      if (st.isDirectory()) walk(path, visit);
      else visit(`${st.dev}:${st.ino}`, st.size);
    } catch {
      // removed while we looked
    }
  }
}

export function measureDiskUsage(layout: StoreLayout, tabletCount: number): DiskUsage {
  const seen = new Set<string>();
  let dataBytes = 0;
  let snapshotBytes = 0;
  walk(layout.data, (ino, size) => {
    if (seen.has(ino)) return;
    seen.add(ino);
    dataBytes += size;
  });
  walk(layout.snapshot, (ino, size) => {
    if (seen.has(ino)) return;
    seen.add(ino);
    snapshotBytes += size;
  });
  let otherBytes = 0;
  walk(layout.trash, (ino, size) => {
    if (!seen.has(ino)) otherBytes += size;
  });
  return { totalBytes: dataBytes + snapshotBytes + otherBytes, dataBytes, snapshotBytes, tabletCount };
}
