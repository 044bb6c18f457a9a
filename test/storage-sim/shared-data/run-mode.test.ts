// A shared-data cluster: the FE's run_mode, compute nodes instead of BEs, and SHOW COMPUTE NODES'
// columns by release.
// StarRocks: fe/fe-core/src/main/java/com/starrocks/common/proc/ComputeNodeProcDir.java (columns,
// and the shared-data ones), fe/fe-core/src/main/java/com/starrocks/common/proc/BackendsProcDir.java
// (SHOW BACKENDS lists backends only), fe/fe-core/src/main/java/com/starrocks/common/Config.java (run_mode).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FieldPacket } from 'mysql2/promise';
import { connect, rows, startCluster } from '../../helpers/sim-cluster.js';
import { startSharedDataCluster } from '../../helpers/shared-data-cluster.js';

const SHARED_DATA = { runMode: 'shared_data' as const, objectStore: '127.0.0.1:9000/starrocks', backends: 2 };

const COMMON = ['ComputeNodeId', 'IP', 'HeartbeatPort', 'BePort', 'HttpPort', 'BrpcPort', 'LastStartTime', 'LastHeartbeat', 'Alive', 'SystemDecommissioned', 'ClusterDecommissioned', 'ErrMsg', 'Version'];
const SHARED_COLUMNS: Record<string, string[]> = {
  '3.1.8': [...COMMON, 'CpuCores', 'NumRunningQueries', 'MemUsedPct', 'CpuUsedPct', 'HasStoragePath', 'StarletPort', 'WorkerId'],
  '3.3': [...COMMON, 'CpuCores', 'NumRunningQueries', 'MemUsedPct', 'CpuUsedPct', 'HasStoragePath', 'StarletPort', 'WorkerId', 'WarehouseName', 'TabletNum'],
  '4.0': [
    ...COMMON, 'CpuCores', 'MemLimit', 'NumRunningQueries', 'MemUsedPct', 'CpuUsedPct', 'DataCacheMetrics', 'HasStoragePath', 'StatusCode',
    'StarletPort', 'WorkerId', 'WarehouseName', 'TabletNum',
  ],
};

async function showComputeNodes(conn: Awaited<ReturnType<typeof connect>>): Promise<{ names: string[]; data: unknown[][] }> {
  const [data, fields] = (await conn.query({ sql: 'SHOW COMPUTE NODES', rowsAsArray: true })) as unknown as [unknown[][], FieldPacket[]];
  return { names: fields.map((f) => f.name), data };
}

test('a shared-data FE says run_mode shared_data, lists its nodes as compute nodes and none as backends', async () => {
  const { cluster, stop } = await startSharedDataCluster('shared-data-run-mode', { backends: 2 });
  const conn = await connect(cluster);
  try {
    const config = await rows(conn, "ADMIN SHOW FRONTEND CONFIG LIKE 'run_mode'");
    assert.equal(config[0]!.Value, 'shared_data');
    assert.deepEqual(await rows(conn, 'SHOW BACKENDS'), []);
    const { names, data } = await showComputeNodes(conn);
    assert.deepEqual(names, SHARED_COLUMNS['4.0']);
    assert.equal(data.length, 2);
    const ids = cluster.backends.map((b) => String(b!.backendId)).sort();
    assert.deepEqual(data.map((r) => String(r[0])).sort(), ids);
    for (const row of data) {
      const cell = (name: string) => String(row[names.indexOf(name)]);
      assert.equal(cell('Alive'), 'true');
      assert.equal(cell('StatusCode'), 'OK');
      assert.equal(cell('WarehouseName'), 'default_warehouse');
      assert.equal(cell('StarletPort'), '9070');
    }
    // The nodes still work underneath: a table is created and answers.
    await conn.query('CREATE DATABASE d');
    await conn.query('CREATE TABLE d.t (k INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 2 PROPERTIES ("replication_num" = "1")');
    await conn.query('INSERT INTO d.t VALUES (1), (2)');
    assert.deepEqual(await rows(conn, 'SELECT count(*) AS n FROM d.t'), [{ n: '2' }]);
  } finally {
    await conn.end();
    await stop();
  }
});

test('a shared-nothing FE says run_mode shared_nothing and has no compute nodes', async () => {
  const cluster = await startCluster('shared-nothing-run-mode', { backends: 1 });
  const conn = await connect(cluster);
  try {
    const config = await rows(conn, "ADMIN SHOW FRONTEND CONFIG LIKE 'run_mode'");
    assert.equal(config[0]!.Value, 'shared_nothing');
    assert.equal((await rows(conn, 'SHOW BACKENDS')).length, 1);
    const { names, data } = await showComputeNodes(conn);
    assert.deepEqual(names, SHARED_COLUMNS['4.0']!.slice(0, -4));
    assert.deepEqual(data, []);
  } finally {
    await conn.end();
    await cluster.stop();
  }
});

for (const version of ['3.1.8', '3.3'] as const) {
  test(`SHOW COMPUTE NODES on a shared-data ${version} FE has that release's columns`, async () => {
    const cluster = await startCluster(`shared-data-cn-${version}`, { ...SHARED_DATA, backends: 1, starrocksVersion: version });
    const conn = await connect(cluster);
    try {
      const { names, data } = await showComputeNodes(conn);
      assert.deepEqual(names, SHARED_COLUMNS[version]);
      assert.equal(data.length, 1);
      if (version === '3.1.8') {
        // 3.1 emits StarletPort and WorkerId before HasStoragePath, under the last three headers.
        assert.deepEqual(data[0]!.slice(-3).map(String), ['9070', '1', 'true']);
      }
    } finally {
      await conn.end();
      await cluster.stop();
    }
  });
}

test('shared data without an object store is refused before anything starts', async () => {
  await assert.rejects(startCluster('shared-data-no-store', { runMode: 'shared_data', backends: 1 }), /run mode shared_data needs an object store/);
  await assert.rejects(startCluster('shared-data-bad-store', { runMode: 'shared_data', objectStore: 'no-bucket', backends: 1 }), /expected <endpoint>\/<bucket>/);
});
