import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blockedLine, jobProgress, tableProgress, totalJobs, waitingLine, windowLine, type JobCounts } from '../../src/report/progress.js';
import { formatPercent } from '../../src/report/percent.js';

const jobs = (counts: Partial<JobCounts>): JobCounts => ({ ddlPending: 0, jobPending: 0, sent: 0, running: 0, finished: 0, failed: 0, unknown: 0, ...counts });

test('the job line: finished / total, every count in the documented order', () => {
  assert.equal(
    jobProgress(jobs({ jobPending: 6, sent: 1, running: 1, finished: 120, failed: 2 })),
    'Sync job progress: 92.31%, total: 130, ddlPending: 0, jobPending: 6, sent: 1, running: 1, finished: 120, failed: 2, unknown: 0',
  );
  assert.equal(
    jobProgress(jobs({ jobPending: 8, sent: 2, running: 10, finished: 108, failed: 2 })),
    'Sync job progress: 83.08%, total: 130, ddlPending: 0, jobPending: 8, sent: 2, running: 10, finished: 108, failed: 2, unknown: 0',
  );
  assert.equal(
    jobProgress(jobs({ ddlPending: 3, jobPending: 1, sent: 1, running: 1, finished: 1, failed: 1, unknown: 1 })),
    'Sync job progress: 11.11%, total: 9, ddlPending: 3, jobPending: 1, sent: 1, running: 1, finished: 1, failed: 1, unknown: 1',
  );
  assert.equal(totalJobs(jobs({ ddlPending: 3, jobPending: 1, sent: 1, running: 1, finished: 1, failed: 1, unknown: 1 })), 9);
});

test('the job line with nothing to do, nothing done, or everything done', () => {
  assert.equal(jobProgress(jobs({})), 'Sync job progress: 100.00%, total: 0, ddlPending: 0, jobPending: 0, sent: 0, running: 0, finished: 0, failed: 0, unknown: 0');
  assert.equal(jobProgress(jobs({ ddlPending: 4 })), 'Sync job progress: 0.00%, total: 4, ddlPending: 4, jobPending: 0, sent: 0, running: 0, finished: 0, failed: 0, unknown: 0');
  assert.equal(jobProgress(jobs({ finished: 5 })), 'Sync job progress: 100.00%, total: 5, ddlPending: 0, jobPending: 0, sent: 0, running: 0, finished: 5, failed: 0, unknown: 0');
});

test('the job line is not complete while tables are short of the source and no job for them is known yet', () => {
  // Right after a CREATE TABLE batch: no DDL left, the jobs for the new tables not planned yet.
  assert.equal(jobProgress(jobs({}), 50), 'Sync job progress: 0.00%, total: 0, ddlPending: 0, jobPending: 0, sent: 0, running: 0, finished: 0, failed: 0, unknown: 0');
  assert.equal(jobProgress(jobs({}), 0), 'Sync job progress: 100.00%, total: 0, ddlPending: 0, jobPending: 0, sent: 0, running: 0, finished: 0, failed: 0, unknown: 0');
  // Once jobs are known, their ratio is the figure.
  assert.equal(jobProgress(jobs({ running: 1, finished: 3 }), 1), 'Sync job progress: 75.00%, total: 4, ddlPending: 0, jobPending: 0, sent: 0, running: 1, finished: 3, failed: 0, unknown: 0');
});

test('the table line: ratios of the total, expired counted among the finished', () => {
  assert.equal(
    tableProgress({ total: 40, finished: 38, unfinished: 2, expired: 2 }),
    'Sync table progress: finishedTableRatio: 95.00%, expiredTableRatio: 5.00%, total table: 40, finished table: 38, unfinished table: 2, expired table: 2',
  );
  assert.equal(
    tableProgress({ total: 3, finished: 1, unfinished: 2, expired: 1 }),
    'Sync table progress: finishedTableRatio: 33.33%, expiredTableRatio: 33.33%, total table: 3, finished table: 1, unfinished table: 2, expired table: 1',
  );
  assert.equal(
    tableProgress({ total: 0, finished: 0, unfinished: 0, expired: 0 }),
    'Sync table progress: finishedTableRatio: 100.00%, expiredTableRatio: 0.00%, total table: 0, finished table: 0, unfinished table: 0, expired table: 0',
  );
});

test('percentages: two decimals, half up, and never 100.00% before the end', () => {
  assert.equal(formatPercent(2, 3, '-'), '66.67%');
  assert.equal(formatPercent(1, 8, '-'), '12.50%');
  assert.equal(formatPercent(1, 800, '-'), '0.13%');
  assert.equal(formatPercent(1, 3, '-'), '33.33%');
  assert.equal(formatPercent(0, 3, '-'), '0.00%');
  assert.equal(formatPercent(7, 7, '-'), '100.00%');
  assert.equal(formatPercent(99_999, 100_000, '-'), '99.99%');
  assert.equal(formatPercent(0, 0, 'n/a'), 'n/a');
});

test('the quiet-hours line: none without a window, else open until or closed until when, with the setting', () => {
  assert.equal(windowLine('', 60, { open: true, changesAt: null }), undefined);
  assert.equal(
    windowLine('0 1 * * *', 90, { open: false, changesAt: new Date('2026-03-02T01:00:00Z') }),
    'Sync window: closed, new replication jobs start at 2026-03-02T01:00:00.000Z (sync_window_cron: 0 1 * * *, 90 minutes); running jobs continue',
  );
  assert.equal(
    windowLine('0 1 * * *', 90, { open: true, changesAt: new Date('2026-03-01T02:30:00Z') }),
    'Sync window: open until 2026-03-01T02:30:00.000Z (sync_window_cron: 0 1 * * *, 90 minutes)',
  );
  assert.match(windowLine('0 0 30 2 *', 10, { open: false, changesAt: null })!, /closed, no window opens within 31 days/);
});

test('the waiting and blocked lines say what the sync waits for, and what will not change by itself', () => {
  assert.equal(waitingLine([]), undefined);
  assert.equal(blockedLine([]), undefined);
  assert.equal(
    waitingLine([{ object: 'shop.orders', reason: 'source: source tablet 41 has no replica on an alive BE at version 5' }]),
    'Sync waiting: 1 table(s): shop.orders (source: source tablet 41 has no replica on an alive BE at version 5)',
  );
  const many = Array.from({ length: 7 }, (_, i) => ({ object: `db.t${i}`, reason: 'x' }));
  assert.equal(blockedLine(many), 'Sync blocked: 7 object(s): db.t0 (x); db.t1 (x); db.t2 (x); db.t3 (x); db.t4 (x); and 2 more');
});
