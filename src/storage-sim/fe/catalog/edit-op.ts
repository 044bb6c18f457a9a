// Every change to the catalogue is one EditOp: written to the edit log first, then applied. Replaying
// the log over the last image therefore rebuilds exactly the state before a crash. applyOp is the
// only code that mutates CatalogState.
import type { BackupRestoreJobMeta, RepositoryMeta } from './backup-model.js';
import type {
  BackendMeta,
  CatalogState,
  DatabaseMeta,
  PartitionMeta,
  ReplicationJobMeta,
  TableLike,
  TransactionMeta,
} from './model.js';
import { partitionById } from './partitions.js';
import type { BrokerLoadJobMeta } from './load-job-model.js';
import type { StorageVolumeMeta } from './storage-volume-model.js';

export type PartitionVersionUpdate = Pick<
  PartitionMeta,
  'id' | 'visibleVersion' | 'visibleVersionTime' | 'nextVersion' | 'dataVersion' | 'versionEpoch' | 'versionTxnType' | 'dataSize' | 'rowCount'
>;

export type EditOp =
  | { op: 'reserveIds'; nextId: number }
  | { op: 'createDb'; db: DatabaseMeta }
  | { op: 'dropDb'; dbId: number }
  | { op: 'putTable'; dbId: number; table: TableLike }
  | { op: 'dropTable'; dbId: number; tableId: number }
  | { op: 'partitionVersions'; dbId: number; tableId: number; partitions: PartitionVersionUpdate[] }
  | { op: 'putBackend'; backend: BackendMeta }
  | { op: 'frontendConfig'; key: string; value: string }
  | { op: 'globalVariable'; key: string; value: string }
  | { op: 'userPassword'; user: string; hash: string }
  | { op: 'putReplicationJob'; job: ReplicationJobMeta; keepFinished: number }
  | { op: 'putTxn'; txn: TransactionMeta; nextTxnId: number }
  | { op: 'forgetTxns'; txnIds: number[] }
  | { op: 'putRepository'; repository: RepositoryMeta }
  | { op: 'dropRepository'; repositoryId: number }
  /** Replaces the database's previous backup or restore job. */
  | { op: 'putBackupRestoreJob'; job: BackupRestoreJobMeta }
  | { op: 'putLoadJob'; job: BrokerLoadJobMeta }
  | { op: 'forgetLoadJobs'; jobIds: number[] }
  | { op: 'putStorageVolume'; volume: StorageVolumeMeta }
  | { op: 'dropStorageVolume'; volumeId: string }
  | { op: 'setDefaultStorageVolume'; volumeId: string }
  /** Several changes in one log entry: after a crash, all of them happened or none did. */
  | { op: 'batch'; ops: EditOp[] };

function database(state: CatalogState, dbId: number): DatabaseMeta {
  const db = state.databases.find((d) => d.id === dbId);
  if (!db) throw new Error(`edit log refers to unknown database id ${dbId}`);
  return db;
}

function upsert<T extends { id: number }>(list: T[], item: T): void {
  const index = list.findIndex((x) => x.id === item.id);
  if (index >= 0) list[index] = item;
  else list.push(item);
}

export function applyOp(state: CatalogState, op: EditOp): void {
  switch (op.op) {
    case 'reserveIds':
      state.nextId = Math.max(state.nextId, op.nextId);
      return;
    case 'createDb':
      upsert(state.databases, op.db);
      return;
    case 'dropDb':
      state.databases = state.databases.filter((d) => d.id !== op.dbId);
      return;
    case 'putTable':
      upsert(database(state, op.dbId).tables, op.table);
      return;
    case 'dropTable': {
      const db = database(state, op.dbId);
      db.tables = db.tables.filter((t) => t.id !== op.tableId);
      return;
    }
    case 'partitionVersions': {
      const table = database(state, op.dbId).tables.find((t) => t.id === op.tableId);
      if (!table || table.kind !== 'OLAP') throw new Error(`edit log refers to unknown table id ${op.tableId}`);
      for (const update of op.partitions) {
        const partition = partitionById(table, update.id);
        if (partition) Object.assign(partition, update);
      }
      return;
    }
    case 'putBackend':
      upsert(state.backends, op.backend);
      return;
    case 'frontendConfig':
      state.frontendConfig[op.key] = op.value;
      return;
    case 'globalVariable':
      state.globalVariables[op.key] = op.value;
      return;
    case 'userPassword':
      state.users[op.user] = op.hash;
      return;
    case 'putReplicationJob': {
      // One finished job per table: a table's new job replaces its last committed or aborted one
      // (ReplicationMgr keeps them in maps keyed by table id and drops the table's entries when it
      // admits a job), so SHOW PROC '/replications' shows each table's latest job only.
      const finishedState = (j: { state: string }) => j.state === 'COMMITTED' || j.state === 'ABORTED';
      const jobs = state.replicationJobs.filter((j) => j.jobId !== op.job.jobId && !(j.tableId === op.job.tableId && finishedState(j)));
      jobs.push(op.job);
      const finished = jobs.filter(finishedState);
      const drop = new Set(finished.slice(0, Math.max(0, finished.length - op.keepFinished)).map((j) => j.jobId));
      state.replicationJobs = jobs.filter((j) => !drop.has(j.jobId));
      return;
    }
    case 'putTxn':
      upsert(state.txns.transactions, op.txn);
      state.txns.nextTxnId = Math.max(state.txns.nextTxnId, op.nextTxnId);
      return;
    case 'forgetTxns': {
      const forget = new Set(op.txnIds);
      state.txns.transactions = state.txns.transactions.filter((t) => !forget.has(t.id));
      return;
    }
    case 'putRepository':
      upsert(state.repositories, op.repository);
      return;
    case 'dropRepository':
      state.repositories = state.repositories.filter((r) => r.id !== op.repositoryId);
      return;
    case 'putBackupRestoreJob':
      state.backupRestoreJobs = [...state.backupRestoreJobs.filter((j) => j.dbId !== op.job.dbId), op.job];
      return;
    case 'putLoadJob':
      upsert(state.loadJobs, op.job);
      return;
    case 'forgetLoadJobs': {
      const forget = new Set(op.jobIds);
      state.loadJobs = state.loadJobs.filter((j) => !forget.has(j.id));
      return;
    }
    case 'putStorageVolume': {
      const volumes = state.storageVolumes.volumes;
      const index = volumes.findIndex((v) => v.id === op.volume.id);
      if (index >= 0) volumes[index] = op.volume;
      else volumes.push(op.volume);
      return;
    }
    case 'dropStorageVolume':
      state.storageVolumes.volumes = state.storageVolumes.volumes.filter((v) => v.id !== op.volumeId);
      return;
    case 'setDefaultStorageVolume':
      state.storageVolumes.defaultId = op.volumeId;
      return;
    case 'batch':
      for (const inner of op.ops) applyOp(state, inner);
      return;
  }
}
