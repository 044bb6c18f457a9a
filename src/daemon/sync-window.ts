// Quiet hours: with sync_window_cron set, new replication jobs start only inside a window that
// opens at each time the cron expression names and stays open sync_window_minutes, so migration
// keeps off the source's busy hours (replication takes many cluster resources). Running jobs are
// never stopped. Pure given `now`: the cron matching comes from node-cron, the window arithmetic
// is minute by minute because cron expressions name minutes.
import { createTask, validate, type ScheduledTask } from 'node-cron';

export interface WindowState {
  open: boolean;
  /** When the current window closes (open) or the next one opens (closed); null if never within the search horizon. */
  changesAt: Date | null;
}

const MINUTE = 60_000;
/** How far ahead the next opening is searched: a cron expression that fires less often is reported as "not within 31 days". */
const SEARCH_MINUTES = 31 * 24 * 60;

export class SyncWindow {
  private readonly matcher: ScheduledTask | undefined;
  /**
   * The last answer and the minutes it holds for. A closed window stays closed until its next
   * opening, and finding that opening searches up to a month of minutes, while the loop, the
   * report and the HTTP API ask every few seconds; an open window is cheap to work out and may be
   * extended by an overlapping opening, so it holds for its minute only.
   */
  private known: { from: number; until: number; state: WindowState } | undefined;

  /** An empty expression means always open. */
  constructor(
    readonly cron: string,
    readonly minutes: number,
  ) {
    if (cron.trim() === '') return;
    if (!validate(cron)) throw new Error(`invalid cron expression "${cron}"`);
    this.matcher = createTask(cron, () => undefined);
  }

  static isValidCron(cron: string): boolean {
    return cron.trim() === '' || validate(cron);
  }

  private opensAt(minute: number): boolean {
    return this.matcher!.match(new Date(minute * MINUTE));
  }

  state(now: Date): WindowState {
    if (!this.matcher) return { open: true, changesAt: null };
    const current = Math.floor(now.getTime() / MINUTE);
    if (this.known && current >= this.known.from && current < this.known.until) return this.known.state;
    const state = this.search(current);
    this.known = { from: current, until: !state.open && state.changesAt ? state.changesAt.getTime() / MINUTE : current + 1, state };
    return state;
  }

  private search(current: number): WindowState {
    // Open when a window started within the last `minutes` minutes (this one included).
    for (let m = current; m > current - this.minutes; m--) {
      if (this.opensAt(m)) return { open: true, changesAt: new Date((m + this.minutes) * MINUTE) };
    }
    for (let m = current + 1; m <= current + SEARCH_MINUTES; m++) {
      if (this.opensAt(m)) return { open: false, changesAt: new Date(m * MINUTE) };
    }
    return { open: false, changesAt: null };
  }

  close(): void {
    void this.matcher?.destroy();
  }
}
