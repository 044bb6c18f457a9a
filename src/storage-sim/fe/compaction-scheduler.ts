// Background compaction, scheduled by the FE: once a partition has gathered enough new versions
// since it was last compacted, every replica of its tablets merges its rowsets up to the visible
// version (never past it: a version not yet visible everywhere must stay separate). Turned off
// with lake_compaction_max_tasks = 0, as seed 003 asks of migration targets; after a merge,
// incremental snapshots of the merged versions can no longer be served.
import { physicalPartitionsOf } from './catalog/partitions.js';
import type { FeContext } from './fe-context.js';
import { isHealthy } from './catalog/write-quorum.js';

/** New versions in a partition before its tablets are compacted. */
export const VERSIONS_BEFORE_COMPACTION = 10;

export class CompactionScheduler {
  /** Partition id -> the visible version it was last compacted at (in memory: a restart just compacts again). */
  private readonly compactedAt = new Map<number, number>();
  private running = false;

  constructor(private readonly ctx: FeContext) {}

  enabled(): boolean {
    return this.ctx.config.getInt('lake_compaction_max_tasks') !== 0;
  }

  async tick(): Promise<void> {
    if (this.running || !this.enabled()) return;
    this.running = true;
    try {
      for (const db of this.ctx.store.state.databases) {
        for (const table of db.tables) {
          // A table being restored gets its data at commit: nothing to merge before.
          if (table.kind !== 'OLAP' || table.state !== 'NORMAL') continue;
          for (const partition of physicalPartitionsOf(table)) {
            const since = partition.visibleVersion - (this.compactedAt.get(partition.id) ?? 1);
            if (since < VERSIONS_BEFORE_COMPACTION) continue;
            const version = partition.visibleVersion;
            const results = await Promise.allSettled(
              partition.tablets.flatMap((t) => t.replicas.filter(isHealthy).map((r) => this.ctx.backends.client(r.backendId).compact({ tabletId: t.id, version }))),
            );
            if (results.every((r) => r.status === 'fulfilled')) this.compactedAt.set(partition.id, version);
            if (!this.enabled()) return;
          }
        }
      }
    } finally {
      this.running = false;
    }
  }
}
