// What the commands that talk to a daemon's HTTP API read and print, as pure functions: names on
// the command line, sizes and durations, the text of `status --http`, and the new lines of a
// cutover followed by polling.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseArgument, tableArgument } from '../../src/cli/object-argument.js';
import { formatBytes, formatDuration, formatRate } from '../../src/cli/human-units.js';
import { describeApiStatus, type ApiStatus } from '../../src/cli/describe-api-status.js';
import { newCutoverLines } from '../../src/cli/cutover-over-http.js';

test('db.table and db are read as include_data_list reads them, backticks around names holding a dot', () => {
  assert.deepEqual(tableArgument('shop.orders'), { db: 'shop', table: 'orders' });
  assert.deepEqual(tableArgument('`my.db`.`daily.v2/eu`'), { db: 'my.db', table: 'daily.v2/eu' });
  assert.deepEqual(tableArgument('shop.`a``b`'), { db: 'shop', table: 'a`b' });
  assert.equal(databaseArgument('`my.db`'), 'my.db');
  assert.throws(() => tableArgument('shop'), /"shop" names no table; expected one table as db\.table \(backticks around a name holding a dot/);
  assert.throws(() => tableArgument('a.b.c'), /has more than two parts; quote names holding a dot with backticks/);
  assert.throws(() => tableArgument('shop.a,shop.b'), /2 names given; expected one table as db\.table/);
  assert.throws(() => tableArgument('shop.`orders'), /unterminated backtick/);
  assert.throws(() => databaseArgument('my.db'), /"my\.db" has two parts; expected one database name \(for a table, --table db\.table/);
});

test('sizes, rates and durations read as an operator reads them', () => {
  assert.deepEqual([0, 1023, 1024, 12.4 * 2 ** 20, 3 * 2 ** 30].map(formatBytes), ['0 B', '1023 B', '1.0 KB', '12.4 MB', '3.0 GB']);
  assert.equal(formatRate(2.5 * 2 ** 20), '2.5 MB/s');
  assert.deepEqual([0.4, 45, 60, 200, 3600, 7500, 86_400, 97_200].map(formatDuration), ['0 s', '45 s', '1 min', '3 min 20 s', '1 h', '2 h 5 min', '1 d', '1 d 3 h']);
});

/** A status as GET /api/v1/status gives it during an initial copy (src/http/views.ts statusView). */
function copying(): ApiStatus {
  return {
    phase: 'initial copy',
    mode: 'continuous',
    startedAt: '2026-03-01T10:00:00.000Z',
    updatedAt: '2026-03-01T10:05:00.000Z',
    round: 42,
    clusters: {
      source: { fe: 'source FE 10.0.0.1:9030', release: '3.3.9-abc', connected: true },
      target: { fe: 'target FE 10.0.0.2:9030', release: null, connected: false, error: 'connect ECONNREFUSED' },
    },
    progress: { job: 'Sync job progress: 50.00%, total: 4', table: 'Sync table progress: finishedTableRatio: 50.00%' },
    jobs: { ddlPending: 1, jobPending: 1, sent: 0, running: 1, finished: 2, failed: 0, unknown: 0 },
    tables: { total: 2, finished: 1, unfinished: 1, expired: 0 },
    lag: { seconds: 125, bytes: 12.4 * 2 ** 20, partitions: 3 },
    throughput: { bytesPerSecond: 2 ** 20, bytesReplicated: 3 * 2 ** 30 },
    initialCopy: { done: false, bytesLeft: 200 * 2 ** 20, etaSeconds: 200 },
    window: { open: false, changesAt: '2026-03-02T01:00:00.000Z' },
    steering: {
      pausedAll: false,
      pausedDatabases: ['crm'],
      pausedTables: ['shop.users'],
      resync: ['shop.orders'],
      held: Array.from({ length: 22 }, (_, i) => ({ object: `crm.t${i}`, reason: 'paused: database crm is paused' })),
    },
    next: { meta: 'due now', ddl: 'due now', replication: 'due now', report: 'due now' },
    blocked: [{ object: 'shop.old', reason: 'a drop ddl_job_allow_drop_target_only_table keeps' }],
    failures: [{ object: 'shop.items', job: null, attempt: 2, reason: 'the FE refused the request', at: '2026-03-01T10:04:00.000Z' }],
    setbacks: { aborted: 0, refused: 2, admission: 0 },
    errors: ['2026-03-01T10:03:00.000Z target: connect ECONNREFUSED'],
  } as unknown as ApiStatus;
}

test('status --http: the phase, both progress lines, lag, throughput and ETA in words, what is paused, held, blocked and failing', () => {
  const text = describeApiStatus(copying(), '127.0.0.1:8080');
  const lines = text.split('\n');
  assert.deepEqual(lines.slice(0, 11), [
    'cluster-sync answers on 127.0.0.1:8080 (continuous mode, since 2026-03-01T10:00:00.000Z, round 42, at 2026-03-01T10:05:00.000Z)',
    'phase: initial copy',
    'source FE 10.0.0.1:9030: connected, StarRocks 3.3.9-abc',
    'target FE 10.0.0.2:9030: not connected (connect ECONNREFUSED)',
    'Sync job progress: 50.00%, total: 4',
    'Sync table progress: finishedTableRatio: 50.00%',
    'lag: 2 min 5 s (the oldest source change not on the target yet), 3 partition(s), 12.4 MB behind',
    'throughput: 1.0 MB/s over the last 15 min; 3.0 GB replicated since the daemon started',
    'initial copy: 200.0 MB left, about 3 min 20 s to go at the current throughput',
    'replication window: closed, opens at 2026-03-02T01:00:00.000Z',
    'DDL: 1 pending; 1 item(s) blocked',
  ]);
  assert.equal(lines[11], 'paused: database crm, table shop.users');
  assert.equal(lines.filter((l) => l.startsWith('  held: ')).length, 20, 'twenty held items listed');
  assert.ok(lines.includes('  ... and 2 more held item(s)'));
  assert.ok(lines.includes('  resync: shop.orders: to be dropped on the target and copied afresh'));
  assert.ok(lines.includes('  blocked: shop.old: a drop ddl_job_allow_drop_target_only_table keeps'));
  assert.ok(lines.includes('  failing: shop.items: refused, attempt 2, at 2026-03-01T10:04:00.000Z: the FE refused the request'));
  assert.equal(lines.at(-1), '  error: 2026-03-01T10:03:00.000Z target: connect ECONNREFUSED');

  const unknownRate = { ...copying(), throughput: { bytesPerSecond: null, bytesReplicated: 0 }, initialCopy: { done: false, bytesLeft: 2048, etaSeconds: null } };
  const later = describeApiStatus(unknownRate, 'h:1');
  assert.match(later, /^throughput: not measured yet \(fewer than two rounds in the last 15 min\); 0 B replicated since the daemon started$/m);
  assert.match(later, /^initial copy: 2\.0 KB left, no estimate yet \(nothing replicated recently\)$/m);
  assert.equal(describeApiStatus({ phase: 'starting', updatedAt: '2026-03-01T10:00:00.000Z' }, 'h:1'), 'cluster-sync answers on h:1: starting, it has not read the clusters yet (at 2026-03-01T10:00:00.000Z)');
});

test('a followed cutover prints each line once, and says how many the daemon dropped from a long wait', () => {
  let step = newCutoverLines({ lines: ['start', 'lag 1'], linesReported: 2 }, 0);
  assert.deepEqual(step, { lines: ['start', 'lag 1'], printed: 2 });
  step = newCutoverLines({ lines: ['start', 'lag 1', 'lag 2'], linesReported: 3 }, step.printed);
  assert.deepEqual(step, { lines: ['lag 2'], printed: 3 });
  assert.deepEqual(newCutoverLines({ lines: ['start', 'lag 1', 'lag 2'], linesReported: 3 }, 3), { lines: [], printed: 3 });
  // The daemon keeps the first line and the latest ones (src/http/cutover-runs.ts): 4 kept of 10 reported.
  const trimmed = { lines: ['start', 'l7', 'l8', 'l9'], linesReported: 10 };
  assert.deepEqual(newCutoverLines(trimmed, 8), { lines: ['l8', 'l9'], printed: 10 });
  assert.deepEqual(newCutoverLines(trimmed, 3), { lines: ['... (4 line(s) the daemon no longer keeps)', 'l7', 'l8', 'l9'], printed: 10 });
  assert.deepEqual(newCutoverLines(trimmed, 0), { lines: ['start', '... (6 line(s) the daemon no longer keeps)', 'l7', 'l8', 'l9'], printed: 10 });
  assert.deepEqual(newCutoverLines({ lines: [], linesReported: 0 }, 0), { lines: [], printed: 0 });
});
