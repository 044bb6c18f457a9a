// Replacing formal partitions with temporary ones, as StarRocks' OlapTable.replaceTempPartitions
// (and, for unpartitioned tables, replacePartition) does: the formal partitions leave the table,
// the temporary partitions become formal ones with their own ids, versions, version epochs and
// data, under the formal names unless use_temp_partition_name is set (or the counts differ).
// Pure: the caller writes the new table in one catalogue entry, so readers see the old
// partitions or the new ones, never a mix, and drops the old tablets afterwards.
import type { OlapTableMeta, PartitionMeta } from '../catalog/model.js';
import { tempPartitionsOf } from '../catalog/partitions.js';
import { SimError } from '../sim-error.js';
import { checkRangeConflict, checkRangeListsMatch } from './range-lists.js';

export interface SwapOptions {
  /** The replaced and the replacing ranges must cover the same keys (default true in StarRocks). */
  strictRange: boolean;
  /** Keep the temporary partitions' names instead of taking the formal ones (default false). */
  useTempPartitionName: boolean;
}

export interface SwapResult {
  table: OlapTableMeta;
  /** The formal partitions that left the table: their tablets are to be dropped. */
  replaced: PartitionMeta[];
}

function distinct(names: readonly string[]): string[] {
  return [...new Set(names)];
}

export function swapInTempPartitions(table: OlapTableMeta, formalNames: readonly string[], tempNames: readonly string[], options: SwapOptions): SwapResult {
  // StarRocks: LocalMetastore.replaceTempPartition checks the names first, with these messages.
  const formal = distinct(formalNames).map((name) => table.partitions.find((p) => p.name === name) ?? (() => { throw SimError.invalid(`Partition[${name}] does not exist`); })());
  const temps = distinct(tempNames).map((name) => tempPartitionsOf(table).find((p) => p.name === name) ?? (() => { throw SimError.invalid(`Temp partition[${name}] does not exist`); })());

  if (table.partitionScheme.type === 'RANGE') {
    const types = table.partitionScheme.columns.map((name) => table.columns.find((c) => c.name === name)!.type);
    if (options.strictRange) {
      checkRangeListsMatch(types, formal.map((p) => p.range!), temps.map((p) => p.range!));
    } else {
      const leaving = new Set(formal.map((p) => p.id));
      checkRangeConflict(types, table.partitions.filter((p) => !leaving.has(p.id)).map((p) => p.range!), temps.map((p) => p.range!));
    }
  }

  const rename = !options.useTempPartitionName && formal.length === temps.length;
  const incoming = temps.map((temp, i): PartitionMeta => {
    const { overwriteJobId: _job, ...partition } = temp;
    return rename ? { ...partition, name: formal[i]!.name } : partition;
  });
  const leaving = new Set(formal.map((p) => p.id));
  // The new partitions take the place of the first one they replace, so listings keep their order.
  const at = table.partitions.findIndex((p) => leaving.has(p.id));
  const partitions = [...table.partitions.slice(0, at), ...incoming, ...table.partitions.slice(at).filter((p) => !leaving.has(p.id))];
  const moved = new Set(temps.map((p) => p.id));
  const tempPartitions = tempPartitionsOf(table).filter((p) => !moved.has(p.id));
  const { tempPartitions: _old, ...rest } = table;
  return {
    table: { ...rest, partitions, ...(tempPartitions.length > 0 ? { tempPartitions } : {}) },
    replaced: formal,
  };
}
