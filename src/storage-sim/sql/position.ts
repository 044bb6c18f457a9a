// Offsets are UTF-16 indexes into the statement text (what String.slice takes); lines and columns
// are 1-based, with columns counted in the same units, so an editor and the FE agree on them.

export interface SourcePosition {
  line: number;
  column: number;
}

/** Start offsets of every line, for repeated look-ups in one text. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

export function positionIn(starts: readonly number[], offset: number): SourcePosition {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
}

export function positionAt(text: string, offset: number): SourcePosition {
  return positionIn(lineStarts(text), offset);
}
