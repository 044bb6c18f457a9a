// Rows that can also be read a batch at a time. A scan produces its rows in batches; the result
// writer takes them that way, without an asynchronous step per row (at 100,000 rows those steps
// cost more than encoding the rows). Any other consumer (INSERT ... SELECT) still iterates row by
// row. One consumer only: both views read the same underlying batches.
import type { TextRow } from './types.js';

export interface RowBatches extends AsyncIterable<TextRow> {
  batches(): AsyncIterable<readonly TextRow[]>;
}

export function rowBatches(batches: () => AsyncIterable<readonly TextRow[]>): RowBatches {
  return {
    batches,
    async *[Symbol.asyncIterator]() {
      for await (const batch of batches()) yield* batch;
    },
  };
}

export function isRowBatches(rows: Iterable<TextRow> | AsyncIterable<TextRow>): rows is RowBatches {
  return typeof (rows as Partial<RowBatches>).batches === 'function';
}
