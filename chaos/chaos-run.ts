// A chaos run: two reference clusters as processes, a loader writing labelled batches into the
// source the whole time, the daemon continuous, and faults drawn from a seeded sequence (kills of
// the daemon and of every kind of node, network cuts, a full disk, bad configuration edits). At
// the end the faults stop, the run waits for the target to converge, and checks that nothing was
// lost, duplicated or left ahead: verify, a sorted row-by-row comparison of every table against
// both the other cluster and the loader's ledger, one copy of every batch, versions equal.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import mysql from 'mysql2/promise';
import { readClusterState, startProcessCluster, stopProcessCluster, type ClusterState } from '../src/storage-sim/cluster/process-cluster.js';
import { writeSyncConfig } from '../bench/lib/daemon-process.js';
import { alignedVersion } from '../src/meta/aligned-version.js';
import { partitionFromMeta } from '../src/meta/partition-rows.js';
import { CutProxy } from './cut-proxy.js';
import { countByKind, DEFAULT_WEIGHTS, planFaults, type FaultKind, type PlannedFault } from './fault-plan.js';
import { CHAOS_DB, CHAOS_TABLES, expectedRows, runLoader, type ChaosTable, type CommittedBatch, type LoaderStats } from './labelled-loader.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BACKENDS = 3;

export interface ChaosOptions {
  seed: number;
  durationMs: number;
  meanGapMs: number;
  dir: string;
  weights?: Partial<Record<FaultKind, number>>;
  /** How long the target may take to converge once the faults stop. */
  convergeTimeoutMs?: number;
  say?: (line: string) => void;
}

export interface ChaosResult {
  ok: boolean;
  seed: number;
  faults: Record<FaultKind, number>;
  convergeSeconds: number | null;
  rowsCompared: number;
  batches: number;
  loaderRetries: number;
  problems: string[];
}

type Query = (sql: string) => Promise<Record<string, unknown>[]>;

async function queryOn(state: () => ClusterState): Promise<Query> {
  return async (sql) => {
    const conn = await mysql.createConnection({ host: '127.0.0.1', port: state().endpoints.fe.queryPort, user: 'root', connectTimeout: 5_000, dateStrings: true });
    try {
      const [rows] = await conn.query({ sql, rowsAsArray: false });
      return rows as Record<string, unknown>[];
    } finally {
      await conn.end().catch(() => undefined);
    }
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function kill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

export async function runChaos(options: ChaosOptions): Promise<ChaosResult> {
  const say = options.say ?? ((line: string) => process.stdout.write(`${line}\n`));
  // The clusters' setup is not part of the run: its clock starts with the loader.
  let runStart = Date.now();
  const at = () => `[${((Date.now() - runStart) / 1000).toFixed(1).padStart(6)} s]`;
  const problems: string[] = [];
  const dir = options.dir;
  mkdirSync(dir, { recursive: true });
  const sourceDir = join(dir, 'source');
  const targetDir = join(dir, 'target');
  let source = await startProcessCluster({ dir: sourceDir, backends: BACKENDS });
  let target = await startProcessCluster({ dir: targetDir, backends: BACKENDS });
  const sourceQuery = await queryOn(() => source);
  const targetQuery = await queryOn(() => target);
  const proxies: CutProxy[][] = [];
  let daemon: ChildProcess | undefined;
  const daemonCrashes: string[] = [];
  const loaderStop = new AbortController();
  const committed: CommittedBatch[] = [];
  const stats: LoaderStats = { committed: 0, retries: 0 };
  const done: PlannedFault[] = [];
  let lastFaultEnd = runStart;
  try {
    await sourceQuery(`CREATE DATABASE ${CHAOS_DB}`);
    for (const ddl of Object.values(CHAOS_TABLES)) await sourceQuery(ddl);

    // Every source BE port the target BEs dial goes through a proxy that can cut it.
    const portMap: string[] = [];
    for (const be of source.endpoints.backends) {
      const pair = [new CutProxy(be.bePort), new CutProxy(be.httpPort)];
      for (const p of pair) await p.start();
      portMap.push(`${be.bePort}:${pair[0]!.port}`, `${be.httpPort}:${pair[1]!.port}`);
      proxies.push(pair);
    }
    const confDir = join(dir, 'conf');
    mkdirSync(confDir, { recursive: true });
    writeFileSync(join(confDir, 'hosts.properties'), `SOURCE_127.0.0.1=127.0.0.1;${portMap.join(',')}\n`);
    const [firstSource, firstTarget] = [source, target];
    const writeSettings = (extra: Record<string, string> = {}) =>
      writeSyncConfig(confDir, firstSource, firstTarget, 1, { include_data_list: CHAOS_DB, report_interval_seconds: '10', ...extra });
    const conf = writeSettings();
    const logDir = join(dir, 'log');
    let stoppingDaemon = false;
    let configBad = false;
    let daemonDown = false;
    const startDaemon = () => {
      const badAtStart = configBad;
      const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/main.ts'), 'start', '--conf', conf, '--log-dir', logDir], { cwd: ROOT, stdio: 'ignore' });
      daemonDown = false;
      child.on('exit', (code, signal) => {
        if (daemon !== child || stoppingDaemon || signal === 'SIGKILL') return;
        daemonDown = true;
        // Started on the invalid file, it refuses to run (exit 2), as it must: started again once the file is fixed.
        if (code === 2 && badAtStart) say(`${at()} the daemon restarted on the invalid configuration refused to start (exit 2), as it should`);
        else daemonCrashes.push(`the daemon exited on its own (code ${code}, signal ${signal})`);
      });
      daemon = child;
    };
    startDaemon();

    runStart = Date.now();
    lastFaultEnd = runStart;
    const loader = runLoader({ httpPort: () => source.endpoints.fe.httpPort, signal: loaderStop.signal, committed, stats, runId: `s${options.seed}` });

    const plan = planFaults({ seed: options.seed, durationMs: options.durationMs, meanGapMs: options.meanGapMs, weights: options.weights ?? DEFAULT_WEIGHTS, backendsPerCluster: BACKENDS });
    say(`chaos run, seed ${options.seed}: ${plan.length} faults over ${(options.durationMs / 1000).toFixed(0)} s, loader writing into ${Object.keys(CHAOS_TABLES).map((t) => `${CHAOS_DB}.${t}`).join(', ')}`);
    const restartNodes = async (which: 'source' | 'target') => {
      const clusterDir = which === 'source' ? sourceDir : targetDir;
      for (let attempt = 1; ; attempt++) {
        try {
          const state = await startProcessCluster({ dir: clusterDir });
          if (which === 'source') source = state;
          else target = state;
          return;
        } catch (error) {
          if (/already running/.test((error as Error).message)) return;
          if (attempt >= 5) throw error;
          await sleep(500);
        }
      }
    };
    for (const fault of plan) {
      const wait = runStart + fault.atMs - Date.now();
      if (wait > 0) await sleep(wait);
      const line = `${at()} ${fault.kind}${fault.kind.includes('be') || fault.kind === 'fill-target-disk' ? ` be${fault.node}` : ''}`;
      switch (fault.kind) {
        case 'kill-daemon':
          kill(daemon!.pid!);
          await sleep(Math.min(fault.holdMs, 1_000));
          startDaemon();
          say(`${line}: SIGKILL, restarted`);
          break;
        case 'kill-source-be':
        case 'kill-target-be':
        case 'kill-source-fe':
        case 'kill-target-fe': {
          const side = fault.kind.includes('source') ? 'source' : 'target';
          const state = readClusterState(side === 'source' ? sourceDir : targetDir)!;
          const pid = fault.kind.endsWith('fe') ? state.pids.fe : state.pids.backends[fault.node]!;
          kill(pid);
          await sleep(fault.holdMs);
          await restartNodes(side);
          say(`${line}: SIGKILL, down ${(fault.holdMs / 1000).toFixed(1)} s, restarted`);
          break;
        }
        case 'cut-source-be':
          for (const p of proxies[fault.node]!) p.cut(fault.holdMs);
          await sleep(fault.holdMs);
          say(`${line}: network to the target BEs cut for ${(fault.holdMs / 1000).toFixed(1)} s`);
          break;
        case 'fill-target-disk': {
          const be = target.endpoints.backends[fault.node]!;
          const faults = (body: unknown) => fetch(`http://127.0.0.1:${be.bePort}/api/internal/faults`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
          await faults({ capacityBytes: 1 });
          await sleep(fault.holdMs);
          await faults({ capacityBytes: null });
          say(`${line}: disk full for ${(fault.holdMs / 1000).toFixed(1)} s`);
          break;
        }
        case 'bad-config':
          configBad = true;
          writeSettings({ meta_job_interval_seconds: 'soon' });
          await sleep(fault.holdMs);
          writeSettings();
          configBad = false;
          if (daemonDown) startDaemon();
          say(`${line}: an invalid sync.properties for ${(fault.holdMs / 1000).toFixed(1)} s`);
          break;
        case 'narrow-include':
          writeSettings({ include_data_list: `${CHAOS_DB}.events,${CHAOS_DB}.accounts` });
          await sleep(fault.holdMs);
          writeSettings();
          say(`${line}: include list without ${CHAOS_DB}.notes for ${(fault.holdMs / 1000).toFixed(1)} s`);
          break;
      }
      done.push(fault);
      lastFaultEnd = Date.now();
      // A partition of the target ahead of its source would be data the source never had.
      await checkNotAhead(sourceQuery, targetQuery).then((ahead) => ahead && problems.push(`${at()} ${ahead}`)).catch(() => undefined);
    }
    const remaining = runStart + options.durationMs - Date.now();
    if (remaining > 0) await sleep(remaining);

    loaderStop.abort();
    await loader;
    if (daemonDown) startDaemon();
    say(`${at()} faults over; ${stats.committed} batches committed (${stats.retries} retries); waiting for the target to converge`);
    const deadline = Date.now() + (options.convergeTimeoutMs ?? 360_000);
    let converged = false;
    while (Date.now() < deadline) {
      if (await sameData(sourceQuery, targetQuery).catch(() => false)) {
        converged = true;
        break;
      }
      await sleep(1_000);
    }
    const convergeSeconds = converged ? (Date.now() - lastFaultEnd) / 1000 : null;
    if (!converged) problems.push(`the target did not converge within ${((options.convergeTimeoutMs ?? 360_000) / 1000).toFixed(0)} s of the faults' end`);
    else say(`${at()} converged ${convergeSeconds!.toFixed(1)} s after the last fault`);

    // Verify, as an operator would.
    const verify = await runVerify(conf);
    if (verify.code !== 0) problems.push(`cluster-sync verify exited ${verify.code}: ${verify.output.trim().split('\n').slice(-5).join(' | ')}`);

    let rowsCompared = 0;
    const expected = expectedRows(committed);
    for (const table of Object.keys(CHAOS_TABLES) as ChaosTable[]) {
      const [src, dst] = [await tableRows(sourceQuery, table), await tableRows(targetQuery, table)];
      rowsCompared += dst.length;
      if (JSON.stringify(src) !== JSON.stringify(expected[table])) problems.push(`${CHAOS_DB}.${table}: the source holds ${src.length} rows, the loader's ledger ${expected[table].length} (${firstDifference(src, expected[table])})`);
      if (JSON.stringify(dst) !== JSON.stringify(src)) problems.push(`${CHAOS_DB}.${table}: the target differs from the source (${dst.length} rows against ${src.length}; ${firstDifference(dst, src)})`);
    }
    for (const table of ['events', 'notes'] as const) {
      const twice = await targetQuery(`SELECT label, COUNT(*) AS n FROM ${CHAOS_DB}.${table} GROUP BY label HAVING COUNT(*) <> ${40}`);
      for (const row of twice) problems.push(`${CHAOS_DB}.${table}: batch ${String(row.label)} has ${String(row.n)} rows on the target, not 40 (applied twice or in part)`);
    }
    const ahead = await checkNotAhead(sourceQuery, targetQuery);
    if (ahead) problems.push(ahead);
    problems.push(...daemonCrashes);

    stoppingDaemon = true;
    const result: ChaosResult = { ok: problems.length === 0, seed: options.seed, faults: countByKind(done), convergeSeconds, rowsCompared, batches: stats.committed, loaderRetries: stats.retries, problems };
    return result;
  } finally {
    loaderStop.abort();
    if (daemon?.pid) kill(daemon.pid);
    for (const pair of proxies) for (const p of pair) await p.stop();
    await stopProcessCluster(sourceDir).catch(() => undefined);
    await stopProcessCluster(targetDir).catch(() => undefined);
  }
}

async function tableRows(query: Query, table: ChaosTable): Promise<string[]> {
  const columns = { events: 'day, label, seq, v', accounts: 'id, label, v', notes: 'label, seq, v' }[table];
  const rows = await query(`SELECT ${columns} FROM ${CHAOS_DB}.${table}`);
  return rows.map((r) => Object.values(r).map((v) => String(v)).join(',')).sort();
}

function firstDifference(a: string[], b: string[]): string {
  const setB = new Set(b);
  const setA = new Set(a);
  const missing = b.find((x) => !setA.has(x));
  const extra = a.find((x) => !setB.has(x));
  return [missing ? `missing ${missing}` : '', extra ? `extra ${extra}` : ''].filter(Boolean).join(', ') || 'same rows, other counts';
}

/**
 * Every partition row of the chaos database as [table.partition, version], the version being the
 * one the daemon aligns on: DATA_VERSION where the cluster prints it (a shared-data target's
 * compactions raise only its visible version), else VISIBLE_VERSION. SELECT *: releases before
 * PR #46507 have no DATA_VERSION column to name.
 */
async function partitionVersions(query: Query): Promise<[string, number][]> {
  const rows = await query(`SELECT * FROM information_schema.partitions_meta WHERE DB_NAME = '${CHAOS_DB}' ORDER BY TABLE_NAME, PARTITION_NAME`);
  return rows.map((r) => [`${String(r.TABLE_NAME)}.${String(r.PARTITION_NAME)}`, alignedVersion(partitionFromMeta(r).partition)]);
}

async function sameData(source: Query, target: Query): Promise<boolean> {
  if (JSON.stringify(await partitionVersions(source)) !== JSON.stringify(await partitionVersions(target))) return false;
  for (const table of Object.keys(CHAOS_TABLES) as ChaosTable[]) {
    if (JSON.stringify(await tableRows(source, table)) !== JSON.stringify(await tableRows(target, table))) return false;
  }
  return true;
}

/** A target partition at a version its source partition has not reached (same name), if any. */
async function checkNotAhead(source: Query, target: Query): Promise<string | null> {
  const sourceVersions = new Map(await partitionVersions(source));
  for (const [key, version] of await partitionVersions(target)) {
    const sv = sourceVersions.get(key);
    if (sv !== undefined && version > sv) return `target partition ${CHAOS_DB}.${key} is at version ${version}, ahead of its source (${sv})`;
  }
  return null;
}

function runVerify(conf: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/main.ts'), 'verify', '--conf', conf], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    child.on('close', (code) => resolve({ code, output }));
  });
}
