// Writes the rows one load sends to one tablet into a data file of the transaction's pending
// rowset. Duplicate-key rows stream straight to disk. Keyed rows are buffered up to `runRows`,
// sorted by key (stably: a later row of the same key is newer), collapsed to one row per key and
// written as one sorted run, so reads can merge versions without holding a tablet in memory.
import { rm } from 'node:fs/promises';
import type { Value } from '../../common/column-types.js';
import { makeAggregator } from './aggregation.js';
import { keyComparator, keyIndexes } from './key-order.js';
import { OP_DELETE, OP_UPSERT } from './row-codec.js';
import { RowsetFileWriter } from './rowset-file-writer.js';
import type { RowsetFileInfo, RowsetFileHeader } from './rowset-format.js';
import { StorageError } from './storage-errors.js';
import type { TabletSchema } from './tablet-meta.js';

export type RowOp = 'UPSERT' | 'DELETE';

export interface WriterOptions {
  /** Rows a keyed writer buffers before it sorts and writes them as a run. */
  runRows?: number;
  blockBytes?: number;
}

export const DEFAULT_RUN_ROWS = 65536;

export interface WriterTarget {
  schema: TabletSchema;
  /** Path of the data file to create (its name is unique within the tablet directory). */
  path: string;
  /** Called once the file is complete (or with no file when no row was written). */
  commit(file: RowsetFileInfo | null, columns: string[]): void;
}

export class TabletWriter {
  private file: RowsetFileWriter | null = null;
  private readonly keyed: boolean;
  private readonly withOps: boolean;
  private buffer: Value[][] = [];
  private bufferOps: number[] = [];
  private readonly runRows: number;
  private state: 'open' | 'closed' = 'open';
  private rows = 0;

  constructor(
    private readonly target: WriterTarget,
    private readonly options: WriterOptions = {},
  ) {
    this.keyed = target.schema.keysType !== 'DUP_KEYS';
    this.withOps = target.schema.keysType === 'PRIMARY_KEYS';
    this.runRows = options.runRows ?? DEFAULT_RUN_ROWS;
  }

  /** Column names the rows are in (the tablet's schema when the writer was opened). */
  get columns(): string[] {
    return this.target.schema.columns.map((c) => c.name);
  }

  get rowCount(): number {
    return this.rows;
  }

  /**
   * Adds rows in the writer's column order. `ops` (one for all rows, or one per row) only applies
   * to PRIMARY KEY tables, where a DELETE row needs only its key columns to be meaningful.
   * Keyed writers keep the row arrays until their run is written: do not modify them afterwards.
   */
  async write(rows: readonly Value[][], ops?: RowOp | readonly RowOp[]): Promise<void> {
    if (this.state !== 'open') throw new StorageError('the tablet writer is closed');
    const width = this.target.schema.columns.length;
    for (const row of rows) if (row.length !== width) throw new StorageError(`a row has ${row.length} values; the tablet has ${width} columns`);
    const opCodes = this.opCodes(rows.length, ops);
    this.rows += rows.length;
    if (!this.keyed) {
      await (await this.openFile()).write(rows);
      return;
    }
    for (let i = 0; i < rows.length; i++) {
      this.buffer.push(rows[i]!);
      this.bufferOps.push(opCodes?.[i] ?? OP_UPSERT);
      if (this.buffer.length >= this.runRows) await this.flushRun();
    }
  }

  private opCodes(count: number, ops: RowOp | readonly RowOp[] | undefined): number[] | null {
    if (ops === undefined) return null;
    const list = typeof ops === 'string' ? new Array<RowOp>(count).fill(ops) : ops;
    if (list.length !== count) throw new StorageError(`${list.length} ops for ${count} rows`);
    if (!this.withOps && list.some((op) => op === 'DELETE')) {
      throw new StorageError(`delete rows need a PRIMARY KEY table; tablet ${this.target.schema.tabletId} is ${this.target.schema.keysType}`);
    }
    return list.map((op) => (op === 'DELETE' ? OP_DELETE : OP_UPSERT));
  }

  private async openFile(): Promise<RowsetFileWriter> {
    if (this.file) return this.file;
    const { schema } = this.target;
    const header: RowsetFileHeader = {
      format: 1,
      columns: schema.columns.map((c) => ({ name: c.name, type: c.type })),
      ops: this.withOps,
      sortKey: this.keyed ? schema.keyColumns : [],
    };
    this.file = await RowsetFileWriter.create(this.target.path, header, this.options.blockBytes);
    return this.file;
  }

  /** Sorts the buffered rows by key, keeps one row per key, writes them as one run. */
  private async flushRun(): Promise<void> {
    if (this.buffer.length === 0) return;
    const { schema } = this.target;
    const rows = this.buffer;
    const ops = this.bufferOps;
    this.buffer = [];
    this.bufferOps = [];
    const compare = keyComparator(schema.columns, keyIndexes(schema.columns, schema.keyColumns));
    const order = rows.map((_, i) => i);
    order.sort((a, b) => compare(rows[a]!, rows[b]!) || a - b);

    const aggregate = schema.keysType === 'AGG_KEYS' ? makeAggregator(schema.columns) : null;
    const outRows: Value[][] = [];
    const outOps: number[] = [];
    for (let i = 0; i < order.length; ) {
      let j = i + 1;
      while (j < order.length && compare(rows[order[i]!]!, rows[order[j]!]!) === 0) j++;
      const last = order[j - 1]!;
      outRows.push(aggregate && j - i > 1 ? aggregate(order.slice(i, j).map((k) => rows[k]!)) : rows[last]!);
      outOps.push(ops[last]!);
      i = j;
    }
    const file = await this.openFile();
    await file.write(outRows, outOps);
    await file.endRun();
  }

  /** Finishes the data file and hands it to the transaction's pending rowset. */
  async close(): Promise<RowsetFileInfo | null> {
    if (this.state !== 'open') throw new StorageError('the tablet writer is already closed');
    let info: RowsetFileInfo | null;
    try {
      if (this.keyed) await this.flushRun();
      info = this.file ? await this.file.finish() : null;
    } catch (error) {
      await this.abort();
      throw error;
    }
    this.state = 'closed';
    try {
      this.target.commit(info, this.columns);
    } catch (error) {
      // E.g. the transaction was aborted or the tablet dropped meanwhile: the file is garbage.
      if (info) await rm(this.target.path, { force: true });
      throw error;
    }
    return info;
  }

  /** Drops what was written. */
  async abort(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.buffer = [];
    this.bufferOps = [];
    await this.file?.abort();
  }
}
