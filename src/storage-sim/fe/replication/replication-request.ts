// Checks a startTableReplication request against the target catalogue, as StarRocks' FE does,
// and turns it into the job's partitions and per-replica tasks. Every failure is a message the
// caller answers with; nothing is changed here.
// StarRocks: fe/fe-core/src/main/java/com/starrocks/replication/ReplicationJob.java (initTableInfo .. initTabletInfo)
import type { TReplicaReplicationInfo, TTableReplicationRequest } from '../../../protocol/replication-types.js';
import { TTableType } from '../../../protocol/replication-types.js';
import type { DatabaseMeta, OlapTableMeta, PartitionMeta, ReplicationJobMeta, ReplicationSource, ReplicationTask } from '../catalog/model.js';
import type { StarRocksRelease } from '../starrocks-release.js';
import { dataVersionOf } from '../catalog/partitions.js';

export class ReplicationRefused extends Error {}

export function refuse(message: string): never {
  throw new ReplicationRefused(message);
}

export interface TargetTable {
  db: DatabaseMeta;
  table: OlapTableMeta;
}

export interface PlannedJob extends TargetTable {
  partitions: ReplicationJobMeta['partitions'];
  tasks: ReplicationTask[];
  /** src_table_data_size minus the target table's size now: what the job counts against replication_max_parallel_data_size_mb. */
  dataSize: number;
}

/** The request's target database and OLAP table. */
export function targetTable(databases: DatabaseMeta[], request: TTableReplicationRequest): TargetTable {
  const db = databases.find((d) => d.id === request.database_id);
  if (!db) refuse(`Database ${request.database_id} does not exist`);
  const table = db.tables.find((t) => t.id === request.table_id);
  if (!table) refuse(`Table ${request.table_id} does not exist in database ${db.name}`);
  if (table.kind !== 'OLAP') refuse(`Table ${table.name} is not an OLAP table`);
  return { db, table };
}

/**
 * The table's data size as the FE knows it (OlapTable.getDataSize): the sum of its partitions'
 * sizes, the figure partitions_meta reports per partition.
 */
function tableDataSize(table: OlapTableMeta): number {
  return table.partitions.reduce((sum, p) => sum + p.dataSize, 0);
}

/**
 * Which source replicas each target replica takes a snapshot from, in the order it tries them.
 * 'by-position': replica i copies from sources[i] alone, and the list must cover every replica.
 * 'split': the list is shared out in order, size / n each and one more to the first size % n; a
 * replica given none makes no snapshot of its own (it downloads one another replica made).
 */
function sourcesPerReplica(release: StarRocksRelease, sources: ReplicationSource[], replicas: number): ReplicationSource[][] {
  if (release.replicationSourceChoice === 'by-position') {
    if (sources.length < replicas) refuse('Source replica number must not less than target replica number');
    return Array.from({ length: replicas }, (_, i) => [sources[i]!]);
  }
  const share = Math.floor(sources.length / replicas);
  const extra = sources.length % replicas;
  let offset = 0;
  return Array.from({ length: replicas }, (_, i) => {
    const size = i < extra ? share + 1 : share;
    offset += size;
    return sources.slice(offset - size, offset);
  });
}

/**
 * The version a replication compares the source's with and continues from: the partition's data
 * version where lake compaction publishes versions without data (starrocks-release.ts,
 * lakeCompactionKeepsDataVersion), else its visible version, which is the same on a partition no
 * compaction published into.
 */
export function replicatedVersion(release: StarRocksRelease, partition: PartitionMeta): number {
  return release.lakeCompactionKeepsDataVersion ? dataVersionOf(partition) : partition.visibleVersion;
}

export function planReplication(target: TargetTable, request: TTableReplicationRequest, release: StarRocksRelease): PlannedJob {
  if (request.src_table_type !== undefined && request.src_table_type !== TTableType.OLAP_TABLE) refuse(`Source table type ${request.src_table_type} is not OLAP_TABLE`);
  if (!request.src_token) refuse('src_token is required: the source cluster token authorises the snapshot downloads');
  const { db, table } = target;
  const infos = request.partition_replication_infos;
  if (!infos || infos.size === 0) refuse('partition_replication_infos is empty');

  const partitions: PlannedJob['partitions'] = [];
  const tasks: ReplicationTask[] = [];
  for (const [partitionId, info] of infos) {
    const partition = table.partitions.find((p) => p.id === partitionId);
    if (!partition) refuse(`Partition ${partitionId} in table ${table.name} in database ${db.name} not found`);
    const srcVersion = info.src_version ?? 0;
    if (partition.nextVersion !== partition.visibleVersion + 1) refuse(`Partition ${partitionId} in table ${table.name} in database ${db.name} publish version not finished`);
    // The refusal keeps the wording known from the releases before lake compaction kept the data
    // version: the one after it was not found in StarRocks' source.
    const held = replicatedVersion(release, partition);
    if (held > srcVersion) refuse(`Target visible version: ${held} is larger than source visible version: ${srcVersion}`);
    if (held === srcVersion) continue;
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
      if (tabletInfo.src_tablet_id === undefined) refuse(`Tablet ${tablet.id}: src_tablet_id is required`);
      const sources = (tabletInfo.replica_replication_infos ?? []).flatMap((r: TReplicaReplicationInfo) =>
        r.src_backend ? [{ host: r.src_backend.host, bePort: r.src_backend.be_port, httpPort: r.src_backend.http_port }] : [],
      );
      const perReplica = sourcesPerReplica(release, sources, tablet.replicas.length);
      tablet.replicas.forEach((replica, i) => {
        tasks.push({
          partitionId,
          tabletId: tablet.id,
          backendId: replica.backendId,
          srcTabletId: tabletInfo.src_tablet_id!,
          srcSchemaHash: index.src_schema_hash ?? 0,
          srcBackends: perReplica[i]!,
          // The versions the replica holds, as the source numbers them: its data version.
          visibleVersion: held,
          srcVersion,
          replicated: false,
          downloadedBytes: 0,
        });
      });
    }
    partitions.push({ partitionId, srcVersion, srcVersionEpoch: info.src_version_epoch ?? 0, visibleVersion: partition.visibleVersion, dataVersion: held });
  }
  if (partitions.length === 0) refuse('No data need to replicate');
  return { db, table, partitions, tasks, dataSize: (request.src_table_data_size ?? 0) - tableDataSize(table) };
}
