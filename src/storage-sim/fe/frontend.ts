// The reference FE node: the MySQL protocol on query_port, Stream Load on http_port, the Thrift
// FrontendService on rpc_port, a durable catalogue in its meta directory, and the background work
// StarRocks' FE does (BE heartbeats, transaction timeouts and recovery, label expiry, checkpoints).
import http from 'node:http';
import type { Server } from 'node:net';
import { createFrontendServiceServer } from '../../protocol/frontend-service-server.js';
import { HttpRouter } from '../common/http-router.js';
import { sendJson } from '../common/internal-http.js';
import { KeyedMutex, Mutex } from '../util/mutex.js';
import { listen } from '../util/listen.js';
import { BackendPool } from './backends/backend-pool.js';
import type { BackendMeta } from './catalog/model.js';
import { MetaStore } from './catalog/meta-store.js';
import { recordedRunMode, startRunMode } from './catalog/run-mode-record.js';
import { withTablesLocked, type FeContext } from './fe-context.js';
import { publishTransaction } from './load/publish.js';
import { dropOrphanedOverwritePartitions } from './load/insert-overwrite.js';
import { handleStreamLoad } from './load/stream-load-handler.js';
import { MysqlServer, passwordHash, type MysqlServerOptions, type Session } from './mysql/index.js';
import { FollowerFrontend } from './follower-frontend.js';
import type { FrontendIdentity } from './show/show-cluster.js';
import { FrontendConfig } from './settings/frontend-config.js';
import { DEFAULT_PROFILE, starrocksRelease } from './starrocks-release.js';
import { executeStatement, type ExtraExecutor, type StatementEngine } from './statement-executor.js';
import type { ProcRoot } from './show/show-proc.js';
import { TransactionManager } from './txn/transaction-manager.js';
import { ReplicationManager } from './replication/replication-manager.js';
import { CompactionScheduler } from './compaction-scheduler.js';
import { DynamicPartitionScheduler } from './dynamic-partition/dynamic-partition-scheduler.js';
import { ActiveScans } from './query/active-scans.js';
import { BackupRestoreManager } from './backup/backup-restore-manager.js';
import { backupStatements } from './backup/backup-statements.js';
import { checkObjectStoreEndpoints } from './backup/object-store-endpoints.js';
import { lakeVolumes } from './storage-volume/lake-volumes.js';
import { BrokerLoadManager } from './broker-load/broker-load-manager.js';
import { brokerLoadStatements } from './broker-load/broker-load-statements.js';
import { storageVolumeStatements } from './storage-volume/storage-volume-statements.js';
import { ensureBuiltinVolume, type ObjectStoreLocation } from './storage-volume/builtin-volume.js';
import type { RunMode } from './fe-context.js';

/** A BE to register: its id when it has one (a restarted BE), else the FE assigns one. */
export type BackendRegistration = Omit<BackendMeta, 'id'> & { id?: number };

export interface FrontendOptions {
  metaDir: string;
  /** Where the FE listens. */
  bindHost?: string;
  /** The host it reports in SHOW FRONTENDS (e.g. a Kubernetes service name). */
  advertiseHost?: string;
  queryPort?: number;
  httpPort?: number;
  rpcPort?: number;
  /** Sets root's password (kept, hashed, in the catalogue); when absent the stored one stays (empty at first). */
  rootPassword?: string;
  /** BEs to register (or update) at start. */
  backends?: BackendRegistration[];
  heartbeatIntervalMs?: number;
  /** FE configuration values at start (like fe.conf); ADMIN SET FRONTEND CONFIG overrides them. */
  config?: Record<string, string>;
  extraExecutors?: ExtraExecutor[];
  /** Keep every statement received (for tests that must see what a client sent). */
  recordStatements?: boolean;
  procRoots?: Record<string, ProcRoot>;
  /**
   * Follower FEs to run beside the leader, each with its own query, HTTP and RPC ports and its own
   * row in SHOW FRONTENDS. They share the leader's catalogue in this process (a follower that
   * replays the journal with no lag and forwards writes), so a client can use any of them and
   * fail over when one is stopped.
   */
  followers?: number;
  /** The StarRocks release to answer as: a profile (3.3) or its full version (3.3.9); the newest by default. */
  starrocksVersion?: string;
  /**
   * Object store host -> http(s)://host:port where this machine reaches it (object-store-endpoints.ts):
   * repositories naming AWS's or Google's endpoints reach a local S3-compatible server instead.
   */
  objectStoreEndpoints?: Record<string, string>;
  /**
   * The FE's wall clock for BACKUP and RESTORE jobs (a backup's creation time is its snapshot's
   * timestamp); Date.now by default. The S3 requests keep the real time, which the store checks.
   */
  backupClock?: () => number;
  /**
   * fe.conf run_mode: shared_nothing or shared_data (which needs objectStore at its first start).
   * The meta directory keeps the first start's; absent, that one (shared_nothing for a new one).
   */
  runMode?: RunMode;
  /** Shared data: the object store the builtin storage volume is created on at the first start. */
  objectStore?: ObjectStoreLocation;
}

const CHECKPOINT_EVERY_EDITS = 10_000;

export class Frontend {
  readonly ctx: FeContext;
  private readonly sessions = new Map<number, Session>();
  private readonly mysql: MysqlServer;
  private readonly httpServer: http.Server;
  private readonly rpcServer: Server;
  private readonly followerNodes: FollowerFrontend[];
  private timer: NodeJS.Timeout | undefined;
  private readonly startTime = Date.now();
  private readonly engine: StatementEngine;
  readonly replication: ReplicationManager;
  readonly backupRestore: BackupRestoreManager;
  readonly brokerLoads: BrokerLoadManager;
  /** Every statement received over the MySQL protocol, when recording was asked for (tests). */
  statementLog: string[] | undefined;
  private readonly compaction: CompactionScheduler;
  readonly dynamicPartitions: DynamicPartitionScheduler;
  queryPort = 0;
  httpPort = 0;
  rpcPort = 0;

  private constructor(readonly options: FrontendOptions) {
    // An unknown version fails before anything is opened or written.
    const release = starrocksRelease(options.starrocksVersion ?? DEFAULT_PROFILE);
    // The run mode is the meta directory's from its first start; another one is refused here,
    // before anything is written. The object store is needed to create the builtin volume, once.
    const runMode = startRunMode(options.metaDir, options.runMode);
    const firstSharedDataStart = runMode === 'shared_data' && recordedRunMode(options.metaDir) === undefined;
    if (firstSharedDataStart && !options.objectStore) throw new Error('run_mode shared_data needs an object store (objectStore: endpoint, bucket and credentials)');
    const store = new MetaStore(options.metaDir, runMode);
    const config = new FrontendConfig(store.state.frontendConfig, { ...options.config, run_mode: runMode });
    const txns = new TransactionManager(store, {
      maxRunningTxnNumPerDb: () => config.getInt('max_running_txn_num_per_db'),
      labelKeepMaxSeconds: () => config.getInt('label_keep_max_second'),
      minLoadTimeoutSecond: () => config.getInt('min_load_timeout_second'),
      maxLoadTimeoutSecond: () => config.getInt('max_load_timeout_second'),
      maxStreamLoadTimeoutSecond: () => config.getInt('max_stream_load_timeout_second'),
    });
    this.ctx = {
      store,
      txns,
      backends: new BackendPool(store),
      config,
      publishLock: new KeyedMutex<string>(),
      ddlLock: new Mutex(),
      feAddress: `${options.advertiseHost ?? options.bindHost ?? '127.0.0.1'}`,
      release,
      scans: new ActiveScans(),
      runMode,
    };
    if (runMode === 'shared_data' && options.objectStore) ensureBuiltinVolume(this.ctx, options.objectStore);
    const objectStoreEndpoints = checkObjectStoreEndpoints(options.objectStoreEndpoints ?? {});
    if (runMode === 'shared_data') {
      const volumes = () => lakeVolumes(this.ctx, objectStoreEndpoints);
      this.ctx.lakeVolumes = volumes;
      this.ctx.backends.volumes = volumes;
    }
    this.compaction = new CompactionScheduler(this.ctx);
    this.dynamicPartitions = new DynamicPartitionScheduler(this.ctx);
    if (options.recordStatements) this.statementLog = [];
    this.replication = new ReplicationManager(this.ctx, (user, password) => this.checkPassword(user, password));
    this.backupRestore = new BackupRestoreManager(this.ctx, objectStoreEndpoints, options.backupClock);
    this.brokerLoads = new BrokerLoadManager(this.ctx, objectStoreEndpoints);
    const leader: FrontendIdentity = {
      host: this.advertiseHost, editLogPort: 9010, httpPort: 0, queryPort: 0, rpcPort: 0, startTime: this.startTime, role: 'LEADER', alive: true,
    };
    this.engine = {
      ctx: this.ctx,
      frontends: () => [leader, ...this.followerNodes.map((f) => f.identity)],
      procRoots: { ...(release.replicationsProc ? { replications: () => this.replication.procRows() } : {}), ...options.procRoots },
      extra: [...(options.extraExecutors ?? []), backupStatements(this.backupRestore), brokerLoadStatements(this.brokerLoads), storageVolumeStatements],
      sessions: () => [...this.sessions.values()],
      kill: () => false,
    };
    const mysqlOptions: MysqlServerOptions = {
      passwordHashOf: (user) => this.ctx.store.state.users[user],
      execute: (session, sql) => {
        this.sessions.set(session.connectionId, session);
        this.statementLog?.push(sql);
        return executeStatement(this.engine, session, sql);
      },
      serverVersion: release.mysqlServerVersion,
      onSessionEnd: (session) => this.sessions.delete(session.connectionId),
    };
    this.mysql = new MysqlServer(mysqlOptions);
    const router = new HttpRouter()
      .on('PUT', '/api/{db}/{table}/_stream_load', (req, res, params) => handleStreamLoad(this.ctx, (user, password) => this.checkPassword(user, password), req, res, params))
      .on('GET', '/api/health', (_req, res) => sendJson(res, 200, { status: 'OK', online_backend_num: this.ctx.backends.aliveIds().length }));
    this.httpServer = http.createServer(router.handle);
    this.rpcServer = createFrontendServiceServer(this.replication);
    this.followerNodes = Array.from(
      { length: options.followers ?? 0 },
      (_, i) =>
        new FollowerFrontend({
          host: this.advertiseHost,
          bindHost: options.bindHost ?? '127.0.0.1',
          editLogPort: 9011 + i,
          // Session ids must not collide with the leader's in the shared session list.
          mysql: { ...mysqlOptions, firstConnectionId: (i + 1) * 100_000_000 },
          httpHandler: router.handle,
          createRpcServer: () => createFrontendServiceServer(this.replication),
        }),
    );
  }

  /** The follower FEs (see FrontendOptions.followers), to stop and start them. */
  get followers(): readonly FollowerFrontend[] {
    return this.followerNodes;
  }

  get advertiseHost(): string {
    return this.options.advertiseHost ?? this.options.bindHost ?? '127.0.0.1';
  }

  get token(): string {
    return this.ctx.store.identity.token;
  }

  checkPassword(user: string, password: string): boolean {
    const stored = this.ctx.store.state.users[user];
    return stored !== undefined && stored === passwordHash(password);
  }

  static async start(options: FrontendOptions): Promise<Frontend> {
    const fe = new Frontend(options);
    await fe.startServing();
    return fe;
  }

  registerBackend(backend: BackendRegistration): BackendMeta {
    return this.ctx.backends.register(backend);
  }

  private async startServing(): Promise<void> {
    const users = this.ctx.store.state.users;
    if (this.options.rootPassword !== undefined || users.root === undefined) {
      const hash = passwordHash(this.options.rootPassword ?? '');
      if (users.root !== hash) this.ctx.store.write({ op: 'userPassword', user: 'root', hash });
    }
    for (const backend of this.options.backends ?? []) this.registerBackend(backend);
    await this.ctx.backends.heartbeat();
    await this.replication.recover();
    await this.backupRestore.recover();
    await dropOrphanedOverwritePartitions(this.ctx);
    await this.recoverTransactions();
    this.brokerLoads.recover();
    const host = this.options.bindHost ?? '127.0.0.1';
    this.queryPort = await this.mysql.listen(this.options.queryPort ?? 0, host);
    this.httpPort = await listen(this.httpServer, this.options.httpPort ?? 0, host);
    this.rpcPort = await listen(this.rpcServer, this.options.rpcPort ?? 0, host);
    Object.assign(this.engine.frontends()[0]!, { httpPort: this.httpPort, queryPort: this.queryPort, rpcPort: this.rpcPort });
    for (const follower of this.followerNodes) await follower.start();
    Object.assign(this.ctx.config.startup, { query_port: String(this.queryPort), http_port: String(this.httpPort), rpc_port: String(this.rpcPort) });
    const interval = this.options.heartbeatIntervalMs ?? 1_000;
    this.timer = setInterval(() => void this.tick(), interval);
    this.timer.unref();
    // StarRocks' scheduler makes its first round as soon as the FE is up.
    void this.dynamicPartitions.tick();
  }

  /**
   * After a restart: loads whose coordinator died with the FE are aborted (their rows were never
   * committed), committed transactions are published (their data is durable on the BEs).
   */
  private async recoverTransactions(): Promise<void> {
    for (const txn of this.ctx.txns.all.filter((t) => t.status === 'PREPARE' && t.sourceType !== 'REPLICATION')) {
      this.ctx.txns.abort(txn.id, 'the FE restarted while the load was running');
      await Promise.allSettled(this.ctx.backends.list().map((b) => this.ctx.backends.client(b.id).abortLoad({ txnId: txn.id, tabletIds: [] })));
    }
    await this.publishCommitted();
  }

  private async publishCommitted(): Promise<void> {
    for (const txn of this.ctx.txns.all.filter((t) => t.status === 'COMMITTED')) {
      await withTablesLocked(this.ctx, txn.tableIds, () => publishTransaction(this.ctx, txn)).catch(() => undefined);
    }
  }

  private ticking = false;
  private lastLabelClean = 0;

  /**
   * StarRocks' LoadLabelCleaner daemon (GlobalStateMgr.clearExpiredJobs, which calls
   * GlobalTransactionMgr.removeExpiredTxns) runs every label_clean_interval_second (fe.conf, not
   * mutable): a label older than label_keep_max_second stays in use until the next round.
   */
  private cleanLabels(): void {
    const now = Date.now();
    if (now - this.lastLabelClean < this.ctx.config.getInt('label_clean_interval_second') * 1000) return;
    this.lastLabelClean = now;
    this.ctx.txns.forgetOld();
  }

  private async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      await this.ctx.backends.heartbeat();
      // Before expired transactions are aborted: a Broker Load job past its timeout ends itself, with its reason.
      this.brokerLoads.tick();
      for (const txn of this.ctx.txns.expired()) {
        if (txn.sourceType === 'REPLICATION') continue; // replication jobs time out their own transactions
        this.ctx.txns.abort(txn.id, `transaction timed out after ${txn.timeoutMs} ms`);
      }
      await this.replication.abortExpired();
      this.backupRestore.tick();
      this.cleanLabels();
      await this.publishCommitted();
      // Not awaited: a long merge must not hold up heartbeats.
      void this.compaction.tick();
      void this.dynamicPartitions.tick();
      if (this.ctx.store.editsSinceImage > CHECKPOINT_EVERY_EDITS) this.ctx.store.checkpoint();
    } finally {
      this.ticking = false;
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.backupRestore.stop();
    await this.brokerLoads.stop();
    this.ctx.backends.stopHeartbeats();
    await Promise.all(this.followerNodes.map((f) => f.stop()));
    const closing = [this.mysql.close(), new Promise((resolve) => this.httpServer.close(resolve)), new Promise((resolve) => this.rpcServer.close(resolve))];
    this.httpServer.closeAllConnections();
    await Promise.all(closing);
    await this.dynamicPartitions.idle();
    this.ctx.store.close();
  }
}
