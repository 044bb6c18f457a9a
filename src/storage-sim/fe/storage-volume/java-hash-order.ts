// The order in which a java.util.HashMap / HashSet iterates its entries, for the texts StarRocks
// prints straight from one (Gson of a HashMap, a HashSet's toString): buckets in index order, and
// within a bucket the order of insertion (a bucket becomes a tree only past eight entries).

/** String.hashCode(). */
export function javaStringHash(text: string): number {
  let hash = 0;
  for (let i = 0; i < text.length; i++) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
  return hash;
}

/** Long.hashCode() of a non-negative id below 2^53. */
export function javaLongHash(value: number): number {
  const high = Math.floor(value / 2 ** 32);
  return (value ^ high) | 0;
}

/** The table size of a HashMap that grew from the default 16 by n puts (resized past 0.75 full). */
function tableSize(entries: number): number {
  let size = 16;
  while (entries > size * 0.75) size *= 2;
  return size;
}

/** `items`, given in insertion order, in the order the HashMap or HashSet holding them iterates. */
export function javaHashOrder<T>(items: readonly T[], hash: (item: T) => number): T[] {
  const mask = tableSize(items.length) - 1;
  const bucket = (item: T) => {
    const h = hash(item);
    return (h ^ (h >>> 16)) & mask;
  };
  return items.map((item, position) => ({ item, position, index: bucket(item) })).sort((a, b) => a.index - b.index || a.position - b.position).map((e) => e.item);
}
