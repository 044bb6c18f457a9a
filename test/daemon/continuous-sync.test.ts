import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startCluster, syncSettings, connect, rows } from '../helpers/sim-cluster.js';
import { scratchDir } from '../helpers/scratch.js';
import { eventually } from '../helpers/eventually.js';
import { propertiesWith } from '../helpers/config-files.js';
import { loadConfig } from '../../src/config/load-config.js';
import { applyLiveChanges } from '../../src/config/config-changes.js';
import { createLogging } from '../../src/log/logger.js';
import { runDaemon } from '../../src/daemon/daemon.js';
import { RunningConfig } from '../../src/config/running-config.js';


test('continuous mode follows loads, schema changes, new and dropped partitions, repairs a diverged partition, keeps target-only objects until allowed', async (t) => {
  const source = await startCluster('cont-source');
  const target = await startCluster('cont-target');
  t.after(() => Promise.all([source.stop(), target.stop()]));
  const src = await connect(source);
  const dst = await connect(target);
  t.after(() => Promise.all([src.end(), dst.end()]));
  await src.query('CREATE DATABASE app');
  await src.query(`CREATE TABLE app.events (day DATE NOT NULL, id BIGINT NOT NULL, v VARCHAR(20)) DUPLICATE KEY(day, id)
    PARTITION BY RANGE(day) (PARTITION p1 VALUES LESS THAN ('2024-04-01'), PARTITION p2 VALUES LESS THAN ('2024-07-01'))
    DISTRIBUTED BY HASH(id) BUCKETS 2 PROPERTIES ("replication_num" = "2")`);
  await src.query("INSERT INTO app.events VALUES ('2024-01-01', 1, 'a'), ('2024-05-01', 2, 'b')");
  await dst.query('CREATE DATABASE app');
  await dst.query('CREATE TABLE app.keep_me (k INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1');

  const dir = scratchDir('continuous');
  const confPath = join(dir, 'sync.properties');
  const hostsPath = join(dir, 'hosts.properties');
  const settings = syncSettings(source, target, { report_interval_seconds: '1' });
  writeFileSync(confPath, propertiesWith(settings));
  writeFileSync(hostsPath, '');
  const files = { conf: confPath, hosts: hostsPath };
  const logDir = join(dir, 'log');
  const logging = createLogging({ dir: logDir, console: false });
  const stop = new AbortController();
  const running = new RunningConfig(loadConfig(files).config, (current) => {
    try {
      return applyLiveChanges(current, loadConfig(files).config);
    } catch {
      return current; // an invalid edit keeps the running configuration
    }
  });
  const daemon = runDaemon(running, logging.logger, { oneTime: false, signal: stop.signal, logDir });
  t.after(async () => {
    stop.abort();
    await daemon;
    logging.close();
  });

  const same = async (sql: string) => JSON.stringify(await rows(src, sql)) === JSON.stringify(await rows(dst, sql).catch(() => []));
  const versions = "SELECT PARTITION_NAME, VISIBLE_VERSION FROM information_schema.partitions_meta WHERE DB_NAME = 'app' AND TABLE_NAME = 'events' ORDER BY PARTITION_NAME";
  const synced = async () => (await same('SELECT * FROM app.events ORDER BY id')) && (await same(versions));

  await eventually('the table is synced', synced);

  // The source keeps loading: the target follows.
  for (let i = 3; i < 8; i++) await src.query(`INSERT INTO app.events VALUES ('2024-0${1 + (i % 6)}-02', ${i}, 'l${i}')`);
  await eventually('new loads are synced', synced);

  // A schema change, a new partition with data, a dropped partition.
  await src.query('ALTER TABLE app.events ADD COLUMN note VARCHAR(10) DEFAULT "n"');
  await src.query("ALTER TABLE app.events ADD PARTITION p3 VALUES LESS THAN ('2024-10-01')");
  await src.query("INSERT INTO app.events VALUES ('2024-08-08', 100, 'p3', 'x')");
  await src.query('ALTER TABLE app.events DROP PARTITION p1');
  await eventually('schema change and partitions are mirrored', synced);
  assert.deepEqual((await rows(dst, 'SELECT * FROM app.events WHERE id = 100')), [{ day: '2024-08-08', id: '100', v: 'p3', note: 'x' }]);
  assert.deepEqual((await rows(dst, 'SHOW PARTITIONS FROM app.events')).map((p) => p.PartitionName), ['p2', 'p3']);

  // Someone loads into the target: the partition diverges and is dropped and synced again.
  await dst.query("INSERT INTO app.events VALUES ('2024-05-05', 999, 'rogue', 'r')");
  await eventually('the diverged partition is repaired', async () => (await synced()) && (await rows(dst, 'SELECT * FROM app.events WHERE id = 999')).length === 0);

  // The target-only table stays, and the log says why.
  assert.equal((await rows(dst, 'SHOW TABLES FROM app')).length, 2);
  assert.match(readFileSync(join(logDir, 'sync.WARN.log'), 'utf8'), /not dropped: app\.keep_me: .*ddl_job_allow_drop_target_only=false keeps it/);
  // Allowed by an edit of the running configuration: dropped at the next round.
  writeFileSync(confPath, propertiesWith({ ...settings, ddl_job_allow_drop_target_only: 'true' }));
  await eventually('the target-only table is dropped', async () => (await rows(dst, 'SHOW TABLES FROM app')).length === 1);
  // The drop is logged once the statement has returned, a moment after the table is gone.
  await eventually('the drop is logged', async () => /dropped on the target: app\.keep_me \(/.test(readFileSync(join(logDir, 'sync.WARN.log'), 'utf8')));
  // Every drop was recorded in the drop audit before it ran, with its reason and the switch that allowed it.
  const audit = readFileSync(join(logDir, 'drops.log'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, string>);
  const drops = audit.map((d) => `${d.object} ${d.allowed_by}`);
  // The new column re-created the table; the diverged partition was dropped to be synced again;
  // the target-only table once allowed. p1 is dropped on its own only when a round fell between
  // the source's ADD COLUMN and DROP PARTITION (else the re-created table never had it).
  const expected = ['app.events ddl_job_allow_drop_schema_change_table=true', 'app.events.p2 ddl_job_allow_drop_inconsistent_time_partition=true', 'app.keep_me ddl_job_allow_drop_target_only=true'];
  const possible = [...expected, 'app.events.p1 ddl_job_allow_drop_partition_target_only=true'];
  for (const drop of expected) assert.ok(drops.includes(drop), `${drop} missing from:\n${drops.join('\n')}`);
  for (const drop of drops) assert.ok(possible.includes(drop), `unexpected drop ${drop}`);
  for (const d of audit) {
    assert.match(d.statement!, /^(DROP TABLE IF EXISTS|ALTER TABLE .* DROP PARTITION IF EXISTS)/);
    assert.ok(d.reason && !Number.isNaN(Date.parse(d.time!)), JSON.stringify(d));
  }
  const info = readFileSync(join(logDir, 'sync.INFO.log'), 'utf8');
  assert.match(info, /Sync job progress: \d+\.\d\d%, total: \d+, ddlPending: \d+, jobPending: \d+, sent: \d+, running: \d+, finished: \d+, failed: \d+, unknown: \d+/);
  // Once nothing is left to do, the next report says the table is finished and not expired.
  await eventually('the report shows the table caught up', async () =>
    /Sync table progress: finishedTableRatio: 100\.00%, expiredTableRatio: 0\.00%, total table: 1, finished table: 1/.test(readFileSync(join(logDir, 'sync.INFO.log'), 'utf8')),
  );

  stop.abort();
  assert.deepEqual(await daemon, { kind: 'stopped' }, 'a stopped continuous daemon ends as stopped (exit code 0)');
});
