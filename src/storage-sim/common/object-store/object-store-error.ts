// Object store failures in the words of a repository's Status (StarRocks' backup Status codes):
// what was being done, where, and why, without the credentials. Retryable failures (the network,
// a busy store) are told apart from final ones (no such bucket, access denied).
import { S3ServiceException } from '@aws-sdk/client-s3';

export type ObjectStoreErrorCode = 'NOT_FOUND' | 'BAD_CONNECTION' | 'BAD_FILE' | 'COMMON_ERROR';

export class ObjectStoreError extends Error {
  constructor(
    message: string,
    readonly code: ObjectStoreErrorCode,
    readonly retryable = false,
  ) {
    super(message);
    this.name = 'ObjectStoreError';
  }
}

const NOT_FOUND = new Set(['NoSuchBucket', 'NoSuchKey', 'NotFound']);
const DENIED = new Set(['AccessDenied', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'Forbidden']);

/** Turns an SDK or network error into an ObjectStoreError that names the operation and the target. */
export function objectStoreError(error: unknown, what: string): ObjectStoreError {
  if (error instanceof ObjectStoreError) return error;
  if (error instanceof S3ServiceException) {
    const status = error.$metadata.httpStatusCode ?? 0;
    const name = error.name === 'Unknown' || error.name === 'UnknownError' ? `HTTP ${status}` : error.name;
    if (NOT_FOUND.has(error.name) || status === 404) return new ObjectStoreError(`${what}: not found (${name})`, 'NOT_FOUND');
    if (DENIED.has(error.name) || status === 403) {
      return new ObjectStoreError(`${what}: access denied (${name}); check the repository's access key, secret key and region`, 'COMMON_ERROR');
    }
    const detail = error.message && error.message !== error.name && error.message !== 'UnknownError' ? `: ${error.message}` : '';
    return new ObjectStoreError(`${what}: ${name}${detail}`, 'COMMON_ERROR', status >= 500 || status === 429);
  }
  const err = error as NodeJS.ErrnoException;
  if (err?.name === 'AbortError') return new ObjectStoreError(`${what}: cancelled`, 'COMMON_ERROR');
  const message = err?.message ?? String(error);
  const text = err?.code && !message.includes(err.code) ? `${err.code} ${message}` : message;
  // The local file to upload could not be read: another attempt would not find it either.
  if (err?.syscall === 'open' || err?.syscall === 'read') return new ObjectStoreError(`${what}: ${text}`, 'COMMON_ERROR');
  return new ObjectStoreError(`${what}: ${text}`, 'BAD_CONNECTION', true);
}
