// Stream Load of a large CSV body into a 3-BE reference cluster running as processes: throughput
// next to the same run's raw HTTP transfer of the same bytes to a sink on the same machine (the
// limit the transport alone sets), and every FE and BE process's peak RSS.
//   node --import tsx bench/stream-load.ts [--gib N]   (default 1 GiB)
import http from 'node:http';
import mysql from 'mysql2/promise';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProcessCluster, stopProcessCluster } from '../dist/storage-sim/cluster/process-cluster.js';
import { peakRssMb, writeResults, type Figure } from './lib/report.js';
import { csvBody, EVENTS_TABLE_COLUMNS, put } from './lib/load-data.js';

const gib = Number(process.argv[process.argv.indexOf('--gib') + 1] ?? 1) || 1;
const TOTAL = Math.round(gib * 2 ** 30);

async function rawTransferSeconds(bytes: number): Promise<number> {
  const sink = http.createServer((req, res) => {
    req.on('data', () => undefined);
    req.on('end', () => res.end('{}'));
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  const port = (sink.address() as { port: number }).port;
  const started = process.hrtime.bigint();
  await put(`http://127.0.0.1:${port}/`, {}, csvBody(bytes));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  sink.close();
  return seconds;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-stream-load-'));
  const state = await startProcessCluster({ dir, backends: 3 });
  try {
    const conn = await mysql.createConnection({ host: '127.0.0.1', port: state.endpoints.fe.queryPort, user: 'root' });
    await conn.query('CREATE DATABASE bench');
    await conn.query(`CREATE TABLE bench.events ${EVENTS_TABLE_COLUMNS} PROPERTIES ("replication_num" = "3")`);
    const rawSeconds = await rawTransferSeconds(TOTAL);
    const started = process.hrtime.bigint();
    const reply = JSON.parse(
      await put(`http://127.0.0.1:${state.endpoints.fe.httpPort}/api/bench/events/_stream_load`, { authorization: `Basic ${Buffer.from('root:').toString('base64')}`, label: 'bench-1', column_separator: ',' }, csvBody(TOTAL)),
    ) as Record<string, unknown>;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (reply.Status !== 'Success') throw new Error(`the load failed: ${JSON.stringify(reply)}`);
    const [[count]] = (await conn.query('SELECT COUNT(*) AS n FROM bench.events')) as unknown as [[{ n: number }]];
    await conn.end();
    const mb = Number(reply.LoadBytes) / 2 ** 20;
    const rss = { fe: peakRssMb(state.pids.fe), backends: state.pids.backends.map(peakRssMb) };
    const maxRss = Math.max(rss.fe, ...rss.backends);
    const figures: Figure[] = [
      { figure: 'stream load throughput (3 replicas)', value: mb / seconds, unit: 'MB/s', baseline: mb / rawSeconds, ratio: mb / seconds / (mb / rawSeconds) },
      { figure: 'peak RSS, FE process', value: rss.fe, unit: 'MB', target: '< 300 MB', pass: rss.fe < 300 },
      ...rss.backends.map((v, i): Figure => ({ figure: `peak RSS, BE ${i} process`, value: v, unit: 'MB', target: '< 300 MB', pass: v < 300 })),
    ];
    writeResults('stream-load', figures, { bytes: reply.LoadBytes, rows: reply.NumberLoadedRows, counted: count.n, seconds, rawSeconds, maxRss });
    if (Number(count.n) !== Number(reply.NumberLoadedRows)) throw new Error(`COUNT(*) ${count.n} differs from NumberLoadedRows ${reply.NumberLoadedRows}`);
  } finally {
    await stopProcessCluster(dir);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
