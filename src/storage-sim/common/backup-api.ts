// Messages of BACKUP and RESTORE between the FE and its BEs (StarRocks' UPLOAD, DOWNLOAD and MOVE
// tasks). The BEs move the data between their disks and the repository themselves; the FE only
// plans, tracks and commits. Snapshots for a backup are made through the snapshot service
// (replication-api.ts) with the cluster's own token.
import type { S3Connection } from './object-store/s3-connection.js';
import type { TabletStats } from './be-api.js';

export const BACKUP_API = {
  /** Uploads one snapshot directory to the repository (each file as .part, then renamed to .<md5>). */
  upload: '/api/internal/backup/upload',
  /** Downloads one tablet's snapshot files from the repository into the job's staging area, checking each MD5. */
  download: '/api/internal/restore/download',
  /** Takes staged snapshots into their (new, not yet visible) tablets. */
  commit: '/api/internal/restore/commit',
  /** Stops a job's transfers on this BE and drops what it staged. */
  abort: '/api/internal/backup/abort',
} as const;

/** A repository file: its name with the checksum (`<file>.<md5>`) and its size. */
export interface RepositoryFile {
  name: string;
  size: number;
}

export interface UploadRequest {
  jobId: number;
  connection: S3Connection;
  /** The snapshot directory on this BE. */
  snapshotPath: string;
  /** The tablet's directory in the repository (relative to the location). */
  remoteDir: string;
}

export interface UploadResult {
  files: RepositoryFile[];
  bytes: number;
}

export interface DownloadRequest {
  jobId: number;
  connection: S3Connection;
  /** The local tablet the files are for (the staging directory is named after it). */
  tabletId: number;
  remoteDir: string;
  files: RepositoryFile[];
}

export interface DownloadResult {
  bytes: number;
}

export interface CommitRequest {
  jobId: number;
  tabletIds: number[];
}

export interface CommitResult {
  /** Each tablet's rows and bytes at the version it now holds. */
  tablets: TabletStats[];
}

export interface BackupAbortRequest {
  jobId: number;
}
