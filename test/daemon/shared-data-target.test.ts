// The daemon against a shared-data target: it learns the run mode with the target's capabilities
// (and logs it), logs the shared-data preflight, and creates a shared-nothing source's PRIMARY KEY
// table there with replication_num 1, in the default storage volume. (A shared-nothing source has no
// persistent_index_type to carry: its FE neither takes nor prints one; test/ddl/shared-data-rewrite.test.ts
// covers a LOCAL one from a shared-data source.)
// StarRocks: fe/fe-core/src/main/java/com/starrocks/server/OlapTableFactory.java (persistent_index_type
// read for cloud-native tables only), fe/fe-core/src/main/java/com/starrocks/server/SharedDataStorageVolumeMgr.java
// (a table without storage_volume takes its database's volume)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, syncSettings, connect, rows } from '../helpers/sim-cluster.js';
import { eventually } from '../helpers/eventually.js';
import { startDaemon } from '../helpers/run-daemon.js';
import { startSharedDataCluster } from '../helpers/shared-data-cluster.js';

test('a PRIMARY KEY table with three replicas and a persistent index is created on a one-node shared-data target', async (t) => {
  const source = await startCluster('sd-daemon-source', { backends: 3 });
  const { cluster: target, stop: stopTarget } = await startSharedDataCluster('sd-daemon-target');
  t.after(() => Promise.all([source.stop(), stopTarget()]));
  const src = await connect(source);
  const dst = await connect(target);
  t.after(() => Promise.all([src.end(), dst.end()]));
  await src.query('CREATE DATABASE app');
  await src.query(`CREATE TABLE app.users (id BIGINT NOT NULL, name VARCHAR(20)) PRIMARY KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 2
    PROPERTIES ("replication_num" = "3", "enable_persistent_index" = "true")`);

  const daemon = startDaemon(t, 'shared-data-target', syncSettings(source, target));
  const created = async () => (await rows(dst, "SHOW TABLES FROM app LIKE 'users'").catch(() => [])).length === 1;
  await eventually('the table exists on the target', created);
  const ddl = String((await rows(dst, 'SHOW CREATE TABLE app.users'))[0]!['Create Table']);
  assert.match(ddl, /"replication_num" = "1"/);
  assert.doesNotMatch(ddl, /persistent_index_type/);
  assert.match(ddl, /"storage_volume" = "builtin_storage_volume"/);
  await eventually('the capability and preflight lines are logged', () => /preflight: PASS +target compute nodes alive +1 alive/.test(daemon.info()));
  assert.match(daemon.info(), /target cluster: StarRocks 4\.0\.1 \(4\.0\.1-[0-9a-f]{7}\), shared-data \(compute nodes, tables in storage volumes\)/);
  assert.match(daemon.info(), /preflight: PASS +target storage volume +builtin_storage_volume \(the default storage volume\) exists and is enabled/);
  assert.match(daemon.info(), /preflight: PASS +target disk use \(target_cluster_max_disk_used_percent\) +80% not checked on a shared-data target/);
});
