// The sync loop driven end to end with fakes (test/helpers/fake-sync-loop.ts): minutes of simulated
// time run in milliseconds, and each test reads what the loop did from the outcome, the target, the
// status it wrote and its log lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runSyncLoop } from '../../src/daemon/sync-loop.js';
import type { LoopControl } from '../../src/daemon/loop-control.js';
import { partition, table } from '../helpers/catalog-fixtures.js';
import { ABORT_REASON, BUSY_REASON, FakeClusters, fakeTransport, harness, logger, START } from '../helpers/fake-sync-loop.js';

const WARN = 40;
const INFO = 30;

const orders = () => table('shop', 'orders', [partition('p1', 5), partition('p2', 3)]);
const users = () => table('crm', 'users', [partition('p1', 7)]);

test('one-time: databases and tables created, every partition replicated, the run ends done at the first round\'s versions', async () => {
  const clusters = new FakeClusters(orders(), users());
  const transport = fakeTransport(clusters);
  const h = harness(clusters, transport, (now) => {
    // A load after the first round is for the next run: the one-time run does not wait for it.
    if (now === START + 250) clusters.load('shop', 'orders', 'p1');
  });
  const started = performance.now();
  const outcome = await runSyncLoop(h.effects, logger(h.lines), { oneTime: true, signal: new AbortController().signal });
  const wallMs = performance.now() - started;

  assert.deepEqual(outcome, { done: true });
  assert.deepEqual(clusters.versions('target'), { 'shop.orders': { p1: 5, p2: 3 }, 'crm.users': { p1: 7 } });
  assert.equal(transport.sent, 2, 'one job per table');
  const last = h.statuses.at(-1)!;
  assert.equal(last.mode, 'one-time');
  // The load made after the first round is planned, not waited for.
  assert.deepEqual(last.jobs, { pending: 1, sent: 0, running: 0, finished: 2, failed: 0, unknown: 0 });
  assert.deepEqual([last.source.connected, last.target.connected], [true, true]);
  assert.deepEqual(last.errors, []);
  assert.ok(h.lines.some((l) => l.msg === 'one-time run: every selected table reached the source versions of the first round'));
  const progress = h.lines.filter((l) => l.msg.startsWith('Sync job progress:')).at(-1);
  assert.equal(progress?.msg, 'Sync job progress: 66.67%, total: 3, ddlPending: 0, jobPending: 1, sent: 0, running: 0, finished: 2, failed: 0, unknown: 0');
  assert.ok(wallMs < 5_000, `ran in ${wallMs.toFixed(0)} ms`);
});

test('one-time: a source that cannot be read ends the run after the configured attempts, with the reason', async () => {
  const clusters = new FakeClusters(orders());
  clusters.failReads = 100;
  const h = harness(clusters, fakeTransport(clusters));
  const outcome = await runSyncLoop(h.effects, logger(h.lines), { oneTime: true, signal: new AbortController().signal, maxMetaFailures: 3 });
  assert.deepEqual(outcome, { done: false, reason: 'cannot read the catalogues after 3 attempts: connect ECONNREFUSED source FE' });
  const last = h.statuses.at(-1)!;
  assert.equal(last.source.connected, false);
  assert.equal(last.source.error, 'connect ECONNREFUSED source FE');
  assert.equal(last.errors.length, 3);
  // Retries back off but stay within the meta interval: three attempts within a minute of simulated time.
  assert.ok(h.clock.now - START < 60_000, `gave up after ${h.clock.now - START} ms of simulated time`);
});

test('continuous: a read failure and an aborted job are retried, a later load is synced, and a stop ends the loop', async () => {
  const clusters = new FakeClusters(orders());
  clusters.failReads = 1;
  const transport = fakeTransport(clusters, { abortFirst: 1 });
  const stop = new AbortController();
  const h = harness(clusters, transport, (now) => {
    if (now === START + 120_000) clusters.load('shop', 'orders', 'p2');
    if (now === START + 300_000) stop.abort();
  });
  const outcome = await runSyncLoop(h.effects, logger(h.lines), { oneTime: false, signal: stop.signal });

  assert.deepEqual(outcome, { done: false, reason: 'stopped' });
  assert.deepEqual(clusters.versions('target'), clusters.versions('source'), 'the target followed the load made after the first sync');
  assert.deepEqual(clusters.versions('target'), { 'shop.orders': { p1: 5, p2: 4 } });
  // The aborted job, then its retry, then the job for the new load.
  assert.equal(transport.sent, 3);
  const messages = h.lines.map((l) => l.msg);
  assert.ok(messages.some((m) => m.startsWith('reading the catalogues failed (attempt 1)')));
  assert.ok(messages.includes('reading the catalogues works again after 1 failed attempt(s)'));
  const last = h.statuses.at(-1)!;
  assert.equal(last.mode, 'continuous');
  assert.deepEqual(last.jobs, { pending: 0, sent: 0, running: 0, finished: 2, failed: 0, unknown: 0 });
  assert.ok(last.errors.some((e) => e.endsWith('connect ECONNREFUSED source FE')), 'the read failure is in the status');
  // The abort is said once, as a warning, with the job id, the attempt, the FE's reason and the retry.
  const warnings = h.lines.filter((l) => l.level === WARN && l.msg.startsWith('replication of '));
  assert.equal(warnings.length, 1, warnings.map((l) => l.msg).join('\n'));
  assert.match(warnings[0]!.msg, /^replication of shop\.orders \(p1, p2\) failed on attempt 1: job fake-1-0 ABORTED: download from source BE failed; retried at \S+Z \(in \d+\.\d s\)$/);
  assert.ok(last.errors.some((e) => e.endsWith('replication of shop.orders (p1, p2) failed on attempt 1: job fake-1-0 ABORTED: download from source BE failed')), 'the abort is in the status errors');
  // The retry finished: the table no longer fails.
  assert.deepEqual(last.failures, []);
  // Five minutes at one meta round every 180 s (the shipped interval), plus the rounds a DDL batch and finished jobs ask for at once.
  assert.ok(last.round >= 6, `meta rounds kept running (${last.round})`);
});

test('continuous: a pause holds new jobs back until resumed, and a resync drops and copies one table afresh', async () => {
  const clusters = new FakeClusters(orders(), users());
  const transport = fakeTransport(clusters);
  const stop = new AbortController();
  const answers: string[] = [];
  const targetAt: Record<string, Record<string, Record<string, number>>> = {};
  const h = harness(clusters, transport, (now, control) => {
    const at = now - START;
    const ask = (command: Parameters<LoopControl['submit']>[0]) => void control.submit(command).then((a) => answers.push(a.message));
    if (at === 60_000) ask({ kind: 'pause', scope: { kind: 'all' } });
    if (at === 61_000) clusters.load('shop', 'orders', 'p1');
    if (at === 400_000) {
      targetAt.paused = clusters.versions('target');
      ask({ kind: 'resume', scope: { kind: 'all' } });
    }
    if (at === 500_000) {
      targetAt.resumed = clusters.versions('target');
      ask({ kind: 'resync', db: 'crm', table: 'users' });
    }
    if (at === 600_000) stop.abort();
  });
  await runSyncLoop(h.effects, logger(h.lines), { oneTime: false, signal: stop.signal });

  assert.deepEqual(answers, [
    'the daemon paused: no new jobs start for it; running jobs finish',
    'the daemon resumed',
    'crm.users is dropped and copied afresh from the next round (as ddl_job_allow_drop_schema_change_table allows)',
  ]);
  assert.deepEqual(targetAt.paused, { 'shop.orders': { p1: 5, p2: 3 }, 'crm.users': { p1: 7 } }, 'the load made while paused waited');
  assert.deepEqual(targetAt.resumed, { 'shop.orders': { p1: 6, p2: 3 }, 'crm.users': { p1: 7 } }, 'and was synced once resumed');
  assert.deepEqual(clusters.versions('target'), clusters.versions('source'));
  // The resync: one drop, one create, one more job for the table.
  const messages = h.lines.map((l) => l.msg);
  assert.equal(transport.sent, 4);
  assert.ok(h.saved.some((state) => state.steering.pausedAll), 'the pause was kept in sync-state.json');
  assert.deepEqual(h.saved.at(-1)!.steering, { pausedAll: false, pausedDatabases: [], pausedTables: [], resync: [] }, 'the resync ended once its drop ran');
  assert.ok(messages.some((m) => m.startsWith('Paused: the whole daemon')), 'the report said it was paused');
  const held = h.statuses.filter((s) => s.steering?.pausedAll).at(-1);
  assert.deepEqual(held?.steering?.held, [{ object: 'shop.orders', reason: 'paused: the whole daemon is paused' }]);
});

test('one-time: a job the target aborts at every attempt is warned about once per attempt, and the status names the table, job and reason', async () => {
  const clusters = new FakeClusters(orders(), users());
  const h = harness(clusters, fakeTransport(clusters, { abortFirst: Infinity }));
  const outcome = await runSyncLoop(h.effects, logger(h.lines), { oneTime: true, signal: new AbortController().signal });

  assert.deepEqual(outcome, { done: false, reason: `crm.users: replication failed 3 times, last: ${ABORT_REASON}` });
  // One line per attempt of each table, however many rounds observed the aborted jobs.
  const warnings = h.lines.filter((l) => l.level === WARN && l.msg.startsWith('replication of shop.orders'));
  assert.deepEqual(
    warnings.map((l) => l.msg.replace(/retried at \S+ \(in [\d.]+ s\)/, 'retried at T')),
    [
      `replication of shop.orders (p1, p2) failed on attempt 1: job fake-2-0 ABORTED: ${ABORT_REASON}; retried at T`,
      `replication of shop.orders (p1, p2) failed on attempt 2: job fake-2-1 ABORTED: ${ABORT_REASON}; retried at T`,
      `replication of shop.orders (p1, p2) failed on attempt 3: job fake-2-2 ABORTED: ${ABORT_REASON}; not retried: the run ends`,
    ],
  );
  const last = h.statuses.at(-1)!;
  assert.deepEqual(
    last.failures?.map(({ at, ...rest }) => ({ ...rest, at: Number.isNaN(Date.parse(at)) ? 'not a time' : 'a time' })),
    [
      { object: 'crm.users', job: 'fake-1-2', attempt: 3, reason: ABORT_REASON, at: 'a time' },
      { object: 'shop.orders', job: 'fake-2-2', attempt: 3, reason: ABORT_REASON, at: 'a time' },
    ],
  );
  assert.equal(last.errors.filter((e) => e.includes(`ABORTED: ${ABORT_REASON}`)).length, 6, 'each abort is in the errors');
});

test('continuous: a target refusing as busy is said once at INFO, never warned about nor counted as a failure', async () => {
  const clusters = new FakeClusters(orders());
  const transport = fakeTransport(clusters, { busyFirst: 5 });
  const stop = new AbortController();
  const h = harness(clusters, transport, (now) => {
    if (now >= START + 200_000) stop.abort();
  });
  await runSyncLoop(h.effects, logger(h.lines), { oneTime: false, signal: stop.signal });

  assert.deepEqual(clusters.versions('target'), { 'shop.orders': { p1: 5, p2: 3 } }, 'synced once the target admitted the job');
  const said = h.lines.filter((l) => l.msg.includes(BUSY_REASON));
  assert.deepEqual(
    said.map((l) => [l.level, l.msg]),
    [[INFO, `replication of shop.orders not started: ${BUSY_REASON} (the target is busy: tried again every round)`]],
  );
  assert.equal(h.lines.filter((l) => l.level >= WARN && l.msg.startsWith('replication of ')).length, 0);
  const last = h.statuses.at(-1)!;
  assert.equal(last.jobs.failed, 0);
  assert.deepEqual(last.failures, []);
  assert.deepEqual(last.errors, []);
});
