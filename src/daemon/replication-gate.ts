// Whether new replication jobs may be sent now, and if not, why. Pure. Jobs already running are
// never stopped by it: it only holds back the next ones.
//
// An operator's pause comes first (steering.ts): it is asked for, and lifted, by hand. Then lake
// compaction left on where it counts as data (a shared-data target before StarRocks 3.3.10, and
// 3.4.0): its versions would pass for the source's, so the target would look synced while it
// lacks the source's newest loads; that is not lost time but wrong data, so nothing is sent until
// it is off, and a one-time run ends saying so. Full target disks come next: sending data to a
// target whose BEs are above
// target_cluster_max_disk_used_percent would fill them, and in a one-time run that will not heal by
// itself, so the run ends and says so. A closed quiet-hours window only waits.
import type { BackendModel, ClusterCatalog } from '../meta/catalog-model.js';

export type GateVerdict =
  | { send: true }
  | { send: false; cause: 'paused'; reason: string }
  | { send: false; cause: 'compaction-on'; reason: string }
  | { send: false; cause: 'disk-full'; reason: string }
  | { send: false; cause: 'window-closed' };

export function replicationGate(input: {
  targetBackends: readonly BackendModel[];
  maxDiskUsedPercent: number;
  windowOpen: boolean;
  paused?: boolean;
  lakeCompaction?: ClusterCatalog['lakeCompaction'];
}): GateVerdict {
  if (input.paused) return { send: false, cause: 'paused', reason: 'the daemon is paused: no new replication until it is resumed' };
  const compaction = input.lakeCompaction;
  if (compaction && compaction.maxTasks?.trim() !== '0') {
    return {
      send: false,
      cause: 'compaction-on',
      reason:
        `no new replication: lake_compaction_max_tasks is ${compaction.maxTasks ?? 'unreadable'} on this shared-data StarRocks ${compaction.release} target, ` +
        'where a lake compaction publishes a version replication takes for data (before 3.3.10): run ADMIN SET FRONTEND CONFIG("lake_compaction_max_tasks"="0") on the target and add it to fe.conf',
    };
  }
  const full = input.targetBackends.filter((b) => b.usedPercent > input.maxDiskUsedPercent);
  if (full.length > 0) {
    const where = full.map((b) => `${b.host} (${b.usedPercent.toFixed(1)}%)`).join(', ');
    return { send: false, cause: 'disk-full', reason: `no new replication: target BE disk use above target_cluster_max_disk_used_percent=${input.maxDiskUsedPercent}% on ${where}` };
  }
  return input.windowOpen ? { send: true } : { send: false, cause: 'window-closed' };
}
