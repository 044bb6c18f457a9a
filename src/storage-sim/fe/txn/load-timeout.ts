// The range a load's timeout must lie in, checked when its transaction begins, as StarRocks'
// GlobalTransactionMgr.beginTransaction checks it: Stream Load against max_stream_load_timeout_second,
// every other load against max_load_timeout_second, both against min_load_timeout_second.
// Replication transactions are not checked (their timeout is replication_transaction_timeout_sec),
// nor are the FE's own compaction transactions, restores.
import type { TxnSourceType } from '../catalog/model.js';
import { SimError } from '../sim-error.js';

export interface LoadTimeoutLimits {
  minLoadTimeoutSecond(): number;
  maxLoadTimeoutSecond(): number;
  maxStreamLoadTimeoutSecond(): number;
}

export function checkLoadTimeout(sourceType: TxnSourceType, timeoutMs: number, limits: LoadTimeoutLimits): void {
  if (sourceType === 'REPLICATION' || sourceType === 'RESTORE' || sourceType === 'LAKE_COMPACTION') return;
  const max = sourceType === 'BACKEND_STREAMING' ? limits.maxStreamLoadTimeoutSecond() : limits.maxLoadTimeoutSecond();
  const min = limits.minLoadTimeoutSecond();
  const seconds = timeoutMs / 1000;
  if (seconds > max || seconds < min) {
    throw SimError.invalid(`Invalid timeout. Timeout should between ${min} and ${max} seconds`);
  }
}
