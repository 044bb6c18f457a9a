// Binary encoding of rows inside a rowset block. Every value carries a one-byte tag, so a file
// can be decoded without knowing its column types (old rowsets outlive schema changes) and the
// representation of column-types.ts comes back exactly (numbers stay numbers, BIGINT strings stay
// strings, -0 stays -0):
//   0x00 NULL   0x01 false   0x02 true
//   0x03 int32 (4 bytes LE)  0x04 float64 (8 bytes LE)
//   0x05 string: u32 LE byte length + UTF-8 bytes
//   0x80|n ASCII string of n <= 127 bytes (the common case: dates, decimals, short names)
// Rows of PRIMARY KEY loads start with an op byte (0 upsert, 1 delete) before their values.
import type { Value } from '../../common/column-types.js';

const TAG_NULL = 0x00;
const TAG_FALSE = 0x01;
const TAG_TRUE = 0x02;
const TAG_INT32 = 0x03;
const TAG_FLOAT64 = 0x04;
const TAG_STRING = 0x05;
const TAG_ASCII = 0x80;

export const OP_UPSERT = 0;
export const OP_DELETE = 1;

/** Bytes reserved in front of the encoded rows for the block frame (see rowset-format.ts). */
export const FRAME_BYTES = 12;

/** Accumulates encoded rows of one block behind room for its frame. */
export class BlockEncoder {
  buffer: Buffer;
  /** Write position; rows start at FRAME_BYTES. */
  offset = FRAME_BYTES;
  rowCount = 0;

  constructor(initialBytes: number) {
    this.buffer = Buffer.allocUnsafe(Math.max(initialBytes, 1024));
  }

  get payloadBytes(): number {
    return this.offset - FRAME_BYTES;
  }

  reset(): void {
    this.offset = FRAME_BYTES;
    this.rowCount = 0;
  }

  private ensure(extra: number): void {
    if (this.offset + extra <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.offset + extra));
    this.buffer.copy(grown, 0, 0, this.offset);
    this.buffer = grown;
  }

  /** Appends one row; `op` is written first when the file carries ops. */
  addRow(row: readonly Value[], op: number | undefined): void {
    this.ensure(1 + row.length * 9);
    let buf = this.buffer;
    let o = this.offset;
    if (op !== undefined) buf[o++] = op;
    for (let i = 0; i < row.length; i++) {
      const v = row[i];
      if (typeof v === 'string') {
        const len = v.length;
        // Room for the worst case (3 bytes per UTF-16 unit) before writing in place.
        if (o + 5 + len * 3 > buf.length) {
          this.offset = o;
          this.ensure(5 + len * 3 + (row.length - i) * 9);
          buf = this.buffer;
        }
        if (len < 128) {
          let k = 0;
          for (; k < len; k++) {
            const c = v.charCodeAt(k);
            if (c > 127) break;
            buf[o + 1 + k] = c;
          }
          if (k === len) {
            buf[o] = TAG_ASCII | len;
            o += 1 + len;
            continue;
          }
        }
        const n = buf.write(v, o + 5, 'utf8');
        buf[o] = TAG_STRING;
        buf.writeUInt32LE(n, o + 1);
        o += 5 + n;
      } else if (typeof v === 'number') {
        if ((v | 0) === v && (v !== 0 || 1 / v > 0)) {
          buf[o] = TAG_INT32;
          buf.writeInt32LE(v, o + 1);
          o += 5;
        } else {
          buf[o] = TAG_FLOAT64;
          buf.writeDoubleLE(v, o + 1);
          o += 9;
        }
      } else if (v === null || v === undefined) {
        buf[o++] = TAG_NULL;
      } else if (v === true) {
        buf[o++] = TAG_TRUE;
      } else if (v === false) {
        buf[o++] = TAG_FALSE;
      } else {
        throw new TypeError(`cannot store a value of type ${typeof v}`);
      }
    }
    this.offset = o;
    this.rowCount++;
  }
}

export interface DecodedBlock {
  rows: Value[][];
  /** One op per row when the file carries ops. */
  ops: Uint8Array | null;
}

/**
 * Decodes `rowCount` rows of `columnCount` values. Throws RangeError when the bytes do not add
 * up, which callers report as a damaged file (the block checksum normally catches that first).
 */
export function decodeBlock(payload: Buffer, rowCount: number, columnCount: number, hasOps: boolean): DecodedBlock {
  const rows: Value[][] = new Array<Value[]>(rowCount);
  const ops = hasOps ? new Uint8Array(rowCount) : null;
  const end = payload.length;
  // One latin1 decode of the whole block turns byte offsets into string offsets, so each ASCII
  // value is a slice of it: an order of magnitude cheaper than a Buffer-to-string call per value.
  // (V8 may keep the block's text alive while a long slice of it is referenced.)
  const text = payload.toString('latin1');
  let o = 0;
  for (let r = 0; r < rowCount; r++) {
    if (ops !== null) ops[r] = payload[o++]!;
    const row = new Array<Value>(columnCount);
    for (let j = 0; j < columnCount; j++) {
      const tag = payload[o]!;
      if (tag >= TAG_ASCII) {
        const n = tag & 0x7f;
        row[j] = text.slice(o + 1, o + 1 + n);
        o += 1 + n;
      } else if (tag === TAG_INT32) {
        row[j] = payload.readInt32LE(o + 1);
        o += 5;
      } else if (tag === TAG_STRING) {
        const n = payload.readUInt32LE(o + 1);
        row[j] = payload.toString('utf8', o + 5, o + 5 + n);
        o += 5 + n;
      } else if (tag === TAG_FLOAT64) {
        row[j] = payload.readDoubleLE(o + 1);
        o += 9;
      } else if (tag === TAG_NULL) {
        row[j] = null;
        o++;
      } else if (tag === TAG_TRUE || tag === TAG_FALSE) {
        row[j] = tag === TAG_TRUE;
        o++;
      } else {
        throw new RangeError(`unknown value tag 0x${tag.toString(16)} at byte ${o}`);
      }
    }
    if (o > end) throw new RangeError(`row ${r} runs past the end of its block`);
    rows[r] = row;
  }
  if (o !== end) throw new RangeError(`block has ${end - o} bytes after its last row`);
  return { rows, ops };
}
