import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startCluster, syncSettings, connect, rows } from '../helpers/sim-cluster.js';
import { scratchDir } from '../helpers/scratch.js';
import { writeConf } from '../helpers/config-files.js';
import { runCli } from '../helpers/run-cli.js';
import { startS3Server } from '../helpers/s3-server.js';

// The newest release on both sides, and the oldest target with a source of its era: BACKUP,
// SHOW BACKUP / RESTORE, SHOW SNAPSHOT and RESTORE are read the same way on each.
for (const releases of [{ source: '4.0', target: '4.0' }, { source: '3.2.3', target: '3.1.8' }]) {
  test(`transfer_mode=s3 (source ${releases.source}, target ${releases.target}) migrates through a repository when the target BEs cannot reach the source BEs, then follows new loads; verify passes`, async (t) => {
    const s3 = await startS3Server(`daemon-s3-${releases.target}`);
    // The source BEs advertise names that resolve nowhere, and no hosts.properties maps them:
    // BE-to-BE replication could not work here.
    const source = await startCluster(`s3-source-${releases.source}`, { backends: 2, beAdvertiseHosts: ['be-0.unreachable.invalid', 'be-1.unreachable.invalid'], frontend: { recordStatements: true }, starrocksVersion: releases.source });
    const target = await startCluster(`s3-target-${releases.target}`, { backends: 2, starrocksVersion: releases.target });
    t.after(() => Promise.all([source.stop(), target.stop(), s3.stop()]));
    const src = await connect(source);
    const dst = await connect(target);
    t.after(() => Promise.all([src.end(), dst.end()]));

    const location = `s3a://${s3.bucket}/migration`;
    await src.query(`CREATE REPOSITORY migration WITH BROKER ON LOCATION "${location}" PROPERTIES (${s3.repositoryProperties()})`);
    await dst.query(`CREATE READ ONLY REPOSITORY migration WITH BROKER ON LOCATION "${location}" PROPERTIES (${s3.repositoryProperties()})`);
    await src.query('CREATE DATABASE shop');
    await src.query(`CREATE TABLE shop.orders (id BIGINT NOT NULL, day DATE NOT NULL, amount INT) DUPLICATE KEY(id)
      PARTITION BY RANGE(day) (PARTITION p1 VALUES LESS THAN ('2024-07-01'), PARTITION p2 VALUES LESS THAN ('2025-01-01'))
      DISTRIBUTED BY HASH(id) BUCKETS 2 PROPERTIES ("replication_num" = "2")`);
    await src.query('CREATE TABLE shop.customers (id BIGINT NOT NULL, name VARCHAR(20)) PRIMARY KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1 PROPERTIES ("replication_num" = "1")');
    await src.query("INSERT INTO shop.orders VALUES (1, '2024-01-05', 10), (2, '2024-08-01', 20), (3, '2024-03-03', 30)");
    await src.query("INSERT INTO shop.customers VALUES (1, 'ann'), (2, 'bob')");

    // From here on the test's own statements to the source are counted out: what remains is the daemon's.
    const log = source.fe.statementLog!;
    const daemonStatements: string[] = [];
    let mark = log.length;
    const takeDaemonStatements = () => {
      daemonStatements.push(...log.slice(mark));
      mark = log.length;
    };
    const dir = scratchDir('daemon-s3');
    const conf = writeConf(dir, syncSettings(source, target, { transfer_mode: 's3', s3_repository: 'migration' }));
    const check = await runCli(['check', '--conf', conf]);
    assert.match(check.stdout, /PASS {2}source reaches repository migration/);
    assert.match(check.stdout, /PASS {2}target reaches repository migration/);

    const same = async (sql: string) => assert.deepEqual(await rows(dst, sql), await rows(src, sql));
    const first = await runCli(['start', '--once', '--conf', conf, '--log-dir', join(dir, 'log-1')]);
    assert.equal(first.code, 0, first.stderr);
    await same('SELECT * FROM shop.orders ORDER BY id');
    await same('SELECT * FROM shop.customers ORDER BY id');
    const firstVerify = await runCli(['verify', '--conf', conf]);
    assert.equal(firstVerify.code, 0, firstVerify.stdout);

    // New loads into one partition of each table: only those partitions go through the repository again.
    takeDaemonStatements();
    await src.query("INSERT INTO shop.orders VALUES (4, '2024-09-09', 40)");
    await src.query("INSERT INTO shop.customers VALUES (3, 'cy'), (1, 'ann2')");
    mark = log.length;
    const second = await runCli(['start', '--once', '--conf', conf, '--log-dir', join(dir, 'log-2')]);
    assert.equal(second.code, 0, second.stderr);
    await same('SELECT * FROM shop.orders ORDER BY id');
    await same('SELECT * FROM shop.customers ORDER BY id');
    const verify = await runCli(['verify', '--conf', conf]);
    assert.equal(verify.code, 0, verify.stdout);
    takeDaemonStatements();
    const backups = (await rows(src, 'SHOW SNAPSHOT ON migration')).map((r) => String(r.Snapshot));
    assert.ok(backups.length >= 3, `one snapshot per transfer: ${backups.join(', ')}`);

    // The daemon (and check, verify) sent the source reads (ADMIN SHOW FRONTEND CONFIG among them: the
    // run mode) and BACKUP SNAPSHOT statements, nothing else.
    assert.deepEqual(daemonStatements.filter((sql) => !/^\s*(SELECT|SHOW|ADMIN\s+SHOW|BACKUP SNAPSHOT)\b/i.test(sql)), []);
    const daemonBackups = daemonStatements.filter((sql) => /^\s*BACKUP SNAPSHOT/i.test(sql));
    assert.ok(daemonBackups.length >= 3 && daemonBackups.every((sql) => /ON \(`(orders|customers)` PARTITION \(/.test(sql)), daemonBackups.join('\n'));
    // The second run moved only the partitions loaded into: p2 of orders, and customers' one partition.
    assert.ok(daemonBackups.slice(-2).some((sql) => /`orders` PARTITION \(`p2`\)/.test(sql)), daemonBackups.join('\n'));
  });
}
