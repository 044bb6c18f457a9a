// How often a BE re-measures its disk usage. The measure walks every file of the data directory,
// so its cost grows with the tablets held: at 100,000 tablets a walk takes a second or more, and
// walking again for every heartbeat (or after every CREATE TABLE) would keep a core busy. So after
// a walk of more than PACE_FROM_MS, the next one also waits WALK_GAP times that walk's duration:
// walks then never take more than about 1/WALK_GAP of the time. A store whose walk is quicker (a
// few thousand tablets) is re-measured as soon as its value expires or is invalidated.
import { performance } from 'node:perf_hooks';

const PACE_FROM_MS = 50;
const WALK_GAP = 20;

export class PacedMeasure {
  private value = 0;
  private measuredAt = Number.NEGATIVE_INFINITY;
  private stale = true;
  private lastWalkMs = 0;

  /**
   * @param measure the walk
   * @param ttlMs how long a value stands when nothing invalidates it
   */
  constructor(
    private readonly measure: () => number,
    private readonly ttlMs: number,
  ) {}

  get(): number {
    const now = performance.now();
    const due = this.stale || now - this.measuredAt > this.ttlMs;
    const gap = this.lastWalkMs > PACE_FROM_MS ? this.lastWalkMs * WALK_GAP : 0;
    if (due && now - this.measuredAt >= gap) {
      const started = performance.now();
      this.value = this.measure();
      this.measuredAt = performance.now();
      this.lastWalkMs = this.measuredAt - started;
      this.stale = false;
    }
    return this.value;
  }

  /** Something changed on disk: measure again at the next read the pace allows. */
  invalidate(): void {
    this.stale = true;
  }
}
