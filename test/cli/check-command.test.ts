import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startCluster, connect } from '../helpers/sim-cluster.js';
import { scratchDir } from '../helpers/scratch.js';
import { writeConf } from '../helpers/config-files.js';
import { runCli } from '../helpers/run-cli.js';
import { TEST_SECRETS } from '../helpers/test-secrets.js';
import { evaluatePreflight, targetVersionSupported } from '../../src/check/preflight-rules.js';

test('check prints a PASS/FAIL table of the preparation and exits 1 until everything passes', async (t) => {
  // The source BEs report names only hosts.properties can resolve, as in Kubernetes.
  const source = await startCluster('check-source', { rootPassword: TEST_SECRETS.sourcePassword, beAdvertiseHosts: ['be-0.src.svc', 'be-1.src.svc', 'be-2.src.svc'], starrocksVersion: '3.2.3' });
  const target = await startCluster('check-target', { rootPassword: TEST_SECRETS.targetPassword });
  t.after(() => Promise.all([source.stop(), target.stop()]));
  const dir = scratchDir('check');
  const conf = writeConf(dir, {
    source_fe_host: '127.0.0.1',
    source_fe_query_port: String(source.fe.queryPort),
    source_cluster_password: TEST_SECRETS.sourcePassword,
    source_cluster_token: source.fe.token,
    target_fe_host: 'localhost',
    target_fe_query_port: String(target.fe.queryPort),
    target_cluster_password: TEST_SECRETS.targetPassword,
  });
  const hosts = join(dir, 'hosts.properties');
  writeFileSync(hosts, '');

  const before = await runCli(['check', '--conf', conf, '--hosts', hosts]);
  assert.equal(before.code, 1, before.stderr);
  // current_version() as 3.2.3 prints it (version, a space, the commit).
  assert.match(before.stdout, /^PASS +source reachable and logged in +StarRocks 3\.2\.3 [0-9a-f]{7}$/m);
  // Each cluster's release, and what it lacks that the sync works around.
  assert.match(before.stdout, /^PASS +source release +StarRocks 3\.2\.3 \(3\.2\.3-[0-9a-f]{7}\): no information_schema\.partitions_meta: .*; no SHOW PROC '\/replications': .*; replication pairs target replica i with source replica i: .*$/m);
  assert.match(before.stdout, /^PASS +target release +StarRocks 4\.0\.1 \(4\.0\.1-[0-9a-f]{7}\): nothing the sync needs is missing$/m);
  assert.match(before.stdout, /^PASS +target version/m);
  assert.match(before.stdout, /^FAIL +enable_legacy_compatibility_for_replication +false: run ADMIN SET FRONTEND CONFIG/m);
  assert.match(before.stdout, /^FAIL +enable_filter_unused_columns_in_scan_stage +true: run SET GLOBAL/m);
  assert.match(before.stdout, /^FAIL +source BEs reachable .* BE \d+ at be-0\.src\.svc:\d+\/\d+: .*ENOTFOUND/m);

  const conn = await connect(target, { password: TEST_SECRETS.targetPassword });
  await conn.query('ADMIN SET FRONTEND CONFIG("enable_legacy_compatibility_for_replication"="true")');
  await conn.query('SET GLOBAL enable_filter_unused_columns_in_scan_stage=false');
  await conn.end();
  writeFileSync(hosts, ['be-0.src.svc', 'be-1.src.svc', 'be-2.src.svc'].map((h) => `SOURCE_${h}=127.0.0.1`).join('\n') + '\n');
  const after = await runCli(['check', '--conf', conf, '--hosts', hosts]);
  assert.equal(after.code, 0, after.stdout + after.stderr);
  assert.doesNotMatch(after.stdout, /FAIL/);
  assert.match(after.stdout, /^PASS +source BEs reachable .* 127\.0\.0\.1:\d+\/\d+, 127\.0\.0\.1/m);
  assert.ok(!after.stdout.includes(TEST_SECRETS.sourcePassword) && !after.stdout.includes(source.fe.token));
});

test('preflight rules: versions, shared-data compaction, disk use, unreachable clusters', () => {
  assert.equal(targetVersionSupported('3.1.7'), false);
  assert.equal(targetVersionSupported('3.1.8'), true);
  assert.equal(targetVersionSupported('3.2.2-abc'), false);
  assert.equal(targetVersionSupported('3.2.3'), true);
  assert.equal(targetVersionSupported('3.3.0'), true);
  assert.equal(targetVersionSupported('2.5.9'), false);
  const results = evaluatePreflight({
    source: { reachable: true, version: '3.1.2' },
    target: {
      reachable: true,
      version: '3.3.1',
      legacyCompatibility: 'true',
      runMode: 'shared_data',
      lakeCompactionMaxTasks: '-1',
      filterUnusedColumns: 'false',
      computeNodes: [{ id: 1, host: 'cn1', alive: true }],
      storageVolume: { name: 'builtin_storage_volume', chosenBy: 'default', exists: true, enabled: true },
    },
    sourceToken: false,
    maxDiskUsedPercent: 80,
  });
  const failed = results.filter((r) => !r.pass).map((r) => r.name);
  assert.deepEqual(failed, ['source_cluster_token set', 'lake_compaction_max_tasks (shared-data target)']);
  const full = evaluatePreflight({
    source: { reachable: true, version: '3.1.2' },
    target: { reachable: true, version: '3.3.1', legacyCompatibility: 'true', filterUnusedColumns: 'false', backends: [{ id: 1, host: 'be1', usedPercent: 85.5, alive: true }] },
    sourceToken: true,
    maxDiskUsedPercent: 80,
  });
  assert.deepEqual(full.filter((r) => !r.pass).map((r) => r.name), ['target BE disk use']);
  const down = evaluatePreflight({ source: { reachable: false, error: 'ECONNREFUSED' }, target: { reachable: false, error: 'timeout' }, sourceToken: true, maxDiskUsedPercent: 80 });
  assert.deepEqual(down.map((r) => [r.name, r.pass]), [['source reachable and logged in', false], ['target reachable and logged in', false], ['source_cluster_token set', true]]);
});

test('transfer_mode=s3: both clusters must list the repository; BE reachability and the replication switch are not asked', () => {
  const target = { reachable: true, version: '3.3.1', legacyCompatibility: 'false', filterUnusedColumns: 'false', backends: [{ id: 1, host: 'be1', usedPercent: 10, alive: true }] };
  const results = evaluatePreflight({
    source: { reachable: true, version: '3.3.1' },
    target,
    sourceToken: true,
    maxDiskUsedPercent: 80,
    repository: { name: 'migration', source: { ok: true, snapshots: 2 }, target: { ok: false, error: "Repository 'migration' does not exist" } },
  });
  const byName = new Map(results.map((r) => [r.name, r]));
  assert.equal(byName.get('source reaches repository migration')?.pass, true);
  assert.equal(byName.get('source reaches repository migration')?.detail, '2 snapshot(s) listed');
  assert.equal(byName.get('target reaches repository migration')?.pass, false);
  assert.match(byName.get('target reaches repository migration')!.detail, /does not exist \(create it on the target: CREATE READ ONLY REPOSITORY migration WITH BROKER ON LOCATION/);
  assert.equal(byName.has('enable_legacy_compatibility_for_replication'), false);
  assert.equal([...byName.keys()].some((name) => name.startsWith('source BEs reachable')), false);
});
