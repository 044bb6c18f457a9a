// The parts of mysql2's server-side connection this server relies on. mysql2 runs the handshake
// (hello packet, parsing the client's reply) and splits the byte stream into command packets;
// its typings do not describe the server side, so the surface used is declared here once.

import type { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import mysql from 'mysql2';

/** What mysql2 hands the auth callback after parsing the client's handshake response. */
export interface HandshakeAuthParams {
  user: string;
  database?: string;
  authPluginData1: Buffer;
  authPluginData2: Buffer;
  authToken?: Buffer;
}

/** A command packet as mysql2 emits it on 'packet': the frame sits at buffer[start..end). */
export interface RawCommandPacket {
  sequenceId: number;
  buffer: Buffer;
  start: number;
  end: number;
}

export interface ServerHandshakeArgs {
  protocolVersion: number;
  serverVersion: string;
  connectionId: number;
  statusFlags: number;
  characterSet: number;
  capabilityFlags: number;
  authCallback(params: HandshakeAuthParams, done: (err: unknown, mysqlError?: unknown) => void): void;
}

export interface ServerSideConnection extends EventEmitter {
  /**
   * mysql2 checks each incoming packet's sequence id against this and advances it, both for
   * what it reads and what it writes. Replies here are framed by PacketWriter, so it is set back
   * to 0 whenever a command arrives and after each reply, which is what the next command from
   * the client carries.
   */
  sequenceId: number;
  /** The parsed handshake response (set before the auth callback runs). */
  clientHelloReply?: { clientFlags?: number; authPluginName?: string };
  /** mysql2 drops a connection that sends nothing for 10 s; cleared on close to free the timer. */
  connectTimeout?: NodeJS.Timeout | null;
  serverHandshake(args: ServerHandshakeArgs): unknown;
}

export function wrapServerSocket(socket: Socket): ServerSideConnection {
  return mysql.createConnection({ stream: socket, isServer: true }) as unknown as ServerSideConnection;
}
