// The HTTP API of a running daemon, when http_port is set: the routes over the sync loop's
// control, the metrics over its state and the FE clients' counters, and the status page.
import type { Logger } from 'pino';
import type { FeClient } from '../cluster/fe-client.js';
import { describeEndpoint } from '../cluster/fe-endpoint.js';
import { knownCapabilities } from '../cluster/capability-probes.js';
import type { SyncConfig } from '../config/load-config.js';
import type { RunningConfig } from '../config/running-config.js';
import type { LoopControl } from '../daemon/loop-control.js';
import { SyncWindow } from '../daemon/sync-window.js';
import { apiRoutes } from './api-routes.js';
import { startApiServer, type ApiServer } from './api-server.js';
import { DaemonMetrics } from './metrics.js';
import { statusPage } from './status-page.js';
import { CutoverRuns } from './cutover-runs.js';

export interface DaemonApiOptions {
  running: RunningConfig;
  control: LoopControl;
  source: FeClient;
  target: FeClient;
  oneTime: boolean;
  logDir: string;
  log: Logger;
}

/** Starts the API when http_port is set; undefined when it is off. */
export async function startDaemonApi(options: DaemonApiOptions): Promise<ApiServer | undefined> {
  const { running, control, source, target } = options;
  const settings = running.current.settings;
  if (settings.http_port === 0) return undefined;
  const startedAt = Date.now();
  // The quiet-hours window as the configuration in force says (rebuilt when it is reloaded).
  let window: { config: SyncConfig; window: SyncWindow } | undefined;
  const windowNow = () => {
    if (window?.config !== running.current) {
      window?.window.close();
      window = { config: running.current, window: new SyncWindow(running.current.settings.sync_window_cron, running.current.settings.sync_window_minutes) };
    }
    return window.window.state(new Date());
  };
  const metrics = new DaemonMetrics({
    control,
    now: () => Date.now(),
    statements: () => ({
      source: { sent: source.statementsSent, failed: source.statementsFailed },
      target: { sent: target.statementsSent, failed: target.statementsFailed },
    }),
  });
  const cutover = new CutoverRuns(running, control, options.logDir, options.log);
  const routes = apiRoutes({
    control,
    cutover,
    running,
    log: options.log,
    metrics: () => metrics.text(),
    page: statusPage,
    facts: () => ({
      now: Date.now(),
      startedAt,
      oneTime: options.oneTime,
      ended: control.hasEnded,
      settings: running.current.settings,
      window: windowNow(),
      clusters: {
        source: { fe: describeEndpoint(source.endpoint), release: knownCapabilities(source)?.versionText ?? null },
        target: { fe: describeEndpoint(target.endpoint), release: knownCapabilities(target)?.versionText ?? null },
      },
    }),
  });
  const server = await startApiServer({ port: settings.http_port, bind: settings.http_bind, token: settings.http_token, routes, log: options.log });
  return {
    port: server.port,
    close: async () => {
      cutover.close();
      window?.window.close();
      await server.close();
    },
  };
}
