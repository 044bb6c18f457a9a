// Benchmark results: each benchmark writes bench/results/<name>.json and prints its rows; a row is
// a figure next to a baseline measured in the same run (these machines are noisy: ratios, not
// absolute times, are what a target is set on).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

export interface Figure {
  figure: string;
  value: number;
  unit: string;
  baseline?: number;
  /** value / baseline */
  ratio?: number;
  target?: string;
  pass?: boolean;
}

export function machine(): string {
  return `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}`;
}

export function writeResults(name: string, figures: Figure[], details: Record<string, unknown> = {}): void {
  const dir = new URL('../results/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  writeFileSync(new URL(`${name}.json`, dir), JSON.stringify({ name, at: new Date().toISOString(), machine: machine(), figures, details }, null, 2));
  printTable(name, figures);
}

export function printTable(name: string, figures: Figure[]): void {
  const rows = figures.map((f) => [
    f.figure,
    `${round(f.value)} ${f.unit}`,
    f.baseline === undefined ? '' : `${round(f.baseline)} ${f.unit}`,
    f.ratio === undefined ? '' : f.ratio.toFixed(2),
    f.target ?? '',
    f.pass === undefined ? '' : f.pass ? 'PASS' : 'FAIL',
  ]);
  const header = ['figure', 'value', 'baseline', 'ratio', 'target', 'pass'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log(`\n== ${name}`);
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}

function round(n: number): string {
  return Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 1 ? n.toFixed(1) : n.toFixed(3);
}

/** Peak resident set size of a process so far (VmHWM), in MB. */
export function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}
