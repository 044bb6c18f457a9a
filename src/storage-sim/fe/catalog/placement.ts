// Where the replicas of a new partition's tablets live: each tablet on `replicationNum` distinct
// backends, consecutive tablets shifted by one backend and each partition starting where the last
// one stopped, so data and load spread evenly, as StarRocks' round-robin placement does.
import { SimError } from '../sim-error.js';
import type { TabletMeta } from './model.js';

export interface PlacementRequest {
  tabletIds: number[];
  /** Replica ids, replicationNum per tablet, in tablet order. */
  replicaIds: number[];
  replicationNum: number;
  backendIds: number[];
  /** Rotates the first backend between partitions. */
  offset: number;
  tableName: string;
}

export function placeTablets(request: PlacementRequest): TabletMeta[] {
  const backends = [...request.backendIds].sort((a, b) => a - b);
  if (request.replicationNum < 1) throw SimError.invalid(`replication_num must be at least 1, got ${request.replicationNum}`);
  if (request.replicationNum > backends.length) {
    throw SimError.invalid(
      `Table replication num should be less than or equal to the number of available BE nodes. ` +
        `You can change this default by setting the replication_num table properties. ` +
        `Current alive backend is [${backends.join(',')}]. , table=${request.tableName}, replication_num=${request.replicationNum}`,
    );
  }
  if (request.replicaIds.length !== request.tabletIds.length * request.replicationNum) {
    throw new Error('placement needs exactly replicationNum replica ids per tablet');
  }
  return request.tabletIds.map((id, t) => ({
    id,
    replicas: Array.from({ length: request.replicationNum }, (_, k) => ({
      id: request.replicaIds[t * request.replicationNum + k]!,
      backendId: backends[(request.offset + t + k) % backends.length]!,
    })),
  }));
}
