// A promise-chain lock: callers run one at a time in arrival order. Used where StarRocks
// serialises work (e.g. committing and publishing versions of the same partitions in order).
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work, work);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
