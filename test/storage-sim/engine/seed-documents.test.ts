// The statements the seed documents show, read out of the documents themselves and run verbatim
// with the `mysql` command-line client (Debian's mariadb-client) against a started FE, in the
// environment each one needs (databases and tables it names, buckets in a local S3-compatible
// server, its placeholder keys accepted there, the AWS and Google endpoints it names mapped to that
// server). The documents are copies, byte for byte, of the seeds this project was specified from
// (kept beside the repository as shared/seeds/000..004 and README.md), in test/fixtures/seeds/.
// Statements the engine does not carry out are listed, with the reason, in README.md ("Seed
// statements the engine does not run"), and the same list is in src/storage-sim/README.md; every
// statement found must be run here or listed there, so a new one cannot pass unnoticed.
// Skipped when the client is not installed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { startCluster, connect, rows } from '../../helpers/sim-cluster.js';
import { scratchDir } from '../../helpers/scratch.js';
import { startS3ServerProcess, S3RVER_ACCESS_KEY } from '../../../src/storage-sim/cluster/s3-server-process.js';
import { waitForJob } from '../backup/backup-helpers.js';
import { extractSeedFile, normalize, type SeedStatement } from './seed-extractor.js';
import { mysqlCli, resultAfter } from './mysql-cli.js';

const CLI_MISSING = 'the mysql command-line client is not installed (apt-get install mariadb-client); skipping the seed documents';
const cliAvailable = spawnSync('mysql', ['--version'], { encoding: 'utf8' }).status === 0;

const SEEDS = new URL('../../fixtures/seeds/', import.meta.url);
const REPO_ROOT = new URL('../../../', import.meta.url);

function seedStatements(): { statements: SeedStatement[]; unterminated: SeedStatement[] } {
  const files = readdirSync(SEEDS).filter((f) => /^\d{3}_.*\.txt$/.test(f)).sort();
  assert.deepEqual(files.map((f) => f.slice(0, 3)), ['000', '001', '002', '003', '004']);
  const extracts = files.map((f) => extractSeedFile(new URL(f, SEEDS).pathname));
  return { statements: extracts.flatMap((e) => e.statements), unterminated: extracts.flatMap((e) => e.unterminated) };
}

/** The rows of the README table between the heading and the next heading: [seed, line, statement excerpt, reason]. */
function listedNotRun(readme: string): string[][] {
  const text = readFileSync(new URL(readme, REPO_ROOT), 'utf8');
  const start = text.indexOf('Seed statements the engine does not run');
  assert.ok(start >= 0, `${readme} has no "Seed statements the engine does not run" list`);
  const section = text.slice(start).split(/\n#+ /)[0]!;
  return section
    .split('\n')
    .filter((line) => /^\| \d{3} \| \d+ \|/.test(line))
    .map((line) => line.split(/(?<!\\)\|/).slice(1, -1).map((cell) => cell.trim().replace(/^`|`$/g, '').replaceAll('\\|', '|')));
}

// The statements run below, by the excerpt that identifies them (the whole statement, normalized).
const RUN = {
  s3Region: 'CREATE REPOSITORY test_repo WITH BROKER ON LOCATION "s3a://bucket_s3/backup" PROPERTIES("aws.s3.access_key" = "XXXXXXXXXXXXXXXXX", "aws.s3.secret_key" = "yyyyyyyyyyyyyyyyyyyyyyyy", "aws.s3.region" = "us-east-1");',
  s3Endpoint: 'CREATE REPOSITORY test_repo WITH BROKER ON LOCATION "s3a://bucket_s3/backup" PROPERTIES("aws.s3.access_key" = "XXXXXXXXXXXXXXXXX", "aws.s3.secret_key" = "yyyyyyyyyyyyyyyyyyyyyyyy", "aws.s3.endpoint" = "s3.us-east-1.amazonaws.com");',
  s3InstanceProfile: 'CREATE REPOSITORY test_repo WITH BROKER ON LOCATION "s3a://bucket_s3/backup" PROPERTIES("aws.s3.use_instance_profile" = "true", "aws.s3.region" = "us-east-1");',
  gcs: 'CREATE REPOSITORY test_repo WITH BROKER ON LOCATION "s3a://bucket_gcs/backup" PROPERTIES("fs.s3a.access.key" = "xxxxxxxxxxxxxxxxxxxx", "fs.s3a.secret.key" = "yyyyyyyyyyyyyyyyyyyy", "fs.s3a.endpoint" = "storage.googleapis.com");',
  backupMember: 'BACKUP SNAPSHOT sr_hub.sr_member_backup TO test_repo ON (sr_member);',
  showSnapshot: 'SHOW SNAPSHOT ON test_repo;',
  restoreMember: 'RESTORE SNAPSHOT sr_hub.sr_member_backup FROM test_repo ON (sr_member) PROPERTIES ("backup_timestamp"="2023-02-07-14-45-53-143", "replication_num" = "1");',
  backupDatabase: 'BACKUP SNAPSHOT example_db.snapshot_label1 TO example_repo PROPERTIES ("type" = "full");',
  backupTable: 'BACKUP SNAPSHOT example_db.snapshot_label2 TO example_repo ON (example_tbl);',
  backupPartitions: 'BACKUP SNAPSHOT example_db.snapshot_label3 TO example_repo ON(example_tbl PARTITION (p1, p2), example_tbl2);',
} as const;

/** Seed 003's statements run, with their placeholders filled, by seed-statements.test.ts from this script. */
const SEED_003_SCRIPT = new URL('./fixtures/seed-statements.sql', import.meta.url);

function verbatim(statements: SeedStatement[], normalized: string): string {
  const found = statements.find((s) => normalize(s.text) === normalized);
  assert.ok(found, `no seed statement reads: ${normalized}`);
  return found.text;
}

test('every statement in the seeds is run here, run by seed-statements.test.ts, or listed as not run with its reason', () => {
  const { statements, unterminated } = seedStatements();
  const listed = listedNotRun('README.md');
  assert.deepEqual(listedNotRun('src/storage-sim/README.md'), listed, 'the engine README lists the same statements as README.md');
  const runHere = new Set<string>(Object.values(RUN));
  const script003 = normalize(readFileSync(SEED_003_SCRIPT, 'utf8'));
  const unaccounted: string[] = [];
  for (const s of [...statements, ...unterminated]) {
    const text = normalize(s.text);
    const isListed = listed.some(([seed, line, excerpt]) => seed === s.seed && Number(line) === s.line && text.startsWith(normalize(excerpt!)));
    const isRun = runHere.has(text) || (s.seed === '003' && script003.includes(text.replaceAll('<db_name>', '{{db}}').replaceAll('<table_name>', '{{table}}')));
    if (isListed === isRun) unaccounted.push(`${s.seed}:${s.line} ${isRun ? 'run and listed' : 'neither run nor listed'}: ${text}`);
  }
  assert.deepEqual(unaccounted, []);
  // Every listed row names a statement that is still in the seeds, with a reason.
  for (const [seed, line, excerpt, reason] of listed) {
    assert.ok([...statements, ...unterminated].some((s) => s.seed === seed && s.line === Number(line) && normalize(s.text).startsWith(normalize(excerpt!))), `listed but not in seed ${seed} line ${line}: ${excerpt}`);
    assert.ok(reason && reason.length > 20, `no reason given for ${seed}:${line}`);
  }
  // And every statement run here is in the seeds.
  for (const text of runHere) assert.ok(statements.some((s) => normalize(s.text) === text), `not in the seeds: ${text}`);
});

/**
 * The FE's backup clock: real time, or, once `hold` is called, `instant` for `holdMs` and then on
 * from there (see the BACKUP below).
 */
function backupClock(): { now: () => number; hold: (instant: number, holdMs: number) => void } {
  let offset = 0;
  let holdUntil = 0;
  let heldAt = 0;
  return {
    now: () => (Date.now() < holdUntil ? heldAt : Date.now() + offset),
    hold(instant, holdMs) {
      heldAt = instant;
      holdUntil = Date.now() + holdMs;
      offset = instant - holdUntil;
    },
  };
}

test('seeds 000, 001 and 002: repositories, BACKUP, SHOW SNAPSHOT and RESTORE through the mysql command-line client', { skip: cliAvailable ? false : CLI_MISSING }, async (t) => {
  const { statements } = seedStatements();
  // The seeds' placeholder access keys are accepted (any secret is: signatures are not checked).
  const s3 = await startS3ServerProcess({
    dir: scratchDir('engine-seed-documents-s3'),
    buckets: ['bucket_s3', 'bucket_gcs', 'example-bucket'],
    accessKeys: ['XXXXXXXXXXXXXXXXX', 'xxxxxxxxxxxxxxxxxxxx'],
  });
  t.after(() => s3.stop());
  // What the instance profile would hand the SDK: here its first source, the environment.
  const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
  process.env.AWS_ACCESS_KEY_ID = S3RVER_ACCESS_KEY;
  process.env.AWS_SECRET_ACCESS_KEY = 'instance-profile-secret';
  t.after(() => {
    for (const [name, value] of [['AWS_ACCESS_KEY_ID', saved.id], ['AWS_SECRET_ACCESS_KEY', saved.secret]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
  // The endpoints the seeds name (AWS's us-east-1, given or implied by the region, and Google's) are this server.
  const clock = backupClock();
  const cluster = await startCluster('engine-seed-documents', {
    frontend: { backupClock: clock.now, objectStoreEndpoints: { 's3.us-east-1.amazonaws.com': `http://${s3.endpoint}`, 'storage.googleapis.com': `http://${s3.endpoint}` } },
  });
  t.after(() => cluster.stop());
  const conn = await connect(cluster);
  t.after(() => conn.end());
  const client = new S3Client({ endpoint: `http://${s3.endpoint}`, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: S3RVER_ACCESS_KEY, secretAccessKey: 'any' } });
  t.after(() => client.destroy());
  const keys = async (bucket: string) => ((await client.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).map((o) => o.Key!).sort();
  const port = cluster.fe.queryPort;
  const cli = async (sql: string) => {
    const run = await mysqlCli(port, sql);
    assert.equal(run.code, 0, `mysql exited with ${run.code}: ${run.stderr}\nfor: ${sql}`);
    assert.equal(run.stderr, '');
    return run.stdout.split('\n');
  };

  // StarRocks: fe/fe-core/src/main/java/com/starrocks/backup/BackupHandler.java (createRepository:
  // "Failed to create repository: ..." when the store refuses; a repository lists as soon as it exists)
  await t.test('CREATE REPOSITORY on AWS S3 (keys with an endpoint, keys with a region, instance profile) and Google GCS: created, listed, __repo_info written in the bucket', async () => {
    for (const [which, bucket] of [['gcs', 'bucket_gcs'], ['s3InstanceProfile', 'bucket_s3'], ['s3Endpoint', 'bucket_s3'], ['s3Region', 'bucket_s3']] as const) {
      const statement = verbatim(statements, RUN[which]);
      await cli(statement);
      const listed = resultAfter(await cli('SHOW REPOSITORIES'), 'RepoId\tRepoName');
      assert.deepEqual(listed.rows.map((r) => [r[1], r[3], r[4], r[6]]), [['test_repo', 'false', `s3a://${bucket}/backup`, 'NULL']], which);
      assert.deepEqual(await keys(bucket), ['backup/__starrocks_repository_test_repo/__repo_info'], which);
      // The next example creates test_repo again: this one is dropped (the objects stay, as in StarRocks).
      if (which !== 's3Region') await cli('DROP REPOSITORY test_repo');
    }
  });

  // Environment of seed 000/002's BACKUP: database sr_hub with table sr_member.
  await conn.query('CREATE DATABASE sr_hub');
  await conn.query(`CREATE TABLE sr_hub.sr_member (id BIGINT NOT NULL, name VARCHAR(32), city VARCHAR(32)) DUPLICATE KEY(id)
    DISTRIBUTED BY HASH(id) BUCKETS 2 PROPERTIES ("replication_num" = "3")`);
  await conn.query(`INSERT INTO sr_hub.sr_member VALUES (1, 'ann', 'Tokyo'), (2, 'bob', 'Osaka'), (3, 'cy', 'Kyoto')`);
  const members = await rows(conn, 'SELECT * FROM sr_hub.sr_member ORDER BY id');

  // StarRocks: fe/fe-core/src/main/java/com/starrocks/backup/BackupJob.java (the snapshot's
  // timestamp is the job's creation time, yyyy-MM-dd-HH-mm-ss-SSS, in the FE's time zone)
  await t.test('BACKUP SNAPSHOT sr_hub.sr_member_backup TO test_repo ON (sr_member), taken when the seed says it was', async () => {
    // The RESTORE below names the backup_timestamp of the seed's SHOW SNAPSHOT output,
    // 2023-02-07-14-45-53-143: the backup is taken with the clock at that moment.
    clock.hold(new Date(2023, 1, 7, 14, 45, 53, 143).getTime(), 5_000);
    await cli(verbatim(statements, RUN.backupMember));
    const job = await waitForJob(conn, 'BACKUP', 'sr_hub', ['FINISHED', 'CANCELLED'], 30_000);
    assert.equal(job.State, 'FINISHED', String(job.Status));
    assert.equal(job.CreateTime, '2023-02-07 14:45:53');
    const shown = resultAfter(await cli('SHOW BACKUP FROM sr_hub'), 'JobId\tSnapshotName');
    const col = (name: string) => shown.header.indexOf(name);
    assert.deepEqual(shown.rows.map((r) => [r[col('SnapshotName')], r[col('DbName')], r[col('State')], r[col('BackupObjs')], r[col('Status')]]), [
      ['sr_member_backup', 'sr_hub', 'FINISHED', '[sr_member]', '[OK]'],
    ]);
  });

  await t.test('SHOW SNAPSHOT ON test_repo: the snapshot, its timestamp and OK, as the seed shows', async () => {
    const statement = statements.find((s) => normalize(s.text) === RUN.showSnapshot)!;
    const snapshots = resultAfter(await cli(statement.text), 'Snapshot\tTimestamp\tStatus');
    assert.deepEqual(snapshots.rows, [['sr_member_backup', '2023-02-07-14-45-53-143', 'OK']]);
  });

  // StarRocks: fe/fe-core/src/main/java/com/starrocks/backup/RestoreJob.java (a table that does not
  // exist is created by the restore, with the replication_num it is given)
  await t.test('RESTORE SNAPSHOT sr_hub.sr_member_backup FROM test_repo ON (sr_member) PROPERTIES (backup_timestamp, replication_num 1)', async () => {
    // The restore recreates the table: it is gone here, as on a new cluster.
    await conn.query('DROP TABLE sr_hub.sr_member FORCE');
    await cli(verbatim(statements, RUN.restoreMember));
    const job = await waitForJob(conn, 'RESTORE', 'sr_hub', ['FINISHED', 'CANCELLED'], 30_000);
    assert.equal(job.State, 'FINISHED', String(job.Status));
    const shown = resultAfter(await cli('SHOW RESTORE FROM sr_hub'), 'JobId\tLabel');
    const col = (name: string) => shown.header.indexOf(name);
    assert.deepEqual(shown.rows.map((r) => [r[col('Label')], r[col('Timestamp')], r[col('State')], r[col('ReplicationNum')], r[col('Status')]]), [
      ['sr_member_backup', '2023-02-07-14-45-53-143', 'FINISHED', '1', '[OK]'],
    ]);
    assert.deepEqual(await rows(conn, 'SELECT * FROM sr_hub.sr_member ORDER BY id'), members);
    const partitions = await rows(conn, 'SHOW PARTITIONS FROM sr_hub.sr_member');
    assert.deepEqual(partitions.map((p) => String(p.ReplicationNum)), ['1']);
  });

  // Environment of seed 001's examples: repository example_repo, database example_db with
  // example_tbl (partitions p1, p2, p3) and example_tbl2.
  await conn.query(`CREATE REPOSITORY example_repo WITH BROKER ON LOCATION "s3a://example-bucket/backups" PROPERTIES ("aws.s3.access_key" = "${S3RVER_ACCESS_KEY}", "aws.s3.secret_key" = "any", "aws.s3.endpoint" = "http://${s3.endpoint}")`);
  await conn.query('CREATE DATABASE example_db');
  await conn.query(`CREATE TABLE example_db.example_tbl (id BIGINT NOT NULL, day DATE NOT NULL) DUPLICATE KEY(id)
    PARTITION BY RANGE(day) (PARTITION p1 VALUES LESS THAN ('2024-02-01'), PARTITION p2 VALUES LESS THAN ('2024-03-01'), PARTITION p3 VALUES LESS THAN ('2024-04-01'))
    DISTRIBUTED BY HASH(id) BUCKETS 1 PROPERTIES ("replication_num" = "1")`);
  await conn.query(`CREATE TABLE example_db.example_tbl2 (id BIGINT NOT NULL) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1 PROPERTIES ("replication_num" = "1")`);
  await conn.query(`INSERT INTO example_db.example_tbl VALUES (1, '2024-01-05'), (2, '2024-02-05'), (3, '2024-03-05')`);
  await conn.query('INSERT INTO example_db.example_tbl2 VALUES (7)');

  // StarRocks: fe/fe-core/src/main/java/com/starrocks/sql/ast/BackupStmt.java (type FULL by default;
  // no ON clause backs up the whole database) and BackupHandler.java (one job per database at a time)
  await t.test('seed 001 examples 1 to 3: a database, a table, two partitions and a table', async () => {
    const expected: [keyof typeof RUN, string, string][] = [
      ['backupDatabase', 'snapshot_label1', '[example_tbl], [example_tbl2]'],
      ['backupTable', 'snapshot_label2', '[example_tbl]'],
      ['backupPartitions', 'snapshot_label3', '[example_tbl PARTITION (p1, p2)], [example_tbl2]'],
    ];
    for (const [which, label, objects] of expected) {
      await cli(verbatim(statements, RUN[which]));
      const job = await waitForJob(conn, 'BACKUP', 'example_db', ['FINISHED', 'CANCELLED'], 30_000);
      assert.equal(job.State, 'FINISHED', String(job.Status));
      assert.deepEqual([job.SnapshotName, job.BackupObjs], [label, objects]);
    }
    const snapshots = resultAfter(await cli('SHOW SNAPSHOT ON example_repo'), 'Snapshot\tTimestamp\tStatus');
    assert.deepEqual(snapshots.rows.map((r) => [r[0], r[2]]), [['snapshot_label1', 'OK'], ['snapshot_label2', 'OK'], ['snapshot_label3', 'OK']]);
  });
});

// StarRocks: fe/fe-core/src/main/java/com/starrocks/backup/BackupHandler.java (a refused
// CREATE REPOSITORY creates nothing)
test('the seed statements this engine does not run are refused with the reason, and change nothing', { skip: cliAvailable ? false : CLI_MISSING }, async (t) => {
  const { statements } = seedStatements();
  const cluster = await startCluster('engine-seed-documents-refused', { backends: 1 });
  t.after(() => cluster.stop());
  const refusals: [string, RegExp][] = [
    ['CREATE REPOSITORY test_repo WITH BROKER ON LOCATION "hdfs://<hdfs_host>:<hdfs_port>/repo_dir/backup"', /^ERROR 5064 \(42000\).*Repositories on HDFS are not supported by this engine/],
    ['CREATE REPOSITORY test_repo WITH BROKER ON LOCATION "s3a://bucket_s3/backup" PROPERTIES("aws.s3.use_instance_profile" = "true", "aws.s3.iam_role_arn"', /^ERROR 5064 \(42000\).*Assumed roles \('aws\.s3\.iam_role_arn'\) are not supported by this engine/],
  ];
  for (const [head, message] of refusals) {
    const found = statements.filter((s) => normalize(s.text).startsWith(head));
    assert.ok(found.length > 0, `no seed statement starts with ${head}`);
    for (const s of found) {
      const run = await mysqlCli(cluster.fe.queryPort, s.text);
      assert.equal(run.code, 1, `${s.seed}:${s.line} was not refused`);
      assert.match(run.stderr.trim().split('\n').at(-1)!, message);
    }
  }
  assert.deepEqual(await mysqlCli(cluster.fe.queryPort, 'SHOW REPOSITORIES'), { code: 0, stdout: '', stderr: '' });
});
