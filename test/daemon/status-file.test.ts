import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describeStatus, readStatusFile, writeStatusFile, type DaemonStatus } from '../../src/daemon/status-file.js';
import { scratchDir } from '../helpers/scratch.js';
import { runCli } from '../helpers/run-cli.js';

const status = (pid: number): DaemonStatus => ({
  pid,
  startedAt: '2026-03-01T10:00:00.000Z',
  mode: 'continuous',
  updatedAt: '2026-03-01T10:05:00.000Z',
  round: 7,
  source: { fe: 'source FE 10.0.0.1:9030', connected: true },
  target: { fe: 'target FE 10.0.0.2:9030', connected: false, error: 'ECONNREFUSED' },
  window: { open: false, changesAt: '2026-03-02T01:00:00.000Z' },
  progress: { job: 'Sync job progress: 50.00%, total: 2, ddlPending: 0, jobPending: 1, sent: 0, running: 0, finished: 1, failed: 0, unknown: 0', table: 'Sync table progress: finishedTableRatio: 50.00%, expiredTableRatio: 0.00%, total table: 2, finished table: 1, unfinished table: 1, expired table: 0' },
  jobs: { pending: 1, sent: 0, running: 0, finished: 1, failed: 0, unknown: 0 },
  ddl: { pending: 0, blocked: [{ object: 'db.old', reason: 'exists only on the target; ddl_job_allow_drop_target_only=false keeps it' }] },
  errors: [],
});

test('the status file is replaced atomically and read back', () => {
  const dir = scratchDir('status-file');
  writeStatusFile(dir, status(123));
  writeStatusFile(dir, { ...status(123), round: 8 });
  assert.equal(readStatusFile(dir)?.round, 8);
  assert.deepEqual(readdirSync(dir), ['status.json'], 'no temporary file left behind');
});

test('the description says whether the daemon runs and where it stands', () => {
  const live = describeStatus(status(123), new Date('2026-03-01T10:05:30Z'), () => true);
  assert.equal(live.running, true);
  assert.match(live.text, /^cluster-sync is running \(pid 123, continuous mode/);
  assert.match(live.text, /round 7 at .* \(30 s ago\)/);
  assert.match(live.text, /target FE 10\.0\.0\.2:9030: not connected \(ECONNREFUSED\)/);
  assert.match(live.text, /replication window: closed, opens at 2026-03-02T01:00:00\.000Z/);
  assert.match(live.text, /DDL: 0 pending, 1 drop\(s\) blocked\n {2}blocked: db\.old: exists only on the target/);
  // What it waits for, what it cannot copy, and each cluster's release.
  const waiting = describeStatus(
    {
      ...status(123),
      clusters: { source: '3.2.3-2a1b3c4', target: null },
      waiting: [{ object: 'shop.orders', reason: 'source: source tablet 41 has no replica on an alive BE at version 5' }],
      notSupported: [{ object: 'shop.big', reason: 'not supported: partition p1 (3 physical partitions) of the source cannot be replicated whole' }],
      ddl: { pending: 0, blocked: [{ object: 'shop.t', reason: 'schema comparison unstable: schema differs: x' }] },
    },
    new Date('2026-03-01T10:05:30Z'),
    () => true,
  );
  assert.match(waiting.text, /source FE 10\.0\.0\.1:9030: connected, StarRocks 3\.2\.3-2a1b3c4\n/);
  assert.match(waiting.text, /\n {2}blocked: shop\.t: schema comparison unstable: schema differs: x\n {2}waiting: shop\.orders: source: source tablet 41 .*\n {2}not supported: shop\.big: not supported: partition p1/);
  // Tables whose replication keeps failing: the FE's job id (or that the request was refused), the attempt, the reason.
  const failing = describeStatus(
    {
      ...status(123),
      failures: [
        { object: 'shop.orders', job: 'cs-9-1-2', attempt: 3, reason: 'Source snapshots is empty', at: '2026-03-01T10:04:58.000Z' },
        { object: 'shop.users', job: null, attempt: 1, reason: 'could not be sent: connect ECONNREFUSED 10.0.0.2:9020', at: '2026-03-01T10:04:59.000Z' },
      ],
    },
    new Date('2026-03-01T10:05:30Z'),
    () => true,
  );
  assert.match(failing.text, /\n {2}failing: shop\.orders: job cs-9-1-2, attempt 3, at 2026-03-01T10:04:58\.000Z: Source snapshots is empty\n {2}failing: shop\.users: refused, attempt 1, at 2026-03-01T10:04:59\.000Z: could not be sent: connect ECONNREFUSED/);
  const gone = describeStatus(status(123), new Date(), () => false);
  assert.equal(gone.running, false);
  assert.match(gone.text, /^cluster-sync is not running \(pid 123 is gone/);
});

test('cluster-sync status exits 0 for a running daemon and 1 otherwise', async () => {
  const dir = scratchDir('status-cli');
  const none = await runCli(['status', '--log-dir', dir]);
  assert.equal(none.code, 1);
  assert.match(none.stderr, /no status\.json/);
  writeStatusFile(dir, status(process.pid));
  const running = await runCli(['status', '--log-dir', dir]);
  assert.equal(running.code, 0, running.stderr);
  assert.match(running.stdout, /Sync job progress: 50\.00%/);
  writeStatusFile(dir, status(2 ** 22 + 12345));
  assert.equal((await runCli(['status', '--log-dir', dir])).code, 1);
});
