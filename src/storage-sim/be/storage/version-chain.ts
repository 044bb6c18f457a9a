// Pure functions over a tablet's rowset list (sorted by startVersion, non-overlapping): which
// rowsets a reader at version v needs, which cover a snapshot's version range, what compaction
// may merge, and how far the versions are continuous.
import type { RowsetMeta } from './tablet-meta.js';
import { VersionsNotAvailable } from './storage-errors.js';

export function sortRowsets(rowsets: RowsetMeta[]): RowsetMeta[] {
  return rowsets.sort((a, b) => a.startVersion - b.startVersion);
}

/** The end of the run of consecutive rowsets that starts with the first one. */
export function maxContinuousVersion(rowsets: readonly RowsetMeta[]): number {
  const first = rowsets[0];
  if (!first) return 0;
  let end = first.endVersion;
  for (let i = 1; i < rowsets.length; i++) {
    const r = rowsets[i]!;
    if (r.startVersion !== end + 1) break;
    end = r.endVersion;
  }
  return end;
}

/** The rowsets a reader at `version` sees: consecutive from the first one, ending exactly at it. */
export function visibleChain(tabletId: number, rowsets: readonly RowsetMeta[], version: number): RowsetMeta[] {
  const first = rowsets[0];
  if (!first) throw new VersionsNotAvailable(tabletId, 0, version, 'the tablet has no rowsets');
  return coveringChain(tabletId, rowsets, first.startVersion, version);
}

/**
 * The rowsets that together hold exactly the versions from..to. Fails when a version is
 * missing, or when `from` or `to` falls inside a rowset (compaction merged it with versions
 * outside the range).
 */
export function coveringChain(tabletId: number, rowsets: readonly RowsetMeta[], from: number, to: number): RowsetMeta[] {
  const fail = (detail: string): VersionsNotAvailable => new VersionsNotAvailable(tabletId, from, to, detail);
  if (to < from) throw fail('the range is empty');
  const chain: RowsetMeta[] = [];
  let next = from;
  for (const r of rowsets) {
    if (r.endVersion < next) continue;
    if (r.startVersion > next) break;
    if (r.startVersion < next) throw fail(`version ${next} is inside rowset [${r.startVersion}-${r.endVersion}] (merged by compaction)`);
    if (r.endVersion > to) throw fail(`version ${to} is inside rowset [${r.startVersion}-${r.endVersion}] (merged by compaction)`);
    chain.push(r);
    next = r.endVersion + 1;
    if (next > to) return chain;
  }
  throw fail(`version ${next} is missing (the replica has ${describe(rowsets)})`);
}

/** The rowsets compaction merges at `visibleVersion`: the consecutive visible ones from the first. */
export function compactionInputs(rowsets: readonly RowsetMeta[], visibleVersion: number): RowsetMeta[] {
  const inputs: RowsetMeta[] = [];
  for (const r of rowsets) {
    if (r.endVersion > visibleVersion) break;
    const previous = inputs.at(-1);
    if (previous && r.startVersion !== previous.endVersion + 1) break;
    inputs.push(r);
  }
  return inputs;
}

/** Whether every version start..end is held by the rowsets. */
export function isCovered(rowsets: readonly RowsetMeta[], start: number, end: number): boolean {
  let next = start;
  for (const r of rowsets) {
    if (r.endVersion < next || r.startVersion > next) continue;
    next = r.endVersion + 1;
    if (next > end) return true;
  }
  return false;
}

/** Whether any rowset holds a version in start..end. */
export function overlapsAny(rowsets: readonly RowsetMeta[], start: number, end: number): boolean {
  return rowsets.some((r) => r.startVersion <= end && r.endVersion >= start);
}

export function describe(rowsets: readonly RowsetMeta[]): string {
  if (rowsets.length === 0) return 'no rowsets';
  return rowsets.map((r) => `[${r.startVersion}-${r.endVersion}]`).join(' ');
}
