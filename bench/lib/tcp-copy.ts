// A second baseline beside the raw copy: the same files moved from one process to another over a
// loopback TCP connection, written and fsynced, 8 at a time. Any sync between two clusters moves
// its bytes this way at least (a read, a send, a receive, a write), so this is the rate the
// machine allows a network copy with nothing else to do: no protocol, snapshots or checksums.
import { spawn } from 'node:child_process';
import { createWriteStream, fsyncSync, mkdtempSync, openSync, closeSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import pLimit from 'p-limit';
import type { DataFile } from './data-files.js';

const SENDER = fileURLToPath(new URL('./tcp-file-sender.ts', import.meta.url));

async function fetchFile(port: number, file: DataFile, target: string): Promise<void> {
  const socket = net.connect(port, '127.0.0.1');
  socket.write(`${file.path}\n`);
  await pipeline(socket, createWriteStream(target));
  const fd = openSync(target, 'r');
  fsyncSync(fd);
  closeSync(fd);
}

export async function tcpCopy(files: DataFile[]): Promise<{ seconds: number; bytes: number }> {
  const sender = spawn(process.execPath, ['--import', 'tsx', SENDER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const dir = mkdtempSync(join(tmpdir(), 'bench-tcp-copy-'));
  try {
    const port = await new Promise<number>((resolve, reject) => {
      sender.once('error', reject);
      sender.once('exit', (code) => reject(new Error(`the TCP copy's sender exited ${code} before listening`)));
      sender.stdout!.once('data', (line: Buffer) => resolve(Number(line.toString().trim())));
    });
    const limit = pLimit(8);
    let bytes = 0;
    const started = process.hrtime.bigint();
    await Promise.all(
      files.map((file, i) =>
        limit(async () => {
          await fetchFile(port, file, join(dir, `${i}.dat`));
          bytes += file.size;
        }),
      ),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { seconds, bytes };
  } finally {
    sender.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}
