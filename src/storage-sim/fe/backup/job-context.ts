// What a running backup or restore job works with: its persisted record (each state change is
// logged before the job acts in it), the progress of its current phase (in memory: SHOW BACKUP /
// SHOW RESTORE's UnfinishedTasks and Progress), and its cancellation. A cancelled job stops at its
// next step; its long transfers are raced against the cancellation so it never waits for them.
import type { BackupRestoreJobMeta } from '../catalog/backup-model.js';
import type { FeContext } from '../fe-context.js';
import { JobFailure } from './job-status.js';
import type { JobStatus } from '../catalog/backup-model.js';

export class JobStopped extends Error {
  constructor() {
    super('the FE is stopping');
    this.name = 'JobStopped';
  }
}

/** Test hooks: a job entering (type, state) waits until released. */
export interface StateHolds {
  wait(type: BackupRestoreJobMeta['type'], state: string, signal: AbortSignal): Promise<void>;
}

export interface PhaseProgress {
  total: number;
  /** task id -> tablet id, of the tasks not finished yet. */
  unfinished: Map<number, number>;
  errors: Map<number, string>;
  /** Bytes moved in this phase so far, when it moves data. */
  bytes: number;
}

/** What the manager needs of a running job, whatever its kind. */
export interface JobHandle {
  readonly jobId: number;
  readonly job: BackupRestoreJobMeta;
  readonly abort: AbortController;
  cancelStatus: JobStatus | undefined;
  readonly phase: PhaseProgress;
}

export class JobContext<J extends BackupRestoreJobMeta> implements JobHandle {
  readonly abort = new AbortController();
  /** Why the job was cancelled from outside (CANCEL, timeout), once it was. */
  cancelStatus: JobStatus | undefined;
  phase: PhaseProgress = { total: 0, unfinished: new Map(), errors: new Map(), bytes: 0 };
  private readonly cancelled: Promise<never>;

  constructor(
    readonly ctx: FeContext,
    readonly jobId: number,
    private readonly holds: StateHolds,
    private readonly stopped: () => boolean,
  ) {
    this.cancelled = new Promise<never>((_, reject) => {
      this.abort.signal.addEventListener('abort', () => reject(new JobFailure(this.cancelStatus ?? { code: 'COMMON_ERROR', message: 'cancelled' })));
    });
    this.cancelled.catch(() => undefined);
  }

  get job(): J {
    const job = this.ctx.store.state.backupRestoreJobs.find((j) => j.jobId === this.jobId);
    if (!job) throw new Error(`job ${this.jobId} is no longer in the catalogue`);
    return job as J;
  }

  /** Throws when the job was cancelled (or the FE is stopping): the job must not go on. */
  check(): void {
    if (this.stopped()) throw new JobStopped();
    if (this.abort.signal.aborted) throw new JobFailure(this.cancelStatus ?? { code: 'COMMON_ERROR', message: 'cancelled' });
  }

  save(changes: Partial<J>): J {
    if (this.stopped()) throw new JobStopped();
    const job = { ...this.job, ...changes } as J;
    this.ctx.store.write({ op: 'putBackupRestoreJob', job });
    return job;
  }

  /** Moves the job to `state` (logged), then lets a test hold it there. */
  async enter(state: J['state'], changes: Partial<J> = {}): Promise<J> {
    this.check();
    const job = this.save({ ...changes, state } as Partial<J>);
    this.phase = { total: 0, unfinished: new Map(), errors: new Map(), bytes: 0 };
    await this.holds.wait(job.type, state, this.abort.signal);
    this.check();
    return job;
  }

  /** Waits for `work`, unless the job is cancelled first. */
  async guard<T>(work: Promise<T>): Promise<T> {
    work.catch(() => undefined); // left running when cancelled: its failure is expected
    return Promise.race([work, this.cancelled]);
  }

  /** Starts tracking a phase of tasks (one per tablet replica). */
  startPhase(tasks: { taskId: number; tabletId: number }[]): void {
    this.phase = { total: tasks.length, unfinished: new Map(tasks.map((t) => [t.taskId, t.tabletId])), errors: new Map(), bytes: 0 };
  }

  /** Runs one task of the phase, recording its end or its error. */
  async task<T>(taskId: number, work: () => Promise<T>): Promise<T> {
    try {
      const result = await work();
      this.phase.unfinished.delete(taskId);
      return result;
    } catch (error) {
      this.phase.errors.set(taskId, (error as Error).message);
      throw error;
    }
  }
}
