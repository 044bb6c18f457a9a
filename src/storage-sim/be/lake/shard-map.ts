// Which tablets of this compute node are shared-data tablets, and where each lives (volume and
// path): what the node needs to find a tablet again in the object store once its cache is gone.
// Kept beside the cache, not in it, so wiping the cache keeps it. It holds no credentials: the
// volumes' connections come from the FE (heartbeats and tablet creation) and stay in memory.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { LakeTabletLocation } from '../../common/be-api.js';
import { writeJsonAtomic } from '../storage/atomic-file.js';

export class ShardMap {
  private readonly shards = new Map<number, LakeTabletLocation>();

  constructor(private readonly path: string) {
    if (!existsSync(path)) return;
    const saved = JSON.parse(readFileSync(path, 'utf8')) as Record<string, LakeTabletLocation>;
    for (const [id, location] of Object.entries(saved)) this.shards.set(Number(id), location);
  }

  get(tabletId: number): LakeTabletLocation | undefined {
    return this.shards.get(tabletId);
  }

  has(tabletId: number): boolean {
    return this.shards.has(tabletId);
  }

  add(entries: readonly { tabletId: number; location: LakeTabletLocation }[]): void {
    if (entries.length === 0) return;
    for (const { tabletId, location } of entries) this.shards.set(tabletId, location);
    this.save();
  }

  remove(tabletIds: readonly number[]): void {
    let changed = false;
    for (const id of tabletIds) changed = this.shards.delete(id) || changed;
    if (changed) this.save();
  }

  private save(): void {
    mkdirSync(dirname(this.path), { recursive: true });
    writeJsonAtomic(this.path, Object.fromEntries(this.shards));
  }
}
