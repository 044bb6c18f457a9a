// The daemon's jobs, each on its own interval: meta (read both catalogues, diff, plan), DDL (run a
// batch of statements on the target), replication (watch jobs in flight, send the next batch while
// the window is open and the target's disks allow), report (the progress lines and the status
// file). One-time mode ends when every table has reached the source versions of the first round.
import type { Logger } from 'pino';
import type { FeClient } from '../cluster/fe-client.js';
import { describeEndpoint } from '../cluster/fe-endpoint.js';
import { isTableSelected } from '../config/data-rules.js';
import type { RunningConfig } from '../config/running-config.js';
import type { ClusterCatalog } from '../meta/catalog-model.js';
import type { BlockedItem, DdlTask } from '../ddl/ddl-plan.js';
import { recordDrops } from '../ddl/drop-ledger.js';
import type { SkippedReplication } from '../replication/candidate.js';
import { knownCapabilities } from '../cluster/capability-probes.js';
import { stateChanged } from './round-decisions.js';
import { runMetaRound } from './meta-round.js';
import { readSyncState, writeSyncState, type SyncState } from './sync-state-file.js';
import { countJobs, createTracker, DEFAULT_TRACKER_OPTIONS, needsReplan, nextToSend, track, type TrackerState } from '../replication/job-tracker.js';
import { blockedLine, jobProgress, tableProgress, waitingLine, windowLine } from '../report/progress.js';
import { countTables, EMPTY_TABLE_PROGRESS, withFinishedJobs, withPlan, type TableProgressModel } from '../report/table-progress.js';
import { runDdlTasks } from './ddl-executor.js';
import { replicationTransport } from './replication-executor.js';
import { S3Transport } from './s3-transfer-executor.js';
import type { Transport } from './transport.js';
import { SyncWindow } from './sync-window.js';
import { writeStatusFile, type DaemonStatus } from './status-file.js';
import { backoffDelay, DEFAULT_BACKOFF, sleep } from '../util/backoff.js';
import { afterMetaRound, goalOf, jobsGiveUpReason, type Goal } from './one-time-rules.js';
import { replicationGate } from './replication-gate.js';
import { objectName } from '../meta/table-key.js';

export interface RoundsOptions {
  oneTime: boolean;
  signal: AbortSignal;
  logDir: string;
  /** How often the loop looks at its intervals (ms). */
  tickMs?: number;
  /** One-time mode gives up after this many meta rounds failing in a row (default 6). */
  maxMetaFailures?: number;
  /** One-time mode gives up on a job that could not be built for this long (default 10 minutes): a BE down for good. */
  maxWaitMs?: number;
}

export type RoundsOutcome = { done: true } | { done: false; reason: string };

/** `running` is re-read before each meta round; what it holds then is this round's configuration. */
export async function runSyncRounds(running: RunningConfig, source: FeClient, target: FeClient, logger: Logger, options: RoundsOptions): Promise<RoundsOutcome> {
  const log = logger.child({ component: 'sync' });
  let config = running.current;
  // A failed job is sent again after one replication interval, then less and less often.
  let tracker: TrackerState = createTracker({ backoff: { ...DEFAULT_TRACKER_OPTIONS.backoff, initialMs: config.settings.replication_job_interval_seconds * 1000 } });
  let tables: TableProgressModel = EMPTY_TABLE_PROGRESS;
  let ddlPending: DdlTask[] = [];
  let blocked: BlockedItem[] = [];
  /** Tables the last plan left out for a reason of the source's (an overwrite under way, a layout not supported). */
  let sourceSkips: SkippedReplication[] = [];
  let catalogs: { source: ClusterCatalog; target: ClusterCatalog } | undefined;
  let goal: Goal | undefined;
  let window = new SyncWindow(config.settings.sync_window_cron, config.settings.sync_window_minutes);
  const last = { meta: 0, ddl: 0, replication: 0, report: 0 };
  let forceMeta = true;
  /** A meta round found work to send: the replication job runs at once, not an interval later. */
  let replicateNow = false;
  let round = 0;
  /** Meta rounds failed in a row: retried sooner than the interval, backing off (a blip heals fast). */
  let metaFailures = 0;
  /** Whether the quiet-hours window was open at the last replication tick (its changes are logged). */
  let windowWasOpen: boolean | undefined;
  /** One-time mode: consecutive rounds with nothing left to do and the goal still not reached. */
  let idleRounds = 0;
  /** Whether the last read of each cluster's catalogue worked, and why not when it did not. */
  const reads: Record<'source' | 'target', { connected: boolean; error?: string }> = { source: { connected: false }, target: { connected: false } };
  const errors: string[] = [];
  const startedAt = new Date().toISOString();
  const jobPrefix = `cluster-sync-${Date.now().toString(36)}`;
  const knownBlocked = new Set<string>();
  /** Tables left out of replication for a reason of the source's (an overwrite, a layout not supported), as said last round. */
  let saidSkipped = new Set<string>();
  /** Drops made to re-create, and source partition ids followed: kept in the log directory across restarts. */
  let remembered: SyncState = readSyncState(options.logDir);
  const remember = (next: SyncState) => {
    if (!stateChanged(remembered, next)) return;
    remembered = next;
    writeSyncState(options.logDir, remembered);
  };
  /** Says once why a table waits or is left out for a reason of the source's own (sourceSkips). */
  const sayWhySkipped = (skipped: readonly SkippedReplication[]) => {
    const now = new Set<string>();
    for (const item of skipped) {
      const key = `${item.db}/${item.table}/${item.code}`;
      now.add(key);
      if (!saidSkipped.has(key)) (item.code === 'not-supported' ? log.warn.bind(log) : log.info.bind(log))(`replication of ${item.db}.${item.table} ${item.reason}`);
    }
    saidSkipped = now;
  };
  const noteError = (message: string) => {
    errors.unshift(`${new Date().toISOString()} ${message}`);
    errors.length = Math.min(errors.length, 20);
  };

  const progressLines = () => {
    const counts = { ...countJobs(tracker), ddlPending: ddlPending.length };
    const tableCounts = countTables(tables);
    return { counts, job: jobProgress(counts, tableCounts.unfinished), table: tableProgress(tableCounts) };
  };
  /** What the sync waits for: jobs that cannot be built yet, tables whose source is being overwritten. */
  const waits = () => [
    ...tracker.jobs.filter((j) => j.waitingSince !== undefined).map((j) => ({ object: objectName(j.candidate), reason: j.lastError ?? 'waiting' })),
    ...sourceSkips.filter((s) => s.code === 'overwrite-in-progress').map((s) => ({ object: objectName(s), reason: s.reason })),
  ];
  /** What will not change by itself: drops not repeated, tables not supported. */
  const stuck = () => [
    ...blocked.filter((b) => b.blockedBy === 'comparison-unstable').map((b) => ({ object: objectName(b), reason: b.reason })),
    ...sourceSkips.filter((s) => s.code === 'not-supported').map((s) => ({ object: objectName(s), reason: s.reason })),
  ];
  const report = () => {
    const { job, table } = progressLines();
    log.info(job);
    log.info(table);
    const waiting = waitingLine(waits());
    if (waiting) log.info(waiting);
    const blockedNow = blockedLine(stuck());
    if (blockedNow) log.warn(blockedNow);
    const quiet = windowLine(window.cron, window.minutes, window.state(new Date()));
    if (quiet) log.info(quiet);
  };
  /** Rewritten after every round, so `cluster-sync status` is never more than a round behind. */
  const writeStatus = () => {
    const { counts, job, table } = progressLines();
    const state = window.state(new Date());
    const status: DaemonStatus = {
      pid: process.pid,
      startedAt,
      mode: options.oneTime ? 'one-time' : 'continuous',
      updatedAt: new Date().toISOString(),
      round,
      source: { fe: describeEndpoint(source.endpoint), ...reads.source },
      target: { fe: describeEndpoint(target.endpoint), ...reads.target },
      window: { open: state.open, changesAt: state.changesAt?.toISOString() ?? null },
      progress: { job, table },
      jobs: { pending: counts.jobPending, sent: counts.sent, running: counts.running, finished: counts.finished, failed: counts.failed, unknown: counts.unknown },
      ddl: { pending: ddlPending.length, blocked: blocked.map((b) => ({ object: objectName(b), reason: b.reason })) },
      waiting: waits(),
      notSupported: sourceSkips.filter((s) => s.code === 'not-supported').map((s) => ({ object: objectName(s), reason: s.reason })),
      clusters: { source: knownCapabilities(source)?.versionText ?? null, target: knownCapabilities(target)?.versionText ?? null },
      errors,
    };
    writeStatusFile(options.logDir, status);
  };

  /** What sends and observes Thrift replication jobs, with the configuration as last reloaded. */
  const replicationContext = () => ({ config, source, target, log, jobPrefix, signal: options.signal });
  /** How data moves: transfer_mode needs a restart to change, so it is chosen once. */
  const transport: Transport =
    config.settings.transfer_mode === 's3'
      ? new S3Transport(() => ({ config, source, target, log, runId: jobPrefix, signal: options.signal, catalogs: catalogs! }))
      : replicationTransport(replicationContext);

  try {
    while (!options.signal.aborted) {
      const now = Date.now();
      const s = config.settings;

      const metaEveryMs = s.meta_job_interval_seconds * 1000;
      const metaDelayMs = metaFailures > 0 ? Math.min(metaEveryMs, backoffDelay(DEFAULT_BACKOFF, metaFailures)) : metaEveryMs;
      if (forceMeta || now - last.meta >= metaDelayMs) {
        forceMeta = false;
        last.meta = now;
        round++;
        if (running.reload()) {
          config = running.current;
          window.close();
          window = new SyncWindow(config.settings.sync_window_cron, config.settings.sync_window_minutes);
        }
        const selected = (db: string, table: string) => isTableSelected(config.dataRules, db, table);
        try {
          const meta = await runMetaRound(config, source, target, remembered, (side, outcome) => {
            reads[side] = outcome.ok ? { connected: true } : { connected: false, error: outcome.error.message };
          });
          const { source: src, target: dst, ddl, replication: plan } = meta;
          catalogs = { source: src, target: dst };
          if (metaFailures > 0) log.info(`reading the catalogues works again after ${metaFailures} failed attempt(s)`);
          metaFailures = 0;
          remember(meta.state);
          ddlPending = ddl.tasks;
          blocked = ddl.blocked;
          for (const item of blocked) {
            const key = `${item.db}/${item.table ?? ''}/${item.partition ?? ''}/${item.blockedBy}`;
            if (!knownBlocked.has(key)) log.warn(`not dropped: ${objectName(item)}: ${item.reason}`);
            knownBlocked.add(key);
          }
          sourceSkips = plan.skipped.filter((s) => s.code === 'overwrite-in-progress' || s.code === 'not-supported');
          sayWhySkipped(sourceSkips);
          tracker = track(tracker, { type: 'planned', now, candidates: plan.candidates });
          replicateNow = nextToSend(tracker, 1, now).length > 0;
          tables = withPlan(tables, plan);
          goal ??= goalOf(src, selected);
          const verdict = options.oneTime
            ? afterMetaRound({ goal, target: dst, ddlPending: ddlPending.length, planned: plan.candidates.length, tracked: tracker.jobs.length, idleRounds, skipped: plan.skipped, blocked })
            : undefined;
          if (verdict?.kind === 'done') {
            log.info('one-time run: every selected table reached the source versions of the first round');
            // The closing report counts the jobs as the target FE has them now, not as of the last
            // replication tick (the versions can be visible before the jobs were looked at again).
            try {
              tracker = await transport.observe(tracker, now);
              tables = withFinishedJobs(tables, tracker.tables);
            } catch (error) {
              log.warn(`the closing report shows the jobs as last seen: reading their states failed: ${(error as Error).message}`);
            }
            return { done: true };
          }
          if (verdict?.kind === 'give-up') return { done: false, reason: verdict.reason };
          idleRounds = verdict?.kind === 'go-on' ? verdict.idleRounds : 0;
        } catch (error) {
          const message = (error as Error).message;
          metaFailures++;
          const retryMs = Math.min(metaEveryMs, backoffDelay(DEFAULT_BACKOFF, metaFailures));
          log.warn(`reading the catalogues failed (attempt ${metaFailures}), retrying in ${(retryMs / 1000).toFixed(1)}s: ${message}`);
          noteError(message);
          if (options.oneTime && metaFailures >= (options.maxMetaFailures ?? 6)) {
            writeStatus();
            return { done: false, reason: `cannot read the catalogues after ${metaFailures} attempts: ${message}` };
          }
        }
        writeStatus();
      }

      if (ddlPending.length > 0 && now - last.ddl >= s.ddl_job_interval_seconds * 1000) {
        last.ddl = now;
        const batch = ddlPending.slice(0, s.ddl_job_batch_size);
        const result = await runDdlTasks(
          {
            source,
            target,
            log,
            signal: options.signal,
            properties: {
              replicationNum: s.target_cluster_replication_num,
              storageVolume: s.target_cluster_storage_volume,
              useBuiltinStorageVolumeOnly: s.target_cluster_use_builtin_storage_volume_only,
              enablePersistentIndex: s.target_cluster_enable_persistent_index,
            },
          },
          batch,
        );
        for (const failure of result.failed) noteError(failure.error);
        remember({ ...remembered, drops: recordDrops(remembered.drops, result.completed, Date.now()) });
        // Jobs sent for a table the DDL just dropped or re-created (or whose partitions it changed) can never finish.
        for (const task of batch) {
          if ('table' in task && task.kind !== 'create_view' && task.kind !== 'create_materialized_view') tracker = track(tracker, { type: 'reset', now, db: task.db, table: task.table });
        }
        ddlPending = ddlPending.slice(result.done + result.failed.length);
        // What the DDL did changes the plans: read the catalogues again at once.
        forceMeta = true;
      }

      if (catalogs && (replicateNow || now - last.replication >= s.replication_job_interval_seconds * 1000)) {
        last.replication = now;
        replicateNow = false;
        try {
          const before = countJobs(tracker).finished;
          tracker = await transport.observe(tracker, now);
          tracker = track(tracker, { type: 'tick', now });
          tables = withFinishedJobs(tables, tracker.tables);
          const giveUp = options.oneTime ? jobsGiveUpReason(tracker.jobs, now, options.maxWaitMs) : null;
          if (giveUp) return { done: false, reason: giveUp };
          if (countJobs(tracker).finished > before || needsReplan(tracker)) forceMeta = true;
          const windowState = window.state(new Date(now));
          if (windowState.open !== windowWasOpen) {
            const line = windowLine(window.cron, window.minutes, windowState);
            if (line) log.info(line.replace('Sync window:', windowWasOpen === undefined ? 'sync window is' : 'sync window now'));
            windowWasOpen = windowState.open;
          }
          const gate = replicationGate({ targetBackends: catalogs.target.backends, maxDiskUsedPercent: s.target_cluster_max_disk_used_percent, windowOpen: windowState.open });
          if (gate.send) {
            tracker = await transport.send(tracker, now);
          } else if (gate.cause === 'disk-full') {
            log.warn(gate.reason);
            noteError(gate.reason);
            if (options.oneTime) return { done: false, reason: gate.reason };
          }
        } catch (error) {
          const message = (error as Error).message;
          log.warn(`replication round failed, retried next round: ${message}`);
          noteError(message);
        }
      }

      if (now - last.report >= s.report_interval_seconds * 1000) {
        last.report = now;
        report();
      }
      // What a DDL batch created is read back (and its replication sent) without waiting a tick.
      if (!forceMeta) await sleep(options.tickMs ?? 250, options.signal);
    }
    return { done: false, reason: 'stopped' };
  } finally {
    report();
    writeStatus();
    window.close();
  }
}
