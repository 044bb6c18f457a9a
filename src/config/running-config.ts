// The configuration a running daemon works with, held in one place: the FE clients (the hosts
// mapping at each failover), the sync loop (intervals, switches, data rules) and the guards all
// read it from here. Between rounds the loop asks it to re-read the files, and so does the HTTP
// API's POST /reload; `reread` (given by the command line, which also logs refused edits and keys
// that need a restart) returns the configuration to run with: the same object when nothing
// applies, else the live changes applied, with what was applied, refused or left for a restart.
import type { SyncConfig } from './load-config.js';

export interface Reread {
  config: SyncConfig;
  /** Keys (and "hosts mapping") whose new values are in force now. */
  applied?: readonly string[];
  /** Keys edited that need a restart to take effect. */
  needRestart?: readonly string[];
  /** Why the edited files were refused (the running configuration stays). */
  refused?: string;
}

export interface ReloadOutcome {
  /** Whether the configuration in force changed. */
  changed: boolean;
  applied: readonly string[];
  needRestart: readonly string[];
  refused: string | null;
}

export class RunningConfig {
  private config: SyncConfig;

  constructor(
    initial: SyncConfig,
    private readonly reread: (running: SyncConfig) => SyncConfig | Reread = (running) => running,
  ) {
    this.config = initial;
  }

  get current(): SyncConfig {
    return this.config;
  }

  /** Re-reads the files and says what came of it. */
  reload(): ReloadOutcome {
    const answer = this.reread(this.config);
    const result: Reread = 'settings' in answer ? { config: answer } : answer;
    const changed = result.config !== this.config;
    this.config = result.config;
    return { changed, applied: result.applied ?? [], needRestart: result.needRestart ?? [], refused: result.refused ?? null };
  }
}
