// Creates new partitions: ids from the catalogue sequence, tablets placed on alive BEs, and the
// tablet replicas created on those BEs before the partition enters the catalogue (so a partition
// in the catalogue always has its tablets). Used by CREATE TABLE, ADD PARTITION and TRUNCATE.
import type { CreateTabletSpec, LakeVolume, TabletSchema } from '../../common/be-api.js';
import { lakeLocation } from '../storage-volume/lake-volumes.js';
import type { ColumnMeta, KeysType, PartitionMeta, RangeBounds } from '../catalog/model.js';
import { placeTablets } from '../catalog/placement.js';
import type { FeContext } from '../fe-context.js';
import { newVersionEpoch } from '../load/publish.js';
import { SimError } from '../sim-error.js';

export interface NewPartition {
  name: string;
  range?: RangeBounds;
  buckets: number;
  replicationNum: number;
  storageMedium: 'HDD' | 'SSD';
}

export interface TableShape {
  name: string;
  schemaHash: number;
  columns: ColumnMeta[];
  keysType: KeysType;
  /** Shared data: the table's storage volume, where its tablets keep their data. */
  storageVolumeId?: string;
}

export function tabletSchema(table: TableShape): TabletSchema {
  return {
    keysType: table.keysType,
    columns: table.columns.map((c) => ({
      name: c.name,
      type: c.type,
      isKey: c.isKey,
      nullable: c.nullable,
      ...(c.defaultValue !== undefined && c.defaultValue !== 'CURRENT_TIMESTAMP' ? { defaultValue: c.defaultValue } : {}),
      ...(c.aggregation ? { aggregation: c.aggregation } : {}),
    })),
  };
}

export async function createPartitions(ctx: FeContext, table: TableShape, specs: NewPartition[]): Promise<PartitionMeta[]> {
  const backends = ctx.backends.aliveIds();
  if (backends.length === 0) throw SimError.internal('No alive backend: cannot create tablets');
  const now = Date.now();
  const partitions: PartitionMeta[] = [];
  // One reservation (one synced edit-log write) for every partition's ids, not one per
  // partition: a CREATE TABLE with hundreds of partitions would otherwise wait on as many fsyncs.
  // Each partition takes the same consecutive block it would have taken alone.
  const idsPerSpec = specs.map((spec) => 1 + spec.buckets * (1 + spec.replicationNum));
  const idCount = idsPerSpec.reduce((sum, count) => sum + count, 0);
  const allIds = idCount > 0 ? ctx.store.allocateIds(idCount) : [];
  let nextIndex = 0;
  for (const [i, spec] of specs.entries()) {
    const ids = allIds.slice(nextIndex, (nextIndex += idsPerSpec[i]!));
    const tabletIds = ids.slice(1, 1 + spec.buckets);
    const tablets = placeTablets({
      tabletIds,
      replicaIds: ids.slice(1 + spec.buckets),
      replicationNum: spec.replicationNum,
      backendIds: backends,
      // The partition id rotates the first backend, so partitions start on different BEs.
      offset: ids[0]!,
      tableName: table.name,
    });
    partitions.push({
      id: ids[0]!,
      name: spec.name,
      ...(spec.range ? { range: spec.range } : {}),
      buckets: spec.buckets,
      replicationNum: spec.replicationNum,
      storageMedium: spec.storageMedium,
      visibleVersion: 1,
      visibleVersionTime: now,
      nextVersion: 2,
      versionEpoch: newVersionEpoch(),
      versionTxnType: 'TXN_NORMAL',
      tablets,
      dataSize: 0,
      rowCount: 0,
    });
  }
  const perBackend = new Map<number, CreateTabletSpec[]>();
  const schema = tabletSchema(table);
  const lake = lakeVolumeOf(ctx, table);
  const partitionOf = new Map(partitions.flatMap((p) => p.tablets.map((t) => [t.id, p.id] as const)));
  for (const tablet of partitions.flatMap((p) => p.tablets)) {
    for (const replica of tablet.replicas) {
      let specsOfBackend = perBackend.get(replica.backendId);
      if (!specsOfBackend) perBackend.set(replica.backendId, (specsOfBackend = []));
      specsOfBackend.push({ tabletId: tablet.id, schemaHash: table.schemaHash, schema, ...(lake ? { lake: lakeLocation(ctx, lake.id, partitionOf.get(tablet.id)!) } : {}) });
    }
  }
  const volumes = lake ? { volumes: [lake] } : {};
  const results = await Promise.allSettled([...perBackend].map(([backendId, tablets]) => ctx.backends.client(backendId).createTablets({ tablets, ...volumes })));
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) {
    await dropTablets(ctx, partitions);
    throw SimError.internal(`Failed to create tablets: ${(failure.reason as Error).message}`);
  }
  return partitions;
}

/** A shared-data table's volume as compute nodes reach it; undefined for shared-nothing tables. */
function lakeVolumeOf(ctx: FeContext, table: TableShape): LakeVolume | undefined {
  if (ctx.runMode !== 'shared_data' || table.storageVolumeId === undefined) return undefined;
  const volume = ctx.lakeVolumes?.().find((v) => v.id === table.storageVolumeId);
  if (!volume) throw SimError.internal(`Failed to create tablets: storage volume ${table.storageVolumeId} cannot be reached (disabled, or its properties give no S3 connection)`);
  return volume;
}

/** Removes the replicas of these partitions from their BEs (best effort: a BE that is down keeps orphans). */
export async function dropTablets(ctx: FeContext, partitions: PartitionMeta[]): Promise<void> {
  const perBackend = new Map<number, number[]>();
  for (const tablet of partitions.flatMap((p) => p.tablets)) {
    for (const replica of tablet.replicas) perBackend.set(replica.backendId, [...(perBackend.get(replica.backendId) ?? []), tablet.id]);
  }
  await Promise.allSettled([...perBackend].map(([backendId, tabletIds]) => ctx.backends.client(backendId).dropTablets({ tabletIds })));
}
