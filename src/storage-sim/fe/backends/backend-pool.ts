// The FE's view of its BEs: the registered ones (persisted in the catalogue), their clients, and
// their liveness from periodic heartbeats (SHOW BACKENDS' Alive, LastHeartbeat, capacity).
import type { BackendStatus, LakeVolume } from '../../common/be-api.js';
import type { BackendMeta } from '../catalog/model.js';
import type { MetaStore } from '../catalog/meta-store.js';
import { BeClient } from './be-client.js';

export interface BackendLiveness {
  alive: boolean;
  lastHeartbeat: number;
  lastStartTime: number;
  status?: BackendStatus;
  error: string;
}

export class BackendPool {
  private readonly clients = new Map<number, BeClient>();
  private readonly liveness = new Map<number, BackendLiveness>();
  private timer: NodeJS.Timeout | undefined;
  /** Shared data: the storage volumes every heartbeat tells the compute nodes about. */
  volumes: (() => LakeVolume[]) | undefined;

  constructor(private readonly store: MetaStore) {}

  /** The cluster token BEs check snapshot downloads against. */
  private get token(): string {
    return this.store.identity.token;
  }

  list(): BackendMeta[] {
    return this.store.state.backends;
  }

  get(id: number): BackendMeta {
    const backend = this.list().find((b) => b.id === id);
    if (!backend) throw new Error(`backend ${id} is not registered`);
    return backend;
  }

  /** Registers a BE (or updates its addresses after a restart on new ports). */
  register(backend: Omit<BackendMeta, 'id'> & { id?: number }): BackendMeta {
    const existing = this.list().find((b) => (backend.id !== undefined ? b.id === backend.id : b.host === backend.host && b.heartbeatPort === backend.heartbeatPort));
    const id = existing?.id ?? backend.id ?? this.store.allocateIds(1)[0]!;
    const meta: BackendMeta = { ...backend, id };
    if (JSON.stringify(existing) !== JSON.stringify(meta)) this.store.write({ op: 'putBackend', backend: meta });
    this.clients.delete(id);
    return meta;
  }

  client(id: number): BeClient {
    let client = this.clients.get(id);
    if (!client) {
      const backend = this.get(id);
      client = new BeClient(backend.dialHost, backend.bePort);
      this.clients.set(id, client);
    }
    return client;
  }

  state(id: number): BackendLiveness {
    return this.liveness.get(id) ?? { alive: false, lastHeartbeat: -1, lastStartTime: -1, error: 'no heartbeat yet' };
  }

  aliveIds(): number[] {
    return this.list().filter((b) => this.state(b.id).alive).map((b) => b.id);
  }

  async heartbeat(): Promise<void> {
    await Promise.all(
      this.list().map(async (backend) => {
        try {
          const volumes = this.volumes?.();
          const status = await this.client(backend.id).status({ backendId: backend.id, token: this.token, ...(volumes ? { volumes } : {}) });
          this.liveness.set(backend.id, { alive: true, lastHeartbeat: Date.now(), lastStartTime: status.startTime, status, error: '' });
        } catch (error) {
          const previous = this.state(backend.id);
          this.liveness.set(backend.id, { ...previous, alive: false, error: (error as Error).message });
        }
      }),
    );
  }

  startHeartbeats(intervalMs: number): void {
    this.stopHeartbeats();
    this.timer = setInterval(() => void this.heartbeat(), intervalMs);
    this.timer.unref();
  }

  stopHeartbeats(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
