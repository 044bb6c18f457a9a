// Durable replacement of small files: write a temporary sibling, fsync it, rename it over the
// target, fsync the directory. After a crash either the old or the new content is there, never a
// mix; leftover temporaries end in '.tmp' and are removed when the store opens.
import { closeSync, fsyncSync, openSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export const TEMP_SUFFIX = '.tmp';

export function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function writeFileAtomic(path: string, content: string | Buffer): void {
  const temp = `${path}${TEMP_SUFFIX}`;
  const fd = openSync(temp, 'w');
  try {
    writeSync(fd, typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
  fsyncDir(dirname(path));
}

/**
 * Atomic visibility without durability: readers see the whole file or none, but a crash may lose
 * it. For transient files whose loss only fails the work that made them (snapshots): two fsyncs
 * on the event loop per file would stall every other request the node is serving.
 */
export function writeJsonVisible(path: string, value: unknown): void {
  const temp = `${path}${TEMP_SUFFIX}`;
  writeFileSync(temp, `${JSON.stringify(value, null, 1)}\n`);
  renameSync(temp, path);
}

export function writeJsonAtomic(path: string, value: unknown): void {
  writeFileAtomic(path, `${JSON.stringify(value, null, 1)}\n`);
}
