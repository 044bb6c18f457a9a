// Encoders for the server-to-client packets. Each returns a "framed" buffer: four bytes reserved
// for the packet header (length and sequence id, filled in by PacketWriter) followed by the
// payload, so a packet costs one allocation and is never copied again on the common path.

import type { SqlErrorInfo } from './errors.js';

export const HEADER_SIZE = 4;

/** Bytes a length-encoded integer takes. */
export function lenencSize(n: number): number {
  if (n < 251) return 1;
  if (n < 0x10000) return 3;
  if (n < 0x1000000) return 4;
  return 9;
}

/** Writes a length-encoded integer at `offset`; returns the offset after it. */
export function writeLenenc(buf: Buffer, offset: number, n: number): number {
  if (n < 251) {
    buf[offset] = n;
    return offset + 1;
  }
  if (n < 0x10000) {
    buf[offset] = 0xfc;
    buf.writeUInt16LE(n, offset + 1);
    return offset + 3;
  }
  if (n < 0x1000000) {
    buf[offset] = 0xfd;
    buf.writeUIntLE(n, offset + 1, 3);
    return offset + 4;
  }
  buf[offset] = 0xfe;
  buf.writeBigUInt64LE(BigInt(n), offset + 1);
  return offset + 9;
}

function framed(payloadLength: number): Buffer {
  return Buffer.allocUnsafe(HEADER_SIZE + payloadLength);
}

/** Counts of rows and ids must be non-negative integers on the wire. */
function wireCount(n: number | undefined): number {
  return n !== undefined && Number.isSafeInteger(n) && n > 0 ? n : 0;
}

export interface OkFields {
  affectedRows?: number;
  insertId?: number;
  status: number;
  warnings?: number;
  info?: string;
}

/**
 * OK packet. A non-empty info text goes out as a length-encoded string (an empty one is left
 * out), as StarRocks writes it: MariaDB's C client reads the info that way and reports a
 * malformed packet when the text simply runs to the end of the packet.
 */
export function okPacket(f: OkFields): Buffer {
  const affected = wireCount(f.affectedRows);
  const insertId = wireCount(f.insertId);
  const info = f.info ?? '';
  const infoBytes = Buffer.byteLength(info, 'utf8');
  const infoSize = infoBytes > 0 ? lenencSize(infoBytes) + infoBytes : 0;
  const buf = framed(1 + lenencSize(affected) + lenencSize(insertId) + 4 + infoSize);
  let o = HEADER_SIZE;
  buf[o++] = 0x00;
  o = writeLenenc(buf, o, affected);
  o = writeLenenc(buf, o, insertId);
  buf.writeUInt16LE(f.status & 0xffff, o);
  buf.writeUInt16LE(Math.min(wireCount(f.warnings), 0xffff), o + 2);
  o += 4;
  if (infoBytes > 0) {
    o = writeLenenc(buf, o, infoBytes);
    buf.write(info, o, infoBytes, 'utf8');
  }
  return buf;
}

/** EOF packet (the protocol without DEPRECATE_EOF ends column lists and row lists with it). */
export function eofPacket(status: number, warnings = 0): Buffer {
  const buf = framed(5);
  buf[HEADER_SIZE] = 0xfe;
  buf.writeUInt16LE(Math.min(warnings, 0xffff), HEADER_SIZE + 1);
  buf.writeUInt16LE(status & 0xffff, HEADER_SIZE + 3);
  return buf;
}

/**
 * Longest error message sent. Engines sometimes quote the statement in a message; a multi-MB
 * statement must not turn into a multi-MB error (MySQL itself cuts messages at 512 bytes, which
 * would lose useful detail, so the limit here is generous).
 */
const MAX_ERROR_MESSAGE_BYTES = 16 * 1024;

function limitMessage(message: string): string {
  if (Buffer.byteLength(message, 'utf8') <= MAX_ERROR_MESSAGE_BYTES) return message;
  // Cutting bytes may split a character; drop the partial one the decoder turns into U+FFFD.
  const cut = Buffer.from(message, 'utf8').subarray(0, MAX_ERROR_MESSAGE_BYTES - 3).toString('utf8');
  return cut.replace(/\uFFFD$/, '') + '...';
}

/** ERR packet with a real SQLSTATE (mysql2's own writer cannot set one). */
export function errorPacket(e: SqlErrorInfo): Buffer {
  const state = (e.sqlState + 'HY000').slice(0, 5);
  const message = limitMessage(e.message);
  const messageBytes = Buffer.byteLength(message, 'utf8');
  const buf = framed(1 + 2 + 1 + 5 + messageBytes);
  let o = HEADER_SIZE;
  buf[o++] = 0xff;
  buf.writeUInt16LE(e.errno & 0xffff, o);
  o += 2;
  buf[o++] = 0x23; // '#'
  buf.write(state, o, 'ascii');
  buf.write(message, o + 5, 'utf8');
  return buf;
}

/** First packet of a result set: how many column definitions follow. */
export function columnCountPacket(count: number): Buffer {
  const buf = framed(lenencSize(count));
  writeLenenc(buf, HEADER_SIZE, count);
  return buf;
}

/**
 * The common row — every value NULL or ASCII text shorter than 251 characters (ids, names,
 * versions, dates) — written byte by byte: one-byte length prefixes, then the characters, which
 * are their own bytes. Per-value Buffer writes cost more than the copy itself at 100,000 rows.
 * Undefined when some value needs the general encoding.
 */
function shortAsciiRow(values: readonly (string | null | undefined)[]): Buffer | undefined {
  let length = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) length += 1;
    else if (typeof v !== 'string' || v.length >= 251) return undefined;
    else length += 1 + v.length;
  }
  const buf = framed(length);
  let o = HEADER_SIZE;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) {
      buf[o++] = 0xfb;
      continue;
    }
    const s = v as string;
    buf[o++] = s.length;
    for (let k = 0; k < s.length; k++) {
      const code = s.charCodeAt(k);
      if (code > 0x7f) return undefined;
      buf[o++] = code;
    }
  }
  return buf;
}

/** Text-protocol row: each value a length-encoded string, NULL as 0xfb. */
export function textRowPacket(values: readonly (string | null | undefined)[]): Buffer {
  const short = shortAsciiRow(values);
  if (short) return short;
  const n = values.length;
  const texts: (string | null)[] = new Array<string | null>(n);
  const sizes: number[] = new Array<number>(n);
  let length = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null || v === undefined) {
      texts[i] = null;
      sizes[i] = 0;
      length += 1;
    } else {
      // Values are text by contract; a stray number still goes out as its decimal text.
      const s = typeof v === 'string' ? v : String(v);
      const size = Buffer.byteLength(s, 'utf8');
      texts[i] = s;
      sizes[i] = size;
      length += lenencSize(size) + size;
    }
  }
  const buf = framed(length);
  let o = HEADER_SIZE;
  for (let i = 0; i < n; i++) {
    const s = texts[i];
    if (s === null || s === undefined) {
      buf[o++] = 0xfb;
    } else {
      const size = sizes[i] ?? 0;
      o = writeLenenc(buf, o, size);
      o += buf.write(s, o, size, 'utf8');
    }
  }
  return buf;
}

export interface ColumnDefinitionFields {
  schema: string;
  table: string;
  name: string;
  charset: number;
  length: number;
  type: number;
  flags: number;
  decimals: number;
}

/** Protocol 4.1 column definition; catalog is always 'def', original names equal the shown ones. */
export function columnDefinitionPacket(c: ColumnDefinitionFields): Buffer {
  const strings = ['def', c.schema, c.table, c.table, c.name, c.name];
  const sizes = strings.map((s) => Buffer.byteLength(s, 'utf8'));
  let length = 13;
  for (const size of sizes) length += lenencSize(size) + size;
  const buf = framed(length);
  let o = HEADER_SIZE;
  strings.forEach((s, i) => {
    const size = sizes[i] ?? 0;
    o = writeLenenc(buf, o, size);
    o += buf.write(s, o, size, 'utf8');
  });
  buf[o++] = 0x0c; // length of the fixed-size fields that follow
  buf.writeUInt16LE(c.charset, o);
  buf.writeUInt32LE(Math.min(c.length, 0xffffffff), o + 2);
  buf[o + 6] = c.type;
  buf.writeUInt16LE(c.flags, o + 7);
  buf[o + 9] = c.decimals;
  buf.writeUInt16LE(0, o + 10); // filler
  return buf;
}
