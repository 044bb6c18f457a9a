// The daemon's life cycle: connect to both clusters, run the sync rounds until stopped (or, in
// one-time mode, until done), and stop cleanly on SIGTERM.
import type { Logger } from 'pino';
import type { SyncConfig } from '../config/load-config.js';
import { feEndpoint, describeEndpoint } from '../cluster/fe-endpoint.js';
import { FeClient } from '../cluster/fe-client.js';
import { connectWithRetry } from './connect-clusters.js';
import { DEFAULT_BACKOFF } from '../util/backoff.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_UNSUPPORTED } from '../cli/exit-codes.js';

export interface DaemonOptions {
  oneTime: boolean;
  signal: AbortSignal;
  /** One-time mode gives up connecting after this many attempts per cluster. */
  oneTimeConnectAttempts?: number;
}

function waitForAbort(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
}

export async function runDaemon(config: SyncConfig, logger: Logger, options: DaemonOptions): Promise<number> {
  const log = logger.child({ component: 'daemon' });
  const threads = config.settings.meta_job_threads;
  const clients = [new FeClient(feEndpoint(config, 'source'), threads), new FeClient(feEndpoint(config, 'target'), threads)];
  log.info(
    `cluster-sync starting in ${options.oneTime ? 'one-time' : 'continuous'} mode: ` + clients.map((c) => describeEndpoint(c.endpoint)).join(' -> '),
  );
  try {
    const outcomes = await Promise.all(
      clients.map((client) =>
        connectWithRetry(client, log, {
          backoff: { ...DEFAULT_BACKOFF, maxMs: Math.min(DEFAULT_BACKOFF.maxMs, config.settings.meta_job_interval_seconds * 1000) },
          maxAttempts: options.oneTime ? (options.oneTimeConnectAttempts ?? 6) : undefined,
          signal: options.signal,
        }),
      ),
    );
    if (options.signal.aborted) return EXIT_OK;
    const failed = outcomes.flatMap((outcome, i) => (outcome.connected ? [] : [`${describeEndpoint(clients[i]!.endpoint)}: ${outcome.reason}`]));
    if (failed.length > 0) {
      log.error(`one-time run failed: cannot reach ${failed.join('; ')}`);
      return EXIT_FAILURE;
    }
    if (options.oneTime) {
      log.error('one-time run cannot sync: this version has no sync jobs yet; both clusters are reachable');
      return EXIT_UNSUPPORTED;
    }
    log.info('both clusters reachable; waiting for work');
    await waitForAbort(options.signal);
    return EXIT_OK;
  } finally {
    await Promise.all(clients.map((client) => client.close()));
  }
}
