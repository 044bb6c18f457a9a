// Transactions with labels, as StarRocks' FE runs them for every load and replication:
// PREPARE (data being written, invisible) -> COMMITTED (versions assigned) -> VISIBLE (published),
// or ABORTED. A label is unique per database among transactions that did not abort, which gives
// loads their at-most-once semantics; finished transactions are remembered for
// label_keep_max_second so a retried label gets "Label Already Exists" with the first outcome.
import type { MetaStore } from '../catalog/meta-store.js';
import type { TransactionMeta, TxnSourceType, TxnPartitionVersion } from '../catalog/model.js';
import { BeginTransactionError, SimError } from '../sim-error.js';
import { checkLoadTimeout, type LoadTimeoutLimits } from './load-timeout.js';

export interface BeginRequest {
  dbId: number;
  label: string;
  tableIds: number[];
  sourceType: TxnSourceType;
  coordinator: string;
  timeoutMs: number;
}

export interface TxnLimits extends LoadTimeoutLimits {
  maxRunningTxnNumPerDb(): number;
  labelKeepMaxSeconds(): number;
}

const RUNNING = new Set(['PREPARE', 'COMMITTED']);


export class TransactionManager {
  constructor(
    private readonly store: MetaStore,
    private readonly limits: TxnLimits,
    private readonly now: () => number = Date.now,
  ) {}

  get all(): readonly TransactionMeta[] {
    return this.store.state.txns.transactions;
  }

  get(txnId: number): TransactionMeta | undefined {
    return this.all.find((t) => t.id === txnId);
  }

  running(dbId: number): TransactionMeta[] {
    return this.all.filter((t) => t.dbId === dbId && RUNNING.has(t.status));
  }

  finished(dbId: number): TransactionMeta[] {
    return this.all.filter((t) => t.dbId === dbId && !RUNNING.has(t.status));
  }

  /** The non-aborted transaction holding a label, if any. */
  byLabel(dbId: number, label: string): TransactionMeta | undefined {
    return this.all.find((t) => t.dbId === dbId && t.label === label && t.status !== 'ABORTED');
  }

  begin(request: BeginRequest): TransactionMeta {
    // StarRocks checks the timeout before the label and the running-transaction limit.
    checkLoadTimeout(request.sourceType, request.timeoutMs, this.limits);
    const existing = this.byLabel(request.dbId, request.label);
    if (existing) {
      const clash = SimError.labelAlreadyUsed(request.label);
      throw new BeginTransactionError(clash.errno, clash.sqlState, clash.message);
    }
    const running = this.running(request.dbId).length;
    const limit = this.limits.maxRunningTxnNumPerDb();
    if (running >= limit) {
      throw SimError.tooManyTransactions(`current running txns on db ${request.dbId} is ${running}, larger than limit ${limit}`);
    }
    const id = this.store.state.txns.nextTxnId;
    const txn: TransactionMeta = {
      id,
      label: request.label,
      dbId: request.dbId,
      tableIds: request.tableIds,
      status: 'PREPARE',
      sourceType: request.sourceType,
      coordinator: request.coordinator,
      prepareTime: this.now(),
      commitTime: -1,
      publishTime: -1,
      finishTime: -1,
      timeoutMs: request.timeoutMs,
      reason: '',
      partitionVersions: [],
    };
    this.store.write({ op: 'putTxn', txn, nextTxnId: id + 1 });
    return txn;
  }

  private update(txnId: number, change: Partial<TransactionMeta>): TransactionMeta {
    const current = this.get(txnId);
    if (!current) throw SimError.internal(`transaction ${txnId} does not exist`);
    const txn = { ...current, ...change };
    this.store.write({ op: 'putTxn', txn, nextTxnId: this.store.state.txns.nextTxnId });
    return txn;
  }

  markCommitted(txnId: number, partitionVersions: TxnPartitionVersion[], stats?: TransactionMeta['stats']): TransactionMeta {
    const txn = this.get(txnId);
    if (txn?.status !== 'PREPARE') throw SimError.internal(`transaction ${txnId} is ${txn?.status ?? 'unknown'}, cannot commit`);
    return this.update(txnId, { status: 'COMMITTED', commitTime: this.now(), partitionVersions, stats });
  }

  markVisible(txnId: number): TransactionMeta {
    const now = this.now();
    return this.update(txnId, { status: 'VISIBLE', publishTime: now, finishTime: now });
  }

  /** Aborts a transaction that has not committed; a no-op for one already aborted. */
  abort(txnId: number, reason: string): TransactionMeta | undefined {
    const txn = this.get(txnId);
    if (!txn || txn.status === 'ABORTED') return txn;
    if (txn.status !== 'PREPARE') throw SimError.internal(`transaction ${txnId} is ${txn.status}, cannot abort`);
    return this.update(txnId, { status: 'ABORTED', finishTime: this.now(), reason });
  }

  /** Prepared transactions past their timeout, to be aborted by the caller (which also cleans up BEs). */
  expired(): TransactionMeta[] {
    const now = this.now();
    return this.all.filter((t) => t.status === 'PREPARE' && now - t.prepareTime > t.timeoutMs);
  }

  /** Forgets finished transactions older than label_keep_max_second, freeing their labels. */
  forgetOld(): number {
    const keepMs = this.limits.labelKeepMaxSeconds() * 1000;
    const now = this.now();
    const old = this.all.filter((t) => !RUNNING.has(t.status) && t.finishTime >= 0 && now - t.finishTime > keepMs).map((t) => t.id);
    if (old.length > 0) this.store.write({ op: 'forgetTxns', txnIds: old });
    return old.length;
  }
}
