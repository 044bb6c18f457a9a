import { test } from 'node:test';
import assert from 'node:assert/strict';
import { observeFromTransactions } from '../../src/replication/transaction-observation.js';

// StarRocks: fe/fe-core/src/main/java/com/starrocks/replication/ReplicationJob.java labels the job's
// transaction REPLICATION_<dbId>_<tableId>_<jobId>; common/proc/TransDbProcDir.java lists them.
const txn = (label: string, status: string, reason = '') => ({ TransactionId: '7', Label: label, TransactionStatus: status, LoadJobSourceType: 'REPLICATION', Reason: reason });

test("without SHOW PROC '/replications', a job is followed through its transaction", () => {
  const running = [txn('REPLICATION_10_20_cs-a-1-0', 'PREPARE'), txn('insert_abc', 'PREPARE')];
  const finished = [txn('REPLICATION_10_21_cs-a-2-0', 'ABORTED', 'Source snapshots is empty'), txn('REPLICATION_10_22_cs-a-3-0', 'VISIBLE')];
  assert.deepEqual(observeFromTransactions('cs-a-1-0', running, finished), { outcome: 'in-progress', phase: 'transaction PREPARE' });
  assert.deepEqual(observeFromTransactions('cs-a-2-0', running, finished), { outcome: 'failed', phase: 'transaction ABORTED', error: 'Source snapshots is empty' });
  assert.deepEqual(observeFromTransactions('cs-a-3-0', running, finished), { outcome: 'done', phase: 'transaction VISIBLE' });
  assert.equal(observeFromTransactions('cs-a-4-0', running, finished), undefined, 'not listed');
  // A job id that is the end of another's must not match it.
  assert.equal(observeFromTransactions('1-0', running, finished), undefined);
  assert.equal(observeFromTransactions('a-1-0', [txn('insert_cs-a-1-0', 'PREPARE')], []), undefined, 'only replication transactions');
});
