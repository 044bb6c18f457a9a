// Runs the daemon in this process (continuous mode) against test clusters, as `cluster-sync start`
// would, until the test ends; its log directory is read as an operator tails it.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { propertiesWith } from './config-files.js';
import { scratchDir } from './scratch.js';
import { loadConfig } from '../../src/config/load-config.js';
import { createLogging } from '../../src/log/logger.js';
import { runDaemon } from '../../src/daemon/daemon.js';
import { RunningConfig } from '../../src/config/running-config.js';

export interface RunningDaemon {
  dir: string;
  conf: string;
  logDir: string;
  /** sync.INFO.log and sync.WARN.log as they are now. */
  info(): string;
  warn(): string;
}

/** @param options.logDir where its log directory goes (default: its own scratch folder's log/), for a test that names it before the daemon starts */
export function startDaemon(t: TestContext, name: string, settings: Record<string, string>, options: { logDir?: string } = {}): RunningDaemon {
  const dir = scratchDir(name);
  const conf = join(dir, 'sync.properties');
  const hosts = join(dir, 'hosts.properties');
  writeFileSync(conf, propertiesWith(settings));
  writeFileSync(hosts, '');
  const config = loadConfig({ conf, hosts }).config;
  const logDir = options.logDir ?? join(dir, 'log');
  const logging = createLogging({ dir: logDir, console: false });
  const stop = new AbortController();
  const daemon = runDaemon(new RunningConfig(config), logging.logger, { oneTime: false, signal: stop.signal, logDir });
  t.after(async () => {
    stop.abort();
    await daemon;
    logging.close();
  });
  const read = (file: string) => {
    try {
      return readFileSync(join(logDir, file), 'utf8');
    } catch {
      return '';
    }
  };
  return { dir, conf, logDir, info: () => read('sync.INFO.log'), warn: () => read('sync.WARN.log') };
}
