// LOAD LABEL, SHOW LOAD and CANCEL LOAD, plugged into the FE's statement executor.
import type { ExtraExecutor } from '../statement-executor.js';
import type { BrokerLoadManager } from './broker-load-manager.js';

export function brokerLoadStatements(manager: BrokerLoadManager): ExtraExecutor {
  return async (_ctx, session, stmt) => {
    switch (stmt.kind) {
      case 'load':
        await manager.submit(stmt, session.database);
        return { kind: 'ok' };
      case 'show_load':
        return manager.show(stmt, session.database);
      case 'cancel_load':
        await manager.cancel(stmt, session.database);
        return { kind: 'ok' };
      default:
        return undefined;
    }
  };
}
