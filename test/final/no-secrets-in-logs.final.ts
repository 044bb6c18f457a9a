// Runs after the whole suite (scripts/run-tests.mjs): reads every log file any test wrote and
// checks that none of the passwords, keys or tokens the suite used appears in it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { scratchRoot } from '../helpers/scratch.js';
import { ALL_TEST_SECRETS } from '../helpers/test-secrets.js';

function logFiles(dir: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...logFiles(path));
    else if (/\.log(\.\d+)?$|\.out$/.test(name)) found.push(path);
  }
  return found;
}

test('no secret used by the suite appears in any log file it wrote', () => {
  const files = logFiles(scratchRoot());
  // The suite starts daemons with these secrets configured, so there must be logs to read.
  assert.ok(files.length >= 3, `expected the suite's log files under ${scratchRoot()}, found ${files.length}`);
  let bytes = 0;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    bytes += text.length;
    for (const secret of ALL_TEST_SECRETS) assert.ok(!text.includes(secret), `${file} contains a secret`);
  }
  assert.ok(bytes > 0, 'the log files are not all empty');
});
