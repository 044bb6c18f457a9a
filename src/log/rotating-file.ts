// A log file written synchronously (nothing is lost on SIGTERM or a crash) that rotates by size:
// sync.INFO.log -> sync.INFO.log.1 -> ... -> sync.INFO.log.<keep>, the oldest deleted. The active
// file keeps its name so `tail -F` follows it. Written here rather than with pino-roll because
// pino-roll cannot keep a stable active file name.
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export interface RotationPolicy {
  maxBytes: number;
  /** Rotated files kept besides the active one. */
  keep: number;
}

export class RotatingFile {
  private fd: number;
  private size: number;

  constructor(
    readonly path: string,
    private readonly policy: RotationPolicy,
  ) {
    mkdirSync(dirname(path), { recursive: true });
    this.fd = openSync(path, 'a');
    this.size = fstatSync(this.fd).size;
  }

  write(text: string): void {
    const bytes = Buffer.byteLength(text);
    if (this.size > 0 && this.size + bytes > this.policy.maxBytes) this.rotate();
    writeSync(this.fd, text);
    this.size += bytes;
  }

  close(): void {
    closeSync(this.fd);
  }

  private rotate(): void {
    closeSync(this.fd);
    const oldest = `${this.path}.${this.policy.keep}`;
    if (existsSync(oldest)) rmSync(oldest);
    for (let n = this.policy.keep - 1; n >= 1; n--) {
      if (existsSync(`${this.path}.${n}`)) renameSync(`${this.path}.${n}`, `${this.path}.${n + 1}`);
    }
    if (this.policy.keep > 0) renameSync(this.path, `${this.path}.1`);
    else rmSync(this.path);
    this.fd = openSync(this.path, 'a');
    this.size = 0;
  }
}
