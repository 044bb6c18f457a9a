// Assertions the engine tests share: SQL errors with their MySQL errno and SQLSTATE, and waits
// that fail instead of hanging.
import assert from 'node:assert/strict';

interface MysqlClientError {
  errno?: number;
  sqlState?: string;
  message: string;
  code?: string;
}

/** Awaits `work` and checks it failed with this errno, SQLSTATE and (optionally) message. */
export async function expectSqlError(work: Promise<unknown>, errno: number, sqlState: string, message?: RegExp): Promise<MysqlClientError> {
  let caught: MysqlClientError | undefined;
  try {
    await work;
  } catch (error) {
    caught = error as MysqlClientError;
  }
  assert.ok(caught, `expected error ${errno} (${sqlState}), but the statement succeeded`);
  assert.equal(caught.errno, errno, `errno of: ${caught.message}`);
  assert.equal(caught.sqlState, sqlState, `SQLSTATE of: ${caught.message}`);
  if (message) assert.match(caught.message, message);
  return caught;
}

/** Rejects when `work` takes longer than `ms`: a statement must answer, never hang. */
export async function within<T>(ms: number, work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
