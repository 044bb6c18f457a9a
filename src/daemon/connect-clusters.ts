// Brings up the FE connections of both clusters, retrying with backoff and saying why each attempt
// failed. In continuous mode it never gives up (clusters come back); in one-time mode it stops after
// a bounded number of attempts so a scripted run ends with an error instead of hanging.
import type { Logger } from 'pino';
import { describeEndpoint } from '../cluster/fe-endpoint.js';
import type { FeClient } from '../cluster/fe-client.js';
import { backoffDelay, sleep, type BackoffPolicy } from '../util/backoff.js';

export interface ConnectOptions {
  backoff: BackoffPolicy;
  /** Undefined: retry until aborted. */
  maxAttempts?: number;
  signal: AbortSignal;
}

export type ConnectOutcome = { connected: true; version: string } | { connected: false; reason: string };

export async function connectWithRetry(client: FeClient, logger: Logger, options: ConnectOptions): Promise<ConnectOutcome> {
  const name = describeEndpoint(client.endpoint);
  let lastReason = 'stopped before the first attempt';
  for (let attempt = 1; options.maxAttempts === undefined || attempt <= options.maxAttempts; attempt++) {
    if (options.signal.aborted) break;
    try {
      const version = await client.probe();
      logger.info({ side: client.endpoint.side, version }, `connected to ${name} as ${client.endpoint.user}`);
      return { connected: true, version };
    } catch (error) {
      lastReason = (error as Error).message;
      const last = options.maxAttempts !== undefined && attempt >= options.maxAttempts;
      const delay = backoffDelay(options.backoff, attempt);
      logger.warn(
        { side: client.endpoint.side, attempt },
        last ? `${lastReason}; giving up` : `${lastReason}; retrying in ${(delay / 1000).toFixed(1)}s`,
      );
      if (last || !(await sleep(delay, options.signal))) break;
    }
  }
  return { connected: false, reason: lastReason };
}
