// information_schema.partitions_meta: one row per partition (formal or temporary) of the cluster, the one query per
// cluster the migration tool reads every partition's version from. At 100,000 partitions the
// rows are generated as the scan reads them (never held at once), texts shared by a table's
// partitions are made once per table, and columns the statement does not name are left NULL
// rather than computed. Its columns and the type of DATA_SIZE depend on the release
// (starrocks-release.ts); releases without the table do not get here.
import type { Value } from '../../common/column-types.js';
import type { DatabaseMeta, OlapTableMeta, PartitionMeta, TableLike } from '../catalog/model.js';
import { dataVersionOf, tempPartitionsOf } from '../catalog/partitions.js';
import { distributionKeyText, partitionKeyText, rangeTextOf } from '../show/partition-text.js';
import type { StarRocksRelease } from '../starrocks-release.js';
import { byteSizeText } from './byte-size-text.js';
import { columns, everyTable, formatTime, n, type Kind, type VirtualTable } from './virtual-table.js';

interface PartitionCell {
  db: DatabaseMeta;
  table: OlapTableMeta;
  partition: PartitionMeta;
  partitionKey: string;
  distributionKey: string;
  range: ReturnType<typeof rangeTextOf>;
  temporary: boolean;
}

type ColumnSpec = readonly [string, Kind, (c: PartitionCell) => Value];

/** The newest release's columns, in order. */
const COLUMNS: readonly ColumnSpec[] = [
  ['DB_NAME', 'v', (c) => c.db.name],
  ['TABLE_NAME', 'v', (c) => c.table.name],
  ['PARTITION_NAME', 'v', (c) => c.partition.name],
  ['PARTITION_ID', 'n', (c) => n(c.partition.id)],
  ['COMPACT_VERSION', 'n', () => '0'],
  ['VISIBLE_VERSION', 'n', (c) => n(c.partition.visibleVersion)],
  ['VISIBLE_VERSION_TIME', 't', (c) => formatTime(c.partition.visibleVersionTime)],
  ['NEXT_VERSION', 'n', (c) => n(c.partition.nextVersion)],
  ['DATA_VERSION', 'n', (c) => n(dataVersionOf(c.partition))],
  ['VERSION_EPOCH', 'n', (c) => n(c.partition.versionEpoch)],
  ['VERSION_TXN_TYPE', 'v', (c) => c.partition.versionTxnType],
  ['PARTITION_KEY', 'v', (c) => c.partitionKey],
  ['PARTITION_VALUE', 'v', (c) => c.range(c.partition.range)],
  ['DISTRIBUTION_KEY', 'v', (c) => c.distributionKey],
  ['BUCKETS', 'n', (c) => n(c.partition.buckets)],
  ['REPLICATION_NUM', 'n', (c) => n(c.partition.replicationNum)],
  ['STORAGE_MEDIUM', 'v', (c) => c.partition.storageMedium],
  ['COOLDOWN_TIME', 't', () => '9999-12-31 23:59:59'],
  ['LAST_CONSISTENCY_CHECK_TIME', 't', () => null],
  ['IS_IN_MEMORY', 'v', () => 'false'],
  ['IS_TEMP', 'v', (c) => (c.temporary ? 'true' : 'false')],
  ['DATA_SIZE', 'n', (c) => n(c.partition.dataSize)],
  ['ROW_COUNT', 'n', (c) => n(c.partition.rowCount)],
  ['ENABLE_DATACACHE', 'v', () => 'false'],
  ['AVG_CS', 'n', () => '0'],
  ['P50_CS', 'n', () => '0'],
  ['MAX_CS', 'n', () => '0'],
  ['STORAGE_PATH', 'v', () => ''],
];

/** Added by PR #46507: absent from releases before it. */
const VERSION_COLUMNS = new Set(['DATA_VERSION', 'VERSION_EPOCH', 'VERSION_TXN_TYPE']);

/** DATA_SIZE before it became a BIGINT: ByteSizeValue text. */
const DATA_SIZE_TEXT: ColumnSpec = ['DATA_SIZE', 'v', (c) => byteSizeText(c.partition.dataSize)];

function columnsOf(release: StarRocksRelease): readonly ColumnSpec[] {
  return COLUMNS.filter(([name]) => release.partitionsMetaVersionColumns || !VERSION_COLUMNS.has(name)).map((column) =>
    column[0] === 'DATA_SIZE' && release.partitionsMetaDataSize === 'text' ? DATA_SIZE_TEXT : column,
  );
}

const unnamed = (): Value => null;

function* partitionRows(spec: readonly ColumnSpec[], tables: [DatabaseMeta, TableLike][], wanted: ReadonlySet<string> | undefined): Generator<Value[]> {
  const cells = spec.map(([name, , value]) => (!wanted || wanted.has(name) ? value : unnamed));
  for (const [db, table] of tables) {
    if (table.kind !== 'OLAP') continue;
    const cell: PartitionCell = {
      db, table, partition: table.partitions[0]!, partitionKey: partitionKeyText(table), distributionKey: distributionKeyText(table), range: rangeTextOf(table), temporary: false,
    };
    for (const partition of table.partitions) {
      cell.partition = partition;
      yield cells.map((value) => value(cell));
    }
    // StarRocks lists temporary partitions too, under their own names (InformationSchemaDataSource
    // loops getPartitions(), then getTempPartitions()).
    cell.temporary = true;
    for (const partition of tempPartitionsOf(table)) {
      cell.partition = partition;
      yield cells.map((value) => value(cell));
    }
  }
}

const TABLES = new Map<string, VirtualTable>();

/** partitions_meta as a release has it. */
export function partitionsMetaTable(release: StarRocksRelease): VirtualTable {
  let table = TABLES.get(release.profile);
  if (!table) {
    const spec = columnsOf(release);
    table = { columns: columns('partitions_meta', spec), rows: (ctx, wanted) => partitionRows(spec, everyTable(ctx), wanted) };
    TABLES.set(release.profile, table);
  }
  return table;
}
