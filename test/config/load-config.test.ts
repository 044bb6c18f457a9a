import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load-config.js';
import { ConfigError } from '../../src/config/config-error.js';
import { scratchDir } from '../helpers/scratch.js';
import { writeConf, MINIMAL_CLUSTERS, propertiesWith } from '../helpers/config-files.js';
import { runCli } from '../helpers/run-cli.js';
import { TEST_SECRETS } from '../helpers/test-secrets.js';

// The documented defaults (seed 003's conf/sync.properties, plus the newer keys of the tool),
// written out here independently of the schema so that a changed default fails this test.
const DOCUMENTED_DEFAULTS: Record<string, unknown> = {
  one_time_run_mode: false,
  source_fe_query_port: 9030,
  source_cluster_user: 'root',
  source_cluster_password: '',
  source_cluster_password_secret_key: '',
  source_cluster_token: '',
  target_fe_query_port: 9030,
  target_cluster_user: 'root',
  target_cluster_password: '',
  target_cluster_password_secret_key: '',
  jdbc_connect_timeout_ms: 30000,
  jdbc_socket_timeout_ms: 60000,
  include_data_list: [],
  exclude_data_list: [],
  target_cluster_storage_volume: '',
  target_cluster_replication_num: -1,
  target_cluster_max_disk_used_percent: 80,
  target_cluster_enable_persistent_index: null,
  target_cluster_use_builtin_storage_volume_only: false,
  enable_table_property_sync: false,
  max_replication_data_size_per_job_in_gb: -1,
  meta_job_interval_seconds: 180,
  meta_job_threads: 4,
  ddl_job_interval_seconds: 10,
  ddl_job_batch_size: 10,
  ddl_job_allow_drop_target_only: false,
  ddl_job_allow_drop_schema_change_table: true,
  ddl_job_allow_drop_inconsistent_partition: true,
  ddl_job_allow_drop_inconsistent_time_partition: true,
  ddl_job_allow_drop_partition_target_only: true,
  enable_bitmap_index_sync: false,
  ddl_job_allow_drop_inconsistent_bitmap_index: true,
  ddl_job_allow_drop_bitmap_index_target_only: true,
  enable_materialized_view_sync: true,
  ddl_job_allow_drop_inconsistent_materialized_view: true,
  ddl_job_allow_drop_materialized_view_target_only: false,
  enable_view_sync: true,
  ddl_job_allow_drop_inconsistent_view: true,
  ddl_job_allow_drop_view_target_only: false,
  replication_job_interval_seconds: 10,
  replication_job_batch_size: 10,
  report_interval_seconds: 300,
  // This project's own keys (quiet hours, transfer through object storage, the HTTP API).
  sync_window_cron: '',
  sync_window_minutes: 60,
  transfer_mode: 'replication',
  s3_repository: '',
  http_port: 0,
  http_bind: '127.0.0.1',
  http_token: '',
};

function load(overrides: Record<string, string>, hostsText?: string) {
  const dir = scratchDir('conf');
  const conf = writeConf(dir, { ...MINIMAL_CLUSTERS, ...overrides });
  const hosts = join(dir, 'hosts.properties');
  if (hostsText !== undefined) writeFileSync(hosts, hostsText);
  return loadConfig({ conf, hosts });
}

function problemsOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected ConfigError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the configuration to be refused');
}

test('every documented key parses from the shipped file with its documented default', () => {
  const { config, warnings } = load({});
  assert.deepEqual(warnings, []);
  for (const [key, expected] of Object.entries(DOCUMENTED_DEFAULTS)) {
    assert.deepEqual((config.settings as Record<string, unknown>)[key], expected, key);
  }
  const keys = Object.keys(config.settings).filter((k) => !['source_fe_host', 'target_fe_host'].includes(k));
  assert.deepEqual(keys.sort(), Object.keys(DOCUMENTED_DEFAULTS).sort(), 'the schema has exactly the documented keys');
  assert.ok(Object.isFrozen(config) && Object.isFrozen(config.settings), 'the config is immutable');
});

test('a key missing from the file takes its default', () => {
  const dir = scratchDir('conf-min');
  const conf = join(dir, 'sync.properties');
  writeFileSync(conf, 'source_fe_host=a.example\ntarget_fe_host=b.example\n');
  const { config } = loadConfig({ conf, hosts: join(dir, 'none') });
  assert.equal(config.settings.meta_job_interval_seconds, 180);
  assert.equal(config.settings.ddl_job_allow_drop_target_only, false);
});

test('booleans accept true and false in any case and nothing else', () => {
  const { config } = load({ one_time_run_mode: 'TRUE', ddl_job_allow_drop_target_only: 'True', enable_view_sync: 'FALSE' });
  assert.equal(config.settings.one_time_run_mode, true);
  assert.equal(config.settings.ddl_job_allow_drop_target_only, true);
  assert.equal(config.settings.enable_view_sync, false);
  for (const bad of ['yes', '1', 'on', 'ture', '']) {
    const error = problemsOf(() => load({ one_time_run_mode: bad }));
    assert.match(error.message, /one_time_run_mode=.*expected true or false/);
  }
});

test('each kind of bad value names the file, line, key, value and what was expected', () => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ meta_job_threads: '0' }, /:\d+: meta_job_threads="0": expected an integer from 1 to 64$/m],
    [{ meta_job_threads: '-1' }, /meta_job_threads="-1": expected an integer from 1 to 64$/m],
    [{ meta_job_threads: 'four' }, /meta_job_threads="four": expected an integer/],
    [{ meta_job_threads: '0x10' }, /meta_job_threads="0x10": expected an integer/],
    [{ ddl_job_batch_size: '1e3' }, /ddl_job_batch_size="1e3": expected an integer/],
    [{ target_cluster_max_disk_used_percent: '101' }, /target_cluster_max_disk_used_percent="101": expected an integer from 1 to 100$/m],
    [{ target_cluster_max_disk_used_percent: '0' }, /expected an integer from 1 to 100/],
    [{ max_replication_data_size_per_job_in_gb: '-2' }, /max_replication_data_size_per_job_in_gb="-2": expected an integer from 1 to 1048576, or -1 for no limit/],
    [{ target_cluster_replication_num: '0' }, /or -1 for the same number as the source table/],
    [{ source_fe_query_port: '70000' }, /source_fe_query_port="70000": expected an integer from 1 to 65535/],
    [{ source_fe_host: 'bad host!' }, /source_fe_host="bad host!": expected an IP address or host name/],
    [{ target_fe_host: '' }, /target_fe_host=\(empty\): expected .*\(this key is required\)/],
    [{ target_cluster_enable_persistent_index: 'maybe' }, /expected true, false, or empty/],
    [{ target_cluster_storage_volume: 'vol;drop' }, /target_cluster_storage_volume="vol;drop": expected a storage volume name/],
    [{ include_data_list: 'db1,,db2' }, /include_data_list="db1,,db2": expected a comma-separated list .*empty name at position 5/],
    [{ exclude_data_list: 'a.b.c' }, /more than two parts/],
    [{ exclude_data_list: '`db' }, /unterminated backtick/],
    [{ sync_window_cron: '0 25 * * *' }, /sync_window_cron="0 25 \* \* \*": expected a cron expression/],
  ];
  for (const [overrides, pattern] of cases) {
    const error = problemsOf(() => load(overrides));
    assert.match(error.message, pattern, JSON.stringify(overrides));
    assert.match(error.message, /sync\.properties:\d+: /, 'names file and line');
  }
});

test('all problems are reported at once', () => {
  const error = problemsOf(() => load({ meta_job_threads: '0', ddl_job_batch_size: 'x', one_time_run_mode: 'maybe' }));
  assert.equal(error.problems.length, 3);
  assert.deepEqual(error.problems.map((p) => p.key).sort(), ['ddl_job_batch_size', 'meta_job_threads', 'one_time_run_mode']);
});

test('source and target must not be the same FE', () => {
  const error = problemsOf(() => load({ source_fe_host: 'fe.example', target_fe_host: 'fe.example' }));
  assert.match(error.message, /target_fe_host="fe.example": expected a different FE/);
  const { config } = load({ source_fe_host: 'fe.example', target_fe_host: 'fe.example', target_fe_query_port: '9031' });
  assert.equal(config.settings.target_fe_query_port, 9031);
});

test('transfer_mode=s3 needs a repository name; a bad mode or name is refused', () => {
  assert.match(problemsOf(() => load({ transfer_mode: 's3' })).message, /sync\.properties:\d+: s3_repository=\(empty\): expected the name of a repository created on both clusters/);
  assert.match(problemsOf(() => load({ transfer_mode: 'ftp' })).message, /transfer_mode="ftp": expected one of replication, s3/);
  assert.match(problemsOf(() => load({ transfer_mode: 's3', s3_repository: 'repo; DROP' })).message, /s3_repository="repo; DROP": expected a repository name/);
  const { config } = load({ transfer_mode: 'S3', s3_repository: 'migration_repo' });
  assert.equal(config.settings.transfer_mode, 's3');
  assert.equal(config.settings.s3_repository, 'migration_repo');
  assert.equal(load({}).config.settings.transfer_mode, 'replication');
});

test('unknown keys are warned about with the nearest known key, and repeated keys are named', () => {
  const { warnings } = load({ meta_job_thread: '4', replicaton_job_batch_size: '3', completely_unrelated_setting: 'x' });
  assert.ok(warnings.some((w) => /unknown key "meta_job_thread" is ignored \(did you mean "meta_job_threads"\?\)/.test(w)), warnings.join('\n'));
  assert.ok(warnings.some((w) => /"replicaton_job_batch_size".*did you mean "replication_job_batch_size"/.test(w)));
  assert.ok(warnings.some((w) => /unknown key "completely_unrelated_setting" is ignored$/.test(w)), 'no far-fetched suggestion');

  const dir = scratchDir('conf-dup');
  const conf = join(dir, 'sync.properties');
  writeFileSync(conf, propertiesWith(MINIMAL_CLUSTERS) + 'meta_job_threads=8\n');
  const loaded = loadConfig({ conf, hosts: join(dir, 'none') });
  assert.equal(loaded.config.settings.meta_job_threads, 8);
  assert.ok(loaded.warnings.some((w) => /"meta_job_threads" is set on lines \d+, \d+; line \d+ takes effect/.test(w)));
});

test('include and exclude lists are parsed into db and db.table rules', () => {
  const { config } = load({ include_data_list: 'db1, db2.tbl2 ,db3', exclude_data_list: '`my db`.`a``b`,`x.y`' });
  assert.deepEqual(config.dataRules.include, [{ db: 'db1' }, { db: 'db2', table: 'tbl2' }, { db: 'db3' }]);
  assert.deepEqual(config.dataRules.exclude, [{ db: 'my db', table: 'a`b' }, { db: 'x.y' }]);
});

test('the hosts mapping is loaded, and a bad line names the file and line', () => {
  const { config } = load({}, '# comment\nSOURCE_192.1.1.1=10.1.1.1\nTARGET_fe-0.svc=10.1.2.1;9030:19030,8030:18030\n');
  assert.equal(config.hosts.source.get('192.1.1.1')?.mappedHost, '10.1.1.1');
  assert.equal(config.hosts.target.get('fe-0.svc')?.ports.get(9030), 19030);
  const error = problemsOf(() => load({}, 'SOURCE_a=10.0.0.1\nOTHER_b=10.0.0.2\nTARGET_c=10.0.0.3;90x:1\n'));
  assert.match(error.message, /hosts\.properties:2: OTHER_b="10.0.0.2": expected a key of the form SOURCE_<host> or TARGET_<host>/);
  assert.match(error.message, /hosts\.properties:3: TARGET_c="10.0.0.3;90x:1": expected a host or IP/);
});

test('an unreadable file is a clear error', () => {
  const error = problemsOf(() => loadConfig({ conf: '/nonexistent/sync.properties', hosts: '/nonexistent/hosts' }));
  assert.match(error.message, /\/nonexistent\/sync\.properties.*no such file/);
  const dir = scratchDir('conf-hosts-missing');
  const conf = writeConf(dir, MINIMAL_CLUSTERS);
  const missingHosts = problemsOf(() => loadConfig({ conf, hosts: join(dir, 'missing.properties') }, { hostsFileRequired: true }));
  assert.match(missingHosts.message, /missing\.properties.*no such file/);
});

test('a bad secret is reported without showing it', () => {
  const error = problemsOf(() =>
    load({ source_cluster_password: TEST_SECRETS.sourcePassword, source_cluster_password_secret_key: TEST_SECRETS.secretKey }),
  );
  assert.match(error.message, /source_cluster_password=\(hidden\): expected TO_BASE64\(AES_ENCRYPT/);
  assert.ok(!error.message.includes(TEST_SECRETS.sourcePassword));
  assert.ok(!error.message.includes(TEST_SECRETS.secretKey));
});

test('check-config prints the effective configuration with secrets masked, and exits 2 on a bad value', async () => {
  const dir = scratchDir('check-config');
  const conf = writeConf(dir, { ...MINIMAL_CLUSTERS, source_cluster_password: TEST_SECRETS.sourcePassword, source_cluster_token: TEST_SECRETS.token, meta_job_threads: '7' });
  const good = await runCli(['check-config', '--conf', conf]);
  assert.equal(good.code, 0, good.stderr);
  assert.match(good.stdout, /^meta_job_threads=7$/m);
  assert.match(good.stdout, /^source_cluster_password=\*\*\*\*\*\*$/m);
  assert.match(good.stdout, /configuration OK/);
  assert.ok(!good.stdout.includes(TEST_SECRETS.sourcePassword) && !good.stdout.includes(TEST_SECRETS.token));

  const badConf = writeConf(dir, { ...MINIMAL_CLUSTERS, meta_job_threads: '0' }, 'bad.properties');
  const bad = await runCli(['check-config', '--conf', badConf]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /bad\.properties:\d+: meta_job_threads="0": expected an integer from 1 to 64/);
  assert.equal(bad.stdout, '');
});

test('the HTTP API needs a token on any address but loopback, and the token is a secret', () => {
  assert.equal(load({ http_port: '8090' }).config.settings.http_bind, '127.0.0.1', 'loopback by default, no token needed');
  assert.equal(load({ http_port: '8090', http_bind: '::1' }).config.settings.http_port, 8090);
  const open = problemsOf(() => load({ http_port: '8090', http_bind: '0.0.0.0' }));
  assert.match(open.message, /http_token.*needed because http_bind=0\.0\.0\.0 is not a loopback address/);
  assert.equal(load({ http_port: '0', http_bind: '0.0.0.0' }).config.settings.http_port, 0, 'the API off: no token needed');
  const token = 'http-T0ken-4b9e2c7a1f3d5e8b';
  const loaded = load({ http_port: '8090', http_bind: '10.0.0.5', http_token: token });
  assert.ok(loaded.secrets.includes(token), 'the log scrubber knows the token');
  const short = problemsOf(() => load({ http_port: '8090', http_token: 'short' }));
  assert.match(short.message, /http_token.*at least 16 printable characters without spaces/);
  assert.doesNotMatch(short.message, /short/, 'a refused token is not echoed');
  assert.match(problemsOf(() => load({ http_port: '70000' })).message, /http_port.*an integer from 0 to 65535/);
});
