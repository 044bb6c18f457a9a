// Default locations, relative to the installation (the folder holding bin/, conf/ and log/), so
// the commands work from any current directory.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** dist/cli/paths.js and src/cli/paths.ts both sit two levels below the installation root. */
export const INSTALL_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const DEFAULT_PATHS = {
  conf: join(INSTALL_ROOT, 'conf', 'sync.properties'),
  hosts: join(INSTALL_ROOT, 'conf', 'hosts.properties'),
  logDir: join(INSTALL_ROOT, 'log'),
};
