// The drop audit: every DROP the daemon runs on the target is first appended to log/drops.log,
// one JSON document per line (names may hold any character), with the statement, why, and the
// setting that allowed it. The line is on disk (fsynced) before the statement is sent, so the
// file lists every drop that may have happened, even one cut short by a crash; a drop whose line
// cannot be written is not run. The file is only ever appended to: the daemon never rotates or
// rewrites it.
import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const DROP_AUDIT_FILE = 'drops.log';

export interface DropAuditEntry {
  /** The statement as it is sent. */
  statement: string;
  /** db, db.table or db.table.partition. */
  object: string;
  reason: string;
  /** The setting that allowed the drop (it is true, or the drop would not be planned). */
  allowedBy: string;
}

export interface DropAudit {
  record(entry: DropAuditEntry): void;
}

export function dropAuditLine(entry: DropAuditEntry, at: Date): string {
  return `${JSON.stringify({ time: at.toISOString(), statement: entry.statement, object: entry.object, reason: entry.reason, allowed_by: `${entry.allowedBy}=true` })}\n`;
}

export function dropAuditFile(logDir: string, now: () => Date = () => new Date()): DropAudit {
  const path = join(logDir, DROP_AUDIT_FILE);
  return {
    record(entry) {
      mkdirSync(logDir, { recursive: true });
      const fd = openSync(path, 'a');
      try {
        writeSync(fd, dropAuditLine(entry, now()));
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    },
  };
}
