// The FE's Broker Load jobs (StarRocks' load/loadv2/LoadMgr.java with LoadJobScheduler.java):
// LOAD creates a PENDING job and returns at once; the scheduler begins each job's transaction in
// submission order (a job over max_running_txn_num_per_db waits in PENDING, LoadJobScheduler
// puts it back), the job runs LOADING and ends FINISHED or CANCELLED. Every state change is an
// edit-log entry. After an FE restart PENDING jobs are scheduled again (LoadMgr.prepareJobs);
// LOADING jobs lost their loading task with the FE: their transaction was aborted
// (Frontend.recoverTransactions), so they end CANCELLED with its reason (LoadJob.replayOnAborted),
// or FINISHED when it had committed.
import type { CancelLoadStatement, LoadStatement, ShowLoadStatement } from '../../sql/ast.js';
import { Mutex } from '../../util/mutex.js';
import { isLoadJobDone, emptyLoadStats, type BrokerLoadJobMeta, type LoadFailMsg } from '../catalog/load-job-model.js';
import type { TransactionMeta } from '../catalog/model.js';
import { findDatabase, requireDatabase, type FeContext } from '../fe-context.js';
import { SimError, TooManyTransactionsError } from '../sim-error.js';
import type { StatementResult } from '../mysql/index.js';
import { orderAndLimit, showRows } from '../show/show-result.js';
import { beginTablesLoad } from '../load/load-coordinator.js';
import { SecretSeal } from '../backup/repository-secrets.js';
import { analyzeLoad } from './load-statement.js';
import { LoadJobFailure, runLoadJob } from './load-job-runner.js';
import type { ObjectStoreEndpoints } from '../backup/object-store-endpoints.js';
import { selectJobs, showLoadColumns, showLoadRow } from './show-load.js';

interface Running {
  abort: AbortController;
  done: Promise<void>;
  /** Why the job is being stopped from outside (CANCEL LOAD, its timeout), once it is. */
  cancel?: LoadFailMsg;
}

interface Hold {
  reached: () => void;
  released: Promise<void>;
}

const USER_CANCEL: LoadFailMsg = { type: 'USER_CANCEL', msg: 'user cancel' };
/** LoadJob.processTimeout, for a job that never began its transaction. */
const PENDING_TIMEOUT: LoadFailMsg = { type: 'TIMEOUT', msg: 'loading timeout to cancel' };
/** The reason StarRocks' transaction manager aborts an expired transaction with; the job takes it (LoadJob.afterAborted). */
const LOADING_TIMEOUT: LoadFailMsg = { type: 'LOAD_RUN_FAIL', msg: 'timeout by txn manager' };
const STOPPING = 'the FE stopped while the load was running';

export class BrokerLoadManager {
  /** Jobs waiting to be scheduled, in submission order (LoadJobScheduler.needScheduleJobs). */
  private readonly queue: number[] = [];
  private readonly running = new Map<number, Running>();
  /** LOAD statements are checked and logged one at a time, so two cannot take one label. */
  private readonly submitting = new Mutex();
  private readonly seal: SecretSeal;
  private holds: Hold[] = [];
  private scheduling = false;
  private stopped = false;

  constructor(
    private readonly ctx: FeContext,
    /** Where this machine reaches the object store hosts a job names (object-store-endpoints.ts). */
    private readonly endpoints: ObjectStoreEndpoints = {},
  ) {
    this.seal = new SecretSeal(ctx.store.identity.token);
  }

  private get jobs(): BrokerLoadJobMeta[] {
    return this.ctx.store.state.loadJobs;
  }

  private current(id: number): BrokerLoadJobMeta {
    const job = this.jobs.find((j) => j.id === id);
    if (!job) throw SimError.internal(`load job ${id} is no longer in the catalogue`);
    return job;
  }

  private save(id: number, changes: Partial<BrokerLoadJobMeta>): BrokerLoadJobMeta {
    const job = { ...this.current(id), ...changes };
    this.ctx.store.write({ op: 'putLoadJob', job });
    return job;
  }

  private end(id: number, state: 'FINISHED' | 'CANCELLED', changes: Partial<BrokerLoadJobMeta> = {}): void {
    this.save(id, { state, finishTime: Date.now(), ...(state === 'FINISHED' ? { progress: 100 } : {}), ...changes });
  }

  private deadline(job: BrokerLoadJobMeta): number {
    return job.createTime + job.timeoutSecond * 1000;
  }

  /** LOAD LABEL ...: checks, logs the PENDING job, queues it; the job runs after the statement returns. */
  async submit(stmt: LoadStatement, sessionDb: string | undefined): Promise<void> {
    await this.submitting.run(async () => {
      const load = analyzeLoad(this.ctx, stmt, sessionDb);
      // LoadMgr.checkLabelUsed: a label stays taken by any job of it not CANCELLED; INSERT jobs are
      // load jobs there too. A Stream Load's label is found only when the job begins its transaction.
      const taken = this.jobs.some((j) => j.dbId === load.db.id && j.label === load.label && j.state !== 'CANCELLED');
      if (taken || this.ctx.txns.byLabel(load.db.id, load.label)?.sourceType === 'INSERT_STREAMING') {
        throw SimError.labelAlreadyUsed(load.label);
      }
      // LoadJobScheduler.isQueueFull: more jobs waiting than desired_max_waiting_jobs.
      const limit = this.ctx.config.getInt('desired_max_waiting_jobs');
      if (this.queue.length > limit) throw SimError.ddl(`There are more than ${limit} load jobs in waiting queue, please retry later.`);
      const [id] = this.ctx.store.allocateIds(1);
      const job: BrokerLoadJobMeta = {
        id: id!,
        dbId: load.db.id,
        label: load.label,
        state: 'PENDING',
        broker: load.broker,
        brokerProperties: this.seal.sealProperties(load.brokerProperties),
        fileGroups: load.fileGroups,
        timeoutSecond: load.timeoutSecond,
        maxFilterRatio: load.maxFilterRatio,
        createTime: Date.now(),
        loadStartTime: -1,
        finishTime: -1,
        txnId: -1,
        progress: 0,
        stats: emptyLoadStats(),
        filterReasons: [],
      };
      this.ctx.store.write({ op: 'putLoadJob', job });
      this.queue.push(job.id);
    });
    this.schedule();
  }

  /** One scheduling round: begins the transactions of waiting jobs, in order, until one must wait. */
  private schedule(): void {
    if (this.scheduling || this.stopped) return;
    this.scheduling = true;
    try {
      while (this.queue.length > 0) {
        const job = this.jobs.find((j) => j.id === this.queue[0]);
        if (!job || job.state !== 'PENDING') {
          this.queue.shift();
          continue;
        }
        let txn: TransactionMeta;
        try {
          txn = beginTablesLoad(this.ctx, {
            dbId: job.dbId,
            label: job.label,
            tableIds: [...new Set(job.fileGroups.map((g) => g.tableId))],
            sourceType: 'BATCH_LOAD_JOB',
            // BrokerLoadJob begins its transaction with the job's whole timeout (checked against
            // min/max_load_timeout_second like any load's); the job's own deadline stays
            // createTime + timeout (processTimeout).
            timeoutMs: job.timeoutSecond * 1000,
          });
        } catch (error) {
          // LoadJobScheduler: too many running transactions -> the job waits for the next round;
          // anything else (the label taken by a Stream Load, say) cancels it.
          if (error instanceof TooManyTransactionsError) return;
          this.queue.shift();
          this.end(job.id, 'CANCELLED', { failMsg: { type: 'ETL_SUBMIT_FAIL', msg: (error as Error).message } });
          continue;
        }
        this.queue.shift();
        this.launch(this.save(job.id, { state: 'LOADING', txnId: txn.id, loadStartTime: Date.now() }), txn);
      }
    } finally {
      this.scheduling = false;
    }
  }

  private launch(job: BrokerLoadJobMeta, txn: TransactionMeta): void {
    const abort = new AbortController();
    const entry: Running = { abort, done: Promise.resolve() };
    entry.done = (async () => {
      try {
        await this.waitAtHold(abort.signal);
        if (abort.signal.aborted) throw new LoadJobFailure('LOAD_RUN_FAIL', String(abort.signal.reason));
        const run = await runLoadJob(this.ctx, job, this.seal.unsealProperties(job.brokerProperties), txn, abort.signal, this.endpoints);
        const visible = run.outcome.status === 'VISIBLE';
        const changes = { stats: run.stats, filterReasons: run.outcome.filterReasons.slice(0, 5) };
        // A COMMITTED transaction is published in the background; the job finishes with it (tick).
        if (visible) this.end(job.id, 'FINISHED', changes);
        else this.save(job.id, { ...changes, progress: 99 });
      } catch (error) {
        if (this.stopped) return; // the next start settles the job from its transaction
        const failure = entry.cancel ?? (error instanceof LoadJobFailure ? { type: error.type, msg: error.message } : { type: 'LOAD_RUN_FAIL' as const, msg: (error as Error).message });
        if (this.ctx.txns.get(txn.id)?.status === 'PREPARE') this.ctx.txns.abort(txn.id, failure.msg);
        const details = error as { stats?: BrokerLoadJobMeta['stats']; reasons?: string[] };
        this.end(job.id, 'CANCELLED', { failMsg: failure, progress: 0, ...(details.stats ? { stats: details.stats } : {}), ...(details.reasons ? { filterReasons: details.reasons.slice(0, 5) } : {}) });
      } finally {
        this.running.delete(job.id);
      }
    })();
    this.running.set(job.id, entry);
  }

  /** Stops a running job with a reason, and waits until it has ended (its transaction aborted). */
  private async stopRunning(id: number, reason: LoadFailMsg): Promise<void> {
    const running = this.running.get(id);
    if (!running) return;
    running.cancel ??= reason;
    running.abort.abort(reason.msg);
    await running.done;
  }

  /** CANCEL LOAD: LoadMgr.cancelLoadJob and LoadJob.cancelJob, with their messages. */
  async cancel(stmt: CancelLoadStatement, sessionDb: string | undefined): Promise<void> {
    const dbName = stmt.db ?? sessionDb;
    if (!dbName) throw SimError.noDatabaseSelected();
    const db = findDatabase(this.ctx, dbName);
    if (!db) throw SimError.ddl(`Db does not exist. name: ${dbName}`);
    const jobs = this.jobs.filter((j) => j.dbId === db.id && j.label === stmt.label);
    if (jobs.length === 0) throw SimError.ddl('Load job does not exist');
    // A job whose transaction committed counts as done (LoadJob.isTxnDone), though it shows LOADING until published.
    const job = jobs.find((j) => !isLoadJobDone(j) && this.ctx.txns.get(j.txnId)?.status !== 'COMMITTED');
    if (!job) throw SimError.ddl(`There is no uncompleted job which label is ${stmt.label}`);
    if (job.state === 'PENDING') {
      this.queue.splice(this.queue.indexOf(job.id), 1);
      this.end(job.id, 'CANCELLED', { failMsg: USER_CANCEL });
      return;
    }
    await this.stopRunning(job.id, USER_CANCEL);
    if (this.current(job.id).state === 'FINISHED') throw SimError.ddl('Job could not be cancelled when job is finished or cancelled');
  }

  /** SHOW LOAD rows of a database. */
  show(stmt: ShowLoadStatement, sessionDb: string | undefined): StatementResult {
    const dbName = stmt.db ?? sessionDb;
    if (!dbName) throw SimError.noDatabaseSelected();
    const db = requireDatabase(this.ctx, dbName);
    const jobs = selectJobs(this.jobs.filter((j) => j.dbId === db.id), stmt);
    const result = showRows(showLoadColumns(this.ctx.release), jobs.map((j) => showLoadRow(j, this.ctx.release)));
    return orderAndLimit(result, stmt.orderBy, stmt.limit);
  }

  /** The FE's periodic work: timeouts, jobs whose transaction was published later, scheduling, expiry. */
  tick(): void {
    if (this.stopped) return;
    const now = Date.now();
    for (const job of this.jobs.filter((j) => !isLoadJobDone(j))) {
      if (job.state === 'PENDING' && now > this.deadline(job)) {
        const at = this.queue.indexOf(job.id);
        if (at >= 0) this.queue.splice(at, 1);
        this.end(job.id, 'CANCELLED', { failMsg: PENDING_TIMEOUT });
        continue;
      }
      if (job.state !== 'LOADING') continue;
      if (this.running.has(job.id)) {
        if (now > this.deadline(job)) void this.stopRunning(job.id, LOADING_TIMEOUT);
        continue;
      }
      this.settleFromTransaction(job);
    }
    this.schedule();
    this.forgetOld(now);
  }

  /** A LOADING job with no loading task: its transaction says how it ended. */
  private settleFromTransaction(job: BrokerLoadJobMeta): void {
    const txn = this.ctx.txns.get(job.txnId);
    if (txn?.status === 'VISIBLE') this.end(job.id, 'FINISHED');
    else if (txn?.status !== 'COMMITTED') {
      this.end(job.id, 'CANCELLED', { progress: 0, failMsg: { type: 'LOAD_RUN_FAIL', msg: txn?.reason || 'the FE restarted while the load was running' } });
    }
  }

  /** label_keep_max_second: finished jobs are forgotten, and their labels with them. */
  private forgetOld(now: number): void {
    const keepMs = this.ctx.config.getInt('label_keep_max_second') * 1000;
    const old = this.jobs.filter((j) => isLoadJobDone(j) && now - j.finishTime > keepMs).map((j) => j.id);
    if (old.length > 0) this.ctx.store.write({ op: 'forgetLoadJobs', jobIds: old });
  }

  /** After an FE start: PENDING jobs are scheduled again; LOADING ones settle from their transactions. */
  recover(): void {
    for (const job of [...this.jobs].sort((a, b) => a.id - b.id)) {
      if (job.state === 'PENDING') this.queue.push(job.id);
      else if (job.state === 'LOADING') this.settleFromTransaction(job);
    }
    this.schedule();
  }

  /** Stops running jobs (their transactions abort); what is left is settled by the next start. */
  async stop(): Promise<void> {
    for (const running of this.running.values()) running.abort.abort(STOPPING);
    await Promise.allSettled([...this.running.values()].map((r) => r.done));
    this.stopped = true;
    for (const hold of this.holds) hold.reached();
    this.holds = [];
  }

  /** For tests: the next job to start LOADING waits there (visible in SHOW LOAD) until released or cancelled. */
  holdLoading(): { reached: Promise<void>; release: () => void } {
    let reached!: () => void;
    let release!: () => void;
    const reachedPromise = new Promise<void>((resolve) => (reached = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    this.holds.push({ reached, released });
    return { reached: reachedPromise, release };
  }

  private async waitAtHold(signal: AbortSignal): Promise<void> {
    const hold = this.holds.shift();
    if (!hold) return;
    hold.reached();
    await Promise.race([hold.released, new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }))]);
  }
}
