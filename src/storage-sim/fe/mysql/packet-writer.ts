// Frames packets with their headers and sequence ids and writes them to the socket in batches.
// Writing straight to the socket (rather than one socket write per packet through mysql2) keeps
// large results fast, and waiting for 'drain' keeps a slow client from making the server buffer
// a whole result in memory.

import type { Socket } from 'node:net';
import { HEADER_SIZE } from './packets.js';
import { MAX_PACKET_PAYLOAD } from './protocol-constants.js';

/** The client went away while a reply was being written. */
export class ConnectionClosedError extends Error {
  constructor() {
    super('Connection closed by the client');
    this.name = 'ConnectionClosedError';
  }
}

/** Batches of about this size are handed to the socket at once. */
const FLUSH_BYTES = 64 * 1024;

export class PacketWriter {
  private sequenceId = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(private readonly socket: Socket) {}

  /** A reply's first packet carries the sequence id after the client's last one. */
  startReply(sequenceId: number): void {
    this.sequenceId = sequenceId & 0xff;
  }

  /**
   * Queues one framed packet (see packets.ts). Returns true when enough is queued that the caller
   * should `await flush()` before producing more.
   */
  push(framedPacket: Buffer): boolean {
    const payloadLength = framedPacket.length - HEADER_SIZE;
    if (payloadLength < MAX_PACKET_PAYLOAD) {
      framedPacket.writeUIntLE(payloadLength, 0, 3);
      framedPacket[3] = this.nextSequenceId();
      this.queue(framedPacket);
    } else {
      this.pushSplit(framedPacket.subarray(HEADER_SIZE));
    }
    return this.pendingBytes >= FLUSH_BYTES;
  }

  /** Writes everything queued; resolves once the socket can take more. */
  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const data = this.pending.length === 1 ? (this.pending[0] as Buffer) : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    if (this.socket.destroyed || !this.socket.writable) throw new ConnectionClosedError();
    if (!this.socket.write(data)) await this.drained();
  }

  /** Drops anything queued (the connection is being torn down). */
  discard(): void {
    this.pending = [];
    this.pendingBytes = 0;
  }

  private nextSequenceId(): number {
    const id = this.sequenceId;
    this.sequenceId = (this.sequenceId + 1) & 0xff;
    return id;
  }

  private queue(chunk: Buffer): void {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
  }

  /**
   * A payload of 16 MiB - 1 or more goes out as several packets of that size, ended by a shorter
   * (possibly empty) one, each with its own sequence id.
   */
  private pushSplit(payload: Buffer): void {
    let offset = 0;
    for (;;) {
      const size = Math.min(MAX_PACKET_PAYLOAD, payload.length - offset);
      const header = Buffer.allocUnsafe(HEADER_SIZE);
      header.writeUIntLE(size, 0, 3);
      header[3] = this.nextSequenceId();
      this.queue(header);
      if (size > 0) this.queue(payload.subarray(offset, offset + size));
      offset += size;
      if (size < MAX_PACKET_PAYLOAD) return;
    }
  }

  private drained(): Promise<void> {
    const socket = this.socket;
    return new Promise<void>((resolve, reject) => {
      const settle = (closed: boolean): void => {
        socket.off('drain', onDrain);
        socket.off('close', onClose);
        if (closed) reject(new ConnectionClosedError());
        else resolve();
      };
      const onDrain = (): void => settle(false);
      const onClose = (): void => settle(true);
      if (socket.destroyed) {
        reject(new ConnectionClosedError());
        return;
      }
      socket.on('drain', onDrain);
      socket.on('close', onClose);
    });
  }
}
