// Where a backend data directory keeps things, and how it is tidied when the store opens:
//   <root>/data/<tabletId>/meta.json            the tablet meta (tablet-meta.ts)
//   <root>/data/<tabletId>/<rowsetId>_<n>.dat   rowset data files (rowset-format.ts)
//   <root>/snapshot/<name>/                     snapshots (snapshot-meta.ts)
//   <root>/trash/                               dropped tablets on their way out
// After a crash (even SIGKILL) only renamed files count: temporaries, data files no tablet meta
// references (a load, compaction or ingest that did not reach its meta switch, or old files a
// switch left behind), tablet directories without a meta and incomplete snapshots are removed.
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { SNAPSHOT_META_FILE } from './snapshot-meta.js';
import { loadTabletMeta, referencedFiles, TABLET_META_FILE, type TabletMetaState } from './tablet-meta.js';

export interface StoreLayout {
  root: string;
  data: string;
  snapshot: string;
  trash: string;
}

export function storeLayout(root: string): StoreLayout {
  return { root, data: join(root, 'data'), snapshot: join(root, 'snapshot'), trash: join(root, 'trash') };
}

export function tabletDir(layout: StoreLayout, tabletId: number): string {
  return join(layout.data, String(tabletId));
}

/** Creates the folders, removes leftovers, and returns the tablet metas found. */
export function openLayout(layout: StoreLayout): Map<number, TabletMetaState> {
  for (const dir of [layout.data, layout.snapshot, layout.trash]) mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(layout.trash)) rmSync(join(layout.trash, name), { recursive: true, force: true });
  for (const name of readdirSync(layout.snapshot)) {
    if (!existsSync(join(layout.snapshot, name, SNAPSHOT_META_FILE))) rmSync(join(layout.snapshot, name), { recursive: true, force: true });
  }

  const tablets = new Map<number, TabletMetaState>();
  for (const name of readdirSync(layout.data)) {
    const dir = join(layout.data, name);
    const metaPath = join(dir, TABLET_META_FILE);
    if (!/^\d+$/.test(name) || !existsSync(metaPath)) {
      rmSync(dir, { recursive: true, force: true });
      continue;
    }
    const meta = loadTabletMeta(metaPath);
    const keep = referencedFiles(meta);
    for (const file of readdirSync(dir)) {
      if (file !== TABLET_META_FILE && !keep.has(file)) rmSync(join(dir, file), { recursive: true, force: true });
    }
    tablets.set(meta.tabletId, meta);
  }
  return tablets;
}
