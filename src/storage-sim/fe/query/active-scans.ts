// Which table scans are running, so that tablets a swap took out of the catalogue (REPLACE
// PARTITION, INSERT OVERWRITE) are dropped on the BEs only once the scans that may still read them
// have ended. A scan reads the partitions it found when it began; without this wait, a SELECT
// running across a swap would find the old tablets gone half way. (StarRocks' BEs keep a dropped
// tablet alive while a query holds it.)
export class ActiveScans {
  private nextId = 1;
  private readonly running = new Set<number>();
  private readonly waiting: { before: number; work: () => unknown }[] = [];

  /** Registers a scan; call the returned function when it ends (more than once is harmless). */
  begin(): () => void {
    const id = this.nextId++;
    this.running.add(id);
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.running.delete(id);
      this.runReady();
    };
  }

  /** Runs `work` once every scan begun before this call has ended: at once when there is none. */
  afterRunningScans(work: () => unknown): void {
    this.waiting.push({ before: this.nextId, work });
    this.runReady();
  }

  private runReady(): void {
    const oldest = Math.min(...this.running);
    for (const entry of this.waiting.filter((w) => oldest >= w.before)) {
      this.waiting.splice(this.waiting.indexOf(entry), 1);
      // The work is cleanup (dropping tablets) and reports its own failures; nothing waits on it.
      void Promise.resolve().then(entry.work).catch(() => undefined);
    }
  }
}
