// What a pause holds back from one round's plans (pure): the DDL tasks and replication jobs of
// paused tables and databases (all of them when the whole daemon is paused), each held object
// named once with why. Jobs already sent are not in the plans: they run on and finish.
import type { DdlTask } from '../ddl/ddl-plan.js';
import { objectName } from '../meta/table-key.js';
import type { ReplicationCandidate } from '../replication/candidate.js';
import { pausedReason, type Steering } from './steering.js';

export interface HeldWork {
  object: string;
  reason: string;
}

export function holdPaused(
  tasks: readonly DdlTask[],
  candidates: readonly ReplicationCandidate[],
  steering: Steering,
): { tasks: readonly DdlTask[]; candidates: readonly ReplicationCandidate[]; held: HeldWork[] } {
  const held = new Map<string, string>();
  const keep = (item: { db: string; table?: string }) => {
    const reason = pausedReason(steering, item.db, item.table);
    if (reason) held.set(objectName(item), reason);
    return reason === null;
  };
  const keptTasks = tasks.filter((task) => keep({ db: task.db, ...('table' in task ? { table: task.table } : {}) }));
  const keptCandidates = candidates.filter((c) => keep(c));
  if (keptTasks.length === tasks.length && keptCandidates.length === candidates.length) return { tasks, candidates, held: [] };
  return { tasks: keptTasks, candidates: keptCandidates, held: [...held].map(([object, reason]) => ({ object, reason })) };
}
