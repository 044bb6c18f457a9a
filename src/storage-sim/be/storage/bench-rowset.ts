// Throughput and memory of the tablet storage: loads about 200 MB (of rowset file bytes) into a
// duplicate-key tablet of 8 mixed columns through the same path a Stream Load takes (pending
// writer, publish), then reads it back in batches and row by row. Prints MB/s and the peak RSS.
//   node --import tsx src/storage-sim/be/storage/bench-rowset.ts [--mb 200] [--dir /tmp]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Value } from '../../common/column-types.js';
import { TabletStore } from './tablet-store.js';
import type { CreateTabletRequest } from './tablet-meta.js';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

const targetBytes = Number(option('mb', '200')) * 1e6;
const root = mkdtempSync(join(option('dir', tmpdir()), 'bench-rowset-'));

const tablet: CreateTabletRequest = {
  tabletId: 1,
  schemaHash: 1,
  keysType: 'DUP_KEYS',
  keyColumns: ['id'],
  columns: [
    { name: 'id', type: { name: 'BIGINT' }, isKey: true },
    { name: 'user_id', type: { name: 'INT' }, isKey: false },
    { name: 'name', type: { name: 'VARCHAR', length: 64 }, isKey: false },
    { name: 'amount', type: { name: 'DECIMAL', length: 12, scale: 2 }, isKey: false },
    { name: 'created', type: { name: 'DATE' }, isKey: false },
    { name: 'updated', type: { name: 'DATETIME' }, isKey: false },
    { name: 'score', type: { name: 'DOUBLE' }, isKey: false },
    { name: 'active', type: { name: 'BOOLEAN' }, isKey: false },
  ],
};

// Value pools, so generating rows costs little next to storing them (a load parses text anyway).
const names = Array.from({ length: 1000 }, (_, i) => (i % 10 === 0 ? `nöm-${i}-日本` : `customer-${i}-${'x'.repeat(i % 17)}`));
const dates = Array.from({ length: 365 }, (_, i) => new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10));
const times = dates.map((d, i) => `${d} ${String(i % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:07`);

function batch(start: number, size: number): Value[][] {
  const rows: Value[][] = new Array<Value[]>(size);
  for (let j = 0; j < size; j++) {
    const i = start + j;
    rows[j] = [
      String(10_000_000_000 + i),
      i % 1_000_003,
      names[i % names.length]!,
      `${i % 100_000}.${String(i % 100).padStart(2, '0')}`,
      dates[i % dates.length]!,
      times[i % times.length]!,
      i % 13 === 0 ? null : (i % 1000) / 7,
      i % 3 === 0,
    ];
  }
  return rows;
}

const mb = (bytes: number): string => (bytes / 1e6).toFixed(1);
const rssMb = (): string => {
  const m = process.memoryUsage();
  return `${mb(m.rss)} (heap ${mb(m.heapUsed)}/${mb(m.heapTotal)}, buffers ${mb(m.arrayBuffers)})`;
};

const BATCH_ROWS = 4096;

/** Wall-clock and CPU (all threads, user + sys) seconds of a phase: CPU shows the cost on a busy machine. */
async function timed(work: () => Promise<void>): Promise<{ wall: number; cpu: number }> {
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  await work();
  const cpu = process.cpuUsage(cpuStart);
  return { wall: (performance.now() - start) / 1000, cpu: (cpu.user + cpu.system) / 1e6 };
}

function rate(bytes: number, rows: number, t: { wall: number; cpu: number }): string {
  return `${(bytes / 1e6 / t.wall).toFixed(1)} MB/s, ${(rows / t.wall / 1e6).toFixed(2)} M rows/s (${(bytes / 1e6 / t.cpu).toFixed(1)} MB per CPU-second)`;
}

// Rows are made ahead and reused, so the timings are the storage's, not the row generator's
// (generating 2 M rows of this shape alone takes about a second).
const POOL = Array.from({ length: 16 }, (_, i) => batch(i * BATCH_ROWS, BATCH_ROWS));

async function loadRows(store: TabletStore, tabletId: number, total: number): Promise<void> {
  const writer = store.openPendingWriter(tabletId, 1);
  for (let rows = 0, i = 0; rows < total; rows += BATCH_ROWS, i++) await writer.write(POOL[i % POOL.length]!.slice(0, total - rows));
  await writer.close();
  store.publish(tabletId, 1, 2);
}

async function main(): Promise<void> {
  console.log(`RSS at start: ${rssMb()} MB`);
  const store = new TabletStore(root);

  // Calibration (not timed): bytes per row, to know how many rows make the target size.
  store.createTablet({ ...tablet, tabletId: 2 });
  await loadRows(store, 2, 50 * BATCH_ROWS);
  const bytesPerRow = store.dataSize(2, 2) / (50 * BATCH_ROWS);
  store.dropTablet(2);
  const total = Math.ceil(targetBytes / bytesPerRow / BATCH_ROWS) * BATCH_ROWS;

  store.createTablet(tablet);
  const write = await timed(() => loadRows(store, 1, total));
  const bytes = store.dataSize(1, 2);
  console.log(`rows: ${total}, rowset bytes: ${mb(bytes)} MB (${(bytes / total).toFixed(1)} bytes/row), 8 columns`);
  console.log(`write (encode, checksum, write, fsync): ${rate(bytes, total, write)}; RSS now ${rssMb()} MB`);

  let count = 0;
  const batches = await timed(async () => {
    for await (const rows of store.scanBatches(1, 2)) count += rows.length;
  });
  if (count !== total) throw new Error(`read ${count} rows, wrote ${total}`);
  console.log(`read in batches (scanBatches): ${rate(bytes, count, batches)}; RSS now ${rssMb()} MB`);

  count = 0;
  const rows = await timed(async () => {
    for await (const _row of store.scan(1, 2)) count++;
  });
  if (count !== total) throw new Error(`read ${count} rows, wrote ${total}`);
  console.log(`read row by row (scan): ${rate(bytes, count, rows)}; RSS now ${rssMb()} MB`);

  const compaction = await timed(async () => {
    await store.compact(1, 2);
  });
  console.log(`compaction (reads and rewrites everything): ${rate(bytes, total, compaction)}`);

  // maxRSS is in kilobytes: the peak over the whole run.
  console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(1)} MB`);
}

try {
  await main();
} finally {
  rmSync(root, { recursive: true, force: true });
}
