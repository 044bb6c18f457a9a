// When a one-time run (one_time_run_mode, `start --once`) is done, and when it gives up. Pure: the
// loop hands in what it knows, and each rule answers with the reason an operator reads at exit.
//
// Done: every selected table reached the source versions of the first round (the goal) and no DDL
// is pending. Loads made on the source after that first round are for the next run: a source that
// never stops loading would otherwise keep a one-time run going forever.
// Gives up: nothing is planned, sent or pending for three rounds and the goal is still not reached
// (a drop the configuration forbids, a table not supported); a job failed too often; a job waited
// too long to be built (a BE down for good).
import type { ClusterCatalog } from '../meta/catalog-model.js';
import { alignedVersion } from '../meta/aligned-version.js';
import { objectName, tableKey, tableOfKey, type TableKey } from '../meta/table-key.js';
import type { BlockedItem } from '../ddl/ddl-plan.js';
import type { SkippedReplication } from '../replication/candidate.js';
import type { TrackedJob } from '../replication/job-tracker.js';

/** Source versions per table and partition, as first seen. */
export type Goal = ReadonlyMap<TableKey, ReadonlyMap<string, number>>;

/** A job failing this often will not succeed by itself. */
export const ONE_TIME_JOB_ATTEMPTS = 3;
/** How long a job may wait for its tablets to become readable. */
export const ONE_TIME_WAIT_MS = 10 * 60_000;
/** Idle rounds, goal not reached, before the run ends. */
export const ONE_TIME_IDLE_ROUNDS = 3;

export function goalOf(source: ClusterCatalog, selected: (db: string, table: string) => boolean): Goal {
  const goal = new Map<TableKey, Map<string, number>>();
  for (const [db, model] of source.databases) {
    for (const [name, table] of model.tables) {
      if (table.kind === 'table' && selected(db, name)) goal.set(tableKey(db, name), new Map(table.partitions.map((p) => [p.name, alignedVersion(p)])));
    }
  }
  return goal;
}

/** The first place the target falls short of the goal, in words, or null when it reached it. */
export function goalShortfall(goal: Goal, target: ClusterCatalog): string | null {
  for (const [key, partitions] of goal) {
    const { db, table: name } = tableOfKey(key);
    const table = target.databases.get(db)?.tables.get(name);
    if (table?.kind !== 'table') return `${db}.${name} is not on the target yet`;
    // Aligned versions on both sides: a compacted shared-data target's visible version says nothing of its data (aligned-version.ts).
    const reached = new Map(table.partitions.map((p) => [p.name, alignedVersion(p)]));
    for (const [partition, version] of partitions) {
      const at = reached.get(partition);
      if (at === undefined) return `${db}.${name}.${partition} is not on the target yet`;
      if (at < version) return `${db}.${name}.${partition} is at version ${at} of ${version}`;
    }
  }
  return null;
}

export interface MetaRoundFacts {
  goal: Goal;
  target: ClusterCatalog;
  ddlPending: number;
  /** Jobs the plan wants sent now. */
  planned: number;
  /** Jobs the tracker holds (sent, running, waiting, backing off). */
  tracked: number;
  /** Idle rounds counted so far. */
  idleRounds: number;
  /** Objects whose work a pause holds back: a pause is waited out, never counted as idle. */
  held: number;
  skipped: readonly SkippedReplication[];
  blocked: readonly BlockedItem[];
}

export type MetaRoundVerdict = { kind: 'done' } | { kind: 'give-up'; reason: string } | { kind: 'go-on'; idleRounds: number };

/** After a meta round of a one-time run: done, give up, or go on (with the idle rounds counted). */
export function afterMetaRound(facts: MetaRoundFacts): MetaRoundVerdict {
  if (facts.ddlPending === 0 && goalShortfall(facts.goal, facts.target) === null) return { kind: 'done' };
  const idle = facts.ddlPending === 0 && facts.planned === 0 && facts.tracked === 0 && facts.held === 0;
  const idleRounds = idle ? facts.idleRounds + 1 : 0;
  if (idleRounds < ONE_TIME_IDLE_ROUNDS) return { kind: 'go-on', idleRounds };
  const why = [...facts.skipped, ...facts.blocked].map((x) => `${objectName(x)}: ${x.reason}`);
  return { kind: 'give-up', reason: `these cannot be synced: ${why.join('; ') || `no progress for ${ONE_TIME_IDLE_ROUNDS} rounds`}` };
}

/** After the jobs were observed in a one-time run: the reason to give up, or null. */
export function jobsGiveUpReason(jobs: readonly TrackedJob[], now: number, maxWaitMs = ONE_TIME_WAIT_MS): string | null {
  const hopeless = jobs.find((j) => j.failures >= ONE_TIME_JOB_ATTEMPTS);
  if (hopeless) {
    const { db, table } = hopeless.candidate;
    return `${db}.${table}: replication failed ${hopeless.failures} times, last: ${hopeless.lastError ?? 'no reason given'}`;
  }
  const waitedOut = jobs.find((j) => j.waitingSince !== undefined && now - j.waitingSince >= maxWaitMs);
  if (waitedOut) {
    const { db, table } = waitedOut.candidate;
    return `${db}.${table}: waited ${Math.round((now - waitedOut.waitingSince!) / 1000)} s and cannot be sent: ${waitedOut.lastError ?? 'no reason given'}`;
  }
  return null;
}
