import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratchDir } from '../helpers/scratch.js';
import { EMPTY_SYNC_STATE, readSyncState, SYNC_STATE_FILE, writeSyncState } from '../../src/daemon/sync-state-file.js';
import { partitionKey } from '../../src/meta/table-key.js';

test('the sync state survives a restart: drops made and source partitions followed', () => {
  const dir = scratchDir('sync-state');
  assert.deepEqual(readSyncState(dir), EMPTY_SYNC_STATE, 'none yet');
  const state = {
    drops: [{ db: 'shop', table: 'orders', kind: 'drop_table' as const, cause: 'schema differs: x', droppedAt: 1_700_000_000_000 }],
    sourcePartitionIds: new Map([[partitionKey('shop', 'orders', 'p1'), 12345]]),
    steering: { pausedAll: false, pausedDatabases: ['crm'], pausedTables: [{ db: 'shop', table: 'orders' }], resync: [{ db: 'shop', table: 'items' }] },
  };
  writeSyncState(dir, state);
  assert.deepEqual(readSyncState(dir), state);
  assert.doesNotMatch(readFileSync(join(dir, SYNC_STATE_FILE), 'utf8'), /password|token/i);
});

test('a damaged state file is refused with its name and what was expected, never silently ignored', () => {
  const dir = scratchDir('sync-state-bad');
  writeFileSync(join(dir, SYNC_STATE_FILE), '{"version": 1, "drops": [');
  assert.throws(() => readSyncState(dir), (e: Error) => e.message.includes(SYNC_STATE_FILE) && /not valid JSON.*fix or remove the file/.test(e.message));
  writeFileSync(join(dir, SYNC_STATE_FILE), '{"version": 2}');
  assert.throws(() => readSyncState(dir), /is not a sync state of this daemon \(expected \{"version": 1/);
});

test('a state file written before pauses existed reads as nothing paused; a damaged pause list is refused', () => {
  const dir = scratchDir('sync-state-old');
  writeFileSync(join(dir, SYNC_STATE_FILE), '{"version": 1, "drops": [], "sourcePartitionIds": []}');
  assert.deepEqual(readSyncState(dir), EMPTY_SYNC_STATE);
  writeFileSync(join(dir, SYNC_STATE_FILE), '{"version": 1, "drops": [], "sourcePartitionIds": [], "steering": {"pausedAll": "yes"}}');
  assert.throws(() => readSyncState(dir), /is not a sync state of this daemon/);
});
