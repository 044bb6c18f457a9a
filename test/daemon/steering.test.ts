// Pauses and resyncs as an operator asks for them: checked against the source catalogue and the
// data rules, answered in words, and what a pause holds back from a round's plans.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NO_DATA_RULES } from '../../src/config/data-rules.js';
import { applyCommand, NO_STEERING, pausedReason, resyncDone, type Steering } from '../../src/daemon/steering.js';
import { holdPaused } from '../../src/daemon/hold-paused.js';
import type { DdlTask } from '../../src/ddl/ddl-plan.js';
import type { ReplicationCandidate } from '../../src/replication/candidate.js';
import { catalog, partition, table, view } from '../helpers/catalog-fixtures.js';

const source = catalog('source', table('shop', 'orders', [partition('p1', 5)]), table('crm', 'users', [partition('p1', 2)]), view('shop', 'v', 'SELECT 1'));
const facts = { source, rules: NO_DATA_RULES };
const ok = (steering: Steering, ...commands: Parameters<typeof applyCommand>[1][]): Steering =>
  commands.reduce((s, command) => {
    const answer = applyCommand(s, command, facts);
    assert.ok(answer.ok, `refused: ${answer.ok ? '' : answer.message}`);
    return answer.steering;
  }, steering);

test('a pause of the daemon, a database or a table says what it holds; resume lifts it', () => {
  const all = ok(NO_STEERING, { kind: 'pause', scope: { kind: 'all' } });
  assert.equal(pausedReason(all, 'shop', 'orders'), 'paused: the whole daemon is paused');
  const db = ok(NO_STEERING, { kind: 'pause', scope: { kind: 'database', db: 'shop' } });
  assert.equal(pausedReason(db, 'shop', 'orders'), 'paused: database shop is paused');
  assert.equal(pausedReason(db, 'crm', 'users'), null);
  const one = ok(NO_STEERING, { kind: 'pause', scope: { kind: 'table', db: 'crm', table: 'users' } }, { kind: 'pause', scope: { kind: 'table', db: 'crm', table: 'users' } });
  assert.deepEqual(one.pausedTables, [{ db: 'crm', table: 'users' }], 'pausing twice is one pause');
  assert.equal(pausedReason(one, 'crm', 'users'), 'paused: table crm.users is paused');
  assert.equal(pausedReason(ok(one, { kind: 'resume', scope: { kind: 'table', db: 'crm', table: 'users' } }), 'crm', 'users'), null);
  assert.deepEqual(ok(one, { kind: 'pause', scope: { kind: 'all' } }, { kind: 'resume', scope: { kind: 'all' } }), NO_STEERING, 'resuming the daemon lifts every pause');
});

test('resuming a table of a paused database says it stays paused, and why', () => {
  const db = ok(NO_STEERING, { kind: 'pause', scope: { kind: 'database', db: 'shop' } });
  const answer = applyCommand(db, { kind: 'resume', scope: { kind: 'table', db: 'shop', table: 'orders' } }, facts);
  assert.deepEqual(answer.ok && answer.message, 'table shop.orders resumed, but still paused: database shop is paused');
});

test('what the source does not have, or the rules leave out, is refused with the reason and changes nothing', () => {
  assert.deepEqual(applyCommand(NO_STEERING, { kind: 'pause', scope: { kind: 'table', db: 'shop', table: 'nope' } }, facts), { ok: false, status: 404, message: 'table shop.nope is not on the source' });
  assert.deepEqual(applyCommand(NO_STEERING, { kind: 'pause', scope: { kind: 'database', db: 'nope' } }, facts), { ok: false, status: 404, message: 'database nope is not on the source' });
  assert.deepEqual(applyCommand(NO_STEERING, { kind: 'resume', scope: { kind: 'database', db: 'nope' } }, facts), { ok: false, status: 404, message: 'database nope is not on the source' }, 'a typo in a resume is told too');
  assert.deepEqual(applyCommand(NO_STEERING, { kind: 'resync', db: 'shop', table: 'v' }, facts), { ok: false, status: 409, message: 'shop.v is a view: only tables hold data to copy' });
  const onlyCrm = { include: [{ db: 'crm' }], exclude: [] };
  assert.deepEqual(applyCommand(NO_STEERING, { kind: 'resync', db: 'shop', table: 'orders' }, { source, rules: onlyCrm }), {
    ok: false,
    status: 409,
    message: 'shop.orders is not selected by include_data_list / exclude_data_list: it is not synced',
  });
  assert.equal(applyCommand(NO_STEERING, { kind: 'resync', db: 'shop', table: 'orders' }, { source: undefined, rules: NO_DATA_RULES }).ok, false, 'not before the first round');
});

test('a resync is asked once and ends when its drop has run', () => {
  const asked = ok(NO_STEERING, { kind: 'resync', db: 'shop', table: 'orders' }, { kind: 'resync', db: 'shop', table: 'orders' });
  assert.deepEqual(asked.resync, [{ db: 'shop', table: 'orders' }]);
  assert.deepEqual(resyncDone(asked, [{ db: 'shop', table: 'orders' }]), NO_STEERING);
  assert.equal(resyncDone(asked, [{ db: 'crm', table: 'users' }]), asked);
});

test('a pause holds back the DDL and the jobs of what it pauses, naming each object once', () => {
  const tasks: DdlTask[] = [
    { kind: 'create_database', db: 'crm', reason: 'missing' },
    { kind: 'create_table', db: 'crm', table: 'users', reason: 'missing' },
    { kind: 'create_table', db: 'shop', table: 'items', reason: 'missing' },
  ];
  const candidate = (db: string, name: string): ReplicationCandidate => ({ db, table: name, partitions: ['p1'], dataSize: 1, sourceVersions: { p1: 2 } });
  const candidates = [candidate('crm', 'users'), candidate('shop', 'orders')];
  const crm = ok(NO_STEERING, { kind: 'pause', scope: { kind: 'database', db: 'crm' } });
  const held = holdPaused(tasks, candidates, crm);
  assert.deepEqual(held.tasks.map((t) => t.kind + ' ' + t.db), ['create_table shop']);
  assert.deepEqual(held.candidates.map((c) => c.table), ['orders']);
  assert.deepEqual(held.held, [
    { object: 'crm', reason: 'paused: database crm is paused' },
    { object: 'crm.users', reason: 'paused: database crm is paused' },
  ]);
  const none = holdPaused(tasks, candidates, NO_STEERING);
  assert.equal(none.tasks, tasks);
  assert.deepEqual(none.held, []);
});
