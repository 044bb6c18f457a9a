// A byte count as StarRocks' monitor/unit/ByteSizeValue.java toString() writes it (what
// partitions_meta.DATA_SIZE held before it became a BIGINT): 1024-based units B, KB, MB, GB, TB,
// PB, no space before the unit, the first decimal of the value kept and the rest cut off (not
// rounded), and no decimal at all when it is 0: 0B, 512B, 1KB, 1.5KB, 237.9MB.

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'] as const;

export function byteSizeText(bytes: number): string {
  let unit = 0;
  while (unit < UNITS.length - 1 && bytes >= 1024 ** (unit + 1)) unit++;
  const value = bytes / 1024 ** unit;
  // StarRocks takes the first digit after the point of the shortest decimal text of the double
  // (Java's Double.toString); JavaScript writes the same digits, without Java's ".0" on whole numbers.
  const [whole, fraction = ''] = String(value).split('.');
  const first = fraction.charAt(0);
  return `${whole}${first !== '' && first !== '0' ? `.${first}` : ''}${UNITS[unit]}`;
}
