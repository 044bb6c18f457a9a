// What the operator must still do by hand after a cutover, with the exact statements (pure).
// The preparation of the migration guide (seed 003, "準備") is undone on the target once the
// migration is over: legacy replication compatibility off again and out of fe.conf, and on a
// shared-data target compaction back on and out of fe.conf. Cutover does not run these itself:
// fe.conf lives on each FE's machine, beyond the reach of SQL, and the settings must stay as they
// are for as long as a daemon may still replicate. Each step is listed only when the target's
// current value says it is needed (read with ADMIN SHOW FRONTEND CONFIG LIKE '...').

export interface TargetSettings {
  /** enable_legacy_compatibility_for_replication, as the target prints it (undefined: no such item). */
  legacyCompatibility?: string;
  /** run_mode: shared_nothing or shared_data. */
  runMode?: string;
  /** lake_compaction_max_tasks. */
  lakeCompactionMaxTasks?: string;
}

export interface DaemonFacts {
  /** The log directory cutover was given, whose status.json says whether a daemon runs there. */
  logDir: string;
  /** The pid of the daemon running on that log directory, if one does. */
  runningPid?: number;
}

export interface ManualStep {
  /** What and why, in one sentence. */
  what: string;
  /** Statements to run, or lines to edit, exactly. */
  commands: string[];
}

export const LEGACY_COMPATIBILITY = 'enable_legacy_compatibility_for_replication';
export const LAKE_COMPACTION_MAX_TASKS = 'lake_compaction_max_tasks';

export function manualSteps(target: TargetSettings, daemon: DaemonFacts): ManualStep[] {
  const steps: ManualStep[] = [];
  steps.push({
    what:
      (daemon.runningPid !== undefined ? `Stop the daemon (pid ${daemon.runningPid} runs on ${daemon.logDir}). ` : 'Stop the daemon if one still runs. ') +
      "Left running, it keeps the target's partitions equal to the source's: it would drop the partitions the target's scheduler now adds, and switch the scheduler off again at the source's next partition",
    commands: [`bin/stop.sh --log-dir ${daemon.logDir}`],
  });
  if ((target.legacyCompatibility ?? '').toLowerCase() === 'true') {
    steps.push({
      what: `Turn legacy replication compatibility off on the target (${LEGACY_COMPATIBILITY} is true): run on the target, then remove the line from fe.conf on every target FE so a restart does not turn it back on`,
      commands: [`ADMIN SET FRONTEND CONFIG("${LEGACY_COMPATIBILITY}"="false");`, `fe.conf: delete the line "${LEGACY_COMPATIBILITY} = true"`],
    });
  }
  if ((target.runMode ?? '').toLowerCase() === 'shared_data' && target.lakeCompactionMaxTasks === '0') {
    steps.push({
      what: `Turn compaction back on on the shared-data target (${LAKE_COMPACTION_MAX_TASKS} is 0): run on the target, then remove the line from fe.conf on every target FE`,
      commands: [`ADMIN SET FRONTEND CONFIG("${LAKE_COMPACTION_MAX_TASKS}"="-1");`, `fe.conf: delete the line "${LAKE_COMPACTION_MAX_TASKS} = 0"`],
    });
  }
  steps.push({ what: 'Point the application at the target cluster (its FE addresses, users and passwords)', commands: [] });
  return steps;
}

export function formatManualSteps(steps: readonly ManualStep[]): string[] {
  return steps.flatMap((step, i) => [`  ${i + 1}. ${step.what}`, ...step.commands.map((c) => `       ${c}`)]);
}
