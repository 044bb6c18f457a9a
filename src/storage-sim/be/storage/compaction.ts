// Merging a tablet's consecutive visible rowsets into one. The output is written in the current
// schema: for keyed tables already resolved (one row per key, deletes applied, since the merged
// range starts at the tablet's first version there is nothing older for a delete to hide) and
// sorted, for duplicate-key tables the rows in version order. The caller switches the tablet
// meta to the new rowset and removes the old files afterwards.
import type { RowsetFileInfo } from './rowset-format.js';
import { RowsetFileWriter } from './rowset-file-writer.js';
import { readRowsets, type ReadPlan } from './tablet-reader.js';

/** Writes the merged rows of `plan` to `path`; null when no row survives (no file is left). */
export async function writeMergedFile(plan: ReadPlan, path: string, blockBytes?: number): Promise<RowsetFileInfo | null> {
  const { schema } = plan;
  const keyed = schema.keysType !== 'DUP_KEYS';
  const rows = readRowsets({ ...plan, keepDeletes: false });
  const writer = await RowsetFileWriter.create(
    path,
    { format: 1, columns: schema.columns.map((c) => ({ name: c.name, type: c.type })), ops: false, sortKey: keyed ? schema.keyColumns : [] },
    blockBytes,
  );
  try {
    for await (const batch of rows) await writer.write(batch.rows);
    if (writer.rowsWritten === 0) {
      await writer.abort();
      return null;
    }
    return await writer.finish();
  } catch (error) {
    await writer.abort();
    await rows.return(undefined);
    throw error;
  }
}
