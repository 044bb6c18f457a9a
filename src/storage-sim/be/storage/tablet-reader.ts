// Reading the rows of a list of rowsets in the current schema: duplicate-key tablets stream
// their files block by block in version order; keyed tablets merge every run of every file by
// key (row-merge.ts). All files are opened before the first row is produced, so a compaction or
// drop that unlinks them afterwards does not disturb a read in progress.
import { join } from 'node:path';
import type { Value } from '../../common/column-types.js';
import { mergeRuns, type RowBatch } from './row-merge.js';
import { RowsetFileReader } from './rowset-file-reader.js';
import { buildMapping, mapRows } from './schema-mapping.js';
import type { RowsetMeta, TabletSchema } from './tablet-meta.js';
import { keyIndexes } from './key-order.js';

export const SCAN_BATCH_ROWS = 4096;

export interface ReadPlan {
  dir: string;
  schema: TabletSchema;
  /** Oldest first. */
  rowsets: readonly RowsetMeta[];
  /** Keep PRIMARY KEY deletes as tombstones (ops = 1) instead of dropping them. */
  keepDeletes?: boolean;
}

export function openReaders(plan: ReadPlan): { reader: RowsetFileReader; hidden: string[] | undefined }[] {
  const opened: { reader: RowsetFileReader; hidden: string[] | undefined }[] = [];
  try {
    for (const rowset of plan.rowsets) {
      for (const file of rowset.files) opened.push({ reader: RowsetFileReader.open(join(plan.dir, file.name)), hidden: rowset.hiddenColumns });
    }
  } catch (error) {
    for (const o of opened) o.reader.close();
    throw error;
  }
  return opened;
}

/** Batches of rows in the schema's column order (with ops only when tombstones are kept). */
export async function* readRowsets(plan: ReadPlan, readers = openReaders(plan)): AsyncGenerator<RowBatch> {
  try {
    const { schema } = plan;
    if (schema.keysType === 'DUP_KEYS') {
      for (const { reader, hidden } of readers) {
        const mapping = buildMapping(reader.columnNames, hidden, schema.columns);
        for await (const block of reader.blocks()) yield { rows: mapRows(block.rows, mapping), ops: null };
      }
      return;
    }
    const sources: AsyncIterator<RowBatch>[] = [];
    for (const { reader, hidden } of readers) {
      const mapping = buildMapping(reader.columnNames, hidden, schema.columns);
      for (const run of reader.footer.runs) sources.push(mappedRun(reader, run, mapping));
    }
    yield* mergeRuns(sources, {
      columns: schema.columns,
      keyIndexes: keyIndexes(schema.columns, schema.keyColumns),
      keysType: schema.keysType,
      keepDeletes: plan.keepDeletes ?? false,
      batchRows: SCAN_BATCH_ROWS,
    });
  } finally {
    for (const { reader } of readers) reader.close();
  }
}

async function* mappedRun(
  reader: RowsetFileReader,
  run: RowsetFileReader['footer']['runs'][number],
  mapping: ReturnType<typeof buildMapping>,
): AsyncGenerator<RowBatch> {
  for await (const block of reader.runBlocks(run)) yield { rows: mapRows(block.rows, mapping), ops: block.ops };
}

/** Keeps only the given column positions, in that order. */
export function project(rows: Value[][], positions: readonly number[] | null): Value[][] {
  if (positions === null) return rows;
  return rows.map((row) => positions.map((p) => row[p]!));
}
