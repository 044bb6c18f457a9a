// Layout of a rowset data file (one segment of a rowset). Immutable once renamed into place.
//
//   head     "SRSROWS1" | u32 header length | u32 CRC-32 of header | header JSON
//   blocks   u32 payload length | u32 row count | u32 CRC-32 (of the two u32 and the payload) | payload
//   footer   footer JSON
//   trailer  u32 footer length | u32 CRC-32 of footer | u32 file CRC-32 | "SRSEND01"
//
// All integers little-endian. The file CRC-32 covers every byte before its own field; it is the
// checksum the tablet meta, snapshots and replication record for the file. Blocks form runs: a
// run is a sequence of blocks sorted by the key columns (for keyed tables a writer sorts each
// batch of rows it buffers into one run; duplicate-key files are one unsorted run). The footer
// lists the runs so a merge can read them side by side. Every section has its own checksum, so a
// reader detects damage before it hands out a single row from it.
import type { ColumnType } from '../../common/column-types.js';

export const HEAD_MAGIC = Buffer.from('SRSROWS1', 'latin1');
export const TAIL_MAGIC = Buffer.from('SRSEND01', 'latin1');
export const HEAD_FIXED_BYTES = 16;
export const TRAILER_BYTES = 20;
export const FORMAT_VERSION = 1;

export interface FileColumn {
  name: string;
  type: ColumnType;
}

export interface RowsetFileHeader {
  format: number;
  /** The columns stored in each row, in order: the schema when the file was written. */
  columns: FileColumn[];
  /** Whether each row starts with an op byte (upsert/delete). */
  ops: boolean;
  /** Key columns each run is sorted and de-duplicated by; empty for unsorted files. */
  sortKey: string[];
}

export interface RunInfo {
  /** File offset of the run's first block frame. */
  offset: number;
  blocks: number;
  rows: number;
}

export interface RowsetFileFooter {
  rowCount: number;
  runs: RunInfo[];
}

/** What a finished file is known by: the tablet meta and snapshot meta record exactly this. */
export interface RowsetFileInfo {
  name: string;
  size: number;
  checksum: number;
  rowCount: number;
}
