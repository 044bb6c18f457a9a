// Splits a Stream Load body into records as it arrives: CSV lines (StarRocks' CSV has no quoting
// by default: a row delimiter ends a record, a column separator splits it, \N is NULL) or JSON
// objects (an array with strip_outer_array=true, or one object per line).
import type { Readable } from 'node:stream';

/** Header values like "\t", "\x01" or "|" as the bytes they stand for. */
export function unescapeSeparator(text: string): string {
  return text.replace(/\\x([0-9a-fA-F]{2})|\\t|\\n|\\r/g, (match, hex: string | undefined) => {
    if (hex) return String.fromCharCode(parseInt(hex, 16));
    return match === '\\t' ? '\t' : match === '\\n' ? '\n' : '\r';
  });
}

export interface CsvOptions {
  columnSeparator: string;
  rowDelimiter: string;
  /** Rows to skip at the start (a header line). */
  skipHeader: number;
}

/**
 * The body's lines (records) as they arrive, a batch per received chunk, without the delimiter; a
 * trailing \r before \n is dropped. Batches keep per-record work synchronous.
 */
async function* textLineBatches(body: Readable, delimiter: string, onBytes: (n: number) => void): AsyncGenerator<string[]> {
  let pending = '';
  const decoder = new TextDecoder('utf-8');
  const trim = (line: string) => (delimiter === '\n' && line.endsWith('\r') ? line.slice(0, -1) : line);
  for await (const chunk of body) {
    onBytes((chunk as Buffer).length);
    pending += decoder.decode(chunk as Buffer, { stream: true });
    const end = pending.lastIndexOf(delimiter);
    if (end < 0) continue;
    const lines = pending.slice(0, end).split(delimiter).map(trim);
    pending = pending.slice(end + delimiter.length);
    yield lines;
  }
  pending += decoder.decode();
  if (pending !== '') yield [trim(pending)];
}

export async function* csvRecords(body: Readable, options: CsvOptions, onBytes: (n: number) => void): AsyncGenerator<(string | null)[][]> {
  let skipped = 0;
  for await (const lines of textLineBatches(body, options.rowDelimiter, onBytes)) {
    const records: (string | null)[][] = [];
    for (const line of lines) {
      if (skipped < options.skipHeader) {
        skipped++;
        continue;
      }
      if (line !== '') records.push(line.split(options.columnSeparator).map((f) => (f === '\\N' ? null : f)));
    }
    if (records.length > 0) yield records;
  }
}

export type JsonRecord = Record<string, unknown>;

function asRecord(item: unknown): JsonItem {
  return item && typeof item === 'object' && !Array.isArray(item) ? { record: item as JsonRecord } : { invalid: JSON.stringify(item).slice(0, 200) };
}

/** Largest JSON array body read whole (an array must be parsed as one document). */
const MAX_JSON_ARRAY_BYTES = 256 * 1024 * 1024;

export type JsonItem = { record: JsonRecord } | { invalid: string };

export async function* jsonRecords(body: Readable, stripOuterArray: boolean, onBytes: (n: number) => void): AsyncGenerator<JsonItem[]> {
  if (stripOuterArray) {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of body) {
      size += (chunk as Buffer).length;
      onBytes((chunk as Buffer).length);
      if (size > MAX_JSON_ARRAY_BYTES) throw new Error(`a JSON array body is limited to ${MAX_JSON_ARRAY_BYTES} bytes; send JSON lines instead`);
      chunks.push(chunk as Buffer);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch (error) {
      throw new Error(`the body is not valid JSON: ${(error as Error).message}`);
    }
    if (!Array.isArray(parsed)) throw new Error('strip_outer_array is true but the body is not a JSON array');
    for (let i = 0; i < parsed.length; i += 1024) yield parsed.slice(i, i + 1024).map(asRecord);
    return;
  }
  for await (const lines of textLineBatches(body, '\n', onBytes)) {
    const items: JsonItem[] = [];
    for (const text of lines) {
      const line = text.trim();
      if (line === '') continue;
      try {
        const parsed = JSON.parse(line) as unknown;
        if (Array.isArray(parsed)) for (const item of parsed) items.push(asRecord(item));
        else items.push(asRecord(parsed));
      } catch {
        items.push({ invalid: line.slice(0, 200) });
      }
    }
    if (items.length > 0) yield items;
  }
}

/** A JSON member as load text: strings as they are, other scalars printed, objects as JSON. */
export function jsonFieldText(value: unknown): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
