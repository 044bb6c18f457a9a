// One load (INSERT, Stream Load, or a Broker Load job over one or more tables), end to end: begin
// a labelled transaction, stream each row to every replica of its tablet as a pending rowset,
// apply the filter ratio, then commit and publish (all tables of the transaction at once).
// Any failure before the commit aborts the transaction and discards the pending rowsets, so a load
// is all or nothing. Memory stays bounded: rows flow through small per-replica queues.
import type { LoadBatch, LoadResult } from '../../common/be-api.js';
import type { Value } from '../../common/column-types.js';
import { Channel } from '../../util/channel.js';
import type { OlapTableMeta, PartitionMeta, TabletMeta, TransactionMeta, TxnSourceType } from '../catalog/model.js';
import { databaseById, olapTableById, requireNormalState, withTablesLocked, type FeContext } from '../fe-context.js';
import { SimError } from '../sim-error.js';
import { partitionById } from '../catalog/partitions.js';
import { loadQuorum, markMissedVersions, quorumFailure, writableReplicas } from './replica-quorum.js';
import { commitTransaction, publishTransaction } from './publish.js';
import { RowRouter } from './row-router.js';

export type IncomingRow = { values: Value[]; delete?: boolean } | { filtered: string };

export interface LoadRequest {
  dbId: number;
  tableId: number;
  label: string;
  sourceType: TxnSourceType;
  timeoutMs: number;
  /** Share of rows that may be filtered (bad data) before the whole load fails; 0..1. */
  maxFilterRatio: number;
  /** Restricts the target partitions (INSERT ... PARTITION (p, ...)). */
  partitions?: ReadonlySet<string>;
  /** `partitions` names temporary partitions (INSERT ... TEMPORARY PARTITION (tp, ...), INSERT OVERWRITE). */
  temporary?: boolean;
}

export interface LoadOutcome {
  txnId: number;
  label: string;
  /** VISIBLE, or COMMITTED when publishing could not finish yet (it will, later). */
  status: 'VISIBLE' | 'COMMITTED';
  totalRows: number;
  loadedRows: number;
  filteredRows: number;
  /** The first few reasons rows were filtered, for the error log. */
  filterReasons: string[];
}

/** The message of a load failed for more filtered rows than max_filter_ratio allows (each load method words it its own way). */
export const TOO_MANY_FILTERED_ROWS = 'too many filtered rows';

export class LoadError extends Error {
  constructor(
    message: string,
    readonly txnId: number,
    readonly stats: { totalRows: number; loadedRows: number; filteredRows: number; filterReasons: string[] },
  ) {
    super(message);
    this.name = 'LoadError';
  }
}

/** Rows sent to a replica per batch, and batches queued per replica before the producer waits. */
const BATCH_ROWS = 1024;
const QUEUE_BATCHES = 4;
const PUBLISH_ATTEMPTS = 3;

interface ReplicaSink {
  replicaId: number;
  /** Encoded LoadBatch lines. */
  channel: Channel<string>;
  done: Promise<LoadResult>;
  /** Set when this replica's write failed: the load goes on while the tablet keeps its quorum. */
  failed?: Error;
}

interface TabletSink {
  table: OlapTableMeta;
  partition: PartitionMeta;
  tablet: TabletMeta;
  pending: Value[][];
  deletes: number[];
  replicas: ReplicaSink[];
}

/** Starts the transaction; separate from runLoad so callers can report the txn id of a label clash early. */
export function beginLoad(ctx: FeContext, request: LoadRequest): TransactionMeta {
  return beginTablesLoad(ctx, { ...request, tableIds: [request.tableId] });
}

/** A transaction writing several tables (a Broker Load job over several tables): all of them become visible together. */
export function beginTablesLoad(ctx: FeContext, request: Omit<LoadRequest, 'tableId' | 'maxFilterRatio'> & { tableIds: number[] }): TransactionMeta {
  const db = databaseById(ctx, request.dbId);
  // Checked in the same step as the transaction begins: a restore cannot start in between.
  for (const tableId of request.tableIds) {
    const table = db && olapTableById(db, tableId);
    if (table) requireNormalState(table);
  }
  return ctx.txns.begin({
    dbId: request.dbId,
    label: request.label,
    tableIds: request.tableIds,
    sourceType: request.sourceType,
    coordinator: `FE: ${ctx.feAddress}`,
    timeoutMs: request.timeoutMs,
  });
}

export async function runLoad(ctx: FeContext, request: LoadRequest, txn: TransactionMeta, batches: AsyncIterable<IncomingRow[]>): Promise<LoadOutcome> {
  const part: TableRows = { tableId: request.tableId, batches, ...(request.partitions ? { partitions: request.partitions } : {}), ...(request.temporary ? { temporary: true } : {}) };
  return runTablesLoad(ctx, txn, [part], { timeoutMs: request.timeoutMs, maxFilterRatio: request.maxFilterRatio });
}

/** The rows one table of a transaction receives. */
export interface TableRows {
  tableId: number;
  batches: AsyncIterable<IncomingRow[]>;
  partitions?: ReadonlySet<string>;
  temporary?: boolean;
}

/**
 * Writes every table's rows in the one transaction, one table after another, then commits them
 * together: the filter ratio is the whole load's, and a failure anywhere aborts all of it.
 */
export async function runTablesLoad(
  ctx: FeContext,
  txn: TransactionMeta,
  parts: TableRows[],
  limits: { timeoutMs: number; maxFilterRatio: number; signal?: AbortSignal },
): Promise<LoadOutcome> {
  const db = databaseById(ctx, txn.dbId);
  const sinks = new Map<number, TabletSink>();
  const touched = new Map<number, { tableId: number; partitionId: number }>();
  const deadline = txn.prepareTime + limits.timeoutMs;
  let totalRows = 0;
  let loadedRows = 0;
  let filteredRows = 0;
  const filterReasons: string[] = [];
  const stats = () => ({ totalRows, loadedRows, filteredRows, filterReasons });

  const sinkFor = (table: OlapTableMeta, partition: PartitionMeta, tablet: TabletMeta): TabletSink => {
    let sink = sinks.get(tablet.id);
    if (!sink) {
      const replicas = writableReplicas(ctx, table, partition, tablet).map((replica): ReplicaSink => {
        const channel = new Channel<string>(QUEUE_BATCHES);
        const done = ctx.backends.client(replica.backendId).load(txn.id, tablet.id, channel);
        const replicaSink: ReplicaSink = { replicaId: replica.id, channel, done };
        // A failed upload stops feeding that replica at once, not when its queue fills.
        done.catch((error: Error) => {
          replicaSink.failed = error;
          channel.fail(error);
        });
        return replicaSink;
      });
      sink = { table, partition, tablet, pending: [], deletes: [], replicas };
      sinks.set(tablet.id, sink);
    }
    return sink;
  };
  const written = (sink: TabletSink) => new Set(sink.replicas.filter((r) => !r.failed).map((r) => r.replicaId));
  const requireQuorum = (sink: TabletSink) => {
    const wrote = written(sink);
    if (wrote.size < loadQuorum(sink.table, sink.partition)) throw new LoadError(quorumFailure(ctx, txn.id, sink.table, sink.partition, sink.tablet, wrote), txn.id, stats());
  };
  const flush = async (sink: TabletSink) => {
    const batch: LoadBatch = sink.deletes.length > 0 ? { rows: sink.pending, deletes: sink.deletes } : { rows: sink.pending };
    sink.pending = [];
    sink.deletes = [];
    // Encoded once for all replicas.
    const line = JSON.stringify(batch) + '\n';
    for (const replica of sink.replicas) {
      if (replica.failed) continue;
      await replica.channel.push(line).catch((error: Error) => (replica.failed ??= error));
    }
    requireQuorum(sink);
  };
  const replicaSinks = () => [...sinks.values()].flatMap((s) => s.replicas);

  const abortAll = async (reason: string) => {
    for (const replica of replicaSinks()) replica.channel.fail(new Error(reason));
    await Promise.allSettled(replicaSinks().map((s) => s.done));
    ctx.txns.abort(txn.id, reason);
    await Promise.allSettled(
      ctx.backends.list().map((b) => ctx.backends.client(b.id).abortLoad({ txnId: txn.id, tabletIds: [] })),
    );
  };

  try {
    for (const part of parts) {
      const table = db && olapTableById(db, part.tableId);
      if (!table) throw SimError.internal(`table ${part.tableId} no longer exists`);
      const router = new RowRouter(table, part.partitions, part.temporary);
      for await (const batch of part.batches) {
        for (const row of batch) {
          totalRows++;
          if ('filtered' in row) {
            filteredRows++;
            if (filterReasons.length < 20) filterReasons.push(row.filtered);
            continue;
          }
          const destination = router.route(row.values);
          if (!destination) {
            filteredRows++;
            if (filterReasons.length < 20) filterReasons.push('The row is out of partition ranges. Please add a new partition.');
            continue;
          }
          const sink = sinkFor(table, destination.partition, destination.partition.tablets[destination.tabletIndex]!);
          if (row.delete) sink.deletes.push(sink.pending.length);
          sink.pending.push(row.values);
          if (sink.pending.length >= BATCH_ROWS) await flush(sink);
          loadedRows++;
          touched.set(destination.partition.id, { tableId: table.id, partitionId: destination.partition.id });
        }
        if (limits.signal?.aborted) throw new Error(String(limits.signal.reason ?? 'cancelled'));
        if (Date.now() > deadline) throw SimError.internal(`load timed out after ${limits.timeoutMs} ms`);
      }
    }
    // Every tablet of a loaded partition takes part, rows or not (StarRocks' sink opens them all),
    // so a replica that cannot write is known for each tablet and never published the version.
    for (const { tableId, partitionId } of touched.values()) {
      const table = db && olapTableById(db, tableId);
      const partition = table && partitionById(table, partitionId);
      if (table && partition) for (const tablet of partition.tablets) sinkFor(table, partition, tablet);
    }
    for (const sink of sinks.values()) if (sink.pending.length > 0) await flush(sink);
    for (const replica of replicaSinks()) if (!replica.failed) replica.channel.close();
    await Promise.allSettled(replicaSinks().map((s) => s.done));
    for (const sink of sinks.values()) requireQuorum(sink);
    if (totalRows > 0 && filteredRows / totalRows > limits.maxFilterRatio) {
      throw new LoadError(TOO_MANY_FILTERED_ROWS, txn.id, stats());
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    await abortAll(reason);
    throw error instanceof LoadError ? error : new LoadError(reason, txn.id, stats());
  }

  // Past this point the data is durable on every replica; the commit is logged, and publishing is
  // retried (now, and later in the background) until the versions are visible.
  const committed = await withTablesLocked(ctx, txn.tableIds, async () => {
    const done = commitTransaction(ctx, txn, [...touched.values()], { totalRows, loadedRows, filteredRows, loadBytes: 0 });
    const wroteByTablet = new Map([...sinks].map(([tabletId, sink]) => [tabletId, written(sink)]));
    for (const tableId of txn.tableIds) markMissedVersions(ctx, txn.dbId, tableId, done.partitionVersions, wroteByTablet);
    for (let attempt = 1; attempt <= PUBLISH_ATTEMPTS; attempt++) {
      try {
        return await publishTransaction(ctx, done);
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
      }
    }
    return done;
  });
  return {
    txnId: txn.id,
    label: txn.label,
    status: committed.status === 'VISIBLE' ? 'VISIBLE' : 'COMMITTED',
    totalRows,
    loadedRows,
    filteredRows,
    filterReasons,
  };
}
