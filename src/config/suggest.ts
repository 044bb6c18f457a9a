// "Did you mean ...": the known key closest to a misspelt one, by edit distance.

function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]!;
      previous[j] = Math.min(above + 1, previous[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length]!;
}

/** The nearest known key, or undefined when nothing is close enough to be a plausible typo. */
export function nearestKey(unknown: string, known: readonly string[]): string | undefined {
  let best: { key: string; distance: number } | undefined;
  const lower = unknown.toLowerCase();
  for (const key of known) {
    const distance = editDistance(lower, key);
    if (!best || distance < best.distance) best = { key, distance };
  }
  // Allow roughly one typo per four characters; beyond that a suggestion is noise.
  if (!best || best.distance > Math.max(2, Math.floor(unknown.length / 4))) return undefined;
  return best.key;
}
