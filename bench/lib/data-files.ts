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

/** Copies each file `copies` times into a scratch directory (8 at a time), fsyncing each copy. */
export async function rawCopy(files: DataFile[], copies = 1): Promise<{ seconds: number; bytes: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-raw-copy-'));
  const limit = pLimit(8);
  let bytes = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: copies }, (_, copy) => files.map((file, i) => ({ file, target: join(dir, `${copy}-${i}.dat`) }))).flat().map(({ file, target }) =>
      limit(async () => {
        await pipeline(createReadStream(file.path), createWriteStream(target));
        const fd = openSync(target, 'r');
        fsyncSync(fd);
        closeSync(fd);
        bytes += file.size;
      }),
    ),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  rmSync(dir, { recursive: true, force: true });
  return { seconds, bytes };
}
