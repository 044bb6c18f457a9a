// The daemon syncs whatever wrote the source's data: Stream Load (curl), INSERT ... VALUES,
// INSERT ... SELECT, INSERT OVERWRITE (new partition ids and versions) and Broker Load from S3,
// all while it runs; then `cluster-sync verify` finds the two clusters identical.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { startCluster, syncSettings, connect, rows } from '../helpers/sim-cluster.js';
import { startDaemon } from '../helpers/run-daemon.js';
import { eventually } from '../helpers/eventually.js';
import { scratchDir } from '../helpers/scratch.js';
import { writeConf } from '../helpers/config-files.js';
import { runCli, runProcess } from '../helpers/run-cli.js';
import { startS3Server } from '../helpers/s3-server.js';

const curlAvailable = spawnSync('curl', ['--version']).status === 0;

test('every load method is synced while the daemon runs, and verify finds both sides identical', { skip: curlAvailable ? false : 'curl is not installed' }, async (t) => {
  const source = await startCluster('loads-e2e-source');
  const target = await startCluster('loads-e2e-target');
  const s3 = await startS3Server('loads-e2e-s3', 'load-bucket');
  t.after(() => Promise.all([source.stop(), target.stop(), s3.stop()]));
  const src = await connect(source);
  const dst = await connect(target);
  t.after(() => Promise.all([src.end(), dst.end()]));
  await src.query('CREATE DATABASE shop');
  await src.query(`CREATE TABLE shop.sales (day DATE NOT NULL, id BIGINT NOT NULL, amount DECIMAL(10, 2), note VARCHAR(20)) DUPLICATE KEY(day, id)
    PARTITION BY RANGE(day) (PARTITION p2024h1 VALUES LESS THAN ('2024-07-01'), PARTITION p2024h2 VALUES LESS THAN ('2025-01-01'))
    DISTRIBUTED BY HASH(id) BUCKETS 2 PROPERTIES ("replication_num" = "2")`);
  await src.query(`CREATE TABLE shop.sales_archive (day DATE NOT NULL, id BIGINT NOT NULL, amount DECIMAL(10, 2), note VARCHAR(20)) DUPLICATE KEY(day, id)
    DISTRIBUTED BY HASH(id) BUCKETS 1 PROPERTIES ("replication_num" = "1")`);
  await src.query("INSERT INTO shop.sales VALUES ('2024-01-01', 1, 1.50, 'first')");

  startDaemon(t, 'loads-e2e-daemon', syncSettings(source, target));
  const same = async (sql: string) => JSON.stringify(await rows(src, sql)) === JSON.stringify(await rows(dst, sql).catch(() => []));
  const versions = "SELECT TABLE_NAME, PARTITION_NAME, VISIBLE_VERSION FROM information_schema.partitions_meta WHERE DB_NAME = 'shop' ORDER BY TABLE_NAME, PARTITION_NAME";
  const synced = async () =>
    (await same('SELECT * FROM shop.sales ORDER BY id')) && (await same('SELECT * FROM shop.sales_archive ORDER BY id')) && (await same(versions));
  await eventually('the first load is synced', synced);

  // Stream Load over HTTP, as an operator sends it with curl.
  const dir = scratchDir('loads-e2e-files');
  const csv = join(dir, 'sales.csv');
  writeFileSync(csv, Array.from({ length: 200 }, (_, i) => `2024-${String(1 + (i % 12)).padStart(2, '0')}-15,${100 + i},${i}.25,stream`).join('\n') + '\n');
  const curl = await runProcess('curl', ['-s', '--location-trusted', '-u', 'root:', '-H', 'label:sales-stream-1', '-H', 'column_separator:,', '-T', csv, '-XPUT', `http://127.0.0.1:${source.fe.httpPort}/api/shop/sales/_stream_load`]);
  assert.equal((JSON.parse(curl.stdout) as { Status: string }).Status, 'Success', curl.stdout + curl.stderr);

  // INSERT ... VALUES with a label, and INSERT ... SELECT between tables.
  await src.query("INSERT INTO shop.sales WITH LABEL sales_insert_1 VALUES ('2024-08-08', 2, 2.00, 'insert'), ('2024-03-03', 3, 3.00, 'insert')");
  await src.query("INSERT INTO shop.sales_archive SELECT * FROM shop.sales WHERE note = 'stream' AND id < 150");

  // INSERT OVERWRITE replaces a partition: new partition id, new version history.
  await src.query("INSERT OVERWRITE shop.sales PARTITION (p2024h1) SELECT * FROM shop.sales PARTITION (p2024h1) WHERE id % 2 = 0");

  // Broker Load from S3: one asynchronous job over both tables, visible at once when FINISHED.
  await s3.put('incoming/sales.csv', Buffer.from(Array.from({ length: 30 }, (_, i) => `2024-10-${String(1 + i).padStart(2, '0')},${1000 + i},${i}.75,broker`).join('\n') + '\n'));
  await s3.put('incoming/archive.json', Buffer.from(JSON.stringify([{ day: '2023-05-05', id: 2000, amount: '9.99', note: 'broker-json' }])));
  await src.query(`LOAD LABEL shop.sales_broker_1 (
      DATA INFILE("s3a://load-bucket/incoming/sales.csv") INTO TABLE sales COLUMNS TERMINATED BY ",",
      DATA INFILE("s3a://load-bucket/incoming/archive.json") INTO TABLE sales_archive FORMAT AS "json"
    ) WITH BROKER (${s3.repositoryProperties()}) PROPERTIES ("timeout" = "600")`);
  await eventually('the Broker Load job is FINISHED', async () => {
    const [job] = await rows(src, 'SHOW LOAD FROM shop WHERE LABEL = "sales_broker_1"');
    assert.notEqual(job?.State, 'CANCELLED', String(job?.ErrorMsg));
    return job?.State === 'FINISHED';
  });

  await eventually('every load method is synced', synced, 60_000);
  assert.deepEqual(await rows(dst, 'SELECT COUNT(*) AS n FROM shop.sales_archive'), [{ n: '51' }]);
  assert.deepEqual(await rows(dst, "SELECT COUNT(*) AS n FROM shop.sales WHERE note = 'broker'"), [{ n: '30' }]);
  // The overwrite reached the target too: only even ids are left in the first half-year.
  assert.deepEqual(await rows(dst, 'SELECT COUNT(*) AS n FROM shop.sales PARTITION (p2024h1) WHERE id % 2 = 1'), [{ n: '0' }]);
  assert.deepEqual(await rows(dst, 'SELECT COUNT(*) AS n FROM shop.sales PARTITION (p2024h1)'), [{ n: '51' }]);

  const conf = writeConf(scratchDir('loads-e2e-verify'), {
    source_fe_host: '127.0.0.1',
    source_fe_query_port: String(source.fe.queryPort),
    target_fe_host: '127.0.0.1',
    target_fe_query_port: String(target.fe.queryPort),
  });
  const verify = await runCli(['verify', '--conf', conf]);
  assert.equal(verify.code, 0, verify.stdout + verify.stderr);
  assert.match(verify.stdout, /^OK: 2 tables and 3 partitions match/m);
});
