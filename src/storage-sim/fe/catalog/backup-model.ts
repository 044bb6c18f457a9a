// What the catalogue keeps of BACKUP and RESTORE: repositories, and the last backup or restore job
// of each database (StarRocks keeps only that one; SHOW BACKUP / SHOW RESTORE show it). A job's
// record holds what is needed to show it and to undo what it did; progress within a phase lives
// in memory only, since a job interrupted by an FE restart is cancelled, not resumed.
import type { MaterializedViewMeta, PartitionMeta } from './model.js';

export interface RepositoryMeta {
  id: number;
  name: string;
  readOnly: boolean;
  /** As written in ON LOCATION. */
  location: string;
  /** WITH BROKER's broker name ('' without one). */
  broker: string;
  /** The PROPERTIES as given, secret values sealed (see repository-secrets.ts). */
  properties: Record<string, string>;
  createTime: number;
}

export type BackupJobState = 'PENDING' | 'SNAPSHOTING' | 'UPLOAD_SNAPSHOT' | 'UPLOADING' | 'SAVE_META' | 'UPLOAD_INFO' | 'FINISHED' | 'CANCELLED';
export type RestoreJobState = 'PENDING' | 'SNAPSHOTING' | 'DOWNLOAD' | 'DOWNLOADING' | 'COMMIT' | 'COMMITTING' | 'FINISHED' | 'CANCELLED';

/** StarRocks' backup Status codes. */
export type JobStatusCode = 'OK' | 'NOT_FOUND' | 'BAD_FILE' | 'TIMEOUT' | 'BAD_CONNECTION' | 'COMMON_ERROR' | 'OLAP_VERSION_ALREADY_MERGED' | 'UNSUPPORTED';

export interface JobStatus {
  code: JobStatusCode;
  message: string;
}

interface JobCommon {
  jobId: number;
  /** The snapshot name. */
  label: string;
  dbId: number;
  dbName: string;
  repoId: number;
  repoName: string;
  createTime: number;
  snapshotFinishedTime: number;
  finishedTime: number;
  timeoutMs: number;
  status: JobStatus;
}

/** One tablet of a backup: the replica chosen to be snapshotted, and where its snapshot is. */
export interface BackupTablet {
  tabletId: number;
  backendId: number;
  snapshotPath?: string;
}

export interface BackupPartition {
  id: number;
  name: string;
  /** The visible version when the BACKUP statement ran: the snapshot holds exactly this version. */
  version: number;
  /** The version epoch at that version: with the version, what identifies the data (protocol doc, section 5). */
  versionEpoch: number;
  tablets: BackupTablet[];
}

export interface BackupTable {
  id: number;
  name: string;
  /** Only some partitions (ON (t PARTITION (...))). */
  partial: boolean;
  partitions: BackupPartition[];
}

export interface BackupJobMeta extends JobCommon {
  type: 'BACKUP';
  state: BackupJobState;
  uploadFinishedTime: number;
  /** Base tables first, in backup order. */
  tables: BackupTable[];
  /** Definitions backed up with a whole database, after their base tables. */
  materializedViews: MaterializedViewMeta[];
}

/** A partition the restore job created (new tablets), published at commit. */
export interface RestorePartition {
  partition: PartitionMeta;
  /** The existing partition of the same name it replaces at commit, if any. */
  replaces?: number;
  /** The backed-up visible version and version epoch: the partition's once restored. */
  version: number;
  versionEpoch: number;
  /** Per new tablet (same order): the snapshot files to download. */
  sources: { remoteDir: string; files: { name: string; size: number }[] }[];
}

export interface RestoreTable {
  /** The table's name in the snapshot, and here (RESTORE ... AS). */
  sourceName: string;
  name: string;
  tableId: number;
  /** The job created the table (it is dropped again if the job does not finish). */
  created: boolean;
  partitions: RestorePartition[];
}

export interface RestoreJobMeta extends JobCommon {
  type: 'RESTORE';
  state: RestoreJobState;
  backupTimestamp: string;
  allowLoad: boolean;
  replicationNum: number;
  /** What is restored, as SHOW RESTORE's RestoreObjs shows it. */
  restoreObjs: string;
  metaPreparedTime: number;
  downloadFinishedTime: number;
  /** Filled when the job has prepared the catalogue (PENDING done). */
  tables: RestoreTable[];
}

export type BackupRestoreJobMeta = BackupJobMeta | RestoreJobMeta;

export function isJobDone(job: BackupRestoreJobMeta): boolean {
  return job.state === 'FINISHED' || job.state === 'CANCELLED';
}
