// A second baseline beside the raw copy: the same files moved from one process to another over a
// loopback TCP connection, written and fsynced, 8 at a time. Any sync between two clusters moves
// its bytes this way at least (a read, a send, a receive, a write), so this is the rate the
// machine allows a network copy with nothing else to do: no protocol, snapshots or checksums.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import net from 'node:net';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { timedCopies, type CopyResult, type DataFile } from './data-files.js';

const SENDER = fileURLToPath(new URL('./tcp-file-sender.ts', import.meta.url));

/** Asks the sender for one file and writes what comes back to `target`. */
function fetchFile(port: number, file: DataFile, target: string): Promise<void> {
  const socket = net.connect(port, '127.0.0.1');
  socket.write(`${file.path}\n`);
  return pipeline(socket, createWriteStream(target));
}

export async function tcpCopy(files: DataFile[]): Promise<CopyResult> {
  const sender = spawn(process.execPath, ['--import', 'tsx', SENDER], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      sender.once('error', reject);
      sender.once('exit', (code) => reject(new Error(`the TCP copy's sender exited ${code} before listening`)));
      sender.stdout!.once('data', (line: Buffer) => resolve(Number(line.toString().trim())));
    });
    return await timedCopies(files, 'bench-tcp-copy', (file, target) => fetchFile(port, file, target));
  } finally {
    sender.kill();
  }
}
