// Whether a partition present on both clusters can simply be caught up by replication, or holds
// data the source never had and must be dropped and re-synced.
//
// Replication can only move a target partition forward along the source's own history. That
// history is identified by (version, version epoch), the version being the aligned one
// (aligned-version.ts: the data version where the cluster prints it): replication adopts the source's
// epoch and marks the version TXN_REPLICATION, while a load into the target writes TXN_NORMAL
// (and a load on top of replicated data starts a fresh epoch). So the target is on the source's
// history when it is still empty (version 1, nothing written), or when replication wrote its
// version, under the source's epoch, and it is not ahead. Anything else means someone loaded into
// the target, or the source's history was rewritten (its partition dropped and re-created,
// restored, ...): the two diverged.
import type { PartitionModel } from '../meta/catalog-model.js';
import { sameRange } from './range-meaning.js';
import { alignedVersion } from '../meta/aligned-version.js';

/**
 * How the daemon writes target partitions. replication: StarRocks' replication, which marks the
 * version TXN_REPLICATION under the source's epoch, so a load into the target is recognisable.
 * restore (transfer_mode=s3): a RESTORE, which writes the backed-up version as an ordinary one;
 * only a target ahead of the source then shows a divergence.
 */
export type Lineage = 'replication' | 'restore';

export function lineageOf(settings: { transfer_mode?: 'replication' | 's3' }): Lineage {
  return settings.transfer_mode === 's3' ? 'restore' : 'replication';
}

export type ConsistencyVerdict = 'consistent' | 'inconsistent';

/** What makes a partition inconsistent, apart from the numbers: a drop is never repeated for the same cause. */
export type InconsistencyCause = 'range' | 'buckets' | 'target-ahead' | 'loaded-on-target' | 'epoch' | 'source-replaced';

export interface PartitionConsistency {
  verdict: ConsistencyVerdict;
  /** In words, for the log: why the verdict. */
  reason: string;
  /** Set when inconsistent. */
  cause?: InconsistencyCause;
}

/** A new partition's version (visible and data): it holds no data yet. */
const EMPTY_VERSION = 1;

const consistent = (reason: string): PartitionConsistency => ({ verdict: 'consistent', reason });
const inconsistent = (cause: InconsistencyCause, reason: string): PartitionConsistency => ({ verdict: 'inconsistent', reason, cause });

function versionConsistency(source: PartitionModel, target: PartitionModel, lineage: Lineage, syncedFrom: number | undefined): PartitionConsistency {
  // Versions are compared aligned (aligned-version.ts): a shared-data target's compactions move
  // its visible version past the source's without writing any data, and leave its data version
  // where replication put it.
  const sourceVersion = alignedVersion(source);
  const targetVersion = alignedVersion(target);
  if (targetVersion === EMPTY_VERSION) return consistent('the target partition is empty (version 1)');
  const versions = `version ${sourceVersion} on the source, ${targetVersion} on the target`;
  // Clusters before 3.3 report neither epoch nor who wrote the version (epoch 0). Judging their
  // lineage would call every replicated partition "loaded locally" and drop it each round, so
  // versions decide for them, and the source partition's id: a partition replaced under the same
  // name (INSERT OVERWRITE swaps in new partitions) is another history even at an equal version.
  if (source.versionEpoch === 0 || target.versionEpoch === 0 || lineage === 'restore') {
    if (syncedFrom !== undefined && syncedFrom !== source.id) {
      return inconsistent('source-replaced', `the source partition was replaced (id ${source.id}; the target holds data of id ${syncedFrom}: an INSERT OVERWRITE or a re-created partition; ${versions})`);
    }
    const why = lineage === 'restore' ? 'written by RESTORE' : 'no version epoch reported';
    return targetVersion <= sourceVersion
      ? consistent(`${versions}; ${why}, versions alone compared`)
      : inconsistent('target-ahead', `the target is ahead of the source (${versions})`);
  }
  if (target.versionTxnType !== 'TXN_REPLICATION') {
    return inconsistent('loaded-on-target', `the target partition was written by a load (${target.versionTxnType}, ${versions})`);
  }
  if (target.versionEpoch !== source.versionEpoch) {
    return inconsistent('epoch', `the version epoch differs (${source.versionEpoch} on the source, ${target.versionEpoch} on the target, ${versions})`);
  }
  if (targetVersion > sourceVersion) return inconsistent('target-ahead', `the target is ahead of the source (${versions})`);
  return consistent(`replicated from the same history (${versions}, epoch ${source.versionEpoch})`);
}

/**
 * @param syncedFrom the id of the source partition the target partition's data came from, when the
 *   daemon knows it (source-partition-ids.ts): used where the clusters print no version epochs
 */
export function partitionConsistency(source: PartitionModel, target: PartitionModel, lineage: Lineage = 'replication', syncedFrom?: number): PartitionConsistency {
  if (!sameRange(source.range, target.range)) return inconsistent('range', `the range differs (${source.range || '(none)'} on the source, ${target.range || '(none)'} on the target)`);
  if (source.buckets !== target.buckets) return inconsistent('buckets', `the bucket count differs (${source.buckets} on the source, ${target.buckets} on the target)`);
  return versionConsistency(source, target, lineage, syncedFrom);
}
