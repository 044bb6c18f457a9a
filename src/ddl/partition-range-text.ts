// Reads a range partition's bounds back from the text StarRocks prints for it in
// information_schema.partitions_meta.PARTITION_VALUE (and SHOW PARTITIONS' Range column):
//   [types: [DATE]; keys: [2024-01-01]; ..types: [DATE]; keys: [2024-02-01]; )
// i.e. "[" lower ".." upper ")", each side "types: [T1, T2]; keys: [k1, k2]; ". Keys are printed
// without quotes, joined by ", "; range partition columns are integers and dates, whose values
// hold no ", ", so splitting is exact for them (one column takes the whole key text in any case).

export interface RangeBoundText {
  /** As printed: DATE, DATETIME, INT, BIGINT... */
  types: string[];
  keys: string[];
}

export interface PartitionRangeText {
  lower: RangeBoundText;
  upper: RangeBoundText;
}

export class PartitionRangeSyntaxError extends Error {}

const SIDE_SEPARATOR = '; ..types: [';
const TYPES_PREFIX = 'types: [';
const KEYS_SEPARATOR = ']; keys: [';
const SIDE_END = ']; ';

function splitList(text: string): string[] {
  return text === '' ? [] : text.split(', ');
}

/** "T1, T2]; keys: [k1, k2" -> bound; `side` names the side in error messages. */
function parseSide(body: string, side: string, whole: string): RangeBoundText {
  const keysAt = body.indexOf(KEYS_SEPARATOR);
  if (keysAt < 0) throw new PartitionRangeSyntaxError(`no "keys: [" in the ${side} bound of partition range ${JSON.stringify(whole)}`);
  const types = splitList(body.slice(0, keysAt));
  const keyText = body.slice(keysAt + KEYS_SEPARATOR.length);
  const keys = types.length === 1 ? [keyText] : splitList(keyText);
  if (keys.length !== types.length) {
    throw new PartitionRangeSyntaxError(`the ${side} bound of partition range ${JSON.stringify(whole)} has ${types.length} types but ${keys.length} keys`);
  }
  return { types, keys };
}

export function parsePartitionRange(text: string): PartitionRangeText {
  const trimmed = text.trim();
  const start = '[' + TYPES_PREFIX;
  const end = SIDE_END + ')';
  if (!trimmed.startsWith(start) || !trimmed.endsWith(end)) {
    throw new PartitionRangeSyntaxError(`expected a range like "[types: [DATE]; keys: [2024-01-01]; ..types: [DATE]; keys: [2024-02-01]; )", got ${JSON.stringify(text)}`);
  }
  const inner = trimmed.slice(start.length, trimmed.length - end.length);
  // The lower side ends where the upper side's "types: [" starts; type names never contain it.
  const separatorAt = inner.indexOf(SIDE_SEPARATOR);
  if (separatorAt < 0) throw new PartitionRangeSyntaxError(`no ".." between the bounds of partition range ${JSON.stringify(text)}`);
  const lowerBody = inner.slice(0, separatorAt);
  if (!lowerBody.endsWith(']')) throw new PartitionRangeSyntaxError(`the lower bound of partition range ${JSON.stringify(text)} is not closed`);
  return {
    lower: parseSide(lowerBody.slice(0, -1), 'lower', text),
    upper: parseSide(inner.slice(separatorAt + SIDE_SEPARATOR.length), 'upper', text),
  };
}
