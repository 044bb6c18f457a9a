// Metadata at scale: one meta + diff + plan round of the daemon against a source and a target
// holding the same tables, grown from 1,000 to 10,000 (quick) and 100,000 partitions (--full;
// tables of 50 daily partitions, 200 tables per database, 1% of the partitions loaded on the source
// so the plan has lagging partitions to send). The round is the daemon's own code run as its own
// process, `cluster-sync plan --timings`, several times per size (the median by round time is
// kept). Per size:
// - round wall time (meta + diff + plan, timed inside the process; its split in meta, diff and
//   plan). Target <= 2 s. Baseline: the SQL floor, the same run's time for the same statements
//   sent through mysql2 with the daemon's connection settings to both clusters at once, rows
//   received and dropped. It is what the clusters alone cost, so the ratio shows how much the
//   daemon's parsing, diff and plan add; a fixed baseline (or the small size scaled up) would hide
//   a slow reference FE, which is half of what is measured here.
// - SQL round trips (statements counted by the daemon's FE clients). Target: the same at every
//   size, since with partitions_meta the statements do not depend on the number of tables.
// - peak RSS of the daemon process: the larger of /proc VmHWM sampled every 20 ms and the
//   process's own ru_maxrss. Target <= 300 MB. Also its wall time from spawn to exit and CPU time.
// - growth: round time at one size over the size before, beside the sizes' ratio (linear growth).
//   Target <= 1.25 x linear.
// The clusters (1 FE + 1 BE each) keep their data on tmpfs (/dev/shm) when the machine has one:
// the round reads metadata only, and creating 200,000 tablets with two fsyncs each would otherwise
// be bound by the disk's fsync rate for minutes. Their FEs and BEs get 1 GB heaps: a catalogue
// of 100,000 partitions does not fit the default 160 MB.
// Writes bench/results/metadata-scale.json and bench/results/metadata-scale.svg (round time and
// daemon RSS against partitions).
//   node --import tsx bench/metadata-scale.ts [--partitions 1000,10000,100000] [--per-table 50] [--runs 3] [--keep]
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProcessCluster, stopProcessCluster, type ClusterState } from '../dist/storage-sim/cluster/process-cluster.js';
import { growCatalog, loadedPartitions } from './lib/metadata-catalog.js';
import { runPlanProcess, type PlanProcessRun } from './lib/plan-process.js';
import { sqlFloorSeconds } from './lib/sql-floor.js';
import { peakRssMb, writeResults, type Figure } from './lib/report.js';
import { lineChartSvg } from './lib/line-chart-svg.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1]! : fallback;
}
const sizes = arg('--partitions', '1000,10000')
  .split(',')
  .map(Number)
  .sort((a, b) => a - b);
const perTable = Number(arg('--per-table', '50'));
const runs = Math.max(1, Number(arg('--runs', '3')));

const ROUND_TARGET_S = 2;
const RSS_TARGET_MB = 300;
const GROWTH_TARGET = 1.25;
const HEAP_MB = 1024;

interface SizeResult {
  partitions: number;
  /** The machine's 1-minute load average after the runs: other work slows every figure alike. */
  loadAverage: number;
  tables: number;
  setupSeconds: number;
  /** The run with the median round time. */
  run: PlanProcessRun;
  runs: PlanProcessRun[];
  floorSeconds: number;
  floors: number[];
  peakRssMb: number;
}

function writeConfig(dir: string, source: ClusterState, target: ClusterState): string {
  const conf = join(dir, 'sync.properties');
  const lines = [
    'source_fe_host=127.0.0.1',
    `source_fe_query_port=${source.endpoints.fe.queryPort}`,
    `source_cluster_token=${source.endpoints.token}`,
    'target_fe_host=127.0.0.1',
    `target_fe_query_port=${target.endpoints.fe.queryPort}`,
  ];
  writeFileSync(conf, lines.join('\n') + '\n');
  return conf;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;
const seconds = (ms: number): number => ms / 1000;
const count = (n: number): string => n.toLocaleString('en-US');

async function measure(conf: string, ports: number[]): Promise<Pick<SizeResult, 'run' | 'runs' | 'floorSeconds' | 'floors' | 'peakRssMb'>> {
  const planRuns: PlanProcessRun[] = [];
  const floors: number[] = [];
  // Alternated, so a busy moment of the machine weighs on both alike.
  for (let i = 0; i < runs; i++) {
    floors.push(await sqlFloorSeconds(ports));
    planRuns.push(await runPlanProcess(conf));
  }
  const byRound = [...planRuns].sort((a, b) => a.report.timings.roundMs - b.report.timings.roundMs);
  return {
    run: byRound[Math.floor((byRound.length - 1) / 2)]!,
    runs: planRuns,
    floorSeconds: median(floors),
    floors,
    peakRssMb: Math.max(...planRuns.map((r) => r.peakRssMb)),
  };
}

function sizeFigures(result: SizeResult, smallest: SizeResult): Figure[] {
  const { report } = result.run;
  const at = `${count(result.partitions)} partitions`;
  const round = seconds(report.timings.roundMs);
  const trips = report.sqlStatements.total;
  const baseTrips = smallest.run.report.sqlStatements.total;
  return [
    { figure: `${at}: round (meta + diff + plan)`, value: round, unit: 's', baseline: result.floorSeconds, ratio: round / result.floorSeconds, target: `<= ${ROUND_TARGET_S} s`, pass: round <= ROUND_TARGET_S },
    { figure: `${at}: meta (both catalogues read)`, value: seconds(report.timings.metaMs), unit: 's', baseline: result.floorSeconds, ratio: report.timings.metaMs / 1000 / result.floorSeconds },
    { figure: `${at}: diff and plan`, value: seconds(report.timings.decideMs), unit: 's' },
    { figure: `${at}: SQL round trips`, value: trips, unit: '', baseline: baseTrips, ratio: trips / baseTrips, target: `= ${baseTrips} (at ${count(smallest.partitions)})`, pass: trips === baseTrips },
    { figure: `${at}: daemon peak RSS`, value: result.peakRssMb, unit: 'MB', target: `<= ${RSS_TARGET_MB} MB`, pass: result.peakRssMb <= RSS_TARGET_MB },
    { figure: `${at}: daemon process wall time (spawn to exit)`, value: result.run.wallSeconds, unit: 's' },
    { figure: `${at}: daemon process CPU time`, value: seconds(report.cpuMs), unit: 's' },
  ];
}

function growthFigures(results: SizeResult[]): Figure[] {
  return results.slice(1).map((result, i) => {
    const before = results[i]!;
    const growth = result.run.report.timings.roundMs / before.run.report.timings.roundMs;
    const linear = result.partitions / before.partitions;
    return {
      figure: `round time growth ${count(before.partitions)} -> ${count(result.partitions)} partitions`,
      value: growth,
      unit: 'x',
      baseline: linear,
      ratio: growth / linear,
      target: `<= ${GROWTH_TARGET} x linear`,
      pass: growth / linear <= GROWTH_TARGET,
    };
  });
}

function chart(results: SizeResult[]): string {
  const points = (y: (r: SizeResult) => number) => results.map((r) => ({ x: r.partitions, y: y(r) }));
  return lineChartSvg({
    title: 'cluster-sync: one meta + diff + plan round against partitions (source and target)',
    xLabel: 'partitions per cluster (log scale)',
    series: [
      { name: 'round time', unit: 's', axis: 'left', colour: '#1f77b4', points: points((r) => seconds(r.run.report.timings.roundMs)) },
      { name: 'SQL floor', unit: 's', axis: 'left', colour: '#1f77b4', dashed: true, points: points((r) => r.floorSeconds) },
      { name: 'daemon peak RSS', unit: 'MB', axis: 'right', colour: '#d62728', points: points((r) => r.peakRssMb) },
    ],
    guides: [
      { axis: 'left', y: ROUND_TARGET_S, label: `round target ${ROUND_TARGET_S} s`, colour: '#1f77b4' },
      { axis: 'right', y: RSS_TARGET_MB, label: `RSS target ${RSS_TARGET_MB} MB`, colour: '#d62728' },
    ],
  });
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'bench-metadata-scale-'));
  const sourceDir = join(work, 'source');
  const targetDir = join(work, 'target');
  const clusterOptions = { backends: 1, feHeapMb: HEAP_MB, beHeapMb: HEAP_MB };
  try {
    const [source, target] = await Promise.all([startProcessCluster({ dir: sourceDir, ...clusterOptions }), startProcessCluster({ dir: targetDir, ...clusterOptions })]);
    const conf = writeConfig(work, source, target);
    const ports = [source.endpoints.fe.queryPort, target.endpoints.fe.queryPort];
    const results: SizeResult[] = [];
    let tables = 0;
    for (const partitions of sizes) {
      const wanted = Math.ceil(partitions / perTable);
      const started = Date.now();
      await Promise.all([
        growCatalog({ port: source.endpoints.fe.queryPort, from: tables, to: wanted, perTable, load: true }),
        growCatalog({ port: target.endpoints.fe.queryPort, from: tables, to: wanted, perTable, load: false }),
      ]);
      tables = wanted;
      const setupSeconds = (Date.now() - started) / 1000;
      const measured = await measure(conf, ports);
      const { timings, sqlStatements, laggingPartitions } = measured.run.report;
      console.log(
        `${count(partitions)} partitions (${count(tables)} tables, set up in ${setupSeconds.toFixed(1)} s): round ${timings.roundMs.toFixed(0)} ms ` +
          `(meta ${timings.metaMs.toFixed(0)}, diff and plan ${timings.decideMs.toFixed(0)}), SQL floor ${(measured.floorSeconds * 1000).toFixed(0)} ms, ` +
          `${sqlStatements.total} statements, ${laggingPartitions} of ${loadedPartitions(tables, perTable)} loaded partitions planned, peak RSS ${measured.peakRssMb.toFixed(0)} MB, load average ${loadavg()[0]!.toFixed(1)}`,
      );
      results.push({ partitions, tables, setupSeconds, loadAverage: loadavg()[0]!, ...measured });
    }
    const frontendsPeakRssMb = { source: peakRssMb(source.pids.fe), target: peakRssMb(target.pids.fe) };
    const figures = [...results.flatMap((r) => sizeFigures(r, results[0]!)), ...growthFigures(results)];
    writeResults('metadata-scale', figures, {
      perTable,
      runsPerSize: runs,
      dataDir: work,
      frontendsPeakRssMb,
      sizes: results.map((r) => ({
        partitions: r.partitions,
        tables: r.tables,
        setupSeconds: r.setupSeconds,
        loadAverage: r.loadAverage,
        sqlFloorSeconds: r.floors,
        runs: r.runs.map((run) => ({ wallSeconds: run.wallSeconds, peakRssMb: run.peakRssMb, ...run.report })),
      })),
    });
    writeFileSync(new URL('./results/metadata-scale.svg', import.meta.url), chart(results));
  } finally {
    await Promise.all([stopProcessCluster(sourceDir), stopProcessCluster(targetDir)]);
    if (process.argv.includes('--keep')) console.log(`kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
