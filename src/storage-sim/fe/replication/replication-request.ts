// Checks a startTableReplication request against the target catalogue, as StarRocks' FE does,
// and turns it into the job's partitions and per-replica tasks. Every failure is a message the
// caller answers with; nothing is changed here.
import type { TReplicaReplicationInfo, TTableReplicationRequest } from '../../../protocol/replication-types.js';
import { TTableType } from '../../../protocol/replication-types.js';
import type { DatabaseMeta, OlapTableMeta, ReplicationJobMeta, ReplicationTask } from '../catalog/model.js';

export class ReplicationRefused extends Error {}

function refuse(message: string): never {
  throw new ReplicationRefused(message);
}

export interface PlannedJob {
  db: DatabaseMeta;
  table: OlapTableMeta;
  partitions: ReplicationJobMeta['partitions'];
  tasks: ReplicationTask[];
}

export function planReplication(databases: DatabaseMeta[], request: TTableReplicationRequest): PlannedJob {
  if (request.src_table_type !== undefined && request.src_table_type !== TTableType.OLAP_TABLE) refuse(`Source table type ${request.src_table_type} is not OLAP_TABLE`);
  if (!request.src_token) refuse('src_token is required: the source cluster token authorises the snapshot downloads');
  const db = databases.find((d) => d.id === request.database_id);
  if (!db) refuse(`Database ${request.database_id} does not exist`);
  const table = db.tables.find((t) => t.id === request.table_id);
  if (!table) refuse(`Table ${request.table_id} does not exist in database ${db.name}`);
  if (table.kind !== 'OLAP' || table.state !== 'NORMAL') refuse(`Table ${table.name} is not an OLAP table in NORMAL state`);
  const infos = request.partition_replication_infos;
  if (!infos || infos.size === 0) refuse('partition_replication_infos is empty');

  const partitions: PlannedJob['partitions'] = [];
  const tasks: ReplicationTask[] = [];
  for (const [partitionId, info] of infos) {
    const partition = table.partitions.find((p) => p.id === partitionId);
    if (!partition) refuse(`Partition ${partitionId} does not exist in table ${table.name}`);
    const srcVersion = info.src_version ?? 0;
    if (partition.nextVersion !== partition.visibleVersion + 1) {
      refuse(`Partition ${partition.name} has committed version ${partition.nextVersion - 1} not equal to visible version ${partition.visibleVersion}`);
    }
    if (partition.visibleVersion > srcVersion) {
      refuse(`Target visible version: ${partition.visibleVersion} is larger than source visible version: ${srcVersion}`);
    }
    if (partition.visibleVersion === srcVersion) continue;
    const indexes = info.index_replication_infos ?? new Map();
    if (indexes.size !== 1 || !indexes.has(table.indexId)) refuse(`Partition ${partition.name}: index_replication_infos must name exactly index ${table.indexId}`);
    const index = indexes.get(table.indexId)!;
    const tablets = index.tablet_replication_infos ?? new Map();
    const expected = partition.tablets.map((t) => t.id).sort((a, b) => a - b);
    const given = [...tablets.keys()].sort((a, b) => a - b);
    if (expected.join(',') !== given.join(',')) {
      refuse(`Partition ${partition.name}: tablet_replication_infos must name its ${expected.length} tablets, got ${given.length}`);
    }
    for (const tablet of partition.tablets) {
      const tabletInfo = tablets.get(tablet.id)!;
      const srcBackends = (tabletInfo.replica_replication_infos ?? []).flatMap((r: TReplicaReplicationInfo) =>
        r.src_backend ? [{ host: r.src_backend.host, bePort: r.src_backend.be_port, httpPort: r.src_backend.http_port }] : [],
      );
      if (tabletInfo.src_tablet_id === undefined || srcBackends.length === 0) refuse(`Tablet ${tablet.id}: src_tablet_id and at least one source replica are required`);
      tablet.replicas.forEach((replica, i) => {
        tasks.push({
          partitionId,
          tabletId: tablet.id,
          backendId: replica.backendId,
          srcTabletId: tabletInfo.src_tablet_id!,
          srcSchemaHash: index.src_schema_hash ?? 0,
          // Each replica starts at a different source replica, spreading the load on the source.
          srcBackends: [...srcBackends.slice(i % srcBackends.length), ...srcBackends.slice(0, i % srcBackends.length)],
          visibleVersion: partition.visibleVersion,
          srcVersion,
          replicated: false,
          downloadedBytes: 0,
        });
      });
    }
    partitions.push({ partitionId, srcVersion, srcVersionEpoch: info.src_version_epoch ?? 0, visibleVersion: partition.visibleVersion });
  }
  if (partitions.length === 0) refuse('No data need to replicate');
  return { db, table, partitions, tasks };
}
