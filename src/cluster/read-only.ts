// The daemon never writes to the source cluster. Every statement sent to the source passes this
// check, so a bug elsewhere in the daemon cannot turn into a write on the source.

const READ_ONLY = /^\s*(SELECT|SHOW|ADMIN\s+SHOW|DESC|DESCRIBE|EXPLAIN)\b/i;

export class WriteRefused extends Error {}

export function isReadOnly(sql: string): boolean {
  return READ_ONLY.test(sql);
}

export function assertReadOnly(sql: string): void {
  if (!isReadOnly(sql)) throw new WriteRefused(`refusing to send a statement that is not a read to the source cluster: ${sql.slice(0, 60)}`);
}

/** With transfer_mode=s3, the one statement besides reads the source receives: a BACKUP of what to move. */
const BACKUP = /^\s*BACKUP\s+SNAPSHOT\b/i;

export function assertSourceStatement(sql: string, allowBackups: boolean): void {
  if (allowBackups && BACKUP.test(sql)) return;
  assertReadOnly(sql);
}
