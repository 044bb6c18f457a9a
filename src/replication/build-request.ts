// The startTableReplication request for one table (pure): partitions paired by name, tablets by
// position after sorting both sides by id, the source replicas that can serve each tablet
// (source-replicas.ts) with their BE addresses mapped to what the target BEs can reach. Only
// partitions where the source is ahead are included.
//
// src_table_data_size is the whole source table's size: the target FE subtracts its own table's
// size from it and counts the difference against replication_max_parallel_data_size_mb
// (ReplicationJob / ReplicationMgr), so a job carrying only the lagging partitions' size would
// understate the data under way.
import type { TPartitionReplicationInfo, TTableReplicationRequest } from '../protocol/replication-types.js';
import { TTableType } from '../protocol/replication-types.js';
import type { ReplicaChoice } from '../cluster/capabilities.js';
import { LayoutWait, type BackendAddress, type TableLayout } from '../meta/table-layout.js';
import { chooseSourceReplicas } from './source-replicas.js';
import { alignedVersion } from '../meta/aligned-version.js';

export interface ReplicationRequestInput {
  source: TableLayout;
  target: TableLayout;
  sourceBackends: BackendAddress[];
  /** Where the target BEs reach a source BE (hosts.properties applied). */
  mapSourceBackend: (backend: BackendAddress) => { host: string; bePort: number; httpPort: number };
  /** How the target FE pairs its replicas with the source replicas listed (its capabilities). */
  replicaChoice: ReplicaChoice;
  sourceToken: string;
  targetUser: string;
  targetPassword: string;
  /** Restricts the request to these partition names (a job split by size); all lagging ones otherwise. */
  partitions?: readonly string[];
  jobId?: string;
}

/** The two layouts cannot be paired: the DDL job has work to do first. */
export class ReplicationPlanError extends Error {}

export function buildReplicationRequest(input: ReplicationRequestInput): TTableReplicationRequest {
  const { source, target } = input;
  const tableName = `${source.db}.${source.table}`;
  const backends = new Map(input.sourceBackends.map((b) => [b.id, b]));
  const infos = new Map<number, TPartitionReplicationInfo>();
  for (const sourcePartition of source.partitions) {
    if (input.partitions && !input.partitions.includes(sourcePartition.name)) continue;
    const targetPartition = target.partitions.find((p) => p.name === sourcePartition.name);
    if (!targetPartition) throw new ReplicationPlanError(`partition ${sourcePartition.name} of ${tableName} does not exist on the target`);
    // The target FE decides by the target's data version too (aligned-version.ts): a compacted
    // shared-data target whose visible version passed the source's may still hold all its data.
    if (alignedVersion(targetPartition) >= alignedVersion(sourcePartition)) continue;
    if (targetPartition.tablets.length !== sourcePartition.tablets.length) {
      throw new ReplicationPlanError(`partition ${sourcePartition.name}: ${sourcePartition.tablets.length} tablets on the source, ${targetPartition.tablets.length} on the target`);
    }
    const tablets = new Map(
      targetPartition.tablets.map((targetTablet, i) => {
        const sourceTablet = sourcePartition.tablets[i]!;
        const chosen = chooseSourceReplicas(sourceTablet.id, sourceTablet.replicas, backends, sourcePartition.visibleVersion, targetTablet.replicas.length, input.replicaChoice);
        if ('wait' in chosen) throw new LayoutWait(tableName, `partition ${sourcePartition.name}: ${chosen.wait}`);
        const replicas = chosen.backendIds.map((id) => {
          const address = input.mapSourceBackend(backends.get(id)!);
          return { src_backend: { host: address.host, be_port: address.bePort, http_port: address.httpPort } };
        });
        return [targetTablet.id, { tablet_id: targetTablet.id, src_tablet_id: sourceTablet.id, replica_replication_infos: replicas }] as const;
      }),
    );
    infos.set(targetPartition.id, {
      partition_id: targetPartition.id,
      // The version of the source snapshot the target copies: its visible version. Sources are
      // shared-nothing clusters, where the data version always equals it.
      src_version: sourcePartition.visibleVersion,
      // A source before 3.3 reports no epoch: the field is left out rather than sent as 0.
      ...(sourcePartition.versionEpoch !== 0 ? { src_version_epoch: sourcePartition.versionEpoch } : {}),
      index_replication_infos: new Map([[target.indexId, { index_id: target.indexId, src_schema_hash: sourcePartition.schemaHash, tablet_replication_infos: new Map(tablets) }]]),
    });
  }
  return {
    username: input.targetUser,
    password: input.targetPassword,
    database_id: target.dbId,
    table_id: target.tableId,
    src_token: input.sourceToken,
    src_table_type: TTableType.OLAP_TABLE,
    src_table_data_size: source.dataSize,
    partition_replication_infos: infos,
    ...(input.jobId ? { job_id: input.jobId } : {}),
  };
}
