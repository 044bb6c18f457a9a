// information_schema.tables_config.PROPERTIES: JSON of a map of the table's properties. Before
// 3.3 the FE built that map itself (InformationSchemaDataSource.genProps) from a few settings,
// with the dynamic-partition property as one entry of DynamicPartitionProperty.getPropString()
// text; from 3.3 it is the table's own properties (starrocks-release.ts, tablesConfigProperties).
// Real FEs print a Java HashMap, in its own order; the keys come here in the order they are set.
import type { OlapTableMeta } from '../catalog/model.js';
import type { StarRocksRelease } from '../starrocks-release.js';

const DYNAMIC = 'dynamic_partition.';

/** "{dynamic_partition.enable:true,dynamic_partition.time_unit:DAY,...}": getPropString's text, from the stored properties. */
function dynamicPropString(properties: Record<string, string>): string {
  const get = (key: string) => properties[`${DYNAMIC}${key}`];
  const entries: [string, string | undefined][] = [
    ['enable', get('enable') ?? 'true'],
    ['time_unit', get('time_unit')],
    ['time_zone', get('time_zone') ?? Intl.DateTimeFormat().resolvedOptions().timeZone],
    ['start', get('start') ?? String(-2147483648)],
    ['end', get('end')],
    ['prefix', get('prefix') ?? 'p'],
    ['buckets', get('buckets') ?? '0'],
    ['replication_num', get('replication_num')],
  ];
  const unit = (get('time_unit') ?? '').toUpperCase();
  if (unit === 'WEEK') entries.push(['start_day_of_week', get('start_day_of_week') ?? '1']);
  if (unit === 'MONTH') entries.push(['start_day_of_month', get('start_day_of_month') ?? '1']);
  return `{${entries.filter(([, value]) => value !== undefined).map(([key, value]) => `${DYNAMIC}${key}:${value}`).join(',')}}`;
}

function handBuilt(table: OlapTableMeta): Record<string, string> {
  const p = table.properties;
  const map: Record<string, string> = { replication_num: p.replication_num ?? String(table.partitions[0]?.replicationNum ?? 3) };
  if (p.bloom_filter_columns) map.bloom_filter_columns = p.bloom_filter_columns;
  if (p.colocate_with) map.colocate_with = p.colocate_with;
  if (p[`${DYNAMIC}time_unit`] !== undefined) map.dynamic_partition = dynamicPropString(p);
  map.in_memory = 'false';
  map.enable_persistent_index = p.enable_persistent_index ?? 'false';
  map.compression = (p.compression ?? 'LZ4').toUpperCase();
  if (p.storage_medium) map.storage_medium = p.storage_medium;
  return map;
}

export function tablesConfigProperties(release: StarRocksRelease, table: OlapTableMeta): string {
  return JSON.stringify(release.tablesConfigProperties === 'hand-built' ? handBuilt(table) : table.properties);
}
