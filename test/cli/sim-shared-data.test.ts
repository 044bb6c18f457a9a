// cluster-sync sim start --shared-data --object-store: the cluster runs as processes with
// run_mode = shared_data, its nodes answering as compute nodes; a restart without --shared-data
// keeps the run mode its FE's meta directory recorded at the first start.
// StarRocks: fe/fe-core/src/main/java/com/starrocks/common/proc/ComputeNodeProcDir.java (SHOW COMPUTE
// NODES), fe/fe-core/src/main/java/com/starrocks/server/NodeMgr.java (the run mode kept in VERSION).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import mysql from 'mysql2/promise';
import { stopProcessCluster } from '../../src/storage-sim/cluster/process-cluster.js';
import { runCli } from '../helpers/run-cli.js';
import { scratchDir } from '../helpers/scratch.js';

interface Answers {
  runMode: string;
  computeNodes: { alive: string; warehouse: string }[];
  backends: number;
}

async function answers(port: number): Promise<Answers> {
  const conn = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root', password: '' });
  try {
    const [config] = await conn.query("ADMIN SHOW FRONTEND CONFIG LIKE 'run_mode'");
    const [nodes] = await conn.query('SHOW COMPUTE NODES');
    const [backends] = await conn.query('SHOW BACKENDS');
    return {
      runMode: String((config as { Value: string }[])[0]!.Value),
      computeNodes: (nodes as Record<string, unknown>[]).map((n) => ({ alive: String(n.Alive), warehouse: String(n.WarehouseName) })),
      backends: (backends as unknown[]).length,
    };
  } finally {
    await conn.end();
  }
}

test('sim start --shared-data --object-store runs compute nodes with run_mode shared_data, kept by a restart without the option', async (t) => {
  const dir = scratchDir('sim-shared-data');
  t.after(() => stopProcessCluster(dir));
  const started = await runCli(['sim', 'start', '--dir', dir, '--backends', '1', '--shared-data', '--object-store', '127.0.0.1:9000/starrocks']);
  assert.equal(started.code, 0, started.stderr);
  const first = JSON.parse(started.stdout.trim()) as { fe: { queryPort: number } };
  const expected: Answers = { runMode: 'shared_data', computeNodes: [{ alive: 'true', warehouse: 'default_warehouse' }], backends: 0 };
  assert.deepEqual(await answers(first.fe.queryPort), expected);

  const stopped = await runCli(['sim', 'stop', '--dir', dir]);
  assert.equal(stopped.code, 0, stopped.stderr);
  const restarted = await runCli(['sim', 'start', '--dir', dir]);
  assert.equal(restarted.code, 0, restarted.stderr);
  const second = JSON.parse(restarted.stdout.trim()) as { fe: { queryPort: number } };
  assert.deepEqual(await answers(second.fe.queryPort), expected);
});
