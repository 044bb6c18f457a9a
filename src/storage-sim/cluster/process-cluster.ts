// A reference cluster whose FE and BEs run as separate OS processes (the demo, benchmarks and
// fault tests: a node can be SIGKILLed). The cluster directory records the running nodes in
// cluster.json; starting on an existing directory restarts the nodes with their data, on their
// previous ports when those are free.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BackendOptions } from '../be/backend.js';
import type { FrontendOptions } from '../fe/frontend.js';
import type { BackendMeta } from '../fe/catalog/model.js';
import { beDir, clusterFile, clusterRelease, feMetaDir, readBackendId, runModeOptions, writeBackendId, writeClusterRelease, type ClusterEndpoints, type ClusterOptions } from './cluster-layout.js';

export interface ProcessClusterOptions extends ClusterOptions {
  /** How long to wait for each node to be ready. */
  timeoutMs?: number;
  /**
   * V8 old-space limit per node process, like the FE's -Xmx: without one V8 lets the heap grow
   * far beyond the live data under a high allocation rate (a long load). Default 160 MB each;
   * raise the FE's for very large catalogues.
   */
  feHeapMb?: number;
  beHeapMb?: number;
}

export interface ClusterState {
  endpoints: ClusterEndpoints;
  pids: { fe: number; backends: number[] };
  options: ProcessClusterOptions;
}

const NODE_MAIN = fileURLToPath(new URL('./node-main.js', import.meta.url));

/**
 * The young generation's semi-space limit. V8 sizes it from the old-space limit, so a small heap
 * gets a small young generation, and a BE moving files at full speed (request objects, promises,
 * stream state) then scavenges far more often; measured on a full sync, 16 MB made it about 4%
 * faster in every one of six paired runs, for a larger young generation (some tens of MB per node
 * at most, which the benchmarks' peak RSS figures include).
 */
const SEMI_SPACE_MB = 16;

/**
 * Runs compiled JS directly; from TypeScript sources (tests) through tsx. Extra node flags for the
 * nodes (e.g. --cpu-prof when profiling) come from CLUSTER_SYNC_SIM_NODE_ARGS.
 */
function nodeArgs(heapMb: number): string[] {
  const extra = (process.env.CLUSTER_SYNC_SIM_NODE_ARGS ?? '').split(' ').filter((a) => a !== '');
  const main = NODE_MAIN.endsWith('.ts') || !existsSync(NODE_MAIN) ? ['--import', 'tsx', NODE_MAIN.replace(/\.js$/, '.ts')] : [NODE_MAIN];
  return [`--max-old-space-size=${heapMb}`, `--max-semi-space-size=${SEMI_SPACE_MB}`, ...extra, ...main];
}

/** Alive and not a zombie (a killed node whose parent has gone may linger unreaped). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc: trust the signal check
  }
}

async function spawnNode(
  dir: string,
  role: 'fe' | 'be',
  name: string,
  config: { backend?: BackendOptions; frontend?: FrontendOptions },
  timeoutMs: number,
  heapMb: number,
): Promise<Record<string, unknown>> {
  const nodeDir = join(dir, name);
  mkdirSync(nodeDir, { recursive: true });
  const readyFile = join(nodeDir, 'ready.json');
  rmSync(readyFile, { force: true });
  const configFile = join(nodeDir, 'node.json');
  writeFileSync(configFile, JSON.stringify({ readyFile, ...config }));
  const out = openSync(join(nodeDir, `${role}.out`), 'a');
  const child = spawn(process.execPath, [...nodeArgs(heapMb), role, '--config', configFile], { detached: true, stdio: ['ignore', out, out] });
  child.unref();
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(readyFile)) {
    if (child.exitCode !== null || (child.pid !== undefined && !isAlive(child.pid))) {
      throw new Error(`${name} exited while starting; see ${join(nodeDir, `${role}.out`)}`);
    }
    if (Date.now() > deadline) {
      if (child.pid) process.kill(child.pid, 'SIGKILL');
      throw new Error(`${name} did not start within ${timeoutMs} ms; see ${join(nodeDir, `${role}.out`)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return JSON.parse(readFileSync(readyFile, 'utf8')) as Record<string, unknown>;
}

export function readClusterState(dir: string): ClusterState | undefined {
  const path = clusterFile(dir);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as ClusterState) : undefined;
}

export async function startProcessCluster(options: ProcessClusterOptions): Promise<ClusterState> {
  const previous = readClusterState(options.dir);
  if (previous && [previous.pids.fe, ...previous.pids.backends].some(isAlive)) {
    throw new Error(`a cluster is already running in ${options.dir} (pids ${[previous.pids.fe, ...previous.pids.backends].join(', ')}); stop it first`);
  }
  const runMode = runModeOptions(options);
  const release = clusterRelease(options.dir, options.starrocksVersion);
  const count = options.backends ?? previous?.endpoints.backends.length ?? 3;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const bes = await Promise.all(
    Array.from({ length: count }, (_, i) => {
      const old = previous?.endpoints.backends[i];
      const backend: BackendOptions = {
        storageDir: beDir(options.dir, i),
        ...(options.beAdvertiseHosts?.[i] ? { advertiseHost: options.beAdvertiseHosts[i] } : {}),
        ...(options.beCapacityBytes !== undefined ? { capacityBytes: options.beCapacityBytes } : {}),
        ...(old ? { bePort: old.bePort, httpPort: old.httpPort } : {}),
        ...(readBackendId(options.dir, i) !== undefined ? { backendId: readBackendId(options.dir, i)! } : {}),
      };
      return spawnNode(options.dir, 'be', `be${i}`, { backend }, timeoutMs, options.beHeapMb ?? 160).then((ready) => ({ backend, ready }));
    }),
  );
  const frontend: FrontendOptions = {
    metaDir: feMetaDir(options.dir),
    ...(options.rootPassword !== undefined ? { rootPassword: options.rootPassword } : {}),
    ...(options.feAdvertiseHost ? { advertiseHost: options.feAdvertiseHost } : {}),
    queryPort: options.queryPort ?? previous?.endpoints.fe.queryPort ?? 0,
    httpPort: options.httpPort ?? previous?.endpoints.fe.httpPort ?? 0,
    rpcPort: options.rpcPort ?? previous?.endpoints.fe.rpcPort ?? 0,
    config: { default_replication_num: String(Math.min(3, count)), ...options.config },
    starrocksVersion: release,
    ...runMode,
    backends: bes.map(({ backend, ready }, i) => ({
      ...(backend.backendId !== undefined ? { id: backend.backendId } : {}),
      host: backend.advertiseHost ?? '127.0.0.1',
      dialHost: '127.0.0.1',
      heartbeatPort: 9050 + i,
      bePort: ready.bePort as number,
      httpPort: ready.httpPort as number,
      brpcPort: 8060 + i,
    })),
  };
  const fe = await spawnNode(options.dir, 'fe', 'fe', { frontend }, timeoutMs, options.feHeapMb ?? 160);
  const registered = fe.backends as BackendMeta[];
  const endpoints: ClusterEndpoints = {
    fe: { host: options.feAdvertiseHost ?? '127.0.0.1', queryPort: fe.queryPort as number, httpPort: fe.httpPort as number, rpcPort: fe.rpcPort as number },
    backends: bes.map(({ ready }, i) => {
      const meta = registered.find((b) => b.bePort === ready.bePort)!;
      writeBackendId(options.dir, i, meta.id);
      return { id: meta.id, host: meta.host, bePort: meta.bePort, httpPort: meta.httpPort };
    }),
    token: fe.token as string,
  };
  const state: ClusterState = { endpoints, pids: { fe: fe.pid as number, backends: bes.map(({ ready }) => ready.pid as number) }, options };
  writeFileSync(clusterFile(options.dir), JSON.stringify(state, null, 2));
  writeClusterRelease(options.dir, release);
  return state;
}

/** SIGTERM to every node, SIGKILL to those still alive after the grace period. */
export async function stopProcessCluster(dir: string, graceMs = 15_000): Promise<{ stopped: number; killed: number }> {
  const state = readClusterState(dir);
  if (!state) return { stopped: 0, killed: 0 };
  const pids = [state.pids.fe, ...state.pids.backends].filter(isAlive);
  for (const pid of pids) process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (pids.some(isAlive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  const stubborn = pids.filter(isAlive);
  for (const pid of stubborn) process.kill(pid, 'SIGKILL');
  while (stubborn.some(isAlive)) await new Promise((resolve) => setTimeout(resolve, 20));
  return { stopped: pids.length - stubborn.length, killed: stubborn.length };
}

export function clusterStatus(dir: string): { node: string; pid: number; alive: boolean }[] {
  const state = readClusterState(dir);
  if (!state) return [];
  return [{ node: 'fe', pid: state.pids.fe, alive: isAlive(state.pids.fe) }, ...state.pids.backends.map((pid, i) => ({ node: `be${i}`, pid, alive: isAlive(pid) }))];
}
