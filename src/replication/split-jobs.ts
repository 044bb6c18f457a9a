// max_replication_data_size_per_job_in_gb: a table whose partitions to send add up to more than
// the limit is sent as several jobs, so one job never holds the target FE's parallel data budget
// (replication_max_parallel_data_size_mb) or one transaction for too long.

export const BYTES_PER_GB = 1024 ** 3;

/** The per-job limit in bytes; null for -1 (no limit: one job per table). */
export function jobSizeLimit(maxGbPerJob: number): number | null {
  return maxGbPerJob < 0 ? null : maxGbPerJob * BYTES_PER_GB;
}

/**
 * Cuts the items, in their order, into consecutive groups whose summed size stays within the
 * limit. Order is kept rather than packing best-fit: jobs then cover neighbouring partitions
 * (usually neighbouring dates), which makes the log readable and the split stable from one round
 * to the next. An item larger than the limit on its own gets a group of its own: it cannot be cut.
 */
export function splitBySize<T extends { dataSize: number }>(items: readonly T[], limitBytes: number | null): T[][] {
  if (items.length === 0) return [];
  if (limitBytes === null) return [[...items]];
  const groups: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const item of items) {
    if (current.length > 0 && size + item.dataSize > limitBytes) {
      groups.push(current);
      current = [];
      size = 0;
    }
    current.push(item);
    size += item.dataSize;
  }
  groups.push(current);
  return groups;
}
