// The run mode an FE's meta directory keeps. StarRocks writes fe.conf's run_mode into the VERSION
// file (runMode=...) at the first start, and refuses to start on that directory with another one
// (server/NodeMgr.java getClusterIdAndRoleOnStartup, persist/Storage.java): a cluster's data is
// either on its BEs or on its object store, and cannot switch between the two.
// Here "another one" means a run mode given explicitly: a start that names none takes the kept one,
// as a real FE does whose fe.conf is unchanged.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunMode } from '../fe-context.js';

const RUN_MODES: readonly RunMode[] = ['shared_nothing', 'shared_data'];

export function versionFilePath(metaDir: string): string {
  return join(metaDir, 'image', 'VERSION');
}

/** The run mode the directory's VERSION file keeps; undefined before the first start. */
export function recordedRunMode(metaDir: string): RunMode | undefined {
  const path = versionFilePath(metaDir);
  if (!existsSync(path)) return undefined;
  const value = /^runMode=(.*)$/m.exec(readFileSync(path, 'utf8'))?.[1]?.trim();
  // A VERSION file written by an engine that did not keep the run mode yet: the start decides it.
  if (value === undefined) return undefined;
  if (!(RUN_MODES as readonly string[]).includes(value)) throw new Error(`${path} is damaged: runMode=${value}, expected shared_nothing or shared_data`);
  return value as RunMode;
}

/**
 * The run mode to start with: the one given, which must be the kept one if the directory has one;
 * else the kept one; else shared_nothing (fe.conf's default). Throws, changing nothing, on a mismatch.
 */
export function startRunMode(metaDir: string, given: RunMode | undefined): RunMode {
  const recorded = recordedRunMode(metaDir);
  if (given !== undefined && recorded !== undefined && given !== recorded) {
    throw new Error(
      `Unmatched run mode between config file and version file: ${given} vs ${recorded}. ` +
        `${versionFilePath(metaDir)} keeps run_mode ${recorded} from the first start: start with run_mode ${recorded}, or on a new directory`,
    );
  }
  return given ?? recorded ?? 'shared_nothing';
}
