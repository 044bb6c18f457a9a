// The drop audit's file: one JSON line per drop, appended (never rewritten), with names holding
// any character kept intact.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dropAuditFile, dropAuditLine } from '../../src/log/drop-audit.js';
import { scratchDir } from '../helpers/scratch.js';

test('a drop audit line is one JSON document holding the statement, the object, the reason and the switch', () => {
  const line = dropAuditLine({ statement: 'DROP TABLE IF EXISTS `a\nb`.`t`', object: 'a\nb.t', reason: 'table exists only on the target', allowedBy: 'ddl_job_allow_drop_target_only' }, new Date(Date.UTC(2026, 0, 2, 3, 4, 5)));
  assert.equal(line.split('\n').length, 2, 'one line, newline-terminated');
  assert.deepEqual(JSON.parse(line), {
    time: '2026-01-02T03:04:05.000Z',
    statement: 'DROP TABLE IF EXISTS `a\nb`.`t`',
    object: 'a\nb.t',
    reason: 'table exists only on the target',
    allowed_by: 'ddl_job_allow_drop_target_only=true',
  });
});

test('the drop audit file is appended to, across openings, and created with its folder', () => {
  const dir = join(scratchDir('drop-audit'), 'log');
  const entry = { statement: 'DROP DATABASE IF EXISTS `x`', object: 'x', reason: 'database exists only on the target', allowedBy: 'ddl_job_allow_drop_target_only' };
  dropAuditFile(dir).record(entry);
  dropAuditFile(dir).record({ ...entry, object: 'y' });
  const lines = readFileSync(join(dir, 'drops.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { object: string });
  assert.deepEqual(lines.map((l) => l.object), ['x', 'y']);
});
