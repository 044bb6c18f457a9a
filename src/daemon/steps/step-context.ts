// What every step of the sync loop works with besides the state: the configuration of this round,
// the quiet-hours window, the effects it may use (catalogue readers, DDL runner, transport, clock)
// and the log. The loop builds it; tests build it from fakes.
import type { Logger } from 'pino';
import type { SyncConfig } from '../../config/load-config.js';
import type { RunningConfig } from '../../config/running-config.js';
import type { DdlTask } from '../../ddl/ddl-plan.js';
import type { DdlRunResult } from '../ddl-executor.js';
import type { CatalogReaders } from '../meta-round.js';
import type { DaemonStatus } from '../status-file.js';
import type { SyncState } from '../sync-state-file.js';
import type { SyncWindow } from '../sync-window.js';
import type { Transport } from '../transport.js';
import type { Side } from '../../meta/catalog-model.js';
import type { LoopControl } from '../loop-control.js';

export interface Clock {
  now(): number;
  /** Resolves after `ms`, or early when the signal aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<unknown>;
}

/** Where the loop keeps what must outlive it: the sync state and the status file. */
export interface LoopStore {
  readState(): SyncState;
  writeState(state: SyncState): void;
  writeStatus(status: DaemonStatus): void;
}

/** Runs a batch of DDL tasks on the target with this round's configuration. */
export type DdlRunner = (batch: readonly DdlTask[], config: SyncConfig) => Promise<DdlRunResult>;

/** The loop's effects, given by the daemon (real clusters) or a test (fakes). */
export interface LoopEffects {
  running: RunningConfig;
  readers: CatalogReaders;
  runDdl: DdlRunner;
  transport: Transport;
  clock: Clock;
  store: LoopStore;
  /** Each cluster's FE address and release as last known, for the status file. */
  clusters(): Record<Side, { fe: string; release: string | null }>;
  /** Where the HTTP API reads the state and hands in commands. */
  control: LoopControl;
}

export interface LoopOptions {
  oneTime: boolean;
  signal: AbortSignal;
  /** How often the loop looks at its intervals (ms). */
  tickMs?: number;
  /** One-time mode gives up after this many meta rounds failing in a row (default 6). */
  maxMetaFailures?: number;
  /** One-time mode gives up on a job that could not be built for this long (default 10 minutes): a BE down for good. */
  maxWaitMs?: number;
}

export interface StepContext {
  config: SyncConfig;
  window: SyncWindow;
  effects: LoopEffects;
  options: LoopOptions;
  log: Logger;
}
