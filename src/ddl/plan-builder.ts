// Collects the diff's decisions while it walks the catalogues, each task with the phase it runs
// in, and hands back the plan in execution order. Blocked drops get one wording everywhere:
// what differs, then which switch keeps it.
import type { BlockedItem, DdlPlan, DdlTask, DropSwitch, DropTaskKind } from './ddl-plan.js';
import { orderTasks, Step, type Phase, type PhasedTask } from './task-order.js';

export interface BlockedDrop {
  db: string;
  table?: string;
  partition?: string;
  wouldBe: DropTaskKind;
  blockedBy: DropSwitch;
  /** What differs, e.g. "exists only on the target". */
  finding: string;
}

function compareText(a: string | undefined, b: string | undefined): number {
  const x = a ?? '';
  const y = b ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}

export class PlanBuilder {
  private readonly phased: PhasedTask[] = [];
  private readonly blocked: BlockedItem[] = [];

  add(task: DdlTask, phase: Phase, step: Step = Step.Create): void {
    this.phased.push({ task, phase, step });
  }

  block(drop: BlockedDrop): void {
    const { finding, ...item } = drop;
    this.blocked.push({ ...item, reason: `${finding}; ${drop.blockedBy}=false keeps it` });
  }

  finish(): DdlPlan {
    const blocked = [...this.blocked].sort(
      (a, b) => compareText(a.db, b.db) || compareText(a.table, b.table) || compareText(a.partition, b.partition),
    );
    return { tasks: orderTasks(this.phased), blocked };
  }
}
