// The data files of a reference cluster on disk, and the baseline every sync figure is set beside:
// a raw copy of such files (read, written, fsynced), the rate the disks alone allow.
import { closeSync, createReadStream, createWriteStream, fsyncSync, mkdtempSync, openSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import pLimit from 'p-limit';

export interface DataFile {
  path: string;
  size: number;
}

/** Every rowset file of every BE of a process cluster directory. */
export function rowsetFiles(clusterDir: string): DataFile[] {
  const files: DataFile[] = [];
  for (const be of readdirSync(clusterDir).filter((d) => /^be\d+$/.test(d))) {
    const data = join(clusterDir, be, 'storage', 'data');
    for (const tablet of readdirSync(data)) {
      for (const name of readdirSync(join(data, tablet))) if (name.endsWith('.dat')) files.push({ path: join(data, tablet, name), size: statSync(join(data, tablet, name)).size });
    }
  }
  return files;
}

export function totalBytes(files: DataFile[]): number {
  return files.reduce((sum, f) => sum + f.size, 0);
}

export interface CopyResult {
  seconds: number;
  bytes: number;
}

/**
 * Times `write` over every file, 8 at a time, each into its own file of a scratch directory that
 * is removed afterwards, then fsynced: what every copy baseline shares.
 */
export async function timedCopies(files: DataFile[], scratchName: string, write: (file: DataFile, target: string) => Promise<void>): Promise<CopyResult> {
  const dir = mkdtempSync(join(tmpdir(), `${scratchName}-`));
  const limit = pLimit(8);
  let bytes = 0;
  try {
    const started = process.hrtime.bigint();
    await Promise.all(
      files.map((file, i) =>
        limit(async () => {
          const target = join(dir, `${i}.dat`);
          await write(file, target);
          const fd = openSync(target, 'r');
          fsyncSync(fd);
          closeSync(fd);
          bytes += file.size;
        }),
      ),
    );
    return { seconds: Number(process.hrtime.bigint() - started) / 1e9, bytes };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Copies each file `copies` times into a scratch directory (8 at a time), fsyncing each copy. */
export function rawCopy(files: DataFile[], copies = 1): Promise<CopyResult> {
  const all = Array.from({ length: copies }, () => files).flat();
  return timedCopies(all, 'bench-raw-copy', (file, target) => pipeline(createReadStream(file.path), createWriteStream(target)));
}
