// Where a shared-data tablet's objects live below its storage volume's location, in the shape of
// StarRocks' lake layout: a partition's folder holds the data files of all its tablets (data/)
// and one metadata object per change of each tablet (meta/). A version exists once the metadata
// object naming it is written: a PUT is atomic, so readers see the whole change or none of it.
//   <volume prefix>/<path>/data/<rowsetId>_<n>.dat
//   <volume prefix>/<path>/meta/<tabletId>_<sequence, 12 digits>.json

export function dataKey(path: string, fileName: string): string {
  return `${path}/data/${fileName}`;
}

export function metaPrefix(path: string, tabletId: number): string {
  return `${path}/meta/${tabletId}_`;
}

export function metaKey(path: string, tabletId: number, sequence: number): string {
  return `${metaPrefix(path, tabletId)}${String(sequence).padStart(12, '0')}.json`;
}

/** The sequence a metadata key carries, or undefined for a key that is not one of the tablet's metas. */
export function sequenceOf(key: string, path: string, tabletId: number): number | undefined {
  const prefix = metaPrefix(path, tabletId);
  if (!key.startsWith(prefix)) return undefined;
  const match = /^(\d{12})\.json$/.exec(key.slice(prefix.length));
  return match ? Number(match[1]) : undefined;
}

/**
 * The rowset id a replicated rowset takes on a shared-data tablet: fixed by the transaction and
 * the source rowset, so the files uploaded while the snapshot was staged are the ones the publish
 * references (nothing is uploaded twice).
 */
export function replicatedRowsetId(txnId: number, sourceRowsetId: string): string {
  return `${txnId}x${sourceRowsetId}`;
}
