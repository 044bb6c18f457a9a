// information_schema.be_tablets: one row per tablet replica, as each BE reports the tablets it
// holds (StarRocks scans it on the BEs, so a BE that is not alive contributes no rows). Ids,
// schema hash and placement come from the catalogue; the size and version columns are asked
// from the BEs only when the statement names them, so a client reading a batch of tables'
// tablet placement costs the BEs nothing.
import type { TabletStats } from '../../common/be-api.js';
import type { Value } from '../../common/column-types.js';
import type { OlapTableMeta, PartitionMeta, TabletMeta } from '../catalog/model.js';
import { physicalPartitionsOf } from '../catalog/partitions.js';
import type { FeContext } from '../fe-context.js';
import { replicaStats } from '../show/show-storage.js';
import type { StarRocksRelease } from '../starrocks-release.js';
import { columns, everyTable, n, type Kind, type VirtualTable } from './virtual-table.js';

interface ReplicaCell {
  table: OlapTableMeta;
  partition: PartitionMeta;
  tablet: TabletMeta;
  backendId: number;
  stats: TabletStats | undefined;
}

type ColumnSpec = readonly [string, Kind, (c: ReplicaCell) => Value];

/** Every release's columns, SCHEMA_HASH last; the real schema hash in every release. */
const COLUMNS: readonly ColumnSpec[] = [
  ['BE_ID', 'n', (c) => n(c.backendId)],
  ['TABLE_ID', 'n', (c) => n(c.table.id)],
  ['PARTITION_ID', 'n', (c) => n(c.partition.id)],
  ['TABLET_ID', 'n', (c) => n(c.tablet.id)],
  ['NUM_VERSION', 'n', (c) => n(c.stats?.rowsetCount ?? 0)],
  ['MAX_VERSION', 'n', (c) => n(c.stats?.version ?? c.partition.visibleVersion)],
  ['MIN_VERSION', 'n', () => '0'],
  ['NUM_ROWSET', 'n', (c) => n(c.stats?.rowsetCount ?? 0)],
  ['NUM_ROW', 'n', (c) => n(c.stats?.rowCount ?? 0)],
  ['DATA_SIZE', 'n', (c) => n(c.stats?.dataSize ?? 0)],
  ['INDEX_MEM', 'n', () => '0'],
  ['CREATE_TIME', 'n', (c) => n(c.table.createTime / 1000)],
  ['STATE', 'v', () => 'RUNNING'],
  ['TYPE', 'v', (c) => c.table.keysType],
  ['DATA_DIR', 'v', () => 'storage'],
  ['SHARD_ID', 'n', () => '0'],
  ['SCHEMA_HASH', 'n', (c) => n(c.table.schemaHash)],
];

/** The columns later releases add after SCHEMA_HASH (see starrocks-release.ts). */
const EXTRA_COLUMNS: Readonly<Record<StarRocksRelease['beTabletsExtraColumns'][number], ColumnSpec>> = {
  INDEX_DISK: ['INDEX_DISK', 'n', () => '0'],
  MEDIUM_TYPE: ['MEDIUM_TYPE', 'v', (c) => c.partition.storageMedium],
  NUM_SEGMENT: ['NUM_SEGMENT', 'n', (c) => n(c.stats?.rowsetCount ?? 0)],
};

/** The columns whose values only the BEs know. */
const FROM_BACKENDS = new Set(['NUM_VERSION', 'MAX_VERSION', 'NUM_ROWSET', 'NUM_ROW', 'DATA_SIZE', 'NUM_SEGMENT']);

const unnamed = (): Value => null;

async function* replicaRows(spec: readonly ColumnSpec[], ctx: FeContext, wanted: ReadonlySet<string> | undefined): AsyncGenerator<Value[]> {
  // Each node answers from its local tablet manager (StarRocks: be/src/exec/schema_scanner/
  // schema_be_tablets_scanner.cpp, StorageEngine's tablet_manager()), which holds no shared-data
  // (lake) tablets: on a shared-data cluster the table is empty. SHOW PROC lists lake tablets.
  if (ctx.runMode === 'shared_data') return;
  const cells = spec.map(([name, , value]) => (!wanted || wanted.has(name) ? value : unnamed));
  const tables = everyTable(ctx).flatMap(([, t]) => (t.kind === 'OLAP' ? [t] : []));
  const needStats = !wanted || [...wanted].some((name) => FROM_BACKENDS.has(name));
  const stats = needStats ? await replicaStats(ctx, tables.flatMap(physicalPartitionsOf)) : new Map<string, TabletStats>();
  const alive = new Set(ctx.backends.aliveIds());
  for (const table of tables) {
    // A BE reports every tablet it holds, temporary partitions' included.
    for (const partition of physicalPartitionsOf(table)) {
      for (const tablet of partition.tablets) {
        for (const replica of tablet.replicas) {
          if (!alive.has(replica.backendId)) continue;
          const cell: ReplicaCell = { table, partition, tablet, backendId: replica.backendId, stats: stats.get(`${replica.backendId}/${tablet.id}`) };
          yield cells.map((value) => value(cell));
        }
      }
    }
  }
}

const TABLES = new Map<string, VirtualTable>();

/** be_tablets as a release has it. */
export function beTabletsTable(release: StarRocksRelease): VirtualTable {
  let table = TABLES.get(release.profile);
  if (!table) {
    const spec = [...COLUMNS, ...release.beTabletsExtraColumns.map((name) => EXTRA_COLUMNS[name])];
    table = { columns: columns('be_tablets', spec), rows: (ctx, wanted) => replicaRows(spec, ctx, wanted) };
    TABLES.set(release.profile, table);
  }
  return table;
}
