// Reusable I/O buffers of one size, shared by every transfer of a process. A BE moving gigabytes
// through fresh buffers makes V8 count each one as external memory and collect garbage several
// times a second for it; buffers handed back here are taken again by the next read instead.

export class BufferPool {
  private readonly free: Buffer[] = [];
  /** Buffers this pool has had to allocate (a pool that works allocates few). */
  allocated = 0;

  /**
   * @param size bytes of each buffer
   * @param keep the most buffers kept free (more are left to the garbage collector)
   */
  constructor(
    readonly size: number,
    private readonly keep: number,
  ) {}

  take(): Buffer {
    const reused = this.free.pop();
    if (reused) return reused;
    this.allocated++;
    return Buffer.allocUnsafeSlow(this.size);
  }

  /** Returns a buffer no one reads or writes any more; a buffer of another size is not kept. */
  give(buffer: Buffer): void {
    if (buffer.length === this.size && this.free.length < this.keep) this.free.push(buffer);
  }

  get freeCount(): number {
    return this.free.length;
  }
}
