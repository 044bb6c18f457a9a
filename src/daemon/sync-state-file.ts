// What the daemon must not forget across a restart, beside its log: the drops it made to re-create
// objects (a drop is never repeated for the same reason: drop-ledger.ts) and, for clusters without
// version epochs, which source partition each target partition follows (source-partition-ids.ts);
// and the pauses and resyncs an operator asked for (steering.ts).
// Kept in <log-dir>/sync-state.json, rewritten atomically (temp file + rename) when it changes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomically } from '../util/atomic-file.js';
import type { DropLedger, DropRecord } from '../ddl/drop-ledger.js';
import { EMPTY_SOURCE_PARTITION_IDS, type SourcePartitionIds } from '../ddl/source-partition-ids.js';
import { NO_STEERING, type Steering, type TableRef } from './steering.js';

export const SYNC_STATE_FILE = 'sync-state.json';

export interface SyncState {
  drops: DropLedger;
  sourcePartitionIds: SourcePartitionIds;
  /** Pauses and resyncs an operator asked for (steering.ts). */
  steering: Steering;
}

export const EMPTY_SYNC_STATE: SyncState = { drops: [], sourcePartitionIds: EMPTY_SOURCE_PARTITION_IDS, steering: NO_STEERING };

interface StoredState {
  version: 1;
  drops: DropRecord[];
  /** [key, source partition id] pairs (see partitionKey). */
  sourcePartitionIds: [string, number][];
  /** Absent in files written before pauses existed. */
  steering?: Steering;
}

const isRef = (value: unknown): value is TableRef => typeof (value as TableRef)?.db === 'string' && typeof (value as TableRef).table === 'string';

function isSteering(value: unknown): value is Steering {
  const s = value as Steering;
  return (
    typeof s?.pausedAll === 'boolean' &&
    Array.isArray(s.pausedDatabases) &&
    s.pausedDatabases.every((db) => typeof db === 'string') &&
    Array.isArray(s.pausedTables) &&
    s.pausedTables.every(isRef) &&
    Array.isArray(s.resync) &&
    s.resync.every(isRef)
  );
}

function isRecord(value: unknown): value is DropRecord {
  const r = value as DropRecord;
  return typeof r?.db === 'string' && typeof r.table === 'string' && typeof r.kind === 'string' && typeof r.cause === 'string' && typeof r.droppedAt === 'number';
}

/**
 * The state saved in `logDir`; the empty state when there is none yet. A file that cannot be
 * read as this daemon's state is an error that names it: starting without it could repeat drops.
 */
export function readSyncState(logDir: string): SyncState {
  const path = join(logDir, SYNC_STATE_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return EMPTY_SYNC_STATE;
    throw error;
  }
  let stored: StoredState;
  try {
    stored = JSON.parse(text) as StoredState;
  } catch (error) {
    throw new Error(`${path} is not valid JSON (${(error as Error).message}); expected the daemon's sync state: fix or remove the file`);
  }
  if (
    stored?.version !== 1 ||
    !Array.isArray(stored.drops) ||
    !stored.drops.every(isRecord) ||
    !Array.isArray(stored.sourcePartitionIds) ||
    (stored.steering !== undefined && !isSteering(stored.steering))
  ) {
    throw new Error(`${path} is not a sync state of this daemon (expected {"version": 1, "drops": [...], "sourcePartitionIds": [...]}): fix or remove the file`);
  }
  return {
    drops: stored.drops,
    sourcePartitionIds: new Map(stored.sourcePartitionIds.filter(([key, id]) => typeof key === 'string' && typeof id === 'number')),
    steering: stored.steering ?? NO_STEERING,
  };
}

export function writeSyncState(logDir: string, state: SyncState): void {
  const stored: StoredState = { version: 1, drops: [...state.drops], sourcePartitionIds: [...state.sourcePartitionIds], steering: state.steering };
  writeFileAtomically(join(logDir, SYNC_STATE_FILE), JSON.stringify(stored) + '\n');
}
