// Reads a .properties file into ordered entries with the line each key stands on, so errors can
// point at the exact line. Values come from properties-reader (key=value, trimmed); the line
// numbers and duplicate detection come from our own scan, which properties-reader lacks. Comment
// lines are the ones java.util.Properties skips (first non-blank character '#' or '!'): the
// StarRocks migration tool reads these files as Java properties, so a file written for it loads here.
import { readFileSync } from 'node:fs';
import { propertiesReader } from 'properties-reader';

export interface PropertyEntry {
  key: string;
  value: string;
  /** 1-based line of the last occurrence (the one that takes effect). */
  line: number | undefined;
}

export interface PropertiesFile {
  path: string;
  entries: PropertyEntry[];
  /** Keys that appear more than once, with every line they appear on. */
  duplicates: { key: string; lines: number[] }[];
}

export class PropertiesFileError extends Error {
  constructor(path: string, cause: string) {
    super(`cannot read ${path}: ${cause}`);
    this.name = 'PropertiesFileError';
  }
}

/** A comment line of a Java properties file. */
function isComment(line: string): boolean {
  return /^\s*[#!]/.test(line);
}

function keyLines(text: string): Map<string, number[]> {
  const lines = new Map<string, number[]>();
  text.split(/\r?\n/).forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '' || isComment(trimmed)) return;
    const match = /^([^=\s]+)\s*=/.exec(trimmed) ?? /^(\S+)/.exec(trimmed);
    if (!match) return;
    const key = match[1]!;
    lines.set(key, [...(lines.get(key) ?? []), index + 1]);
  });
  return lines;
}

export function readPropertiesFile(path: string): PropertiesFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new PropertiesFileError(path, code === 'ENOENT' ? 'no such file' : (error as Error).message);
  }
  // properties-reader itself only knows '#' as a comment, and only before the '=': comment lines
  // are blanked first (keeping the line count), so a '!' comment never becomes a key.
  const reader = propertiesReader({});
  reader.read(text.split('\n').map((line) => (isComment(line) ? '' : line)).join('\n'));
  const lines = keyLines(text);
  const entries: PropertyEntry[] = [];
  for (const [key] of reader.entries()) {
    const raw = reader.getRaw(key);
    entries.push({ key, value: raw === null ? '' : String(raw), line: lines.get(key)?.at(-1) });
  }
  const duplicates = [...lines].filter(([, at]) => at.length > 1).map(([key, at]) => ({ key, lines: at }));
  return { path, entries, duplicates };
}
