// The daemon's life cycle: connect to both clusters, run the sync loop until stopped (or, in
// one-time mode, until done), and stop cleanly on SIGTERM.
import type { Logger } from 'pino';
import type { SyncConfig } from '../config/load-config.js';
import type { RunningConfig } from '../config/running-config.js';
import { describeEndpoint, type FeEndpoint } from '../cluster/fe-endpoint.js';
import type { FeClient } from '../cluster/fe-client.js';
import { feClientFor } from '../cluster/fe-client-for.js';
import { connectWithRetry } from './connect-clusters.js';
import { DEFAULT_BACKOFF } from '../util/backoff.js';
import { runSyncLoop } from './sync-loop.js';
import { clusterEffects } from './loop-effects.js';
import { LoopControl } from './loop-control.js';
import { startDaemonApi } from '../http/daemon-api.js';
import type { ApiServer } from '../http/api-server.js';
import { SEND_CONCURRENCY } from './replication-executor.js';
import { gatherFacts } from '../check/gather-facts.js';
import { evaluatePreflight, formatCheckTable } from '../check/preflight-rules.js';
import { capabilitiesOf, onCapabilitiesLearned } from '../cluster/capability-probes.js';
import { describeCapabilities } from '../cluster/capabilities.js';

/**
 * Says in one line what each cluster's release has and lacks, when it is first learned and again
 * whenever the FE reports another release (a rolling upgrade during the migration).
 */
async function learnCapabilities(clients: FeClient[], log: Logger): Promise<void> {
  for (const client of clients) {
    const side = client.endpoint.side;
    onCapabilitiesLearned(client, (learned, previous) =>
      previous
        ? log.warn({ side }, `${side} cluster now reports another release (was ${previous.versionText}); read from now on as: ${describeCapabilities(learned)}`)
        : log.info({ side }, `${side} cluster: ${describeCapabilities(learned)}`),
    );
  }
  // Learned now so the line comes first; a failure here is retried by the first round.
  await Promise.all(clients.map((client) => capabilitiesOf(client).catch((error: Error) => log.warn(`reading what the ${client.endpoint.side} cluster supports failed: ${error.message}`))));
}

export interface DaemonOptions {
  oneTime: boolean;
  signal: AbortSignal;
  logDir: string;
  /** One-time mode gives up connecting after this many attempts per cluster. */
  oneTimeConnectAttempts?: number;
}

/**
 * The checks of `cluster-sync check`, logged at start: what is not prepared shows in the WARN log
 * before any job fails because of it. Not fatal: an operator can fix a setting while the daemon runs.
 */
async function logPreflight(config: SyncConfig, log: Logger): Promise<void> {
  try {
    const results = evaluatePreflight(await gatherFacts(config));
    for (const line of formatCheckTable(results).split('\n')) {
      if (line.startsWith('FAIL')) log.warn(`preflight: ${line} (the sync goes on; run cluster-sync check after fixing it)`);
      else log.info(`preflight: ${line}`);
    }
  } catch (error) {
    log.warn(`preflight checks could not run: ${(error as Error).message}`);
  }
}

/** How a daemon run ended; the command line turns it into an exit code. */
export type DaemonOutcome =
  /** Stopped by a signal (continuous mode ends only so). */
  | { kind: 'stopped' }
  /** One-time mode: every selected table reached the source versions of the first round. */
  | { kind: 'done' }
  /** One-time mode: the run cannot finish, and why. */
  | { kind: 'failed'; reason: string };

/** `running` holds the configuration: re-read between rounds, read by the FE clients at each failover. */
export async function runDaemon(running: RunningConfig, logger: Logger, options: DaemonOptions): Promise<DaemonOutcome> {
  const log = logger.child({ component: 'daemon' });
  // What needs a restart to change (addresses, users, connections) is read once, at start.
  const config = running.current;
  const threads = config.settings.meta_job_threads;
  const onSwitch = (from: FeEndpoint, to: FeEndpoint, reason: string) =>
    log.warn({ side: from.side }, `${describeEndpoint(from)} is not answering (${reason}); using ${describeEndpoint(to)}, another FE of the cluster`);
  // Connections: the meta job's threads plus the replication requests built side by side.
  const clients = (['source', 'target'] as const).map((side) => feClientFor(config, side, threads + SEND_CONCURRENCY, { hosts: () => running.current.hosts, onSwitch }));
  log.info(
    `cluster-sync starting in ${options.oneTime ? 'one-time' : 'continuous'} mode: ` + clients.map((c) => describeEndpoint(c.endpoint)).join(' -> '),
  );
  const control = new LoopControl();
  let api: ApiServer | undefined;
  try {
    // Up before the clusters are reached: an operator can see the daemon connecting.
    const [sourceClient, targetClient] = clients as [FeClient, FeClient];
    try {
      api = await startDaemonApi({ running, control, source: sourceClient, target: targetClient, oneTime: options.oneTime, logDir: options.logDir, log: logger.child({ component: 'http' }) });
    } catch (error) {
      const reason = (error as Error).message;
      log.error(reason);
      return { kind: 'failed', reason };
    }
    const outcomes = await Promise.all(
      clients.map((client) =>
        connectWithRetry(client, log, {
          backoff: { ...DEFAULT_BACKOFF, maxMs: Math.min(DEFAULT_BACKOFF.maxMs, config.settings.meta_job_interval_seconds * 1000) },
          maxAttempts: options.oneTime ? (options.oneTimeConnectAttempts ?? 6) : undefined,
          signal: options.signal,
        }),
      ),
    );
    if (options.signal.aborted) return { kind: 'stopped' };
    const failed = outcomes.flatMap((outcome, i) => (outcome.connected ? [] : [`${describeEndpoint(clients[i]!.endpoint)}: ${outcome.reason}`]));
    if (failed.length > 0) {
      const reason = `cannot reach ${failed.join('; ')}`;
      log.error(`one-time run failed: ${reason}`);
      return { kind: 'failed', reason };
    }
    await learnCapabilities(clients, log);
    await logPreflight(config, log);
    const [source, target] = clients as [FeClient, FeClient];
    const effects = clusterEffects({ running, source, target, logger, logDir: options.logDir, signal: options.signal, control });
    const outcome = await runSyncLoop(effects, logger, { oneTime: options.oneTime, signal: options.signal, maxMetaFailures: options.oneTimeConnectAttempts ?? 6 });
    if (outcome.done) return { kind: 'done' };
    if (outcome.reason === 'stopped') return { kind: 'stopped' };
    log.error(`one-time run failed: ${outcome.reason}`);
    return { kind: 'failed', reason: outcome.reason };
  } finally {
    await api?.close();
    await Promise.all(clients.map((client) => client.close()));
  }
}
