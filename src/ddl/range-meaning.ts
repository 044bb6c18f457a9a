// What a partition's range means, apart from how a release prints it. SHOW PARTITIONS (Range) and
// partitions_meta (PARTITION_VALUE) print "[types: [DATE]; keys: [2024-01-01]; ..types: [DATE];
// keys: [2024-02-01]; )"; a source read one way and a target read the other, or two releases
// naming a type differently, must not make the same range look different.

/** The bounds' key values, "2024-01-01..2024-02-01"; the text itself when it is not a printed range. */
export function rangeMeaning(text: string): string {
  const keys = [...text.matchAll(/keys:\s*\[([^\]]*)\]/g)].map((match) => match[1]!.split(',').map((value) => value.trim()).join(', '));
  return keys.length === 2 ? `${keys[0]}..${keys[1]}` : text.trim();
}

export function sameRange(a: string, b: string): boolean {
  return a === b || rangeMeaning(a) === rangeMeaning(b);
}
