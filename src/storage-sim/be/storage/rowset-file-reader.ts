// Reader of one rowset data file (layout in rowset-format.ts). Opening checks the end marker,
// the footer and the header, so a truncated or foreign file fails before any row is read; blocks
// are then read one at a time with positional reads and each is checked against its CRC-32
// before it is decoded. Only the block being decoded is in memory.
import { closeSync, fstatSync, openSync, read, readSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { decodeBlock, FRAME_BYTES, type DecodedBlock } from './row-codec.js';
import {
  FORMAT_VERSION,
  HEAD_FIXED_BYTES,
  HEAD_MAGIC,
  TAIL_MAGIC,
  TRAILER_BYTES,
  type RowsetFileFooter,
  type RowsetFileHeader,
  type RunInfo,
} from './rowset-format.js';
import { CorruptRowsetFile } from './storage-errors.js';

function readAt(fd: number, length: number, position: number): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(length);
  return new Promise((resolve, reject) => {
    const step = (offset: number): void => {
      read(fd, buffer, offset, length - offset, position + offset, (error, bytesRead) => {
        if (error) reject(error);
        else if (bytesRead === 0) reject(new RangeError(`unexpected end of file at byte ${position + offset}`));
        else if (offset + bytesRead < length) step(offset + bytesRead);
        else resolve(buffer);
      });
    };
    if (length === 0) resolve(buffer);
    else step(0);
  });
}

function readAtSync(fd: number, length: number, position: number): Buffer {
  const buffer = Buffer.allocUnsafe(length);
  let offset = 0;
  while (offset < length) {
    const n = readSync(fd, buffer, offset, length - offset, position + offset);
    if (n === 0) throw new RangeError(`unexpected end of file at byte ${position + offset}`);
    offset += n;
  }
  return buffer;
}

export interface BlockReadOptions {
  /** Also recompute the whole-file CRC-32 while reading and fail at the end if it differs. */
  verifyFile?: boolean;
}

export class RowsetFileReader {
  private closed = false;

  private constructor(
    readonly path: string,
    private readonly fd: number,
    readonly size: number,
    readonly header: RowsetFileHeader,
    readonly footer: RowsetFileFooter,
    /** The file CRC-32 recorded in the trailer. */
    readonly checksum: number,
    private readonly headBytes: Buffer,
    private readonly footerAndLength: Buffer,
  ) {}

  /** Opens and validates the file's structure (not yet every block). */
  static open(path: string): RowsetFileReader {
    const fd = openSync(path, 'r');
    try {
      return RowsetFileReader.validate(path, fd);
    } catch (error) {
      closeSync(fd);
      throw error;
    }
  }

  private static validate(path: string, fd: number): RowsetFileReader {
    const damaged = (detail: string): CorruptRowsetFile => new CorruptRowsetFile(path, detail);
    const size = fstatSync(fd).size;
    if (size < HEAD_FIXED_BYTES + TRAILER_BYTES) throw damaged(`only ${size} bytes: truncated or not a rowset file`);
    const trailer = readAtSync(fd, TRAILER_BYTES, size - TRAILER_BYTES);
    if (!trailer.subarray(12).equals(TAIL_MAGIC)) throw damaged('no end marker: the file is truncated or was not completely written');
    const footerLength = trailer.readUInt32LE(0);
    const footerStart = size - TRAILER_BYTES - footerLength;
    if (footerStart < HEAD_FIXED_BYTES) throw damaged(`footer length ${footerLength} does not fit in ${size} bytes`);
    const footerBytes = readAtSync(fd, footerLength, footerStart);
    if (crc32(footerBytes) !== trailer.readUInt32LE(4)) throw damaged('footer checksum mismatch');
    const footer = JSON.parse(footerBytes.toString('utf8')) as RowsetFileFooter;

    const head = readAtSync(fd, HEAD_FIXED_BYTES, 0);
    if (!head.subarray(0, HEAD_MAGIC.length).equals(HEAD_MAGIC)) throw damaged('not a rowset file (bad magic)');
    const headerLength = head.readUInt32LE(8);
    const headerEnd = HEAD_FIXED_BYTES + headerLength;
    if (headerEnd > footerStart) throw damaged(`header length ${headerLength} runs into the footer`);
    const headerBytes = readAtSync(fd, headerLength, HEAD_FIXED_BYTES);
    if (crc32(headerBytes) !== head.readUInt32LE(12)) throw damaged('header checksum mismatch');
    const header = JSON.parse(headerBytes.toString('utf8')) as RowsetFileHeader;
    if (header.format !== FORMAT_VERSION) throw damaged(`unsupported format version ${header.format}`);

    // Runs follow each other from the end of the header; their lengths are checked as blocks are read.
    let previous = headerEnd - 1;
    let rows = 0;
    for (const [i, run] of footer.runs.entries()) {
      if (i === 0 ? run.offset !== headerEnd : run.offset <= previous) throw damaged(`run ${i} starts at a wrong offset (${run.offset})`);
      if (run.offset >= footerStart) throw damaged(`run ${i} starts inside the footer`);
      previous = run.offset;
      rows += run.rows;
    }
    if (rows !== footer.rowCount) throw damaged(`footer counts ${footer.rowCount} rows but its runs hold ${rows}`);
    if (footer.runs.length === 0 && headerEnd !== footerStart) throw damaged('data between header and footer but no runs');
    return new RowsetFileReader(
      path,
      fd,
      size,
      header,
      footer,
      trailer.readUInt32LE(8),
      Buffer.concat([head, headerBytes]),
      Buffer.concat([footerBytes, trailer.subarray(0, 8)]),
    );
  }

  get rowCount(): number {
    return this.footer.rowCount;
  }

  get columnNames(): string[] {
    return this.header.columns.map((c) => c.name);
  }

  /** Offset where the footer starts: the end of the last run. */
  private get dataEnd(): number {
    return this.size - TRAILER_BYTES - (this.footerAndLength.length - 8);
  }

  /** The blocks of one run, in order. */
  async *runBlocks(run: RunInfo, fileCrc?: { value: number }): AsyncGenerator<DecodedBlock> {
    const columnCount = this.header.columns.length;
    const limit = this.dataEnd;
    let position = run.offset;
    if (run.blocks === 0) return;
    let frame = await this.readChecked(FRAME_BYTES, position, limit);
    const readBlock = (b: number, at: number, header: Buffer): Promise<Buffer> =>
      this.readChecked(header.readUInt32LE(0) + (b === run.blocks - 1 ? 0 : FRAME_BYTES), at + FRAME_BYTES, limit);
    // The next block is read while this one is checked, decoded and consumed.
    let next: Promise<Buffer> | null = readBlock(0, position, frame);
    for (let b = 0; b < run.blocks; b++) {
      const payloadLength = frame.readUInt32LE(0);
      const rowCount = frame.readUInt32LE(4);
      const last = b === run.blocks - 1;
      const bytes: Buffer = await next!;
      next = null;
      if (!last) {
        const nextFrame = bytes.subarray(payloadLength);
        next = readBlock(b + 1, position + FRAME_BYTES + payloadLength, nextFrame);
        next.catch(() => undefined); // surfaced when awaited
      }
      const payload = bytes.subarray(0, payloadLength);
      if (crc32(payload, crc32(frame.subarray(0, 8))) !== frame.readUInt32LE(8)) {
        throw new CorruptRowsetFile(this.path, `block at byte ${position} fails its checksum`);
      }
      if (fileCrc) fileCrc.value = crc32(payload, crc32(frame.subarray(0, FRAME_BYTES), fileCrc.value));
      let block: DecodedBlock;
      try {
        block = decodeBlock(payload, rowCount, columnCount, this.header.ops);
      } catch (error) {
        throw new CorruptRowsetFile(this.path, `block at byte ${position}: ${(error as Error).message}`);
      }
      position += FRAME_BYTES + payloadLength;
      if (!last) frame = bytes.subarray(payloadLength);
      yield block;
    }
  }

  /** Every block of the file in file order; optionally verifying the whole-file checksum. */
  async *blocks(options: BlockReadOptions = {}): AsyncGenerator<DecodedBlock> {
    const fileCrc = options.verifyFile ? { value: crc32(this.headBytes) } : undefined;
    for (const run of this.footer.runs) yield* this.runBlocks(run, fileCrc);
    if (fileCrc) {
      fileCrc.value = crc32(this.footerAndLength, fileCrc.value);
      if (fileCrc.value !== this.checksum) throw new CorruptRowsetFile(this.path, 'file checksum mismatch');
    }
  }

  private async readChecked(length: number, position: number, limit: number): Promise<Buffer> {
    if (position + length > limit) {
      throw new CorruptRowsetFile(this.path, `a block at byte ${position} claims ${length} bytes past the end of the data`);
    }
    try {
      return await readAt(this.fd, length, position);
    } catch (error) {
      throw new CorruptRowsetFile(this.path, (error as Error).message);
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}
