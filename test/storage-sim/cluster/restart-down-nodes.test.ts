// sim start on a directory whose cluster lost some nodes (SIGKILL, as a fault campaign does)
// restarts only those, keeping the live ones with their data and backend ids; a previous port
// another process holds is given up for a free one, and the FE is restarted to learn it; a start
// that fails leaves no node of its own running, and sim status tells what really runs.
// SHOW BACKENDS' columns follow StarRocks: fe/fe-core/src/main/java/com/starrocks/common/proc/BackendsProcDir.java
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type Server } from 'node:net';
import mysql from 'mysql2/promise';
import { readClusterState, stopProcessCluster, type ClusterState } from '../../../src/storage-sim/cluster/process-cluster.js';
import { runCli } from '../../helpers/run-cli.js';
import { scratchDir } from '../../helpers/scratch.js';

interface Endpoints {
  fe: { queryPort: number };
  backends: { id: number; bePort: number }[];
}

/**
 * Alive, read from /proc as ps would: not a zombie, or a zombie main thread whose other threads
 * (which hold its sockets) are still exiting.
 */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z' || readdirSync(`/proc/${pid}/task`).length > 1;
  } catch {
    return false;
  }
}

/** The pids of every live process started with a node config under `dir`. */
function nodeProcesses(dir: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(`${dir}/`);
      } catch {
        return false;
      }
    })
    .map(Number)
    .filter(running);
}

async function kill(pid: number): Promise<void> {
  process.kill(pid, 'SIGKILL');
  while (running(pid)) await new Promise((resolve) => setTimeout(resolve, 20));
}

function hold(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

async function query(port: number, sql: string): Promise<Record<string, unknown>[]> {
  const conn = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root', password: '' });
  try {
    return (await conn.query(sql))[0] as Record<string, unknown>[];
  } finally {
    await conn.end();
  }
}

/** A cluster with app.t holding 100 rows, each tablet on every BE. */
async function startWithRows(dir: string, backends: number): Promise<{ endpoints: Endpoints; state: ClusterState }> {
  const started = await runCli(['sim', 'start', '--dir', dir, '--backends', String(backends)]);
  assert.equal(started.code, 0, started.stderr);
  for (let i = 0; i < backends; i++) assert.match(started.stderr, new RegExp(`^sim start: be${i} started \\(pid \\d+\\)$`, 'm'));
  assert.match(started.stderr, /^sim start: fe started \(pid \d+\)$/m);
  const endpoints = JSON.parse(started.stdout.trim()) as Endpoints;
  await query(endpoints.fe.queryPort, 'CREATE DATABASE app');
  await query(endpoints.fe.queryPort, `CREATE TABLE app.t (id INT NOT NULL, v VARCHAR(8)) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 3 PROPERTIES ("replication_num" = "${backends}")`);
  await query(endpoints.fe.queryPort, `INSERT INTO app.t VALUES ${Array.from({ length: 100 }, (_, i) => `(${i}, 'v${i}')`).join(', ')}`);
  return { endpoints, state: readClusterState(dir)! };
}

async function rowCount(port: number): Promise<number> {
  return Number((await query(port, 'SELECT COUNT(*) AS n FROM app.t'))[0]!.n);
}

test('sim start after a BE is SIGKILLed restarts only that BE, with its data and id; with every node alive it refuses', async (t) => {
  const dir = scratchDir('restart-one-be');
  t.after(() => stopProcessCluster(dir));
  const { endpoints, state: before } = await startWithRows(dir, 3);
  await kill(before.pids.backends[1]!);

  const again = await runCli(['sim', 'start', '--dir', dir]);
  assert.equal(again.code, 0, again.stderr);
  const after = readClusterState(dir)!;
  assert.equal(after.pids.fe, before.pids.fe, 'the FE kept running');
  assert.equal(after.pids.backends[0], before.pids.backends[0], 'be0 kept running');
  assert.equal(after.pids.backends[2], before.pids.backends[2], 'be2 kept running');
  assert.notEqual(after.pids.backends[1], before.pids.backends[1]);
  assert.ok(running(after.pids.backends[1]!), 'be1 runs again');
  assert.deepEqual(after.endpoints, before.endpoints, 'same ports, same backend ids, same token');
  assert.deepEqual(JSON.parse(again.stdout.trim()), endpoints);
  assert.deepEqual(again.stderr.trim().split('\n'), [
    `sim start: be0 kept running (pid ${before.pids.backends[0]})`,
    `sim start: be1 restarted (pid ${after.pids.backends[1]}) on its previous ports`,
    `sim start: be2 kept running (pid ${before.pids.backends[2]})`,
    `sim start: fe kept running (pid ${before.pids.fe})`,
  ]);
  assert.equal(await rowCount(endpoints.fe.queryPort), 100);

  const refused = await runCli(['sim', 'start', '--dir', dir]);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /^sim start: a cluster is already running in .*: every node is alive \(pids [\d, ]+\); nothing to restart/);
  assert.deepEqual(readClusterState(dir), after, 'the refused start changed nothing');
  assert.ok([after.pids.fe, ...after.pids.backends].every(running));
});

test("a BE whose old port is held restarts on a free one, and the FE is restarted on its own ports to reach it", async (t) => {
  const dir = scratchDir('restart-be-port-held');
  t.after(() => stopProcessCluster(dir));
  const { endpoints, state: before } = await startWithRows(dir, 2);
  await kill(before.pids.backends[1]!);
  const heldPort = before.endpoints.backends[1]!.bePort;
  const holder = await hold(heldPort);
  t.after(() => holder.close());

  const again = await runCli(['sim', 'start', '--dir', dir]);
  assert.equal(again.code, 0, again.stderr);
  const after = readClusterState(dir)!;
  const newPort = after.endpoints.backends[1]!.bePort;
  assert.notEqual(newPort, heldPort);
  assert.equal(after.pids.backends[0], before.pids.backends[0], 'be0 kept running');
  assert.notEqual(after.pids.fe, before.pids.fe, 'the FE was restarted');
  assert.ok(!running(before.pids.fe));
  assert.deepEqual(after.endpoints.fe, before.endpoints.fe, 'the FE kept its ports');
  assert.deepEqual(after.endpoints.backends.map((b) => b.id), before.endpoints.backends.map((b) => b.id));
  assert.deepEqual(again.stderr.trim().split('\n'), [
    `sim start: be0 kept running (pid ${before.pids.backends[0]})`,
    `sim start: be1 restarted (pid ${after.pids.backends[1]}) on a new port: be port ${heldPort} was in use by another process, now ${newPort}`,
    `sim start: fe restarted (pid ${after.pids.fe}) on its previous ports: be1 is on new ports, which the FE learns when it starts`,
  ]);

  const backends = await query(endpoints.fe.queryPort, 'SHOW BACKENDS');
  const be1 = backends.find((b) => Number(b.BackendId) === after.endpoints.backends[1]!.id)!;
  assert.equal(Number(be1.BePort), newPort);
  assert.equal(String(be1.Alive), 'true');
  assert.equal(await rowCount(endpoints.fe.queryPort), 100);
});

/** Damages the FE's meta directory (its VERSION loses the cluster id and token): the FE exits while starting. */
function breakFrontendMeta(dir: string): () => void {
  const path = join(dir, 'fe', 'meta', 'image', 'VERSION');
  const kept = readFileSync(path, 'utf8');
  writeFileSync(path, 'runMode=shared_nothing\n');
  return () => writeFileSync(path, kept);
}

test('a start that fails half-way stops every node it spawned; the kept nodes stay tracked and sim status tells the truth', async (t) => {
  const dir = scratchDir('restart-fails');
  t.after(() => stopProcessCluster(dir));
  const started = await runCli(['sim', 'start', '--dir', dir, '--backends', '2']);
  assert.equal(started.code, 0, started.stderr);
  const before = readClusterState(dir)!;
  await kill(before.pids.fe);
  await kill(before.pids.backends[1]!);
  const repair = breakFrontendMeta(dir);

  // be1 is spawned first, then the FE fails on its damaged meta directory.
  const failed = await runCli(['sim', 'start', '--dir', dir]);
  assert.equal(failed.code, 1);
  assert.equal(failed.stdout, '');
  assert.match(failed.stderr, /^sim start: be1 restarted \(pid \d+\) on its previous ports$/m);
  assert.match(failed.stderr, /^sim start: fe exited while starting: .*VERSION is damaged/m);
  assert.deepEqual(nodeProcesses(dir), [before.pids.backends[0]], 'only the kept be0 runs: be1 of the failed start was stopped');
  assert.deepEqual(readClusterState(dir), before, 'cluster.json still names the running be0');
  const status = await runCli(['sim', 'status', '--dir', dir]);
  assert.equal(status.code, 1);
  assert.deepEqual(status.stdout.trim().split('\n').slice(0, 3), [
    `fe    pid ${before.pids.fe} stopped`,
    `be0   pid ${before.pids.backends[0]} running`,
    `be1   pid ${before.pids.backends[1]} stopped`,
  ]);

  repair();
  const again = await runCli(['sim', 'start', '--dir', dir]);
  assert.equal(again.code, 0, again.stderr);
  const after = readClusterState(dir)!;
  assert.equal(after.pids.backends[0], before.pids.backends[0]);
  assert.deepEqual(after.endpoints, before.endpoints, 'every node back on its own ports, none held by a leftover');
  assert.deepEqual(nodeProcesses(dir).sort(), [after.pids.fe, ...after.pids.backends].sort());
});

test('a first start that fails leaves no node running and no cluster recorded', async (t) => {
  const dir = scratchDir('start-fails');
  t.after(() => stopProcessCluster(dir));
  mkdirSync(join(dir, 'fe', 'meta', 'image'), { recursive: true });
  writeFileSync(join(dir, 'fe', 'meta', 'image', 'VERSION'), 'runMode=shared_nothing\n');

  const failed = await runCli(['sim', 'start', '--dir', dir, '--backends', '2']);
  assert.equal(failed.code, 1);
  assert.equal(failed.stdout, '');
  assert.match(failed.stderr, /^sim start: be0 started \(pid \d+\)$/m, 'the BEs had started');
  assert.match(failed.stderr, /^sim start: fe exited while starting: .*VERSION is damaged/m);
  assert.deepEqual(nodeProcesses(dir), []);
  const status = await runCli(['sim', 'status', '--dir', dir]);
  assert.equal(status.code, 2);
  assert.match(status.stderr, /no cluster was started/);
  assert.equal(existsSync(join(dir, 'cluster.json')), false);
});

test('an FE port asked for that another process holds is refused before any node starts', async (t) => {
  const dir = scratchDir('start-port-held');
  t.after(() => stopProcessCluster(dir));
  const holder = await hold(0);
  t.after(() => holder.close());
  const port = (holder.address() as { port: number }).port;

  const failed = await runCli(['sim', 'start', '--dir', dir, '--backends', '2', '--query-port', String(port)]);
  assert.equal(failed.code, 1);
  assert.equal(failed.stderr, `sim start: the FE's query port ${port} is in use by another process: free it, or start with another port (0 for any free one)\n`);
  assert.deepEqual(nodeProcesses(dir), []);
  assert.equal(existsSync(join(dir, 'cluster.json')), false);
});
