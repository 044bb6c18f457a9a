// K-way merge of key-sorted runs for keyed tables. Each source is one run (keys unique within
// it) and sources are given oldest first; rows with equal keys are resolved newest-wins for
// PRIMARY/UNIQUE keys (a PRIMARY KEY delete removes the key) and folded by the value columns'
// aggregations for AGG keys. Only one block per source is in memory, so merging a tablet costs
// memory per rowset, not per row.
import type { Value } from '../../common/column-types.js';
import { makeAggregator } from './aggregation.js';
import { keyComparator, type RowComparator } from './key-order.js';
import { OP_DELETE, OP_UPSERT } from './row-codec.js';
import type { KeysType, StorageColumn } from './tablet-meta.js';

export interface RowBatch {
  rows: Value[][];
  /** Per-row ops when the rows may include deletes (tombstones kept for a partial compaction). */
  ops: Uint8Array | null;
}

export interface MergeOptions {
  columns: readonly StorageColumn[];
  keyIndexes: readonly number[];
  keysType: KeysType;
  /** Emit a delete tombstone instead of dropping the key (when older versions are not merged in). */
  keepDeletes: boolean;
  batchRows: number;
}

class Cursor {
  rows: Value[][] = [];
  ops: Uint8Array | null = null;
  pos = 0;
  constructor(
    readonly age: number,
    private readonly blocks: AsyncIterator<RowBatch>,
  ) {}

  get row(): Value[] {
    return this.rows[this.pos]!;
  }

  get op(): number {
    return this.ops ? this.ops[this.pos]! : OP_UPSERT;
  }

  /** Moves to the next row within the current block; false at its end. */
  step(): boolean {
    return ++this.pos < this.rows.length;
  }

  /** Loads the next non-empty block; false when the source is exhausted. */
  async load(): Promise<boolean> {
    for (;;) {
      const next = await this.blocks.next();
      if (next.done) return false;
      if (next.value.rows.length === 0) continue;
      this.rows = next.value.rows;
      this.ops = next.value.ops;
      this.pos = 0;
      return true;
    }
  }
}

/** A binary min-heap of cursors by (current key, age). */
class CursorHeap {
  readonly items: Cursor[] = [];
  constructor(private readonly compareRows: RowComparator) {}

  private less(a: Cursor, b: Cursor): boolean {
    const c = this.compareRows(a.row, b.row);
    return c < 0 || (c === 0 && a.age < b.age);
  }

  push(cursor: Cursor): void {
    const items = this.items;
    items.push(cursor);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(items[i]!, items[parent]!)) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  pop(): Cursor | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let smallest = i;
        if (l < items.length && this.less(items[l]!, items[smallest]!)) smallest = l;
        if (r < items.length && this.less(items[r]!, items[smallest]!)) smallest = r;
        if (smallest === i) break;
        [items[i], items[smallest]] = [items[smallest]!, items[i]!];
        i = smallest;
      }
    }
    return top;
  }

  peek(): Cursor | undefined {
    return this.items[0];
  }
}

export async function* mergeRuns(sources: AsyncIterator<RowBatch>[], options: MergeOptions): AsyncGenerator<RowBatch> {
  const compareRows = keyComparator(options.columns, options.keyIndexes);
  const aggregate = options.keysType === 'AGG_KEYS' ? makeAggregator(options.columns) : null;
  const heap = new CursorHeap(compareRows);
  for (const [age, blocks] of sources.entries()) {
    const cursor = new Cursor(age, blocks);
    if (await cursor.load()) heap.push(cursor);
  }

  let out: Value[][] = [];
  let outOps: number[] | null = options.keepDeletes ? [] : null;
  const group: Cursor[] = [];
  for (;;) {
    const first = heap.pop();
    if (!first) break;
    group.length = 0;
    group.push(first);
    // Equal keys come off the heap oldest first (ties break by age).
    while (heap.peek() && compareRows(heap.peek()!.row, first.row) === 0) group.push(heap.pop()!);

    const newest = group[group.length - 1]!;
    if (newest.op === OP_DELETE) {
      if (outOps) {
        out.push(newest.row);
        outOps.push(OP_DELETE);
      }
    } else {
      out.push(aggregate && group.length > 1 ? aggregate(group.map((c) => c.row)) : newest.row);
      outOps?.push(OP_UPSERT);
    }
    // Awaiting only at block ends keeps the per-row cost synchronous.
    for (const cursor of group) if (cursor.step() || (await cursor.load())) heap.push(cursor);

    if (out.length >= options.batchRows) {
      yield { rows: out, ops: outOps ? Uint8Array.from(outOps) : null };
      out = [];
      outOps = outOps ? [] : null;
    }
  }
  if (out.length > 0) yield { rows: out, ops: outOps ? Uint8Array.from(outOps) : null };
}
