// A reference cluster whose FE and BEs run as separate OS processes (the demo, benchmarks and
// fault tests: a node can be SIGKILLed). The cluster directory records the running nodes in
// cluster.json. Starting on an existing directory restarts the nodes that are down with their
// data and backend ids, keeping the ones still alive, each on its previous ports when those are
// free (checked before spawning) and on new ones otherwise. A start that fails stops every node it
// spawned, so cluster.json always describes what runs.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { BackendOptions } from '../be/backend.js';
import type { FrontendOptions } from '../fe/frontend.js';
import type { BackendMeta } from '../fe/catalog/model.js';
import { beDir, clusterFile, clusterRelease, feMetaDir, readBackendId, runModeOptions, writeBackendId, writeClusterRelease, type ClusterEndpoints, type ClusterOptions } from './cluster-layout.js';
import { portIsFree, previousPortIfFree, type PortChoice } from './free-port.js';
import { isAlive, spawnNode, stopPids } from './node-process.js';
import { restartPlan } from './restart-plan.js';

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

export function readClusterState(dir: string): ClusterState | undefined {
  const path = clusterFile(dir);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as ClusterState) : undefined;
}

/** Told one line per node: started, restarted, kept running, or on a new port and why. */
export type StartReport = (line: string) => void;

/** How long a node of a failed start gets to stop on SIGTERM before it is SIGKILLed. */
const FAILED_START_GRACE_MS = 3_000;

interface PortUse {
  label: string;
  busy: number | undefined;
  now: number;
}

/** How a (re)started node came up, for the start report. */
function startedLine(name: string, pid: number, restarted: boolean, ports: PortUse[], why = ''): string {
  const moved = ports.filter((p) => p.busy !== undefined);
  const where = !restarted
    ? ''
    : moved.length === 0
      ? ' on its previous ports'
      : ` on a new port: ${moved.map((p) => `${p.label} ${p.busy} was in use by another process, now ${p.now}`).join('; ')}`;
  return `${name} ${restarted ? 'restarted' : 'started'} (pid ${pid})${where}${why}`;
}

/**
 * Waits for every start to settle (none left half-way), reports the ones that came up in order
 * (each start resolves with its node and its report line), then fails with the first failure.
 */
async function settleAll<T>(starts: Promise<{ node: T; line: string }>[], report: StartReport): Promise<T[]> {
  const results = await Promise.allSettled(starts);
  for (const result of results) if (result.status === 'fulfilled') report(result.value.line);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<{ node: T; line: string }>).value.node);
}

interface BackendStart {
  backend: BackendOptions;
  pid: number;
  bePort: number;
  httpPort: number;
  /** Its ports differ from the ones the FE registered. */
  moved: boolean;
}

export async function startProcessCluster(asked: ProcessClusterOptions, report: StartReport = () => {}): Promise<ClusterState> {
  const previous = readClusterState(asked.dir);
  const plan = restartPlan(asked.dir, previous, asked);
  const options = plan?.options ?? asked;
  const runMode = runModeOptions(options);
  const release = clusterRelease(options.dir, options.starrocksVersion);
  const count = options.backends ?? previous?.endpoints.backends.length ?? 3;
  const timeoutMs = options.timeoutMs ?? 60_000;
  if (!plan?.fe) await refuseBusyFrontendPorts(options);
  const spawned: number[] = [];
  const onSpawn = (pid: number) => spawned.push(pid);

  const startBackend = async (i: number): Promise<{ node: BackendStart; line: string }> => {
    const old = previous?.endpoints.backends[i];
    const backendId = readBackendId(options.dir, i);
    const backend: BackendOptions = {
      storageDir: beDir(options.dir, i),
      ...(options.beAdvertiseHosts?.[i] ? { advertiseHost: options.beAdvertiseHosts[i] } : {}),
      ...(options.beCapacityBytes !== undefined ? { capacityBytes: options.beCapacityBytes } : {}),
      ...(backendId !== undefined ? { backendId } : {}),
    };
    if (plan?.backends[i] && old) {
      const pid = previous!.pids.backends[i]!;
      return { node: { backend, pid, bePort: old.bePort, httpPort: old.httpPort, moved: false }, line: `be${i} kept running (pid ${pid})` };
    }
    const bePort = await previousPortIfFree(old?.bePort);
    const httpPort = await previousPortIfFree(old?.httpPort);
    if (old) Object.assign(backend, { bePort: bePort.port, httpPort: httpPort.port });
    const ready = await spawnNode(options.dir, { role: 'be', name: `be${i}`, config: { backend }, timeoutMs, heapMb: options.beHeapMb ?? 160, onSpawn });
    const started = { backend, pid: ready.pid as number, bePort: ready.bePort as number, httpPort: ready.httpPort as number };
    const ports = [
      { label: 'be port', busy: bePort.busy, now: started.bePort },
      { label: 'http port', busy: httpPort.busy, now: started.httpPort },
    ];
    const moved = old !== undefined && (old.bePort !== started.bePort || old.httpPort !== started.httpPort);
    return { node: { ...started, moved }, line: startedLine(`be${i}`, started.pid, old !== undefined, ports) };
  };

  try {
    const bes = await settleAll(Array.from({ length: count }, (_, i) => startBackend(i)), report);
    const moved = bes.flatMap((b, i) => (b.moved ? [`be${i}`] : []));
    let why = '';
    if (plan?.fe && moved.length > 0) {
      // The FE learns each BE's ports when it starts (it registers the BEs it is started with),
      // so a BE on new ports is reachable only through a restarted FE.
      await stopPids([previous!.pids.fe], 15_000);
      why = `: ${moved.join(', ')} ${moved.length === 1 ? 'is' : 'are'} on new ports, which the FE learns when it starts`;
    }
    const fe = plan?.fe && moved.length === 0 ? keptFrontend(previous!, report) : await startFrontend(options, previous, bes, { runMode, release, timeoutMs, onSpawn, report, why });
    const registered = fe.backends;
    const endpoints: ClusterEndpoints = {
      fe: { host: options.feAdvertiseHost ?? '127.0.0.1', queryPort: fe.queryPort, httpPort: fe.httpPort, rpcPort: fe.rpcPort },
      backends: bes.map(({ bePort }, i) => {
        const meta = registered.find((b) => b.bePort === bePort)!;
        writeBackendId(options.dir, i, meta.id);
        return { id: meta.id, host: meta.host, bePort: meta.bePort, httpPort: meta.httpPort };
      }),
      token: fe.token,
    };
    const state: ClusterState = { endpoints, pids: { fe: fe.pid, backends: bes.map(({ pid }) => pid) }, options };
    writeFileSync(clusterFile(options.dir), JSON.stringify(state, null, 2));
    writeClusterRelease(options.dir, release);
    return state;
  } catch (error) {
    // Nothing this start spawned may outlive it untracked: cluster.json still names the nodes
    // that were running before it (the kept ones alive, the others stopped).
    await stopPids(spawned, FAILED_START_GRACE_MS);
    throw error;
  }
}

/** A port asked for explicitly is taken or the start fails, before any node is spawned. */
async function refuseBusyFrontendPorts(options: ProcessClusterOptions): Promise<void> {
  for (const [key, label] of [['queryPort', 'query port'], ['httpPort', 'http port'], ['rpcPort', 'rpc port']] as const) {
    const port = options[key];
    if (port !== undefined && port !== 0 && !(await portIsFree(port))) {
      throw new Error(`the FE's ${label} ${port} is in use by another process: free it, or start with another port (0 for any free one)`);
    }
  }
}

interface FrontendStarted {
  pid: number;
  queryPort: number;
  httpPort: number;
  rpcPort: number;
  token: string;
  backends: Pick<BackendMeta, 'id' | 'host' | 'bePort' | 'httpPort'>[];
}

function keptFrontend(previous: ClusterState, report: StartReport): FrontendStarted {
  report(`fe kept running (pid ${previous.pids.fe})`);
  return { pid: previous.pids.fe, ...previous.endpoints.fe, token: previous.endpoints.token, backends: previous.endpoints.backends };
}

async function startFrontend(
  options: ProcessClusterOptions,
  previous: ClusterState | undefined,
  bes: BackendStart[],
  start: { runMode: ReturnType<typeof runModeOptions>; release: ReturnType<typeof clusterRelease>; timeoutMs: number; onSpawn: (pid: number) => void; report: StartReport; why: string },
): Promise<FrontendStarted> {
  const old = previous?.endpoints.fe;
  // A port asked for explicitly is taken or the start fails; a previous one is given up if busy.
  const choose = async (explicit: number | undefined, before: number | undefined): Promise<PortChoice> => (explicit !== undefined ? { port: explicit } : previousPortIfFree(before));
  const queryPort = await choose(options.queryPort, old?.queryPort);
  const httpPort = await choose(options.httpPort, old?.httpPort);
  const rpcPort = await choose(options.rpcPort, old?.rpcPort);
  const frontend: FrontendOptions = {
    metaDir: feMetaDir(options.dir),
    ...(options.rootPassword !== undefined ? { rootPassword: options.rootPassword } : {}),
    ...(options.feAdvertiseHost ? { advertiseHost: options.feAdvertiseHost } : {}),
    queryPort: queryPort.port,
    httpPort: httpPort.port,
    rpcPort: rpcPort.port,
    config: { default_replication_num: String(Math.min(3, bes.length)), ...options.config },
    starrocksVersion: start.release,
    ...start.runMode,
    backends: bes.map(({ backend, bePort, httpPort: beHttpPort }, i) => ({
      ...(backend.backendId !== undefined ? { id: backend.backendId } : {}),
      host: backend.advertiseHost ?? '127.0.0.1',
      dialHost: '127.0.0.1',
      heartbeatPort: 9050 + i,
      bePort,
      httpPort: beHttpPort,
      brpcPort: 8060 + i,
    })),
  };
  const ready = await spawnNode(options.dir, { role: 'fe', name: 'fe', config: { frontend }, timeoutMs: start.timeoutMs, heapMb: options.feHeapMb ?? 160, onSpawn: start.onSpawn });
  const fe: FrontendStarted = {
    pid: ready.pid as number,
    queryPort: ready.queryPort as number,
    httpPort: ready.httpPort as number,
    rpcPort: ready.rpcPort as number,
    token: ready.token as string,
    backends: ready.backends as BackendMeta[],
  };
  const ports = [
    { label: 'query port', busy: queryPort.busy, now: fe.queryPort },
    { label: 'http port', busy: httpPort.busy, now: fe.httpPort },
    { label: 'rpc port', busy: rpcPort.busy, now: fe.rpcPort },
  ];
  start.report(startedLine('fe', fe.pid, old !== undefined, ports, start.why));
  return fe;
}

/** SIGTERM to every node, SIGKILL to those still alive after the grace period. */
export async function stopProcessCluster(dir: string, graceMs = 15_000): Promise<{ stopped: number; killed: number }> {
  const state = readClusterState(dir);
  if (!state) return { stopped: 0, killed: 0 };
  return stopPids([state.pids.fe, ...state.pids.backends], graceMs);
}

export function clusterStatus(dir: string): { node: string; pid: number; alive: boolean }[] {
  const state = readClusterState(dir);
  if (!state) return [];
  return [{ node: 'fe', pid: state.pids.fe, alive: isAlive(state.pids.fe) }, ...state.pids.backends.map((pid, i) => ({ node: `be${i}`, pid, alive: isAlive(pid) }))];
}
