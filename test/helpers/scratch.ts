// Test scratch folders. All live below the suite's scratch root (set by scripts/run-tests.mjs), so
// the final checks can read every file the suite wrote; a test run on its own uses the OS temp dir.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';

export function scratchRoot(): string {
  const root = process.env.CLUSTER_SYNC_TEST_TMP ?? join(tmpdir(), 'cluster-sync-tests');
  mkdirSync(root, { recursive: true });
  return root;
}

/** A new empty folder for one test. */
export function scratchDir(name: string): string {
  return mkdtempSync(join(scratchRoot(), `${name.replace(/[^A-Za-z0-9_-]/g, '_')}-`));
}
