// Which nodes a `start` on an existing cluster directory keeps running and which it (re)starts.
// A node fault (one BE killed) needs only that node brought back: the nodes still alive keep their
// processes, data and backend ids, and the restarted ones run with the settings the cluster has.
import type { ClusterState, ProcessClusterOptions } from './process-cluster.js';
import { isAlive } from './node-process.js';

export interface RestartPlan {
  /** Whether the FE, and each BE by index, is alive and kept running. */
  fe: boolean;
  backends: boolean[];
  /** The options to start the missing nodes with and to record: the cluster's, then the ones given. */
  options: ProcessClusterOptions;
}

/** Settings a partial restart checks apart (counts and ports) or that only shape the launcher's wait. */
const LAUNCHER_ONLY = new Set(['dir', 'timeoutMs', 'feHeapMb', 'beHeapMb', 'queryPort', 'httpPort', 'rpcPort', 'backends']);

/**
 * undefined when no node of the directory's cluster is alive (a plain start). Throws, changing
 * nothing, when every node is alive, or when the start asks for settings the running nodes do not
 * have (another BE count, release, password, hosts, or FE ports while the FE runs).
 */
export function restartPlan(dir: string, previous: ClusterState | undefined, options: ProcessClusterOptions): RestartPlan | undefined {
  if (!previous) return undefined;
  const fe = isAlive(previous.pids.fe);
  const backends = previous.pids.backends.map(isAlive);
  if (!fe && !backends.some(Boolean)) return undefined;
  const pids = [previous.pids.fe, ...previous.pids.backends];
  if (fe && backends.every(Boolean)) {
    throw new Error(`a cluster is already running in ${dir}: every node is alive (pids ${pids.join(', ')}); nothing to restart (stop it first to restart it whole)`);
  }
  const running = ['fe', ...backends.map((_, i) => `be${i}`)].filter((_, i) => (i === 0 ? fe : backends[i - 1]));
  const conflicts: string[] = [];
  const given = options as unknown as Record<string, unknown>;
  const had = previous.options as unknown as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (LAUNCHER_ONLY.has(key) || given[key] === undefined) continue;
    if (JSON.stringify(given[key]) !== JSON.stringify(had[key])) conflicts.push(`${key} ${JSON.stringify(given[key])} (running: ${JSON.stringify(had[key] ?? null)})`);
  }
  if (options.backends !== undefined && options.backends !== backends.length) conflicts.push(`backends ${options.backends} (running: ${backends.length})`);
  if (fe) {
    for (const key of ['queryPort', 'httpPort', 'rpcPort'] as const) {
      if (options[key] !== undefined && options[key] !== 0 && options[key] !== previous.endpoints.fe[key]) conflicts.push(`${key} ${options[key]} (running: ${previous.endpoints.fe[key]})`);
    }
  }
  if (conflicts.length > 0) {
    throw new Error(
      `${running.join(', ')} ${running.length === 1 ? 'is' : 'are'} still running in ${dir} with other settings than asked: ${conflicts.join('; ')}. ` +
        'Start without them to restart only the nodes that are down, or stop the cluster first to change them',
    );
  }
  return { fe, backends, options: { ...previous.options, ...stripUndefined(options) } };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
