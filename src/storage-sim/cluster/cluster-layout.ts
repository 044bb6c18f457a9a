// Where a reference cluster keeps its nodes' files, and what it reports about itself:
//   <dir>/fe/meta/           the FE's edit log and image (token in image/VERSION)
//   <dir>/be<i>/storage/     BE i's tablets;  <dir>/be<i>/be.json its backend id
//   <dir>/cluster.json       the running cluster (process mode): endpoints and pids
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What every way of running a reference cluster (in this process, or as processes) accepts. */
export interface ClusterOptions {
  dir: string;
  backends?: number;
  /** Sets root's password; a restarted cluster keeps the one it had when absent. */
  rootPassword?: string;
  /** Host names the nodes report instead of 127.0.0.1 (as in Kubernetes). */
  feAdvertiseHost?: string;
  beAdvertiseHosts?: string[];
  queryPort?: number;
  httpPort?: number;
  rpcPort?: number;
  /** FE configuration at start (fe.conf); default_replication_num defaults to min(3, backends). */
  config?: Record<string, string>;
  beCapacityBytes?: number;
}

export interface ClusterEndpoints {
  fe: { host: string; queryPort: number; httpPort: number; rpcPort: number };
  backends: { id: number; host: string; bePort: number; httpPort: number }[];
  token: string;
}

export const feMetaDir = (dir: string) => join(dir, 'fe', 'meta');
export const beDir = (dir: string, index: number) => join(dir, `be${index}`);
export const clusterFile = (dir: string) => join(dir, 'cluster.json');

interface BackendIdentity {
  backendId: number;
}

export function readBackendId(dir: string, index: number): number | undefined {
  const path = join(beDir(dir, index), 'be.json');
  if (!existsSync(path)) return undefined;
  return (JSON.parse(readFileSync(path, 'utf8')) as BackendIdentity).backendId;
}

export function writeBackendId(dir: string, index: number, backendId: number): void {
  mkdirSync(beDir(dir, index), { recursive: true });
  writeFileSync(join(beDir(dir, index), 'be.json'), JSON.stringify({ backendId } satisfies BackendIdentity) + '\n');
}
