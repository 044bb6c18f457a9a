// Where a reference cluster keeps its nodes' files, and what it reports about itself:
//   <dir>/fe/meta/           the FE's edit log and image (token in image/VERSION)
//   <dir>/be<i>/storage/     BE i's tablets;  <dir>/be<i>/be.json its backend id
//   <dir>/cluster.json       the running cluster (process mode): endpoints and pids
//   <dir>/starrocks.json     the StarRocks release the cluster answers as (kept across restarts)
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_PROFILE, starrocksRelease, type Profile } from '../fe/starrocks-release.js';
import type { FrontendOptions } from '../fe/frontend.js';
import { parseObjectStore } from '../fe/storage-volume/builtin-volume.js';
import { startRunMode } from '../fe/catalog/run-mode-record.js';
import { S3RVER_ACCESS_KEY } from './s3-server-process.js';

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
  /**
   * The StarRocks release to answer as: a profile (3.3) or its full version (3.3.9). A restarted
   * cluster keeps the one it had unless another is given (an upgrade, or a downgrade); the newest
   * release for a new cluster.
   */
  starrocksVersion?: string;
  /**
   * shared_data: the FE runs with run_mode = shared_data, its nodes are compute nodes, and its
   * builtin storage volume is on objectStore. The nodes still keep tables on their own disks:
   * the object-store data path is not built yet. The FE's meta directory keeps the first start's
   * run mode: a restart naming another one is refused, one naming none keeps it.
   */
  runMode?: 'shared_nothing' | 'shared_data';
  /** Shared data: "<endpoint>/<bucket>[/<prefix>]", e.g. 127.0.0.1:9000/starrocks. */
  objectStore?: string;
  /** The object store's credentials; s3rver's (S3RVER, which takes any secret) by default. */
  objectStoreAccessKey?: string;
  objectStoreSecretKey?: string;
}

/** The FE options of a cluster's run mode; a bad object store throws before anything starts. */
export function runModeOptions(options: ClusterOptions): Pick<FrontendOptions, 'runMode' | 'objectStore'> {
  // Another run mode than the one the FE's meta directory keeps is refused before any node starts.
  startRunMode(feMetaDir(options.dir), options.runMode);
  if (options.runMode !== 'shared_data') {
    if (options.objectStore !== undefined) throw new Error('an object store is only used with run mode shared_data');
    return options.runMode ? { runMode: options.runMode } : {};
  }
  if (options.objectStore === undefined) throw new Error('run mode shared_data needs an object store: <endpoint>/<bucket>[/<prefix>]');
  const accessKey = options.objectStoreAccessKey ?? S3RVER_ACCESS_KEY;
  return { runMode: 'shared_data', objectStore: parseObjectStore(options.objectStore, { accessKey, secretKey: options.objectStoreSecretKey ?? accessKey }) };
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

const releaseFile = (dir: string) => join(dir, 'starrocks.json');

interface ReleaseRecord {
  profile: Profile;
}

/**
 * The release a cluster starting in `dir` plays: the one asked for, else the one it had, else the
 * newest. An unknown value throws (naming the accepted ones) before anything is started or written.
 */
export function clusterRelease(dir: string, asked: string | undefined): Profile {
  if (asked !== undefined) return starrocksRelease(asked).profile;
  if (!existsSync(releaseFile(dir))) return DEFAULT_PROFILE;
  return starrocksRelease((JSON.parse(readFileSync(releaseFile(dir), 'utf8')) as ReleaseRecord).profile).profile;
}

/** Records the release a started cluster plays, for its next start. */
export function writeClusterRelease(dir: string, profile: Profile): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(releaseFile(dir), JSON.stringify({ profile } satisfies ReleaseRecord) + '\n');
}
