// What the FE's statement executors, loads and jobs share: the durable catalogue, transactions,
// BEs, configuration, and the lock that keeps version commits and publishes in order.
import type { MetaStore } from './catalog/meta-store.js';
import type { TransactionManager } from './txn/transaction-manager.js';
import type { BackendPool } from './backends/backend-pool.js';
import type { FrontendConfig } from './settings/frontend-config.js';
import type { KeyedMutex, Mutex } from '../util/mutex.js';
import type { DatabaseMeta, OlapTableMeta, TableLike } from './catalog/model.js';
import type { StarRocksRelease } from './starrocks-release.js';
import type { ActiveScans } from './query/active-scans.js';
import { SimError } from './sim-error.js';
import type { LakeVolume } from '../common/be-api.js';

export interface FeContext {
  store: MetaStore;
  txns: TransactionManager;
  backends: BackendPool;
  config: FrontendConfig;
  /**
   * Serialises version assignment and publishing per table, so a table's versions become visible
   * in order; commits of different tables (fifty replication jobs finishing together) do not wait
   * for each other. Keyed by table (publishKey); a transaction over several tables holds each
   * of their keys (withTablesLocked).
   */
  publishLock: KeyedMutex<string>;
  /** Serialises catalogue changes by DDL (two CREATE TABLE of one name cannot both pass the check). */
  ddlLock: Mutex;
  /** host:port of this FE, for transaction coordinators and SHOW FRONTENDS. */
  feAddress: string;
  /** The StarRocks release this cluster answers as (starrocks-release.ts). */
  release: StarRocksRelease;
  /** Running table scans: tablets swapped out of the catalogue are dropped after them. */
  scans: ActiveScans;
  /**
   * fe.conf run_mode. On shared_data the nodes are compute nodes (SHOW COMPUTE NODES, not SHOW
   * BACKENDS) and tables and databases belong to storage volumes.
   */
  runMode: RunMode;
  /** Shared data: the storage volumes as compute nodes reach them (lake-volumes.ts). */
  lakeVolumes?: () => LakeVolume[];
}

export type RunMode = 'shared_nothing' | 'shared_data';

export function findDatabase(ctx: FeContext, name: string): DatabaseMeta | undefined {
  return ctx.store.state.databases.find((d) => d.name === name);
}

export function requireDatabase(ctx: FeContext, name: string): DatabaseMeta {
  const db = findDatabase(ctx, name);
  if (!db) throw SimError.unknownDatabase(name);
  return db;
}

export function findTable(db: DatabaseMeta, name: string): TableLike | undefined {
  return db.tables.find((t) => t.name === name);
}

export function requireOlapTable(db: DatabaseMeta, name: string): OlapTableMeta {
  const table = findTable(db, name);
  if (!table) throw SimError.unknownTable(db.name, name);
  if (table.kind !== 'OLAP') throw SimError.invalid(`'${db.name}.${name}' is not a table`);
  return table;
}

/** Queries, loads and ALTERs need the table in NORMAL state (not being restored, say). */
export function requireNormalState(table: OlapTableMeta): void {
  if (table.state !== 'NORMAL') {
    throw SimError.badTableState(`'${table.name}' is in state ${table.state}${table.state === 'RESTORE' ? ': a RESTORE job is writing it; use it once SHOW RESTORE shows the job FINISHED' : ''}`);
  }
}

export function databaseById(ctx: FeContext, dbId: number): DatabaseMeta | undefined {
  return ctx.store.state.databases.find((d) => d.id === dbId);
}

export function olapTableById(db: DatabaseMeta, tableId: number): OlapTableMeta | undefined {
  const table = db.tables.find((t) => t.id === tableId);
  return table?.kind === 'OLAP' ? table : undefined;
}

/**
 * Runs `work` holding the publishLock of every table in `tableIds`, taken one by one in id order
 * (so two transactions over overlapping tables cannot wait for each other). A transaction over
 * several tables must not commit between another's commit and publish on any of them.
 */
export function withTablesLocked<T>(ctx: FeContext, tableIds: readonly number[], work: () => Promise<T>): Promise<T> {
  const ids = [...new Set(tableIds)].sort((a, b) => a - b);
  const take = (i: number): Promise<T> => (i === ids.length ? work() : ctx.publishLock.run(publishKey([ids[i]!]), () => take(i + 1)));
  return take(0);
}

/** The publishLock key of a transaction: the table(s) it writes. */
export function publishKey(tableIds: readonly number[]): string {
  return [...tableIds].sort((a, b) => a - b).join(',');
}
