// One reference-cluster node as a detached OS process: spawning it and waiting until it serves,
// telling whether it is still alive, and stopping a set of them (SIGTERM, then SIGKILL).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BackendOptions } from '../be/backend.js';
import type { FrontendOptions } from '../fe/frontend.js';

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

/**
 * Alive and not a zombie (a killed node whose parent has gone may linger unreaped). A zombie main
 * thread whose other threads are still exiting counts as alive: its sockets close only when the
 * last thread is gone, and a restart on its ports must wait for that.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z') return true;
    return readdirSync(`/proc/${pid}/task`).length > 1;
  } catch {
    return existsSync('/proc/self') ? false : true; // no /proc: trust the signal check
  }
}

/** The last non-empty line of a node's output: why it exited, without opening the file. */
function lastLine(path: string): string {
  try {
    const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '');
    const error = lines.reverse().find((l) => /error/i.test(l)) ?? lines[0];
    return error ? `: ${error.trim()}` : '';
  } catch {
    return '';
  }
}

export interface NodeSpawn {
  role: 'fe' | 'be';
  name: string;
  config: { backend?: BackendOptions; frontend?: FrontendOptions };
  timeoutMs: number;
  heapMb: number;
  /** Told the process id as soon as the process exists, so a failed start can stop it. */
  onSpawn: (pid: number) => void;
}

/** Starts a node and resolves with what it wrote to its ready file (its pid and ports). */
export async function spawnNode(dir: string, node: NodeSpawn): Promise<Record<string, unknown>> {
  const nodeDir = join(dir, node.name);
  mkdirSync(nodeDir, { recursive: true });
  const readyFile = join(nodeDir, 'ready.json');
  rmSync(readyFile, { force: true });
  const configFile = join(nodeDir, 'node.json');
  writeFileSync(configFile, JSON.stringify({ readyFile, ...node.config }));
  const outFile = join(nodeDir, `${node.role}.out`);
  const out = openSync(outFile, 'a');
  const child = spawn(process.execPath, [...nodeArgs(node.heapMb), node.role, '--config', configFile], { detached: true, stdio: ['ignore', out, out] });
  child.unref();
  if (child.pid !== undefined) node.onSpawn(child.pid);
  const deadline = Date.now() + node.timeoutMs;
  while (!existsSync(readyFile)) {
    if (child.exitCode !== null || child.pid === undefined || !isAlive(child.pid)) {
      throw new Error(`${node.name} exited while starting${lastLine(outFile)} (see ${outFile})`);
    }
    if (Date.now() > deadline) {
      process.kill(child.pid, 'SIGKILL');
      throw new Error(`${node.name} did not start within ${node.timeoutMs} ms; see ${outFile}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return JSON.parse(readFileSync(readyFile, 'utf8')) as Record<string, unknown>;
}

/** SIGTERM to each live pid, SIGKILL to those still alive after the grace period; waits for all. */
export async function stopPids(pids: number[], graceMs: number): Promise<{ stopped: number; killed: number }> {
  const live = pids.filter(isAlive);
  for (const pid of live) signal(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (live.some(isAlive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  const stubborn = live.filter(isAlive);
  for (const pid of stubborn) signal(pid, 'SIGKILL');
  while (stubborn.some(isAlive)) await new Promise((resolve) => setTimeout(resolve, 20));
  return { stopped: live.length - stubborn.length, killed: stubborn.length };
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // it exited between the check and the signal
  }
}
