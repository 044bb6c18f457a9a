// The one table `npm run bench` ends with: every figure of the benchmarks just run, read from
// bench/results/<name>.json, and whether every target was met.
//   node --import tsx bench/lib/summary.ts <name> ...
import { existsSync, readFileSync } from 'node:fs';
import { printTable, type Figure } from './report.js';
import { writeThroughputChart } from './throughput-chart.js';

const figures: Figure[] = [];
for (const name of process.argv.slice(2)) {
  const file = new URL(`../results/${name}.json`, import.meta.url);
  if (!existsSync(file)) continue;
  const result = JSON.parse(readFileSync(file, 'utf8')) as { figures: Figure[]; machine: string };
  figures.push(...result.figures.map((f) => ({ ...f, figure: `${name}: ${f.figure}` })));
}
printTable('all benchmarks', figures);
const failed = figures.filter((f) => f.pass === false);
console.log(failed.length === 0 ? '\nevery target met' : `\n${failed.length} target(s) not met: ${failed.map((f) => f.figure).join('; ')}`);
const chart = writeThroughputChart();
if (chart) console.log(`throughput chart: ${chart}`);
