// Whole-file verification of a rowset data file without decoding it: the structure checks of
// opening, then a streamed CRC-32 of every byte before the checksum field, compared with the
// trailer and, when given, with what a tablet or snapshot meta recorded for the file. Used before
// files from a snapshot (possibly downloaded from another backend) are taken into a tablet.
import { createReadStream } from 'node:fs';
import { crc32 } from 'node:zlib';
import { RowsetFileReader } from './rowset-file-reader.js';
import { TRAILER_BYTES } from './rowset-format.js';
import { CorruptRowsetFile } from './storage-errors.js';

export interface ExpectedFile {
  size: number;
  checksum: number;
}

/** How many leading bytes of a rowset file of `size` bytes its checksum covers (for checking a file as it streams). */
export function checksummedLength(size: number): number {
  return size - TRAILER_BYTES + 8;
}

export async function verifyRowsetFile(path: string, expected?: ExpectedFile): Promise<void> {
  const reader = RowsetFileReader.open(path);
  const { size, checksum } = reader;
  reader.close();
  if (expected && expected.size !== size) throw new CorruptRowsetFile(path, `size is ${size} bytes, ${expected.size} expected`);
  if (expected && expected.checksum !== checksum) {
    throw new CorruptRowsetFile(path, `recorded checksum ${checksum} differs from the expected ${expected.checksum}`);
  }
  let crc = 0;
  // The checksum covers the bytes up to the trailer's file-CRC field (8 bytes into the trailer).
  const stream = createReadStream(path, { start: 0, end: checksummedLength(size) - 1, highWaterMark: 1 << 20 });
  for await (const chunk of stream) crc = crc32(chunk as Buffer, crc);
  if (crc !== checksum) throw new CorruptRowsetFile(path, 'file checksum mismatch');
}
