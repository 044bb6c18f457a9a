// A bounded queue between one producer and one consumer: push waits while the queue is full, so a
// fast reader (a Stream Load body) cannot run ahead of a slow writer (a BE) and fill memory.
export class Channel<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private closed = false;
  private failure: Error | undefined;
  private wakeConsumer: (() => void) | undefined;
  private wakeProducers: (() => void)[] = [];

  constructor(private readonly capacity: number) {}

  async push(item: T): Promise<void> {
    while (this.items.length >= this.capacity && !this.closed) {
      await new Promise<void>((resolve) => this.wakeProducers.push(resolve));
    }
    if (this.failure) throw this.failure;
    if (this.closed) throw new Error('push to a closed channel');
    this.items.push(item);
    this.wakeConsumer?.();
  }

  close(): void {
    this.closed = true;
    this.wakeConsumer?.();
  }

  /** Ends the channel with an error: the consumer throws it, pending producers too. */
  fail(error: Error): void {
    this.failure = error;
    this.closed = true;
    this.wakeConsumer?.();
    for (const wake of this.wakeProducers.splice(0)) wake();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (;;) {
      if (this.items.length > 0) {
        const batch = this.items.splice(0);
        for (const wake of this.wakeProducers.splice(0)) wake();
        yield* batch;
        continue;
      }
      if (this.failure) throw this.failure;
      if (this.closed) return;
      await new Promise<void>((resolve) => (this.wakeConsumer = resolve));
      this.wakeConsumer = undefined;
    }
  }
}
