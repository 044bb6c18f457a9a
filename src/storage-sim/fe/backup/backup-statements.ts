// The statements of repositories, BACKUP and RESTORE, plugged into the FE's statement executor.
import type { ExtraExecutor } from '../statement-executor.js';
import { showRows } from '../show/show-result.js';
import type { BackupRestoreManager } from './backup-restore-manager.js';
import { BACKUP_COLUMNS, RESTORE_COLUMNS } from './job-rows.js';
import { REPOSITORY_COLUMNS } from './repositories.js';

export function backupStatements(manager: BackupRestoreManager): ExtraExecutor {
  return async (_ctx, session, stmt) => {
    switch (stmt.kind) {
      case 'create_repository':
        await manager.repositories.create(stmt);
        return { kind: 'ok' };
      case 'drop_repository':
        manager.dropRepository(stmt.name);
        return { kind: 'ok' };
      case 'show_repositories':
        return showRows(REPOSITORY_COLUMNS, manager.repositories.rows());
      case 'backup':
        await manager.backup(stmt, session.database);
        return { kind: 'ok' };
      case 'restore':
        await manager.restore(stmt, session.database);
        return { kind: 'ok' };
      case 'cancel_backup':
      case 'cancel_restore':
        await manager.cancel(stmt.kind === 'cancel_backup' ? 'BACKUP' : 'RESTORE', stmt.db, session.database);
        return { kind: 'ok' };
      case 'show_backup':
        return showRows(BACKUP_COLUMNS, manager.backupRows(stmt.db, session.database));
      case 'show_restore':
        return showRows(RESTORE_COLUMNS, manager.restoreRows(stmt.db, session.database));
      case 'show_snapshot': {
        const result = await manager.showSnapshot(stmt);
        return showRows(result.columns, result.rows);
      }
      default:
        return undefined;
    }
  };
}
