import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { loadConfig } from '../../src/config/load-config.js';
import { applyLiveChanges, configChanges } from '../../src/config/config-changes.js';
import { scratchDir } from '../helpers/scratch.js';
import { writeConf, MINIMAL_CLUSTERS } from '../helpers/config-files.js';

function load(overrides: Record<string, string>, hosts = '') {
  const dir = scratchDir('changes');
  const conf = writeConf(dir, { ...MINIMAL_CLUSTERS, ...overrides });
  writeFileSync(join(dir, 'hosts.properties'), hosts);
  return loadConfig({ conf, hosts: join(dir, 'hosts.properties') }).config;
}

test('live edits apply, restart-only edits are named and kept as they were', () => {
  const running = load({});
  const edited = load(
    { include_data_list: 'db1', ddl_job_batch_size: '3', ddl_job_allow_drop_target_only: 'true', target_fe_query_port: '9031', source_cluster_user: 'other' },
    'SOURCE_be-0=10.0.0.1\n',
  );
  const changes = configChanges(running, edited);
  assert.deepEqual(changes.live.sort(), ['ddl_job_allow_drop_target_only', 'ddl_job_batch_size', 'include_data_list']);
  assert.deepEqual(changes.needRestart.sort(), ['source_cluster_user', 'target_fe_query_port']);
  assert.equal(changes.hostsChanged, true);

  const next = applyLiveChanges(running, edited);
  assert.equal(next.settings.ddl_job_batch_size, 3);
  assert.equal(next.settings.ddl_job_allow_drop_target_only, true);
  assert.deepEqual(next.dataRules.include, [{ db: 'db1' }]);
  assert.equal(next.settings.target_fe_query_port, 9030, 'a restart-only key keeps its running value');
  assert.equal(next.settings.source_cluster_user, 'root');
  assert.equal(next.hosts.source.get('be-0')?.mappedHost, '10.0.0.1');
  assert.ok(Object.isFrozen(next.settings));
});

test('an unchanged configuration has no changes', () => {
  const changes = configChanges(load({ meta_job_threads: '8' }), load({ meta_job_threads: '8' }));
  assert.deepEqual(changes, { live: [], needRestart: [], hostsChanged: false });
});
