// A bare-bones MySQL protocol client for tests that need to see (or break) the packets
// themselves: sequence ids, status flags, commands mysql2's client cannot send, malformed input.

import { createHash } from 'node:crypto';
import net from 'node:net';

export interface RawPacket {
  sequenceId: number;
  payload: Buffer;
}

export const CLIENT = {
  LONG_PASSWORD: 0x1,
  CONNECT_WITH_DB: 0x8,
  PROTOCOL_41: 0x200,
  SECURE_CONNECTION: 0x8000,
  MULTI_STATEMENTS: 0x10000,
  MULTI_RESULTS: 0x20000,
  PLUGIN_AUTH: 0x80000,
} as const;

export class RawClient {
  private buffered = Buffer.alloc(0);
  private readonly packets: RawPacket[] = [];
  private waiter: (() => void) | undefined;
  closed = false;

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, chunk]);
      while (this.buffered.length >= 4) {
        const length = this.buffered.readUIntLE(0, 3);
        if (this.buffered.length < 4 + length) break;
        this.packets.push({ sequenceId: this.buffered[3] ?? -1, payload: this.buffered.subarray(4, 4 + length) });
        this.buffered = this.buffered.subarray(4 + length);
      }
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => {});
  }

  static connect(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => resolve(new RawClient(socket)));
      socket.once('error', reject);
    });
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }

  /** The next packet; rejects if the connection closes first or nothing comes within `timeoutMs` (2 s). */
  async read(timeoutMs = 2000): Promise<RawPacket> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const p = this.packets.shift();
      if (p) return p;
      if (this.closed) throw new Error('connection closed');
      if (Date.now() > deadline) throw new Error(`no packet within ${timeoutMs / 1000} s`);
      await new Promise<void>((resolve) => {
        this.waiter = resolve;
        setTimeout(resolve, 50);
      });
    }
  }

  /** Resolves true if the server closes the connection within the time limit. */
  async waitClosed(ms = 2000): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (!this.closed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    return this.closed;
  }

  /** Packets received and not read yet. */
  get unread(): number {
    return this.packets.length;
  }

  send(sequenceId: number, payload: Buffer): void {
    const header = Buffer.alloc(4);
    header.writeUIntLE(payload.length, 0, 3);
    header[3] = sequenceId;
    this.socket.write(Buffer.concat([header, payload]));
  }

  command(code: number, body: Buffer | string = Buffer.alloc(0)): void {
    this.send(0, Buffer.concat([Buffer.from([code]), typeof body === 'string' ? Buffer.from(body, 'utf8') : body]));
  }

  /** Reads the server hello and answers it; returns the server's reply to the login. */
  async login(user: string, password: string, options: { database?: string; flags?: number } = {}): Promise<RawPacket> {
    const hello = await this.read();
    const scramble = parseScramble(hello.payload);
    let flags = CLIENT.LONG_PASSWORD | CLIENT.PROTOCOL_41 | CLIENT.SECURE_CONNECTION | CLIENT.PLUGIN_AUTH | CLIENT.MULTI_RESULTS;
    flags |= options.flags ?? 0;
    if (options.database !== undefined) flags |= CLIENT.CONNECT_WITH_DB;
    const token = nativeToken(password, scramble);
    const fixed = Buffer.alloc(32);
    fixed.writeUInt32LE(flags >>> 0, 0);
    fixed.writeUInt32LE(16 * 1024 * 1024, 4);
    fixed[8] = 45;
    const parts = [fixed, Buffer.from(user + '\0'), Buffer.from([token.length]), token];
    if (options.database !== undefined) parts.push(Buffer.from(options.database + '\0'));
    parts.push(Buffer.from('mysql_native_password\0'));
    this.send(hello.sequenceId + 1, Buffer.concat(parts));
    return this.read();
  }

  close(): void {
    this.socket.destroy();
  }
}

function parseScramble(hello: Buffer): Buffer {
  let o = 1;
  o = hello.indexOf(0, o) + 1; // server version
  o += 4; // connection id
  const part1 = hello.subarray(o, o + 8);
  o += 8 + 1 + 2 + 1 + 2 + 2 + 1 + 10;
  const part2 = hello.subarray(o, o + 12);
  return Buffer.concat([part1, part2]);
}

function sha1(...parts: Buffer[]): Buffer {
  const h = createHash('sha1');
  for (const p of parts) h.update(p);
  return h.digest();
}

function nativeToken(password: string, scramble: Buffer): Buffer {
  if (password === '') return Buffer.alloc(0);
  const stage1 = sha1(Buffer.from(password, 'utf8'));
  const mask = sha1(scramble, sha1(stage1));
  return Buffer.from(stage1.map((b, i) => b ^ (mask[i] ?? 0)));
}

/** Kind of a server packet, by its first byte. */
export function kind(p: RawPacket): 'ok' | 'err' | 'eof' | 'other' {
  const b = p.payload[0];
  if (b === 0x00 && p.payload.length >= 7) return 'ok';
  if (b === 0xff) return 'err';
  if (b === 0xfe && p.payload.length < 9) return 'eof';
  return 'other';
}

export function errorOf(p: RawPacket): { errno: number; sqlState: string; message: string } {
  return {
    errno: p.payload.readUInt16LE(1),
    sqlState: p.payload.toString('ascii', 4, 9),
    message: p.payload.toString('utf8', 9),
  };
}

/** Status flags of an EOF packet. */
export function eofStatus(p: RawPacket): number {
  return p.payload.readUInt16LE(3);
}

/** Status flags of an OK packet whose affected-rows and insert-id fit in one byte each. */
export function okStatus(p: RawPacket): number {
  return p.payload.readUInt16LE(3);
}
