import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SyncWindow } from '../../src/daemon/sync-window.js';

const at = (text: string) => new Date(text);

test('no expression: always open', () => {
  const window = new SyncWindow('', 60);
  assert.deepEqual(window.state(at('2026-03-01T12:34:00')), { open: true, changesAt: null });
});

test('a daily window at 01:00 for 90 minutes', (t) => {
  const window = new SyncWindow('0 1 * * *', 90);
  t.after(() => window.close());
  assert.deepEqual(window.state(at('2026-03-01T00:59:30')), { open: false, changesAt: at('2026-03-01T01:00:00') });
  assert.deepEqual(window.state(at('2026-03-01T01:00:00')), { open: true, changesAt: at('2026-03-01T02:30:00') });
  assert.deepEqual(window.state(at('2026-03-01T02:29:59')), { open: true, changesAt: at('2026-03-01T02:30:00') });
  assert.deepEqual(window.state(at('2026-03-01T02:30:00')), { open: false, changesAt: at('2026-03-02T01:00:00') });
});

test('weekend windows and a bad expression', (t) => {
  const window = new SyncWindow('30 22 * * 6,0', 60);
  t.after(() => window.close());
  // 2026-03-04 is a Wednesday: the next window is Saturday 22:30.
  assert.deepEqual(window.state(at('2026-03-04T10:00:00')), { open: false, changesAt: at('2026-03-07T22:30:00') });
  assert.throws(() => new SyncWindow('61 * * * *', 10), /invalid cron expression "61 \* \* \* \*"/);
  assert.equal(SyncWindow.isValidCron('*/15 * * * *'), true);
});

test('asked again and again, a window answers as a fresh one would, across its opening and closing', (t) => {
  const asked = new SyncWindow('*/20 * * * *', 30);
  t.after(() => asked.close());
  // Every 20 minutes for 30: windows overlap, so an open window is extended by the next opening.
  for (let minute = 0; minute < 24 * 60; minute += 7) {
    const now = new Date(Date.UTC(2026, 2, 1) + minute * 60_000);
    const fresh = new SyncWindow('*/20 * * * *', 30);
    assert.deepEqual(asked.state(now), fresh.state(now), now.toISOString());
    fresh.close();
  }
  const daily = new SyncWindow('0 1 * * *', 90);
  t.after(() => daily.close());
  for (const text of ['2026-03-01T00:10:00', '2026-03-01T00:59:00', '2026-03-01T01:00:00', '2026-03-01T02:30:00', '2026-03-01T02:31:00']) {
    const fresh = new SyncWindow('0 1 * * *', 90);
    assert.deepEqual(daily.state(at(text)), fresh.state(at(text)), text);
    fresh.close();
  }
});
