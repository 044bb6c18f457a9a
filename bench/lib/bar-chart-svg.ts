// A small hand-written SVG bar chart: per row, a measured rate beside the baseline measured in the
// same run, as two horizontal bars with their values and the ratio. The throughput picture of the
// benchmarks (how close each transfer comes to what the disks or the store allow).
import { escape, niceMax } from './line-chart-svg.js';

export interface BarRow {
  label: string;
  value: number;
  baseline: number;
  unit: string;
}

const WIDTH = 760;
const ROW = 54;
const PAD = { left: 250, right: 90, top: 56, bottom: 40 };

export function barChartSvg(title: string, rows: BarRow[], legend: { value: string; baseline: string }): string {
  const height = PAD.top + rows.length * ROW + PAD.bottom;
  const plotW = WIDTH - PAD.left - PAD.right;
  const max = niceMax(Math.max(...rows.flatMap((r) => [r.value, r.baseline]), 1));
  const w = (v: number) => Math.max(1, (v / max) * plotW);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${height}" fill="white"/>`,
    `<text x="${WIDTH / 2}" y="24" text-anchor="middle" font-size="15" font-weight="bold">${escape(title)}</text>`,
    `<rect x="${PAD.left}" y="34" width="12" height="10" fill="#2b6cb0"/><text x="${PAD.left + 18}" y="43">${escape(legend.value)}</text>`,
    `<rect x="${PAD.left + 200}" y="34" width="12" height="10" fill="#bbb"/><text x="${PAD.left + 218}" y="43">${escape(legend.baseline)}</text>`,
  ];
  rows.forEach((row, i) => {
    const y = PAD.top + i * ROW;
    parts.push(`<text x="${PAD.left - 8}" y="${y + 22}" text-anchor="end">${escape(row.label)}</text>`);
    parts.push(`<rect x="${PAD.left}" y="${y + 4}" width="${w(row.value)}" height="16" fill="#2b6cb0"/>`);
    parts.push(`<text x="${PAD.left + w(row.value) + 4}" y="${y + 17}">${row.value.toFixed(1)} ${escape(row.unit)} (${(row.value / row.baseline).toFixed(2)})</text>`);
    parts.push(`<rect x="${PAD.left}" y="${y + 24}" width="${w(row.baseline)}" height="16" fill="#bbb"/>`);
    parts.push(`<text x="${PAD.left + w(row.baseline) + 4}" y="${y + 37}">${row.baseline.toFixed(1)} ${escape(row.unit)}</text>`);
  });
  parts.push(`<text x="${PAD.left}" y="${height - 14}">0</text><text x="${PAD.left + plotW}" y="${height - 14}" text-anchor="end">${max} ${escape(rows[0]?.unit ?? '')}</text>`);
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}
