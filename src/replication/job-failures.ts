// What went wrong with the replication jobs between two states of the tracker: the attempts that
// failed (the target aborted the job, a BACKUP or RESTORE was cancelled, or the request was refused
// with an error), the admission refusals ("busy": retried, never failures) and the refusals that
// call the plan stale. Pure: the tracker before and after an event batch in, the findings out, so
// the loop can say each one once (an attempt fails once; the tracker counts it once) and keep
// counts, whatever transport produced the events.
import { objectName } from '../meta/table-key.js';
import { inFlight, type TrackedJob, type TrackerState } from './job-tracker.js';

export type JobFailureKind =
  /** The job was in flight: the target aborted it, or its transfer failed (BACKUP/RESTORE cancelled). */
  | 'aborted'
  /** The request itself was refused with an error (or could not be made): the FE holds no job for it. */
  | 'refused';

export interface JobFailure {
  db: string;
  table: string;
  partitions: readonly string[];
  kind: JobFailureKind;
  /** The id the FE shows for the job (SHOW PROC '/replications' JobID, the transaction label's suffix, the snapshot); none for a refusal. */
  remoteJobId?: string;
  /** Where the job stood when it failed, in the transport's words (ABORTED, transaction ABORTED, ...). */
  phase?: string;
  /** The attempt that failed: 1 for the job's first send. */
  attempt: number;
  /** The FE's reason, as it gave it. */
  reason: string;
  /** When the job is sent again (ms since the epoch): the tracker's backoff. */
  retryAt: number;
}

/** The target refused to admit the job now (busy): it is sent again at the next round. */
export interface AdmissionRefusal {
  db: string;
  table: string;
  reason: string;
  retryAt: number;
}

/** The target said the plan is stale ("No data need to replicate", target ahead): the job waits for the next plan. */
export interface StalePlanRefusal {
  db: string;
  table: string;
  reason: string;
}

export interface JobSetbacks {
  failures: JobFailure[];
  admissions: AdmissionRefusal[];
  stalePlans: StalePlanRefusal[];
}


/**
 * Everything that went wrong between `before` and `after` (one event batch: an observe round or a
 * send). Jobs are matched by id; a job gone from `after` finished or was replaced, which is not a
 * setback.
 */
export function jobSetbacks(before: TrackerState, after: TrackerState): JobSetbacks {
  const earlier = new Map(before.jobs.map((job) => [job.id, job]));
  const setbacks: JobSetbacks = { failures: [], admissions: [], stalePlans: [] };
  for (const job of after.jobs) {
    const was = earlier.get(job.id);
    const { db, table, partitions } = job.candidate;
    const reason = job.lastError ?? 'no reason given';
    if (job.failures > (was?.failures ?? 0)) {
      const kind: JobFailureKind = was !== undefined && inFlight(was) ? 'aborted' : 'refused';
      setbacks.failures.push({
        db,
        table,
        partitions,
        kind,
        // A refused request made no job on the FE; the id a pending job still carries is its last attempt's.
        ...(kind === 'aborted' && job.remoteJobId !== undefined ? { remoteJobId: job.remoteJobId } : {}),
        ...(kind === 'aborted' && job.phase !== undefined ? { phase: job.phase } : {}),
        attempt: job.failures,
        reason,
        retryAt: job.notBefore,
      });
    }
    if (job.admissionRefusals > (was?.admissionRefusals ?? 0)) setbacks.admissions.push({ db, table, reason, retryAt: job.notBefore });
    if (job.awaitingPlan && !was?.awaitingPlan) setbacks.stalePlans.push({ db, table, reason });
  }
  return setbacks;
}

/** The attempts that failed between two tracker states. */
export const newFailures = (before: TrackerState, after: TrackerState): JobFailure[] => jobSetbacks(before, after).failures;

/** "shop.orders (p1, p2)": what a job copies, as the log names it. */
const jobObject = (f: { db: string; table: string; partitions: readonly string[] }): string => `${objectName(f)} (${f.partitions.join(', ')})`;

/** The failure without its retry: what the status file's error list keeps. */
export function failureText(f: JobFailure): string {
  const what = f.kind === 'aborted' ? `failed on attempt ${f.attempt}: job ${f.remoteJobId ?? '(no id)'}${f.phase ? ` ${f.phase}` : ''}` : `refused on attempt ${f.attempt}`;
  return `replication of ${jobObject(f)} ${what}: ${f.reason}`;
}

/** The WARN line of a failure: what failed, where, why, and when it is tried again (or that it is not). */
export function failureLine(f: JobFailure, now: number, retried: boolean): string {
  const retry = retried ? `retried at ${new Date(f.retryAt).toISOString()} (in ${(Math.max(0, f.retryAt - now) / 1000).toFixed(1)} s)` : 'not retried: the run ends';
  return `${failureText(f)}; ${retry}`;
}
