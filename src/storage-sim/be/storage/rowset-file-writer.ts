// Streaming writer of one rowset data file (layout in rowset-format.ts). Rows are encoded into
// blocks of about `blockBytes` and written as each block fills, so memory stays at one block.
// The file is written under a '.tmp' name, fsynced and renamed: a file with its final name is
// always complete.
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { crc32 } from 'node:zlib';
import type { Value } from '../../common/column-types.js';
import { TEMP_SUFFIX, fsyncDir } from './atomic-file.js';
import { BlockEncoder, FRAME_BYTES } from './row-codec.js';
import { HEAD_MAGIC, TAIL_MAGIC, TRAILER_BYTES, type RowsetFileFooter, type RowsetFileHeader, type RowsetFileInfo, type RunInfo } from './rowset-format.js';

export const DEFAULT_BLOCK_BYTES = 256 * 1024;

export class RowsetFileWriter {
  private encoder: BlockEncoder;
  /** Two encoders: one fills while the other's block is being written. */
  private spare: BlockEncoder;
  /** The block write in flight, awaited before the next one starts (keeps file order). */
  private inFlight: Promise<void> | null = null;
  private position = 0;
  private fileCrc = 0;
  private rowCount = 0;
  private readonly runs: RunInfo[] = [];
  private currentRun: RunInfo | null = null;
  private done = false;

  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    private readonly header: RowsetFileHeader,
    private readonly blockBytes: number,
  ) {
    this.encoder = new BlockEncoder(blockBytes + blockBytes / 4);
    this.spare = new BlockEncoder(blockBytes + blockBytes / 4);
  }

  static async create(path: string, header: RowsetFileHeader, blockBytes = DEFAULT_BLOCK_BYTES): Promise<RowsetFileWriter> {
    const handle = await open(`${path}${TEMP_SUFFIX}`, 'wx');
    const writer = new RowsetFileWriter(path, handle, header, blockBytes);
    try {
      const json = Buffer.from(JSON.stringify(header), 'utf8');
      const head = Buffer.alloc(HEAD_MAGIC.length + 8);
      HEAD_MAGIC.copy(head, 0);
      head.writeUInt32LE(json.length, HEAD_MAGIC.length);
      head.writeUInt32LE(crc32(json), HEAD_MAGIC.length + 4);
      await writer.append(Buffer.concat([head, json]));
    } catch (error) {
      await writer.abort();
      throw error;
    }
    return writer;
  }

  get hasOps(): boolean {
    return this.header.ops;
  }

  get rowsWritten(): number {
    return this.rowCount + this.encoder.rowCount;
  }

  /** Checksums and places `bytes` now; the returned promise settles when they are written. */
  private append(bytes: Buffer): Promise<void> {
    const position = this.position;
    this.position += bytes.length;
    this.fileCrc = crc32(bytes, this.fileCrc);
    return this.writeAt(bytes, position);
  }

  private async writeAt(bytes: Buffer, position: number): Promise<void> {
    let written = 0;
    while (written < bytes.length) {
      const { bytesWritten } = await this.handle.write(bytes, written, bytes.length - written, position + written);
      written += bytesWritten;
    }
  }

  private async drain(): Promise<void> {
    const inFlight = this.inFlight;
    this.inFlight = null;
    await inFlight;
  }

  /** Adds rows (each with its op when the file carries ops); writes blocks as they fill. */
  async write(rows: readonly (readonly Value[])[], ops?: ArrayLike<number>): Promise<void> {
    if (this.done) throw new Error(`rowset file ${this.path} is already finished`);
    const expected = this.header.columns.length;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      if (row.length !== expected) throw new RangeError(`a row of ${row.length} values was written to a file of ${expected} columns`);
      // this.encoder, not a local: flushBlock swaps encoders.
      this.encoder.addRow(row, this.header.ops ? (ops?.[i] ?? 0) : undefined);
      if (this.encoder.payloadBytes >= this.blockBytes) await this.flushBlock();
    }
  }

  private async flushBlock(): Promise<void> {
    const encoder = this.encoder;
    if (encoder.rowCount === 0) return;
    const frame = encoder.buffer;
    frame.writeUInt32LE(encoder.payloadBytes, 0);
    frame.writeUInt32LE(encoder.rowCount, 4);
    const crc = crc32(frame.subarray(FRAME_BYTES, encoder.offset), crc32(frame.subarray(0, 8)));
    frame.writeUInt32LE(crc, 8);
    const run = (this.currentRun ??= { offset: this.position, blocks: 0, rows: 0 });
    run.blocks++;
    run.rows += encoder.rowCount;
    this.rowCount += encoder.rowCount;
    // Encoding the next block overlaps with writing this one; at most one write is in flight.
    await this.drain();
    const write = this.append(frame.subarray(0, encoder.offset));
    write.catch(() => undefined); // surfaced by the next drain()
    this.inFlight = write;
    this.encoder = this.spare;
    this.spare = encoder;
    this.encoder.reset();
  }

  /** Ends the current sorted run; the next rows start a new one. */
  async endRun(): Promise<void> {
    await this.flushBlock();
    if (this.currentRun) this.runs.push(this.currentRun);
    this.currentRun = null;
  }

  /** Completes, fsyncs and renames the file into place. */
  async finish(): Promise<RowsetFileInfo> {
    await this.endRun();
    this.done = true;
    try {
      const footer: RowsetFileFooter = { rowCount: this.rowCount, runs: this.runs };
      const json = Buffer.from(JSON.stringify(footer), 'utf8');
      const trailer = Buffer.alloc(TRAILER_BYTES);
      trailer.writeUInt32LE(json.length, 0);
      trailer.writeUInt32LE(crc32(json), 4);
      await this.drain();
      // The file checksum covers everything before its own field: footer length and CRC included.
      await this.append(Buffer.concat([json, trailer.subarray(0, 8)]));
      trailer.writeUInt32LE(this.fileCrc, 8);
      TAIL_MAGIC.copy(trailer, 12);
      const tail = trailer.subarray(8);
      await this.handle.write(tail, 0, tail.length, this.position);
      this.position += tail.length;
      await this.handle.sync();
      await this.handle.close();
      await rename(`${this.path}${TEMP_SUFFIX}`, this.path);
      fsyncDir(dirname(this.path));
      return { name: basename(this.path), size: this.position, checksum: this.fileCrc, rowCount: this.rowCount };
    } catch (error) {
      await this.abort();
      throw error;
    }
  }

  /** Drops the unfinished file. */
  async abort(): Promise<void> {
    this.done = true;
    await this.drain().catch(() => undefined);
    await this.handle.close().catch(() => undefined);
    await rm(`${this.path}${TEMP_SUFFIX}`, { force: true });
  }
}
