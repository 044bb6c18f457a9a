// Which source replicas of a tablet a replication request names, and in what order (pure).
//
// A replica can serve a snapshot when its BE is alive and holds every version up to the one being
// replicated. Decommissioned BEs still serve, but their replicas are going away, so they come
// after the others. How the list is used depends on the target FE (capabilities.ts ReplicaChoice):
// - spread (3.3 and later): the target FE shares the list out among its replicas, each trying its
//   share in turn, so the list is every replica that can serve, the best first;
// - by-position (before 3.3): target replica i copies from the i-th entry only, and the FE refuses a
//   list shorter than the target's replica count ("Source replica number must not less than target
//   replica number", ReplicationJob.initTabletInfo). So only replicas that can serve are named, and
//   when there are fewer than target replicas they are named again (the FE takes duplicates), so
//   that every target replica has a source that works.
import type { ReplicaChoice } from '../cluster/capabilities.js';
import type { ReplicaLayout } from '../meta/tablet-placement.js';

export interface BackendHealth {
  alive: boolean;
  decommissioned: boolean;
}

export type SourceReplicaChoice = { backendIds: number[] } | { wait: string };

function describeReplica(replica: ReplicaLayout, backend: BackendHealth | undefined): string {
  const state = !backend ? 'unknown BE' : !backend.alive ? 'BE down' : backend.decommissioned ? 'BE decommissioned' : 'BE alive';
  return `BE ${replica.backendId} at version ${replica.version} (${state})`;
}

/**
 * @param version the source version the request asks for: a replica below it cannot serve
 * @param targetReplicas how many replicas the target tablet has
 */
export function chooseSourceReplicas(
  tabletId: number,
  replicas: readonly ReplicaLayout[],
  backends: ReadonlyMap<number, BackendHealth>,
  version: number,
  targetReplicas: number,
  choice: ReplicaChoice,
): SourceReplicaChoice {
  const complete = replicas.filter((r) => backends.get(r.backendId)?.alive === true && r.version >= version);
  const staying = complete.filter((r) => !backends.get(r.backendId)!.decommissioned);
  const leaving = complete.filter((r) => backends.get(r.backendId)!.decommissioned);
  const usable = [...staying, ...leaving].map((r) => r.backendId);
  if (usable.length === 0) {
    const seen = replicas.length === 0 ? 'no replica is listed' : replicas.map((r) => describeReplica(r, backends.get(r.backendId))).join(', ');
    return { wait: `source tablet ${tabletId} has no replica on an alive BE at version ${version} (${seen})` };
  }
  if (choice === 'spread') return { backendIds: usable };
  const wanted = Math.max(targetReplicas, 1);
  return { backendIds: Array.from({ length: Math.max(wanted, usable.length) }, (_, i) => usable[i % usable.length]!) };
}
