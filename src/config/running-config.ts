// The configuration a running daemon works with, held in one place: the FE clients (the hosts
// mapping at each failover), the sync loop (intervals, switches, data rules) and the guards all
// read it from here. Between rounds the loop asks it to re-read the files; `reread` (given by the
// command line, which also logs refused edits and keys that need a restart) returns the
// configuration to run with: the same object when nothing applies, else the live changes applied.
import type { SyncConfig } from './load-config.js';

export class RunningConfig {
  private config: SyncConfig;

  constructor(
    initial: SyncConfig,
    private readonly reread: (running: SyncConfig) => SyncConfig = (running) => running,
  ) {
    this.config = initial;
  }

  get current(): SyncConfig {
    return this.config;
  }

  /** Re-reads the files; true when the configuration in force changed. */
  reload(): boolean {
    const next = this.reread(this.config);
    if (next === this.config) return false;
    this.config = next;
    return true;
  }
}
