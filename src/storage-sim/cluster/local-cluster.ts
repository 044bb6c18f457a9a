// A whole reference cluster (1 FE + N BEs) inside this process: what tests start and stop. Nodes
// keep their files in the cluster directory, so a cluster restarted on the same directory finds
// its data (and its BEs keep their ids).
import { Backend, type BackendOptions } from '../be/backend.js';
import { Frontend, type FrontendOptions } from '../fe/frontend.js';
import { beDir, clusterRelease, feMetaDir, readBackendId, runModeOptions, writeBackendId, writeClusterRelease, type ClusterEndpoints, type ClusterOptions } from './cluster-layout.js';

export interface LocalClusterOptions extends ClusterOptions {
  heartbeatIntervalMs?: number;
  frontend?: Partial<FrontendOptions>;
}

export class LocalCluster {
  private constructor(
    readonly options: LocalClusterOptions,
    public fe: Frontend,
    readonly backends: (Backend | undefined)[],
  ) {}

  private frontendStopped = false;

  private static backendOptions(options: LocalClusterOptions, index: number, previous?: Backend): BackendOptions {
    return {
      storageDir: beDir(options.dir, index),
      ...(options.beAdvertiseHosts?.[index] ? { advertiseHost: options.beAdvertiseHosts[index] } : {}),
      ...(options.beCapacityBytes !== undefined ? { capacityBytes: options.beCapacityBytes } : {}),
      // A restarted BE comes back on its old ports, so the FE and peers find it where it was.
      ...(previous ? { bePort: previous.bePort, httpPort: previous.httpPort } : {}),
      ...(readBackendId(options.dir, index) !== undefined ? { backendId: readBackendId(options.dir, index)! } : {}),
    };
  }

  static async start(options: LocalClusterOptions): Promise<LocalCluster> {
    const runMode = runModeOptions(options);
    const release = clusterRelease(options.dir, options.starrocksVersion);
    const count = options.backends ?? 3;
    const backends = await Promise.all(Array.from({ length: count }, (_, i) => Backend.start(LocalCluster.backendOptions(options, i))));
    const fe = await Frontend.start({
      metaDir: feMetaDir(options.dir),
      ...(options.rootPassword !== undefined ? { rootPassword: options.rootPassword } : {}),
      ...(options.feAdvertiseHost ? { advertiseHost: options.feAdvertiseHost } : {}),
      ...(options.queryPort !== undefined ? { queryPort: options.queryPort } : {}),
      ...(options.httpPort !== undefined ? { httpPort: options.httpPort } : {}),
      ...(options.rpcPort !== undefined ? { rpcPort: options.rpcPort } : {}),
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 500,
      config: { default_replication_num: String(Math.min(3, count)), ...options.config },
      starrocksVersion: release,
      ...runMode,
      ...options.frontend,
    });
    writeClusterRelease(options.dir, release);
    const cluster = new LocalCluster(options, fe, backends);
    backends.forEach((be, i) => cluster.register(be, i));
    await fe.ctx.backends.heartbeat();
    return cluster;
  }

  private register(be: Backend, index: number): void {
    const meta = this.fe.registerBackend({
      ...(be.backendId > 0 ? { id: be.backendId } : {}),
      host: be.advertiseHost,
      dialHost: '127.0.0.1',
      heartbeatPort: 9050 + index,
      bePort: be.bePort,
      httpPort: be.httpPort,
      brpcPort: 8060 + index,
    });
    be.backendId = meta.id;
    writeBackendId(this.options.dir, index, meta.id);
  }

  endpoints(): ClusterEndpoints {
    return {
      fe: { host: this.fe.advertiseHost, queryPort: this.fe.queryPort, httpPort: this.fe.httpPort, rpcPort: this.fe.rpcPort },
      backends: this.backends.flatMap((be) => (be ? [{ id: be.backendId, host: be.advertiseHost, bePort: be.bePort, httpPort: be.httpPort }] : [])),
      token: this.fe.token,
    };
  }

  /** Stops one BE (its data stays on disk), as a crash or a shutdown would. */
  async stopBackend(index: number): Promise<void> {
    await this.backends[index]?.stop();
  }

  async restartBackend(index: number): Promise<Backend> {
    const previous = this.backends[index];
    await previous?.stop();
    const be = await Backend.start(LocalCluster.backendOptions(this.options, index, previous));
    this.backends[index] = be;
    this.register(be, index);
    await this.fe.ctx.backends.heartbeat();
    return be;
  }

  /**
   * Stops the FE and starts it again on the same meta directory and ports; with starrocksVersion,
   * as another release (the FE's step of a rolling upgrade).
   */
  /** Stops the FE alone (the BEs keep running), as an FE crash or maintenance would; restartFrontend starts it again. */
  async stopFrontend(): Promise<void> {
    if (this.frontendStopped) return;
    this.frontendStopped = true;
    await this.fe.stop();
  }

  async restartFrontend(options: { starrocksVersion?: string } = {}): Promise<Frontend> {
    const { queryPort, httpPort, rpcPort } = this.fe;
    const release = options.starrocksVersion !== undefined ? clusterRelease(this.options.dir, options.starrocksVersion) : undefined;
    await this.stopFrontend();
    this.fe = await Frontend.start({ ...this.fe.options, queryPort, httpPort, rpcPort, ...(release ? { starrocksVersion: release } : {}) });
    this.frontendStopped = false;
    if (release) writeClusterRelease(this.options.dir, release);
    return this.fe;
  }

  async stop(): Promise<void> {
    await this.stopFrontend();
    await Promise.all(this.backends.map((be) => be?.stop()));
  }
}
