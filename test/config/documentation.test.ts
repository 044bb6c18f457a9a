import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { renderPropertiesFile, withConfigTable } from '../../src/config/render-docs.js';
import { SCHEMA_KEYS } from '../../src/config/schema.js';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

test('conf/sync.properties is exactly what the schema renders (run `npm run docs:config` after changing the schema)', () => {
  assert.equal(read('conf/sync.properties'), renderPropertiesFile());
});

test("the README's configuration table is exactly what the schema renders", () => {
  const readme = read('README.md');
  assert.equal(readme, withConfigTable(readme));
  for (const key of SCHEMA_KEYS) assert.ok(readme.includes(`| \`${key}\` |`), key);
});

test('conf/hosts.properties carries the documented comment line', () => {
  assert.match(read('conf/hosts.properties'), /^# <SOURCE\/TARGET>_<domain>=<IP>$/m);
});
