// Background compaction, scheduled by the FE: once a partition has gathered enough new versions
// since it was last compacted, its tablets merge their rowsets up to the visible version (never
// past it: a version not yet visible everywhere must stay separate). On shared-nothing every
// replica merges in place and the versions do not change; on shared-data the merge is a
// transaction that publishes a version of its own (lake-compaction.ts). Turned off with
// lake_compaction_max_tasks = 0, as seed 003 asks of migration targets; after a merge,
// incremental snapshots of the merged versions can no longer be served.
import { physicalPartitionsOf } from './catalog/partitions.js';
import type { DatabaseMeta, OlapTableMeta, PartitionMeta } from './catalog/model.js';
import type { FeContext } from './fe-context.js';
import { isHealthy } from './catalog/write-quorum.js';
import { compactLakePartition } from './lake-compaction.js';

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
            const compactedAt = this.ctx.runMode === 'shared_data' ? await this.compactLake(db, table, partition) : await this.compactReplicas(partition);
            if (compactedAt !== undefined) this.compactedAt.set(partition.id, compactedAt);
            if (!this.enabled()) return;
          }
        }
      }
    } finally {
      this.running = false;
    }
  }

  /** Every healthy replica merges in place; the visible version it merged up to, when all did. */
  private async compactReplicas(partition: PartitionMeta): Promise<number | undefined> {
    const version = partition.visibleVersion;
    const results = await Promise.allSettled(
      partition.tablets.flatMap((t) => t.replicas.filter(isHealthy).map((r) => this.ctx.backends.client(r.backendId).compact({ tabletId: t.id, version }))),
    );
    return results.every((r) => r.status === 'fulfilled') ? version : undefined;
  }

  /** A compaction transaction; the version it published, when it did. */
  private async compactLake(db: DatabaseMeta, table: OlapTableMeta, partition: PartitionMeta): Promise<number | undefined> {
    try {
      return await compactLakePartition(this.ctx, db, table, partition.id);
    } catch {
      return undefined; // not begun (too many transactions), or its publish is retried in the background
    }
  }
}
