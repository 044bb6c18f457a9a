// The release a reference cluster plays: chosen at start (a profile, or its full version), kept
// across restarts in the cluster directory, changed by a restart that names another one (a
// rolling upgrade), and refused with the accepted values when unknown, before anything starts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { LocalCluster } from '../../../src/storage-sim/cluster/local-cluster.js';
import { connect, rows } from '../../helpers/sim-cluster.js';
import { scratchDir } from '../../helpers/scratch.js';

async function versionComment(cluster: LocalCluster): Promise<string> {
  const conn = await connect(cluster);
  try {
    return String((await rows(conn, 'SELECT @@version_comment AS v'))[0]!.v);
  } finally {
    await conn.end();
  }
}

test('a restarted cluster keeps its release; a restart naming another one upgrades it, data included', async (t) => {
  const dir = scratchDir('cluster-release');
  let cluster: LocalCluster | undefined;
  // Whatever fails, the cluster running at that moment is stopped.
  const start = async (starrocksVersion?: string) => {
    await cluster?.stop();
    cluster = undefined;
    cluster = await LocalCluster.start({ dir, backends: 1, ...(starrocksVersion ? { starrocksVersion } : {}) });
    return cluster;
  };
  t.after(() => cluster?.stop());
  await start('3.2.3');
  assert.match(await versionComment(cluster!), /^3\.2\.3-[0-9a-f]{7}$/);
  const conn = await connect(cluster!);
  await conn.query('CREATE DATABASE db');
  await conn.query('CREATE TABLE db.t (k INT NOT NULL) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES ("replication_num" = "1")');
  await conn.query('INSERT INTO db.t VALUES (1), (2)');
  await conn.end();

  assert.match(await versionComment(await start()), /^3\.2\.3-/, 'no version given: the one it had');
  // The full version names its profile.
  const upgradedCluster = await start('3.3.9');
  assert.match(await versionComment(upgradedCluster), /^3\.3\.9-/);
  const upgraded = await connect(upgradedCluster);
  assert.deepEqual(await rows(upgraded, 'SELECT COUNT(*) AS n FROM db.t'), [{ n: '2' }]);
  assert.deepEqual((await rows(upgraded, "SELECT VISIBLE_VERSION FROM information_schema.partitions_meta WHERE TABLE_NAME = 't'")).map((r) => r.VISIBLE_VERSION), ['2']);
  await upgraded.end();
  assert.match(await versionComment(await start()), /^3\.3\.9-/, 'the upgrade is kept');
});

test('a new cluster plays the newest release, 4.0', async (t) => {
  const cluster = await LocalCluster.start({ dir: scratchDir('cluster-release-default'), backends: 1 });
  t.after(() => cluster.stop());
  assert.match(await versionComment(cluster), /^4\.0\.1-[0-9a-f]{7}$/);
});

test('an unknown release is refused with the accepted ones, and nothing is started or written', async () => {
  const dir = scratchDir('cluster-release-unknown');
  for (const value of ['9.9', '3.2', '3.3.8', '']) {
    await assert.rejects(LocalCluster.start({ dir, backends: 1, starrocksVersion: value }), {
      message: `unknown StarRocks version '${value}': expected one of 3.1.8, 3.2.3, 3.3 (or 3.3.9), 3.5 (or 3.5.2), 4.0 (or 4.0.1)`,
    });
  }
  assert.deepEqual(readdirSync(dir), []);
});
