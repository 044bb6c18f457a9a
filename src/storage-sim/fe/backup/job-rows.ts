// SHOW BACKUP and SHOW RESTORE: StarRocks' columns, one row for the database's last job of that
// kind. Times are NULL until reached; UnfinishedTasks and Progress describe the current phase
// (task id = tablet id, finished/total tasks, bytes moved); Status is "[OK]" unless the job failed.
import type { BackupJobMeta, RestoreJobMeta } from '../catalog/backup-model.js';
import { prettyBytes, type Cell } from '../show/show-result.js';
import type { PhaseProgress } from './job-context.js';
import { formatStatus, showTime } from './job-status.js';

export const BACKUP_COLUMNS = [
  'JobId', 'SnapshotName', 'DbName', 'State', 'BackupObjs', 'CreateTime', 'SnapshotFinishedTime', 'UploadFinishedTime',
  'FinishedTime', 'UnfinishedTasks', 'Progress', 'TaskErrMsg', 'Status', 'Timeout',
];

export const RESTORE_COLUMNS = [
  'JobId', 'Label', 'Timestamp', 'DbName', 'State', 'AllowLoad', 'ReplicationNum', 'RestoreObjs', 'CreateTime', 'MetaPreparedTime',
  'SnapshotFinishedTime', 'DownloadFinishedTime', 'FinishedTime', 'UnfinishedTasks', 'Progress', 'TaskErrMsg', 'Status', 'Timeout',
];

function phaseCells(phase: PhaseProgress | undefined): [string, string, string] {
  if (!phase || phase.total === 0) return ['', '', ''];
  const unfinished = [...phase.unfinished].map(([task, tablet]) => `${task}=${tablet}`).join(', ');
  const progress = `${phase.total - phase.unfinished.size}/${phase.total}${phase.bytes > 0 ? ` (${prettyBytes(phase.bytes)})` : ''}`;
  const errors = [...phase.errors].map(([task, message]) => `[${task}: ${message}]`).join(', ');
  return [unfinished, progress, errors];
}

export function backupObjects(job: BackupJobMeta): string {
  return [
    ...job.tables.map((t) => `[${t.name}${t.partial ? ` PARTITION (${t.partitions.map((p) => p.name).join(', ')})` : ''}]`),
    ...job.materializedViews.map((v) => `[${v.name}]`),
  ].join(', ');
}

export function backupRow(job: BackupJobMeta, phase: PhaseProgress | undefined): Cell[] {
  return [
    job.jobId,
    job.label,
    job.dbName,
    job.state,
    backupObjects(job),
    showTime(job.createTime),
    showTime(job.snapshotFinishedTime),
    showTime(job.uploadFinishedTime),
    showTime(job.finishedTime),
    ...phaseCells(phase),
    formatStatus(job.status),
    job.timeoutMs / 1000,
  ];
}

export function restoreRow(job: RestoreJobMeta, phase: PhaseProgress | undefined): Cell[] {
  return [
    job.jobId,
    job.label,
    job.backupTimestamp,
    job.dbName,
    job.state,
    job.allowLoad,
    job.replicationNum,
    job.restoreObjs,
    showTime(job.createTime),
    showTime(job.metaPreparedTime),
    showTime(job.snapshotFinishedTime),
    showTime(job.downloadFinishedTime),
    showTime(job.finishedTime),
    ...phaseCells(phase),
    formatStatus(job.status),
    job.timeoutMs / 1000,
  ];
}
