// The throughput chart of the README: every transfer benchmark's rate beside its same-run baseline
// (raw copy of the data files, raw PUT/GET of the same bytes), from bench/results/*.json, written
// to bench/results/throughput.svg.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { barChartSvg, type BarRow } from './bar-chart-svg.js';
import type { Figure } from './report.js';

/** Which figures of which benchmark are transfers measured against a baseline. */
const TRANSFERS: { bench: string; figure: RegExp; label: string }[] = [
  { bench: 'full-sync', figure: /^full sync, .* \(daemon process wall time/, label: 'daemon full sync' },
  { bench: 'full-sync', figure: /^loopback TCP copy of the same files/, label: 'same files over loopback TCP' },
  { bench: 'replication', figure: /^replication throughput/, label: 'replication (one table)' },
  { bench: 'backup-restore', figure: /^backup throughput/, label: 'BACKUP to S3' },
  { bench: 'backup-restore', figure: /^restore throughput/, label: 'RESTORE from S3' },
];

export function writeThroughputChart(): string | undefined {
  const rows: BarRow[] = [];
  for (const transfer of TRANSFERS) {
    const file = new URL(`../results/${transfer.bench}.json`, import.meta.url);
    if (!existsSync(file)) continue;
    const figure = (JSON.parse(readFileSync(file, 'utf8')) as { figures: Figure[] }).figures.find((f) => transfer.figure.test(f.figure));
    if (figure?.baseline) rows.push({ label: transfer.label, value: figure.value, baseline: figure.baseline, unit: figure.unit });
  }
  if (rows.length === 0) return undefined;
  const out = new URL('../results/throughput.svg', import.meta.url);
  writeFileSync(out, barChartSvg('Transfer rates beside the same run\'s baseline (ratio in brackets)', rows, { value: 'measured', baseline: 'raw copy / raw PUT / raw GET' }));
  return out.pathname;
}
