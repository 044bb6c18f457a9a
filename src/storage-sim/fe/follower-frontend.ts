// A follower FE of the reference cluster: its own MySQL, HTTP and Thrift listeners in front of the
// leader's catalogue. Stopping it closes every listener and drops its clients, as a follower whose
// process died; SHOW FRONTENDS then shows it not alive, and starting it again reuses its ports.
import http from 'node:http';
import type { Server } from 'node:net';
import { MysqlServer, type MysqlServerOptions } from './mysql/index.js';
import type { FrontendIdentity } from './show/show-cluster.js';
import { listen } from '../util/listen.js';

export interface FollowerOptions {
  host: string;
  bindHost: string;
  editLogPort: number;
  mysql: MysqlServerOptions;
  httpHandler: http.RequestListener;
  createRpcServer: () => Server;
}

interface Listeners {
  mysql: MysqlServer;
  http: http.Server;
  rpc: Server;
}

export class FollowerFrontend {
  readonly identity: FrontendIdentity;
  private listeners: Listeners | undefined;

  constructor(private readonly options: FollowerOptions) {
    this.identity = { host: options.host, editLogPort: options.editLogPort, httpPort: 0, queryPort: 0, rpcPort: 0, startTime: Date.now(), role: 'FOLLOWER', alive: false };
  }

  get queryPort(): number {
    return this.identity.queryPort;
  }

  async start(): Promise<void> {
    if (this.listeners) return;
    const listeners: Listeners = { mysql: new MysqlServer(this.options.mysql), http: http.createServer(this.options.httpHandler), rpc: this.options.createRpcServer() };
    const host = this.options.bindHost;
    // Port 0 the first time; the same ports after a stop, like a restarted FE reading its fe.conf.
    const queryPort = await listeners.mysql.listen(this.identity.queryPort, host);
    const httpPort = await listen(listeners.http, this.identity.httpPort, host);
    const rpcPort = await listen(listeners.rpc, this.identity.rpcPort, host);
    this.listeners = listeners;
    Object.assign(this.identity, { queryPort, httpPort, rpcPort, alive: true, startTime: Date.now() });
  }

  async stop(): Promise<void> {
    const listeners = this.listeners;
    if (!listeners) return;
    this.listeners = undefined;
    this.identity.alive = false;
    const closing = [listeners.mysql.close(), new Promise((resolve) => listeners.http.close(resolve)), new Promise((resolve) => listeners.rpc.close(resolve))];
    listeners.http.closeAllConnections();
    await Promise.all(closing);
  }
}
