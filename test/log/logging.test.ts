import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createLogging } from '../../src/log/logger.js';
import { formatRecord } from '../../src/log/line-format.js';
import { scratchDir } from '../helpers/scratch.js';
import { TEST_SECRETS } from '../helpers/test-secrets.js';

const LINE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d (INFO |WARN |ERROR|FATAL|DEBUG) \[[a-z]+\] .+$/;

test('info and up go to sync.INFO.log, warn and up to sync.WARN.log, one readable line each, written at once', () => {
  const dir = scratchDir('logging');
  const logging = createLogging({ dir, console: false });
  const log = logging.logger.child({ component: 'meta' });
  log.debug('not shown at info level');
  log.info({ tables: 12 }, 'read source catalogue');
  // Synchronous: the line is in the file as soon as the call returns, before any flush or exit.
  assert.match(readFileSync(logging.infoFile, 'utf8'), /read source catalogue tables=12/);
  log.warn({ attempt: 2, host: 'fe 1' }, 'cannot reach FE');
  log.error({ err: new Error('boom') }, 'round failed');
  logging.close();

  const info = readFileSync(join(dir, 'sync.INFO.log'), 'utf8');
  const warn = readFileSync(join(dir, 'sync.WARN.log'), 'utf8');
  const infoLines = info.split('\n').filter((l) => l && !l.startsWith('    '));
  assert.equal(infoLines.length, 3);
  for (const line of infoLines) assert.match(line, LINE);
  assert.doesNotMatch(info, /not shown/);
  assert.doesNotMatch(warn, /read source catalogue/);
  assert.match(warn, /WARN  \[meta\] cannot reach FE attempt=2 host="fe 1"/);
  assert.match(warn, /ERROR \[meta\] round failed err=boom\n {4}at /, 'errors carry their stack');
});

test('files rotate by size, keeping a fixed number', () => {
  const dir = scratchDir('rotation');
  const logging = createLogging({ dir, console: false, rotation: { maxBytes: 2_000, keep: 3 } });
  for (let i = 0; i < 200; i++) logging.logger.info({ i }, 'x'.repeat(50));
  logging.close();
  const files = readdirSync(dir).filter((f) => f.startsWith('sync.INFO.log')).sort();
  assert.deepEqual(files, ['sync.INFO.log', 'sync.INFO.log.1', 'sync.INFO.log.2', 'sync.INFO.log.3']);
  for (const f of files) assert.ok(readFileSync(join(dir, f)).length <= 2_000, `${f} is within the size limit`);
  assert.match(readFileSync(join(dir, 'sync.INFO.log'), 'utf8'), /i=199/, 'the newest line is in the active file');
  assert.match(readFileSync(join(dir, 'sync.INFO.log.1'), 'utf8'), /i=1\d\d/);
  assert.ok(!existsSync(join(dir, 'sync.INFO.log.4')));
});

test('registered secrets and secret-named fields never reach a log line', () => {
  const dir = scratchDir('scrub');
  const logging = createLogging({ dir, console: false });
  logging.scrubber.add([TEST_SECRETS.sourcePassword, TEST_SECRETS.token]);
  const log = logging.logger.child({ component: 'replication' });
  log.warn(`login failed for root with ${TEST_SECRETS.sourcePassword}`);
  log.warn({ request: { src_token: 'abc-unregistered-token', password: 'unregistered-pw' } }, 'sending request');
  log.warn({ err: new Error(`token ${TEST_SECRETS.token} refused`) }, 'download failed');
  log.warn({ detail: `"quoted ${TEST_SECRETS.sourcePassword}"` }, 'json-escaped field');
  logging.close();
  const text = readFileSync(join(dir, 'sync.WARN.log'), 'utf8');
  for (const secret of [TEST_SECRETS.sourcePassword, TEST_SECRETS.token, 'abc-unregistered-token', 'unregistered-pw']) {
    assert.ok(!text.includes(secret), `"${secret}" leaked:\n${text}`);
  }
  assert.equal(text.match(/\*\*\*\*\*\*/g)?.length, 5);
});

test('the line format shows values plainly and quotes only what needs it', () => {
  const line = formatRecord({ level: 30, time: Date.UTC(2026, 0, 2, 3, 4, 5, 6), component: 'ddl', msg: 'created', table: 'db.t', n: 3, note: 'two words' });
  assert.match(line, /INFO  \[ddl\] created table=db\.t n=3 note="two words"\n$/);
});
