// A small hand-written SVG line chart: one x axis on a log scale (sizes growing tenfold), up to two
// y axes (left and right, each its own unit), a polyline with labelled points per series. Enough
// for a benchmark's "how does it grow" picture without a charting dependency.

export interface Series {
  name: string;
  unit: string;
  axis: 'left' | 'right';
  colour: string;
  dashed?: boolean;
  points: { x: number; y: number }[];
}

export interface ChartOptions {
  title: string;
  xLabel: string;
  series: Series[];
  /** Horizontal guide lines, e.g. a target: drawn on their axis, labelled. */
  guides?: { axis: 'left' | 'right'; y: number; label: string; colour: string }[];
}

const WIDTH = 760;
const HEIGHT = 420;
const PAD = { left: 70, right: 80, top: 50, bottom: 60 };

export const escape = (text: string): string => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
const fmt = (n: number): string => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));

/** A round maximum for an axis: 1, 2 or 5 times a power of ten. */
export function niceMax(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value || 1));
  return [1, 2, 5, 10].map((m) => m * power).find((m) => m >= value)!;
}

export function lineChartSvg(options: ChartOptions): string {
  const xs = options.series.flatMap((s) => s.points.map((p) => p.x));
  const [xMin, xMax] = [Math.min(...xs), Math.max(...xs)];
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const xAt = (x: number) => PAD.left + (xMax === xMin ? plotW / 2 : ((Math.log10(x) - Math.log10(xMin)) / (Math.log10(xMax) - Math.log10(xMin))) * plotW);
  const axisMax = (axis: 'left' | 'right') => {
    const ys = [...options.series.filter((s) => s.axis === axis).flatMap((s) => s.points.map((p) => p.y)), ...(options.guides ?? []).filter((g) => g.axis === axis).map((g) => g.y)];
    return niceMax(Math.max(...ys, 0) * 1.05);
  };
  const max = { left: axisMax('left'), right: axisMax('right') };
  const yAt = (axis: 'left' | 'right', y: number) => PAD.top + plotH - (y / max[axis]) * plotH;
  const unitOf = (axis: 'left' | 'right') => options.series.find((s) => s.axis === axis)?.unit ?? '';

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${WIDTH / 2}" y="24" text-anchor="middle" font-size="15" font-weight="bold">${escape(options.title)}</text>`,
    `<rect x="${PAD.left}" y="${PAD.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#999"/>`,
  ];
  for (const x of [...new Set(xs)].sort((a, b) => a - b)) {
    parts.push(`<line x1="${xAt(x)}" y1="${PAD.top}" x2="${xAt(x)}" y2="${PAD.top + plotH}" stroke="#eee"/>`);
    parts.push(`<text x="${xAt(x)}" y="${PAD.top + plotH + 18}" text-anchor="middle">${x.toLocaleString('en-US')}</text>`);
  }
  parts.push(`<text x="${PAD.left + plotW / 2}" y="${HEIGHT - 16}" text-anchor="middle">${escape(options.xLabel)}</text>`);
  for (const axis of ['left', 'right'] as const) {
    if (!options.series.some((s) => s.axis === axis)) continue;
    const x = axis === 'left' ? PAD.left - 8 : PAD.left + plotW + 8;
    for (let i = 0; i <= 4; i++) {
      const y = (max[axis] * i) / 4;
      parts.push(`<text x="${x}" y="${yAt(axis, y) + 4}" text-anchor="${axis === 'left' ? 'end' : 'start'}">${fmt(y)}</text>`);
      if (axis === 'left') parts.push(`<line x1="${PAD.left}" y1="${yAt(axis, y)}" x2="${PAD.left + plotW}" y2="${yAt(axis, y)}" stroke="#f0f0f0"/>`);
    }
    const labelX = axis === 'left' ? 18 : WIDTH - 14;
    parts.push(`<text x="${labelX}" y="${PAD.top + plotH / 2}" text-anchor="middle" transform="rotate(-90 ${labelX} ${PAD.top + plotH / 2})">${escape(unitOf(axis))}</text>`);
  }
  for (const guide of options.guides ?? []) {
    const y = yAt(guide.axis, guide.y);
    parts.push(`<line x1="${PAD.left}" y1="${y}" x2="${PAD.left + plotW}" y2="${y}" stroke="${guide.colour}" stroke-dasharray="2 4"/>`);
    parts.push(`<text x="${guide.axis === 'left' ? PAD.left + 4 : PAD.left + plotW - 4}" y="${y - 4}" fill="${guide.colour}" text-anchor="${guide.axis === 'left' ? 'start' : 'end'}">${escape(guide.label)}</text>`);
  }
  options.series.forEach((series, i) => {
    const points = series.points.map((p) => `${xAt(p.x).toFixed(1)},${yAt(series.axis, p.y).toFixed(1)}`).join(' ');
    parts.push(`<polyline points="${points}" fill="none" stroke="${series.colour}" stroke-width="2"${series.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    for (const p of series.points) {
      // Values sit above solid lines and below dashed ones (a line and its baseline often run
      // close), and to the left of the last point, clear of the right axis.
      const last = p.x === xMax;
      const labelX = last ? xAt(p.x) - 6 : xAt(p.x) + 6;
      const labelY = yAt(series.axis, p.y) + (series.dashed ? 15 : -7);
      parts.push(`<circle cx="${xAt(p.x)}" cy="${yAt(series.axis, p.y)}" r="3.5" fill="${series.colour}"/>`);
      parts.push(`<text x="${labelX}" y="${labelY}" fill="${series.colour}" text-anchor="${last ? 'end' : 'start'}">${fmt(p.y)}</text>`);
    }
    const legendY = PAD.top + 16 + i * 16;
    parts.push(`<line x1="${PAD.left + 10}" y1="${legendY - 4}" x2="${PAD.left + 34}" y2="${legendY - 4}" stroke="${series.colour}" stroke-width="2"${series.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    parts.push(`<text x="${PAD.left + 40}" y="${legendY}">${escape(`${series.name} (${series.unit}, ${series.axis} axis)`)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}
