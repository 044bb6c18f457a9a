// How backup and restore jobs report: a Status as StarRocks prints it ("[OK]",
// "[BAD_FILE, msg: md5sum does not equal ...]"), times as SHOW prints them, and the error a job
// step throws to end the job with a given Status.
import { InternalCallError } from '../../common/internal-http.js';
import { ObjectStoreError } from '../../common/object-store/object-store-error.js';
import type { JobStatus, JobStatusCode } from '../catalog/backup-model.js';

export const OK_STATUS: JobStatus = { code: 'OK', message: '' };

export function formatStatus(status: JobStatus): string {
  return status.code === 'OK' ? '[OK]' : `[${status.code}, msg: ${status.message}]`;
}

/** yyyy-MM-dd HH:mm:ss in the FE's local time; NULL for a time not reached yet. */
export function showTime(ms: number): string | null {
  if (ms <= 0) return null;
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/** Thrown by a job step: the job is cancelled with this Status. */
export class JobFailure extends Error {
  constructor(
    readonly status: JobStatus,
  ) {
    super(status.message);
    this.name = 'JobFailure';
  }

  static of(code: JobStatusCode, message: string): JobFailure {
    return new JobFailure({ code, message });
  }
}

const CODES = new Set<JobStatusCode>(['NOT_FOUND', 'BAD_FILE', 'TIMEOUT', 'BAD_CONNECTION', 'COMMON_ERROR', 'OLAP_VERSION_ALREADY_MERGED', 'UNSUPPORTED']);

/** The Status a failure stands for: BE answers and object store errors carry their code along. */
export function statusOf(error: unknown): JobStatus {
  if (error instanceof JobFailure) return error.status;
  const code = error instanceof InternalCallError || error instanceof ObjectStoreError ? error.code : undefined;
  if (code === 'VersionsNotAvailable') return { code: 'OLAP_VERSION_ALREADY_MERGED', message: `make snapshot failed, version already merged: ${(error as Error).message}` };
  return { code: code && CODES.has(code as JobStatusCode) ? (code as JobStatusCode) : 'COMMON_ERROR', message: error instanceof Error ? error.message : String(error) };
}
