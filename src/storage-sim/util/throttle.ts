// A byte-rate limit shared by every transfer of one node (max_download_speed_kbps is per BE):
// each chunk reserves its share of the node's bandwidth and waits for its turn.
// The limit is read for every chunk, so a changed setting applies to transfers already running.
export class RateLimiter {
  /** When the bandwidth is next free (ms since the epoch). */
  private freeAt = 0;

  constructor(private readonly bytesPerSecond: () => number) {}

  /** Milliseconds to wait before `bytes` may go. */
  reserve(bytes: number): number {
    const rate = this.bytesPerSecond();
    if (!Number.isFinite(rate)) return 0;
    const now = Date.now();
    this.freeAt = Math.max(this.freeAt, now) + (bytes / rate) * 1000;
    return Math.max(0, this.freeAt - now - (bytes / rate) * 1000);
  }
}
