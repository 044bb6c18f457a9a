import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import type { Value } from '../../../src/storage-sim/common/column-types.js';
import { CorruptRowsetFile, RowsetFileReader, RowsetFileWriter, verifyRowsetFile } from '../../../src/storage-sim/be/storage/index.js';
import type { RowsetFileHeader } from '../../../src/storage-sim/be/storage/rowset-format.js';
import { scratchDir } from '../../helpers/scratch.js';

const header: RowsetFileHeader = {
  format: 1,
  columns: [
    { name: 'i', type: { name: 'INT' } },
    { name: 's', type: { name: 'STRING' } },
    { name: 'd', type: { name: 'DOUBLE' } },
    { name: 'b', type: { name: 'BOOLEAN' } },
    { name: 'big', type: { name: 'LARGEINT' } },
  ],
  ops: false,
  sortKey: [],
};

function sampleRows(n: number): Value[][] {
  const rows: Value[][] = [];
  for (let i = 0; i < n; i++) {
    rows.push([
      i % 7 === 0 ? null : i - 500,
      i % 5 === 0 ? null : i % 3 === 0 ? `héllo wörld 中文 😀 ${i}` : `plain-${i}`,
      i % 4 === 0 ? null : i / 3,
      i % 6 === 0 ? null : i % 2 === 0,
      i % 9 === 0 ? null : `-17014118346046923173168730371588410572${i % 8}`,
    ]);
  }
  return rows;
}

async function readRows(path: string, verifyFile = false): Promise<Value[][]> {
  const reader = RowsetFileReader.open(path);
  try {
    const rows: Value[][] = [];
    for await (const block of reader.blocks({ verifyFile })) rows.push(...block.rows);
    return rows;
  } finally {
    reader.close();
  }
}

async function writeFile(path: string, rows: Value[][], blockBytes = 4096): Promise<{ size: number; checksum: number; rowCount: number }> {
  const writer = await RowsetFileWriter.create(path, header, blockBytes);
  for (let i = 0; i < rows.length; i += 100) await writer.write(rows.slice(i, i + 100));
  return writer.finish();
}

test('rows round-trip exactly: NULLs, unicode, edge numbers, long strings, many blocks', async () => {
  const dir = scratchDir('rowset-roundtrip');
  const path = join(dir, 'a_0.dat');
  const rows = sampleRows(3000);
  rows.push([2147483647, 'x'.repeat(100_000), -0, true, '0']);
  rows.push([-2147483648, 'é'.repeat(70), Number.MAX_VALUE, false, '1']);
  rows.push([0, '', Number.MIN_VALUE, null, null]);
  rows.push([1, 'a'.repeat(127), 2 ** 31, null, 'b'.repeat(128)]);
  const info = await writeFile(path, rows);
  assert.equal(info.rowCount, rows.length);
  assert.equal(info.size, statSync(path).size);
  assert.deepEqual(readdirSync(dir), ['a_0.dat'], 'no temporary file is left');

  const back = await readRows(path, true);
  assert.deepEqual(back, rows);
  assert.ok(Object.is(back[3000]![2], -0), '-0 stays -0');

  const reader = RowsetFileReader.open(path);
  assert.ok(reader.footer.runs[0]!.blocks > 10, 'the small block size gave many blocks');
  assert.deepEqual(reader.columnNames, ['i', 's', 'd', 'b', 'big']);
  reader.close();
});

test('the recorded checksum is CRC-32 of the file up to its checksum field', async () => {
  const path = join(scratchDir('rowset-crc'), 'a_0.dat');
  const info = await writeFile(path, sampleRows(500));
  const bytes = readFileSync(path);
  assert.equal(info.checksum, crc32(bytes.subarray(0, bytes.length - 12)));
  assert.equal(bytes.readUInt32LE(bytes.length - 12), info.checksum, 'stored in the trailer too');
  await verifyRowsetFile(path, { size: info.size, checksum: info.checksum });
  await assert.rejects(verifyRowsetFile(path, { size: info.size + 1, checksum: info.checksum }), /size is \d+ bytes/);
});

test('an empty file (no rows) is valid', async () => {
  const path = join(scratchDir('rowset-empty'), 'e_0.dat');
  const writer = await RowsetFileWriter.create(path, header);
  const info = await writer.finish();
  assert.equal(info.rowCount, 0);
  assert.deepEqual(await readRows(path, true), []);
});

test('a flipped byte anywhere is detected', async () => {
  const dir = scratchDir('rowset-flip');
  const original = join(dir, 'orig.dat');
  await writeFile(original, sampleRows(400));
  const bytes = readFileSync(original);
  // Positions in the header, in the first block frame, in block payloads, in the footer, in the trailer.
  const positions = [3, 20, 40, 200, Math.floor(bytes.length / 2), bytes.length - 40, bytes.length - 15, bytes.length - 3];
  for (const [n, position] of positions.entries()) {
    const path = join(dir, `flip${n}.dat`);
    const damaged = Buffer.from(bytes);
    damaged[position] = damaged[position]! ^ 0x5a;
    writeFileSync(path, damaged);
    await assert.rejects(
      (async () => {
        await verifyRowsetFile(path);
      })(),
      CorruptRowsetFile,
      `verify catches byte ${position}`,
    );
    await assert.rejects(readRows(path, true), CorruptRowsetFile, `a verifying read catches byte ${position}`);
  }
});

test('a damaged block fails before its rows are handed out, even without whole-file verification', async () => {
  const dir = scratchDir('rowset-block');
  const path = join(dir, 'a.dat');
  await writeFile(path, sampleRows(2000));
  const bytes = readFileSync(path);
  bytes[Math.floor(bytes.length * 0.6)]! ^= 0xff;
  writeFileSync(path, bytes);
  const reader = RowsetFileReader.open(path);
  let seen = 0;
  await assert.rejects(
    (async () => {
      for await (const block of reader.blocks()) seen += block.rows.length;
    })(),
    /rowset file .* is damaged: block at byte \d+ fails its checksum/,
  );
  reader.close();
  assert.ok(seen > 0 && seen < 2000, `rows before the damaged block were read (${seen})`);
});

test('a truncated file is reported as truncated', async () => {
  const dir = scratchDir('rowset-trunc');
  const path = join(dir, 'a.dat');
  const info = await writeFile(path, sampleRows(1000));
  for (const keep of [info.size - 1, Math.floor(info.size / 2), 30, 0]) {
    truncateSync(path, keep);
    assert.throws(() => RowsetFileReader.open(path), /damaged: (no end marker: the file is truncated|only \d+ bytes: truncated)/);
  }
});

test('ops are stored per row when the file carries them', async () => {
  const path = join(scratchDir('rowset-ops'), 'p.dat');
  const writer = await RowsetFileWriter.create(path, { ...header, ops: true });
  const rows = sampleRows(10);
  await writer.write(rows, [0, 1, 0, 1, 1, 0, 0, 0, 1, 0]);
  await writer.finish();
  const reader = RowsetFileReader.open(path);
  const blocks = [];
  for await (const b of reader.blocks()) blocks.push(b);
  reader.close();
  assert.deepEqual([...blocks[0]!.ops!], [0, 1, 0, 1, 1, 0, 0, 0, 1, 0]);
  assert.deepEqual(blocks[0]!.rows, rows);
});
