// The MySQL-protocol listener of the reference FE: accepts TCP clients and runs one
// ClientConnection per socket. It knows nothing about SQL; statements go to options.execute.

import net from 'node:net';
import { ClientConnection } from './client-connection.js';
import type { MysqlServerOptions } from './types.js';
import { listen } from '../../util/listen.js';

const DEFAULT_SERVER_VERSION = '8.0.33';
/** Connection ids are 32-bit in the handshake. */
const MAX_CONNECTION_ID = 0xffffffff;

export class MysqlServer {
  private readonly server: net.Server;
  private readonly connections = new Set<ClientConnection>();
  private nextConnectionId: number;
  private closing = false;

  constructor(private readonly options: MysqlServerOptions) {
    this.nextConnectionId = options.firstConnectionId ?? 1;
    this.server = net.createServer((socket) => this.accept(socket));
    // An accept failure (e.g. out of file descriptors) must not become an uncaught 'error'.
    this.server.on('error', (err: Error) => this.options.onConnectionError?.(0, err));
  }

  /** Starts listening; resolves with the bound port (useful with port 0). */
  listen(port: number, host = '127.0.0.1'): Promise<number> {
    return listen(this.server, port, host);
  }

  /** The bound port, or 0 when not listening. */
  get port(): number {
    const address = this.server.address();
    return address !== null && typeof address === 'object' ? address.port : 0;
  }

  /** How many clients are connected. */
  get connectionCount(): number {
    return this.connections.size;
  }

  /** Stops listening and drops every open client connection. */
  close(): Promise<void> {
    this.closing = true;
    const done = new Promise<void>((resolve) => {
      // Resolves also when the server was never listening (the callback then gets an error).
      this.server.close(() => resolve());
    });
    for (const c of [...this.connections]) c.destroy();
    return done;
  }

  private accept(socket: net.Socket): void {
    if (this.closing) {
      socket.destroy();
      return;
    }
    const id = this.nextConnectionId;
    this.nextConnectionId = id >= MAX_CONNECTION_ID ? 1 : id + 1;
    const connection = new ClientConnection(
      socket,
      id,
      this.options,
      this.options.serverVersion ?? DEFAULT_SERVER_VERSION,
      (c) => this.connections.delete(c),
    );
    this.connections.add(connection);
    connection.start();
  }
}
