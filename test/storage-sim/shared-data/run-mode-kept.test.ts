// The FE's meta directory keeps the run mode of its first start (runMode= in image/VERSION): a
// restart naming none keeps it, and one naming another is refused with StarRocks' message, before
// any node starts or anything is written.
// StarRocks: fe/fe-core/src/main/java/com/starrocks/server/NodeMgr.java (getClusterIdAndRoleOnStartup:
// "Unmatched run mode between config file and version file"), fe/fe-core/src/main/java/com/starrocks/persist/Storage.java (runMode in VERSION).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { LocalCluster } from '../../../src/storage-sim/cluster/local-cluster.js';
import { connect, rows } from '../../helpers/sim-cluster.js';
import { scratchDir } from '../../helpers/scratch.js';
import { startS3Server } from '../../helpers/s3-server.js';

const versionFile = (dir: string) => join(dir, 'fe', 'meta', 'image', 'VERSION');

async function runModeOf(cluster: LocalCluster): Promise<{ runMode: unknown; computeNodes: number; backends: number }> {
  const conn = await connect(cluster);
  try {
    const config = await rows(conn, "ADMIN SHOW FRONTEND CONFIG LIKE 'run_mode'");
    return { runMode: config[0]!.Value, computeNodes: (await rows(conn, 'SHOW COMPUTE NODES')).length, backends: (await rows(conn, 'SHOW BACKENDS')).length };
  } finally {
    await conn.end();
  }
}

test('a shared-data meta directory keeps its run mode: a restart without one is shared-data, one with shared_nothing is refused', async (t) => {
  const dir = scratchDir('run-mode-kept');
  // The table created below keeps its data in the object store: a real one must answer.
  const s3 = await startS3Server('run-mode-kept', 'starrocks');
  t.after(() => s3.stop());
  let cluster: LocalCluster | undefined = await LocalCluster.start({ dir, backends: 1, runMode: 'shared_data', objectStore: `${s3.endpoint}/starrocks` });
  t.after(() => cluster?.stop());
  assert.match(readFileSync(versionFile(dir), 'utf8'), /^runMode=shared_data$/m);
  const conn = await connect(cluster);
  await conn.query('CREATE DATABASE d');
  await conn.query('CREATE TABLE d.t (k INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1');
  await conn.end();
  await cluster.stop();
  cluster = undefined;

  // No run mode (nor object store) given: the kept one, with its volume and tables.
  cluster = await LocalCluster.start({ dir, backends: 1 });
  assert.deepEqual(await runModeOf(cluster), { runMode: 'shared_data', computeNodes: 1, backends: 0 });
  const again = await connect(cluster);
  assert.deepEqual((await rows(again, 'SHOW STORAGE VOLUMES')).map((r) => Object.values(r)[0]), ['builtin_storage_volume']);
  assert.match(String((await rows(again, 'SHOW CREATE TABLE d.t'))[0]!['Create Table']), /"storage_volume" = "builtin_storage_volume"/);
  await again.end();
  await cluster.stop();
  cluster = undefined;

  const before = readFileSync(versionFile(dir), 'utf8');
  await assert.rejects(LocalCluster.start({ dir, backends: 1, runMode: 'shared_nothing' }), {
    message: `Unmatched run mode between config file and version file: shared_nothing vs shared_data. ${versionFile(dir)} keeps run_mode shared_data from the first start: start with run_mode shared_data, or on a new directory`,
  });
  assert.equal(readFileSync(versionFile(dir), 'utf8'), before);
});

test('a shared-nothing meta directory started with shared_data is refused before any node starts', async () => {
  const dir = scratchDir('run-mode-kept-sn');
  const cluster = await LocalCluster.start({ dir, backends: 1 });
  assert.match(readFileSync(versionFile(dir), 'utf8'), /^runMode=shared_nothing$/m);
  await cluster.stop();
  const entries = readdirSync(dir).sort();
  await assert.rejects(LocalCluster.start({ dir, backends: 2, runMode: 'shared_data', objectStore: '127.0.0.1:9000/starrocks' }), {
    message: /^Unmatched run mode between config file and version file: shared_data vs shared_nothing\. /,
  });
  // The second BE was never started: no directory of its own.
  assert.deepEqual(readdirSync(dir).sort(), entries);
});
