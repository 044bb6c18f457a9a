// Says what went wrong with the replication jobs in one event batch (the transport's observe round,
// or its send) and keeps it in the state: each failed attempt is one WARN line (with the job id the
// FE shows, the attempt, the FE's reason and the retry) and one entry of the status file's errors;
// an admission refusal ("busy") is one INFO line per table and reason for as long as it lasts, not
// one per round; every setback is counted (failure-record.ts). The transports only report events.
import type { Logger } from 'pino';
import { tableKey } from '../../meta/table-key.js';
import { recordSetbacks } from '../../replication/failure-record.js';
import { failureLine, failureText, jobSetbacks, type JobFailure } from '../../replication/job-failures.js';
import type { TrackerState } from '../../replication/job-tracker.js';
import { withErrors, type LoopState } from '../loop-state.js';

/**
 * An admission refusal's text without its numbers: "... running replication jobs 812(MB) exceeds
 * ..." is the same reason whatever the running jobs hold at that moment.
 */
const reasonKey = (db: string, table: string, reason: string) => `${tableKey(db, table)}/${reason.replace(/\d+/g, '#')}`;

export interface SetbackOptions {
  /** Whether the failed job is tried again (false: the run ends on it). Default: always. */
  retried?: (failure: JobFailure) => boolean;
}

/** `state` holds the tracker after the batch; `before` is the tracker before it. */
export function noteSetbacks(state: LoopState, before: TrackerState, log: Logger, now: number, options: SetbackOptions = {}): LoopState {
  const setbacks = jobSetbacks(before, state.tracker);
  const retried = options.retried ?? (() => true);
  for (const failure of setbacks.failures) log.warn(failureLine(failure, now, retried(failure)));
  const busy = new Set(state.said.busy);
  for (const refusal of setbacks.admissions) {
    const key = reasonKey(refusal.db, refusal.table, refusal.reason);
    if (!busy.has(key)) log.info(`replication of ${refusal.db}.${refusal.table} not started: ${refusal.reason} (the target is busy: tried again every round)`);
    busy.add(key);
  }
  for (const stale of setbacks.stalePlans) log.info(`replication of ${stale.db}.${stale.table} not started: ${stale.reason} (waits for the next plan)`);
  // A reason is said again once the table's job has been past it (sent, or refused for another reason).
  const stillRefused = new Set(state.tracker.jobs.filter((job) => job.status === 'pending' && job.lastError !== undefined).map((job) => reasonKey(job.candidate.db, job.candidate.table, job.lastError!)));
  const said = [...busy].filter((key) => stillRefused.has(key));
  const unchanged = said.length === state.said.busy.size && said.every((key) => state.said.busy.has(key));
  return {
    ...withErrors(state, setbacks.failures.map(failureText), now),
    jobFailures: recordSetbacks(state.jobFailures, setbacks, now),
    said: unchanged ? state.said : { ...state.said, busy: new Set(said) },
  };
}
