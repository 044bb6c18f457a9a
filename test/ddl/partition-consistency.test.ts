import { test } from 'node:test';
import assert from 'node:assert/strict';
import { partitionConsistency } from '../../src/ddl/partition-consistency.js';
import { FEBRUARY, JANUARY, sourcePartition, targetPartition } from '../helpers/catalog-fixtures.js';

const source = sourcePartition('p1', JANUARY, { visibleVersion: 5, versionEpoch: 77 });

test('an empty target partition (version 1, never written) is consistent, whatever its epoch or writer', () => {
  const verdict = partitionConsistency(source, targetPartition('p1', JANUARY, { visibleVersion: 1, versionEpoch: 12, versionTxnType: 'TXN_NORMAL' }));
  assert.deepEqual(verdict, { verdict: 'consistent', reason: 'the target partition is empty (version 1)' });
});

test('a target replicated from the same epoch and behind or level is consistent', () => {
  for (const version of [2, 4, 5]) {
    const verdict = partitionConsistency(source, targetPartition('p1', JANUARY, { visibleVersion: version, versionEpoch: 77 }));
    assert.equal(verdict.verdict, 'consistent', `version ${version}`);
    assert.match(verdict.reason, /same history/);
  }
});

test('the same version under another epoch is inconsistent: the source history changed', () => {
  const verdict = partitionConsistency(source, targetPartition('p1', JANUARY, { visibleVersion: 5, versionEpoch: 78 }));
  assert.equal(verdict.verdict, 'inconsistent');
  assert.match(verdict.reason, /version epoch differs \(77 on the source, 78 on the target/);
});

test('a target ahead of the source is inconsistent', () => {
  const verdict = partitionConsistency(source, targetPartition('p1', JANUARY, { visibleVersion: 6, versionEpoch: 77 }));
  assert.equal(verdict.verdict, 'inconsistent');
  assert.match(verdict.reason, /the target is ahead of the source \(version 5 on the source, 6 on the target\)/);
});

test('a target partition written by a load (TXN_NORMAL, version > 1) is inconsistent, even behind the source', () => {
  const verdict = partitionConsistency(source, targetPartition('p1', JANUARY, { visibleVersion: 3, versionEpoch: 77, versionTxnType: 'TXN_NORMAL' }));
  assert.equal(verdict.verdict, 'inconsistent');
  assert.match(verdict.reason, /written by a load \(TXN_NORMAL/);
});

test('a different range or bucket count is inconsistent, whatever the versions', () => {
  const range = partitionConsistency(source, targetPartition('p1', FEBRUARY, { visibleVersion: 1 }));
  assert.equal(range.verdict, 'inconsistent');
  assert.match(range.reason, /^the range differs/);
  const buckets = partitionConsistency(source, targetPartition('p1', JANUARY, { visibleVersion: 1, buckets: 3 }));
  assert.deepEqual(buckets, { verdict: 'inconsistent', reason: 'the bucket count differs (2 on the source, 3 on the target)', cause: 'buckets' });
});

test('clusters that report no epoch (SHOW PARTITIONS) are judged by versions alone', () => {
  const older = sourcePartition('p1', JANUARY, { visibleVersion: 5, versionEpoch: 0 });
  const behind = targetPartition('p1', JANUARY, { visibleVersion: 4, versionEpoch: 0, versionTxnType: 'TXN_NORMAL' });
  assert.equal(partitionConsistency(older, behind).verdict, 'consistent');
  const ahead = targetPartition('p1', JANUARY, { visibleVersion: 6, versionEpoch: 0, versionTxnType: 'TXN_NORMAL' });
  assert.equal(partitionConsistency(older, ahead).verdict, 'inconsistent');
});

test('restore lineage (transfer_mode=s3): a restored partition is an ordinary version under its own epoch; only a target ahead diverges', () => {
  const restored = targetPartition('p1', JANUARY, { visibleVersion: 5, versionEpoch: 901, versionTxnType: 'TXN_NORMAL' });
  assert.equal(partitionConsistency(source, restored).verdict, 'inconsistent', 'replication lineage: a load wrote it');
  const verdict = partitionConsistency(source, restored, 'restore');
  assert.deepEqual(verdict, { verdict: 'consistent', reason: 'version 5 on the source, 5 on the target; written by RESTORE, versions alone compared' });
  assert.equal(partitionConsistency(source, { ...restored, visibleVersion: 3 }, 'restore').verdict, 'consistent');
  assert.match(partitionConsistency(source, { ...restored, visibleVersion: 6 }, 'restore').reason, /the target is ahead of the source/);
  assert.match(partitionConsistency(source, targetPartition('p1', FEBRUARY, { visibleVersion: 5 }), 'restore').reason, /the range differs/);
});

test('a compacted shared-data target is compared by its data version: consistent at the source version, ahead past it', () => {
  // StarRocks: fe/fe-core/src/main/java/com/starrocks/transaction/LakeTableTxnLogApplier.java (lake
  // compaction skips setDataVersion) and fe/fe-core/src/main/java/com/starrocks/transaction/DatabaseTransactionMgr.java
  // (a replication commit sets dataVersion to the source's version).
  const at13 = sourcePartition('p1', JANUARY, { visibleVersion: 13, versionEpoch: 77 });
  const compacted = partitionConsistency(at13, targetPartition('p1', JANUARY, { visibleVersion: 14, dataVersion: 13, versionEpoch: 77 }));
  assert.equal(compacted.verdict, 'consistent');
  assert.match(compacted.reason, /version 13 on the source, 13 on the target/);
  const ahead = partitionConsistency(at13, targetPartition('p1', JANUARY, { visibleVersion: 14, dataVersion: 14, versionEpoch: 77 }));
  assert.equal(ahead.verdict, 'inconsistent');
  assert.equal(ahead.cause, 'target-ahead');
  assert.match(ahead.reason, /the target is ahead of the source \(version 13 on the source, 14 on the target\)/);
  const empty = partitionConsistency(at13, targetPartition('p1', JANUARY, { visibleVersion: 3, dataVersion: 1, versionEpoch: 12, versionTxnType: 'TXN_NORMAL' }));
  assert.deepEqual(empty, { verdict: 'consistent', reason: 'the target partition is empty (version 1)' }, 'compacted, never written: data version 1');
});
