// The startTableReplication request for one table (pure): partitions paired by name, tablets by
// position after sorting both sides by id, source replicas' BE addresses mapped to what the target
// BEs can reach. Only partitions where the source is ahead are included.
import type { TPartitionReplicationInfo, TTableReplicationRequest } from '../protocol/replication-types.js';
import { TTableType } from '../protocol/replication-types.js';
import type { BackendAddress, TableLayout } from '../meta/table-layout.js';

export interface ReplicationRequestInput {
  source: TableLayout;
  target: TableLayout;
  sourceBackends: BackendAddress[];
  /** Where the target BEs reach a source BE (hosts.properties applied). */
  mapSourceBackend: (backend: BackendAddress) => { host: string; bePort: number; httpPort: number };
  sourceToken: string;
  targetUser: string;
  targetPassword: string;
  /** Restricts the request to these partition names (a job split by size); all lagging ones otherwise. */
  partitions?: readonly string[];
  jobId?: string;
}

export class ReplicationPlanError extends Error {}

export function buildReplicationRequest(input: ReplicationRequestInput): TTableReplicationRequest {
  const { source, target } = input;
  const backends = new Map(input.sourceBackends.map((b) => [b.id, b]));
  const infos = new Map<number, TPartitionReplicationInfo>();
  let dataSize = 0;
  for (const sourcePartition of source.partitions) {
    if (input.partitions && !input.partitions.includes(sourcePartition.name)) continue;
    const targetPartition = target.partitions.find((p) => p.name === sourcePartition.name);
    if (!targetPartition) throw new ReplicationPlanError(`partition ${sourcePartition.name} of ${source.db}.${source.table} does not exist on the target`);
    if (targetPartition.visibleVersion >= sourcePartition.visibleVersion) continue;
    if (targetPartition.tablets.length !== sourcePartition.tablets.length) {
      throw new ReplicationPlanError(`partition ${sourcePartition.name}: ${sourcePartition.tablets.length} tablets on the source, ${targetPartition.tablets.length} on the target`);
    }
    const tablets = new Map(
      targetPartition.tablets.map((targetTablet, i) => {
        const sourceTablet = sourcePartition.tablets[i]!;
        const replicas = sourceTablet.backendIds.map((id) => {
          const backend = backends.get(id);
          if (!backend) throw new ReplicationPlanError(`tablet ${sourceTablet.id}: source backend ${id} is unknown`);
          const address = input.mapSourceBackend(backend);
          return { src_backend: { host: address.host, be_port: address.bePort, http_port: address.httpPort } };
        });
        return [targetTablet.id, { tablet_id: targetTablet.id, src_tablet_id: sourceTablet.id, replica_replication_infos: replicas }] as const;
      }),
    );
    infos.set(targetPartition.id, {
      partition_id: targetPartition.id,
      src_version: sourcePartition.visibleVersion,
      src_version_epoch: sourcePartition.versionEpoch,
      index_replication_infos: new Map([[target.indexId, { index_id: target.indexId, src_schema_hash: source.schemaHash, tablet_replication_infos: new Map(tablets) }]]),
    });
    dataSize += sourcePartition.dataSize;
  }
  return {
    username: input.targetUser,
    password: input.targetPassword,
    database_id: target.dbId,
    table_id: target.tableId,
    src_token: input.sourceToken,
    src_table_type: TTableType.OLAP_TABLE,
    src_table_data_size: dataSize,
    partition_replication_infos: infos,
    ...(input.jobId ? { job_id: input.jobId } : {}),
  };
}
