// The moment the application moves to the target: wait until the daemon has brought the target in
// sync (its own meta round decides), verify, turn back on what the migration turned off on the
// target, and say what is left to do by hand. One function for the command line and, later, an
// HTTP endpoint: progress goes to `report` line by line, the outcome comes back as data.
import { setTimeout as sleep } from 'node:timers/promises';
import type { SyncConfig } from '../config/load-config.js';
import { isTableSelected } from '../config/data-rules.js';
import type { FeClient } from '../cluster/fe-client.js';
import { feClientFor } from '../cluster/fe-client-for.js';
import { capabilitiesOf } from '../cluster/capability-probes.js';
import { readFrontendConfig } from '../cluster/frontend-config.js';
import { runMetaRound, type MetaRound } from '../daemon/meta-round.js';
import { feCatalogReader } from '../daemon/catalog-reader.js';
import { readSyncState } from '../daemon/sync-state-file.js';
import { describeStatus, readStatusFile } from '../daemon/status-file.js';
import { verify, type VerifyReport } from '../verify/verify.js';
import { waitForSync } from './wait-for-sync.js';
import { describeLag, lagReasons, type SyncLag } from './sync-lag.js';
import { planDynamicPartitioning, restoreDynamicPartitioning, type TargetChange } from './restore-dynamic-partitioning.js';
import { LAKE_COMPACTION_MAX_TASKS, LEGACY_COMPATIBILITY, manualSteps, type ManualStep } from './manual-steps.js';

export interface CutoverOptions {
  /** false: check once and report (--no-wait). */
  wait: boolean;
  /** How long to wait for the target to catch up. */
  timeoutMs: number;
  /** How often to check (and print the lag) while waiting. */
  intervalMs: number;
  /** The daemon's log directory: its sync-state.json feeds the round, its status.json says whether it runs. */
  logDir: string;
  /** Ends the wait early (the run then reports where it stood). */
  signal?: AbortSignal;
  /**
   * Runs once verified, before anything changes on the target. A cutover asked of a running daemon
   * (POST /api/v1/cutover) pauses it here, so it does not switch off again what cutover turns on.
   */
  beforeChanges?: () => Promise<void>;
}

export type CutoverStage = 'connect' | 'sync' | 'verify' | 're-enable';

export interface CutoverResult {
  ok: boolean;
  /** Where the cutover stopped, when it did not finish. */
  failedAt?: CutoverStage;
  /** Why it stopped, in words. */
  reason?: string;
  /** The last lag seen while waiting. */
  lag?: SyncLag;
  /** The verification, once it ran. */
  verify?: VerifyReport;
  /** What cutover changed on the target, in order. */
  changes: TargetChange[];
  /** Tables whose scheduler was already on again (nothing done). */
  alreadyOn: string[];
  /** What the operator must still do (only when ok). */
  manualSteps: ManualStep[];
}

/** The pid of a daemon running on `logDir`, by its status file. */
function runningDaemon(logDir: string): number | undefined {
  const status = readStatusFile(logDir);
  return status && describeStatus(status, new Date()).running ? status.pid : undefined;
}

function daemonHint(logDir: string): string | undefined {
  if (runningDaemon(logDir) !== undefined) return undefined;
  return `no daemon runs on ${logDir} (no status.json there, or its pid is gone): cutover only waits; the daemon does the work (bin/start.sh --log-dir ${logDir})`;
}

async function waitStage(config: SyncConfig, source: FeClient, target: FeClient, options: CutoverOptions, report: (line: string) => void): Promise<{ ok: true; lag: SyncLag } | { ok: false; lag?: SyncLag; reason: string }> {
  const readers = { source: feCatalogReader(source), target: feCatalogReader(target) };
  const waitSeconds = Math.round(options.timeoutMs / 1000);
  report(options.wait ? `Waiting for the target to be in sync (a check every ${Math.round(options.intervalMs / 1000)} s, for at most ${waitSeconds} s)` : 'Checking once whether the target is in sync (--no-wait)');
  const outcome = await waitForSync<MetaRound>(
    {
      // The daemon's sync state is read each time: the daemon rewrites it as it goes.
      round: () => runMetaRound(config, readers, readSyncState(options.logDir)),
      now: () => Date.now(),
      // A stop ends the pause at once; the loop then returns where it stood.
      pause: (ms) => sleep(ms, undefined, options.signal ? { signal: options.signal } : {}).catch(() => undefined),
      report,
      hint: () => daemonHint(options.logDir),
      stopped: () => options.signal?.aborted === true,
    },
    { wait: options.wait, timeoutMs: options.timeoutMs, intervalMs: options.intervalMs },
  );
  if (outcome.kind === 'in-sync') {
    report(`In sync: ${outcome.lag.tables} table(s), nothing left to create or replicate`);
    for (const item of outcome.lag.leftAlone) report(`  left alone (only on the target): ${item.db}${item.table ? `.${item.table}` : ''}: ${item.reason}`);
    return { ok: true, lag: outcome.lag };
  }
  const waited = outcome.stopped ? `when stopped after ${Math.round(outcome.waitedMs / 1000)} s` : options.wait ? `after waiting ${Math.round(outcome.waitedMs / 1000)} s (--timeout ${waitSeconds})` : 'at the one check (--no-wait)';
  const why = outcome.lag ? `${describeLag(outcome.lag)}${lagReasons(outcome.lag, 3).map((r) => `; ${r}`).join('')}` : `the clusters could not be read: ${outcome.lastError ?? 'no reason given'}`;
  return { ok: false, ...(outcome.lag ? { lag: outcome.lag } : {}), reason: `the target is not in sync ${waited}: ${why}` };
}

export async function runCutover(config: SyncConfig, options: CutoverOptions, report: (line: string) => void): Promise<CutoverResult> {
  const result: CutoverResult = { ok: false, changes: [], alreadyOn: [], manualSteps: [] };
  const fail = (stage: CutoverStage, reason: string): CutoverResult => Object.assign(result, { failedAt: stage, reason });
  const threads = config.settings.meta_job_threads;
  // Built as the daemon builds its clients (hosts.properties, failover), so the round reads what the daemon's reads.
  const source = feClientFor(config, 'source', threads);
  const target = feClientFor(config, 'target', threads);
  try {
    try {
      // What each release supports is learned first, as the daemon learns it when it connects.
      await Promise.all([capabilitiesOf(source), capabilitiesOf(target)]);
    } catch (error) {
      return fail('connect', `cannot read the clusters: ${(error as Error).message}`);
    }

    const synced = await waitStage(config, source, target, options, report);
    if (!synced.ok) {
      if (synced.lag) result.lag = synced.lag;
      return fail('sync', synced.reason);
    }
    result.lag = synced.lag;

    let verified: VerifyReport;
    try {
      verified = await verify(config, { clients: { source, target }, targetSchedulerMayRun: true });
    } catch (error) {
      return fail('verify', `verify could not finish: ${(error as Error).message}`);
    }
    result.verify = verified;
    if (verified.differences.length > 0) {
      return fail(
        'verify',
        `verify found ${verified.differences.length} difference(s); nothing was changed on the target. A source still being loaded moves ahead again: stop its loads and run cutover again`,
      );
    }

    await options.beforeChanges?.();
    const selected = (db: string, table: string) => isTableSelected(config.dataRules, db, table);
    const schedulers = planDynamicPartitioning(verified.source, verified.target, selected);
    result.alreadyOn = schedulers.alreadyOn.map((t) => `${t.db}.${t.table}`);
    const restored = await restoreDynamicPartitioning(target, schedulers.toEnable);
    result.changes.push(...restored.changes);
    if (restored.failed) {
      return fail('re-enable', `${restored.failed.statement} failed on the target: ${restored.failed.error} (the tables listed as changed were; run cutover again once the cause is fixed)`);
    }

    const [legacyCompatibility, runMode, lakeCompactionMaxTasks] = await Promise.all([
      readFrontendConfig(target, LEGACY_COMPATIBILITY),
      readFrontendConfig(target, 'run_mode'),
      readFrontendConfig(target, LAKE_COMPACTION_MAX_TASKS),
    ]).catch((error: unknown) => {
      report(`could not read the target's FE configuration (${(error as Error).message}): check ${LEGACY_COMPATIBILITY} and ${LAKE_COMPACTION_MAX_TASKS} by hand`);
      return [undefined, undefined, undefined];
    });
    const pid = runningDaemon(options.logDir);
    result.manualSteps = manualSteps(
      {
        ...(legacyCompatibility !== undefined ? { legacyCompatibility } : {}),
        ...(runMode !== undefined ? { runMode } : {}),
        ...(lakeCompactionMaxTasks !== undefined ? { lakeCompactionMaxTasks } : {}),
      },
      { logDir: options.logDir, ...(pid !== undefined ? { runningPid: pid } : {}) },
    );
    result.ok = true;
    return result;
  } finally {
    await Promise.all([source.close(), target.close()]);
  }
}
