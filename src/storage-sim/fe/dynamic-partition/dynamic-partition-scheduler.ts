// The FE daemon that keeps dynamic partition tables partitioned: every
// dynamic_partition_check_interval_seconds (and once when the FE starts), while the FE config
// dynamic_partition_enable is true, each table with dynamic_partition.enable = true gets the
// partitions its window asks for and loses those that fell out of it. Each change is an ordinary
// catalogue change (journaled, so it survives a restart), made under the DDL lock like ALTER TABLE.
// StarRocks: fe/fe-core/src/main/java/com/starrocks/clone/DynamicPartitionScheduler.java
import { databaseById, type FeContext } from '../fe-context.js';
import { createPartitions, dropTablets } from '../ddl/partition-factory.js';
import { dynamicSpecOf } from './dynamic-properties.js';
import { planDynamicPartitions } from './dynamic-partition-plan.js';

/**
 * One table, now: creates and drops what its dynamic properties ask for. A table that is gone,
 * not dynamic (any more), disabled or not in NORMAL state (being restored) is left alone.
 */
export async function runDynamicPartitionsForTable(ctx: FeContext, dbId: number, tableId: number, nowMs = Date.now()): Promise<void> {
  await ctx.ddlLock.run(async () => {
    const db = databaseById(ctx, dbId);
    const table = db?.tables.find((t) => t.id === tableId);
    if (!db || table?.kind !== 'OLAP' || table.state !== 'NORMAL') return;
    const spec = dynamicSpecOf(table.properties);
    if (!spec?.enable) return;
    const plan = planDynamicPartitions(table, spec, nowMs);
    if (plan.add.length === 0 && plan.drop.length === 0) return;
    const replicationNum = spec.replicationNum ?? Number(table.properties.replication_num ?? ctx.config.get('default_replication_num'));
    const storageMedium = (table.properties.storage_medium ?? '').toUpperCase() === 'SSD' ? 'SSD' : 'HDD';
    const buckets = spec.buckets > 0 ? spec.buckets : table.distribution.buckets;
    const added = await createPartitions(
      ctx,
      table,
      plan.add.map((p) => ({ name: p.name, range: p.range, buckets, replicationNum, storageMedium })),
    );
    const dropped = new Set(plan.drop.map((p) => p.id));
    ctx.store.write({
      op: 'putTable',
      dbId: db.id,
      table: { ...table, partitions: [...table.partitions.filter((p) => !dropped.has(p.id)), ...added], updateTime: Date.now() },
    });
    await dropTablets(ctx, plan.drop);
  });
}

export class DynamicPartitionScheduler {
  private lastRunMs: number | undefined;
  private inFlight: Promise<void> | undefined;
  /** The last failure per table id (e.g. no alive BE to create tablets on); the next run tries again. */
  readonly lastErrors = new Map<number, string>();

  constructor(private readonly ctx: FeContext) {}

  /**
   * Called on every FE tick: runs once the interval has passed since the last run. The interval is
   * read each time, so ADMIN SET FRONTEND CONFIG applies from the next tick on.
   */
  tick(nowMs = Date.now()): Promise<void> {
    if (this.inFlight) return this.inFlight;
    const intervalMs = this.ctx.config.getInt('dynamic_partition_check_interval_seconds') * 1000;
    if (this.lastRunMs !== undefined && nowMs - this.lastRunMs < intervalMs) return Promise.resolve();
    this.lastRunMs = nowMs;
    if (!this.ctx.config.getBool('dynamic_partition_enable')) return Promise.resolve();
    this.inFlight = this.runAll().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  /** Waits for a run in progress, so the FE can close its catalogue after it. */
  async idle(): Promise<void> {
    await this.inFlight;
  }

  private async runAll(): Promise<void> {
    const tables = this.ctx.store.state.databases.flatMap((db) => db.tables.filter((t) => t.kind === 'OLAP' && dynamicSpecOf(t.properties)?.enable).map((t) => [db.id, t.id] as const));
    for (const [dbId, tableId] of tables) {
      try {
        await runDynamicPartitionsForTable(this.ctx, dbId, tableId);
        this.lastErrors.delete(tableId);
      } catch (error) {
        // As in StarRocks, a table that cannot be served now does not hold up the others.
        this.lastErrors.set(tableId, (error as Error).message);
      }
    }
  }
}
