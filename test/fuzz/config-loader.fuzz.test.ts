// Fuzz: conf/sync.properties (and conf/hosts.properties) as the loader reads them. Whatever the
// file holds, loadConfig either returns a frozen config or throws ConfigError whose every problem
// names the file, the key and what was expected; the files are not changed by being read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { loadConfig } from '../../src/config/load-config.js';
import { ConfigError } from '../../src/config/config-error.js';
import { SCHEMA_KEYS } from '../../src/config/schema.js';
import { encryptPassword } from '../../src/config/password-cipher.js';
import { scratchDir } from '../helpers/scratch.js';
import { propertiesWith, MINIMAL_CLUSTERS } from '../helpers/config-files.js';
import { budget } from './fuzz-budget.js';
import { mutatedText, nearValidText } from './mutations.js';

const dir = scratchDir('fuzz-config-loader');
const conf = join(dir, 'sync.properties');
const hosts = join(dir, 'hosts.properties');

const VALID_CONF = propertiesWith(MINIMAL_CLUSTERS);
const VALID_CONFS = [
  VALID_CONF,
  propertiesWith({ ...MINIMAL_CLUSTERS, include_data_list: 'db1,db2.t1,`a.b`.c', exclude_data_list: 'db2.t2', sync_window_cron: '0 1 * * *' }),
  propertiesWith({ ...MINIMAL_CLUSTERS, source_cluster_password: encryptPassword('pw', 'k'), source_cluster_password_secret_key: 'k' }),
  propertiesWith({ ...MINIMAL_CLUSTERS, http_port: '8480', http_bind: '0.0.0.0', http_token: 't0k3n' }),
  'source_fe_host=a\ntarget_fe_host=b\n',
];
const VALID_HOSTS = ['SOURCE_192.1.1.1=10.1.1.1\nTARGET_fe-0.svc=10.1.2.1;9030:19030,8030:18030\n', '# only a comment\n', ''];

/** Loads the two files and checks the outcome is one of the two allowed ones. */
function loadChecked(confText: string, hostsText: string | undefined): void {
  writeFileSync(conf, confText);
  if (hostsText !== undefined) writeFileSync(hosts, hostsText);
  try {
    const loaded = loadConfig({ conf, hosts }, { hostsFileRequired: hostsText !== undefined });
    assert.ok(Object.isFrozen(loaded.config.settings), 'a loaded config is frozen');
    for (const warning of loaded.warnings) assert.match(warning, /sync\.properties/, 'a warning names the file');
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    assert.ok(error.problems.length > 0, 'a ConfigError carries at least one problem');
    for (const problem of error.problems) {
      assert.ok(problem.file === conf || problem.file === hosts, `the problem names the file: ${problem.file}`);
      if (problem.line !== undefined) {
        const line = readFileSync(problem.file, 'utf8').split(/\r?\n/)[problem.line - 1] ?? '';
        // A problem about one key may point at a related key's line (http_token at http_bind), but
        // always at a line that sets a key, never at a comment or a blank line.
        assert.ok(/^\s*[^#!\s]/.test(line), `line ${problem.line} (${JSON.stringify(line)}) sets a key, for ${problem.key}`);
      }
      assert.ok(problem.key !== '' && problem.expected !== '', `the problem names the key and what was expected: ${JSON.stringify(problem)}`);
    }
  }
  assert.equal(readFileSync(conf, 'utf8'), confText, 'reading the file does not change it');
  if (hostsText !== undefined) assert.equal(readFileSync(hosts, 'utf8'), hostsText, 'reading the file does not change it');
}

test('any sync.properties text loads or is refused with ConfigError naming file, key and expectation', () => {
  fc.assert(
    fc.property(nearValidText(VALID_CONFS), (text) => loadChecked(text, undefined)),
    budget('config loader: whole file', 300),
  );
});

test('any value for any key loads or is refused with ConfigError naming that key and its line', () => {
  const value = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.integer().map(String),
    fc.double().map(String),
    fc.constantFrom('true', 'FALSE', '-1', '0', '65536', '1e3', '0x10', ' 7 ', '\\u0000', 'a\\\nb', '`', '*/5 * * * *', '=', ':'),
    mutatedText(['db1,db2.t1', '127.0.0.1', '9030', 'true', '0 1 * * *']),
  );
  fc.assert(
    fc.property(fc.constantFrom(...SCHEMA_KEYS), value, (key, raw) => {
      // A value with a line break would start a new line of the file: write it as the escape the format has.
      const escaped = raw.replace(/\\/g, '\\\\').replace(/\r/g, '\\r').replace(/\n/g, '\\n');
      const text = propertiesWith({ [key]: escaped }, VALID_CONF);
      writeFileSync(conf, text);
      try {
        loadConfig({ conf, hosts: join(dir, 'absent.properties') });
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        assert.ok(error.problems.length > 0);
        const line = text.split('\n').findIndex((l) => l.startsWith(`${key}=`)) + 1;
        for (const problem of error.problems) {
          assert.ok(problem.expected !== '', `the problem says what was expected: ${JSON.stringify(problem)}`);
          if (problem.key === key) assert.equal(problem.line, line, `the problem points at the key's line: ${JSON.stringify(problem)}`);
        }
      }
      assert.equal(readFileSync(conf, 'utf8'), text);
    }),
    budget('config loader: one key', 300),
  );
});

test('any hosts.properties text next to a valid sync.properties loads or is refused with ConfigError', () => {
  fc.assert(
    fc.property(nearValidText(VALID_HOSTS), (text) => loadChecked(VALID_CONF, text)),
    budget('config loader: hosts file', 200),
  );
});

// Found by the hosts file property: a line starting with '!' (a comment in Java properties files,
// which the StarRocks migration tool's configuration is) was read as a key, so
// '!\0SOURCE_192.1.1.1=10.1.1.1' made the whole hosts file invalid. '!' lines are comments now.
test('regression: a line starting with ! is a comment, in hosts.properties and in sync.properties', () => {
  writeFileSync(conf, `! a comment the way Java properties files allow\n${VALID_CONF}`);
  writeFileSync(hosts, '!\u0000SOURCE_192.1.1.1=10.1.1.1\nTARGET_fe-0.svc=10.1.2.1;9030:19030,8030:18030\n  ! indented comment\n');
  const loaded = loadConfig({ conf, hosts }, { hostsFileRequired: true });
  assert.deepEqual(loaded.warnings, []);
  assert.deepEqual([...loaded.config.hosts.source.keys()], []);
  assert.deepEqual([...loaded.config.hosts.target.keys()], ['fe-0.svc']);
});
