// A lake compaction on a shared-data cluster: a transaction of its own (LAKE_COMPACTION), as
// StarRocks' FE runs it (lake/compaction/CompactionScheduler.java). It is committed with the
// partition's next version and published like a load, except that each tablet merges its rowsets
// into that version instead of adding rows: the partition's visible version moves on with no new
// data. Whether its data version moves too depends on the release (starrocks-release.ts,
// lakeCompactionKeepsDataVersion). Run under the table's publish lock, so loads and replication
// commits into the table wait for it rather than interleave.
import type { DatabaseMeta, OlapTableMeta } from './catalog/model.js';
import { partitionById } from './catalog/partitions.js';
import { publishKey, type FeContext } from './fe-context.js';
import { commitTransaction, publishTransaction } from './load/publish.js';

/** How long a compaction transaction may stay unpublished before it is aborted (never, once committed). */
const COMPACTION_TXN_TIMEOUT_MS = 3_600_000;

/**
 * Compacts one partition of a shared-data table. Returns the version its compaction was
 * committed at, or undefined when the partition had a version not yet published (it is tried
 * again at a later round). A publish that fails leaves the transaction COMMITTED: the FE's
 * background publisher finishes it, and until then the partition takes no new commit.
 */
export async function compactLakePartition(ctx: FeContext, db: DatabaseMeta, table: OlapTableMeta, partitionId: number): Promise<number | undefined> {
  return ctx.publishLock.run(publishKey([table.id]), async () => {
    const partition = partitionById(table, partitionId);
    if (!partition || partition.nextVersion !== partition.visibleVersion + 1) return undefined;
    const txn = ctx.txns.begin({
      dbId: db.id,
      label: `compaction_${table.id}_${partition.id}_${partition.nextVersion}_${Date.now()}`,
      tableIds: [table.id],
      sourceType: 'LAKE_COMPACTION',
      coordinator: `FE: ${ctx.feAddress}`,
      timeoutMs: COMPACTION_TXN_TIMEOUT_MS,
    });
    const committed = commitTransaction(ctx, txn, [{ tableId: table.id, partitionId: partition.id }]);
    await publishTransaction(ctx, committed);
    return committed.partitionVersions[0]!.version;
  });
}
