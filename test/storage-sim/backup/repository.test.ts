// Repositories: CREATE [READ ONLY] REPOSITORY on an S3 location (checked reachable first),
// SHOW REPOSITORIES' columns, durability across an FE restart, DROP REPOSITORY leaving the objects,
// and every refusal (non-s3a locations, HDFS, an unreachable store, bad properties) changing
// nothing. The secret key never shows: not in SHOW, not in errors, not in the FE's meta files.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { connect, rows, startCluster } from '../../helpers/sim-cluster.js';
import { S3_ACCESS_KEY, startS3Server, type S3Server } from '../../helpers/s3-server.js';
import { TEST_SECRETS } from '../../helpers/test-secrets.js';
import { expectSqlError } from '../engine/engine-helpers.js';
import type { LocalCluster } from '../../../src/storage-sim/cluster/local-cluster.js';
import { createRepository, createSampleTable, finishedJob, snapshotTimestamp, type Conn } from './backup-helpers.js';

let s3: S3Server;
let cluster: LocalCluster;
let conn: Conn;

before(async () => {
  [s3, cluster] = await Promise.all([startS3Server('repository'), startCluster('repository', { backends: 1 })]);
  conn = await connect(cluster);
});

after(async () => {
  await conn?.end();
  await cluster?.stop();
  await s3?.stop();
});

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function filesBelow(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? filesBelow(join(dir, name)) : [join(dir, name)]));
}

test('CREATE REPOSITORY writes __repo_info; SHOW REPOSITORIES has StarRocks\' columns and never the secret', async () => {
  await createRepository(conn, s3, 'main_repo', { path: 'team/backups/' });
  await createRepository(conn, s3, 'ro_repo', { readOnly: true, path: 'elsewhere' });
  const [result, fields] = await conn.query('SHOW REPOSITORIES');
  assert.deepEqual((fields as { name: string }[]).map((f) => f.name), ['RepoId', 'RepoName', 'CreateTime', 'IsReadOnly', 'Location', 'Broker', 'ErrMsg']);
  const repos = result as Record<string, unknown>[];
  assert.deepEqual(
    repos.map((r) => [r.RepoName, r.IsReadOnly, r.Location, r.Broker, r.ErrMsg]),
    [
      ['main_repo', 'false', `s3a://${s3.bucket}/team/backups/`, '', null],
      ['ro_repo', 'true', `s3a://${s3.bucket}/elsewhere`, '', null],
    ],
  );
  assert.match(String(repos[0]!.RepoId), /^\d+$/);
  assert.match(String(repos[0]!.CreateTime), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  assert.ok(!JSON.stringify(repos).includes(TEST_SECRETS.s3SecretKey));
  const info = JSON.parse((await s3.get('team/backups/__starrocks_repository_main_repo/__repo_info')).toString()) as Record<string, string>;
  assert.deepEqual(info, { name: 'main_repo', create_time: repos[0]!.CreateTime });
  assert.deepEqual(await s3.list('elsewhere/'), [], 'a read-only repository writes nothing');
});

test('refused: other schemes, HDFS, an unreachable or unknown store, bad properties; nothing is created and no secret is echoed', async () => {
  const before = await rows(conn, 'SHOW REPOSITORIES');
  const props = s3.repositoryProperties();
  const attempt = (location: string, properties = props, name = 'bad') => conn.query(`CREATE REPOSITORY ${name} WITH BROKER ON LOCATION "${location}" PROPERTIES (${properties})`);
  const refusals: [Promise<unknown>, RegExp][] = [
    [attempt(`s3://${s3.bucket}/x`), /only according to the S3A protocol: replace s3:\/\/ with s3a:\/\//],
    [attempt(`oss://${s3.bucket}/x`), /only according to the S3A protocol: replace the prefix oss:\/\/ with s3a:\/\//],
    [attempt('hdfs://namenode:8020/repo_dir/backup', '"username" = "u", "password" = "p"'), /Repositories on HDFS are not supported by this engine/],
    [attempt(`${s3.bucket}/x`), /Invalid repository location '.*': expected s3a:\/\/<bucket>\/<path>/],
    // The bucket name is the store's to judge (StarRocks: fe/fe-core/src/main/java/com/starrocks/sql/analyzer/RepositoryAnalyzer.java checks none).
    [attempt('s3a://Bad_Bucket/x'), /^Failed to create repository: cannot access s3a:\/\/Bad_Bucket\/x at http:\/\/127\.0\.0\.1:\d+: not found/],
    [attempt('s3a:///x'), /Invalid repository location 's3a:\/\/\/x': no bucket after s3a:\/\/; expected s3a:\/\/<bucket>\/<path>/],
    [attempt(`s3a://${s3.bucket}/x`, props.replace(`127.0.0.1:${s3.port}`, `127.0.0.1:${await freePort()}`)), /^Failed to create repository: cannot access s3a:\/\/.* ECONNREFUSED/],
    [attempt('s3a://no-such-bucket/x'), /^Failed to create repository: cannot access s3a:\/\/no-such-bucket\/x at http:\/\/127\.0\.0\.1:\d+: not found/],
    [attempt(`s3a://${s3.bucket}/x`, props.replace(`"${S3_ACCESS_KEY}"`, '"SOMEONE"')), /^Failed to create repository: cannot access .*: access denied/],
    [attempt(`s3a://${s3.bucket}/x`, `${props}, "aws.s3.colour" = "red"`), /Unknown repository property 'aws.s3.colour'/],
    [attempt(`s3a://${s3.bucket}/x`, `"aws.s3.access_key" = "${S3_ACCESS_KEY}", "aws.s3.endpoint" = "${s3.endpoint}"`), /Missing repository property: 'aws.s3.access_key' needs the matching secret key/],
    [attempt(`s3a://${s3.bucket}/x`, props.replace('"aws.s3.enable_ssl" = "false"', '"aws.s3.enable_ssl" = "maybe"')), /Invalid value 'maybe' for repository property 'aws.s3.enable_ssl': expected true or false/],
    [attempt(`s3a://${s3.bucket}/x`, `${props}, "fs.s3a.secret.key" = "other-${TEST_SECRETS.s3SecretKey}"`), /'aws.s3.secret_key' and 'fs.s3a.secret.key' set the same thing to different values: give one of them$/],
    [conn.query(`CREATE REPOSITORY bad WITH BROKER hdfs_broker ON LOCATION "s3a://${s3.bucket}/x" PROPERTIES (${props})`), /broker does not exist: hdfs_broker/],
    [attempt(`s3a://${s3.bucket}/x`, props, 'main_repo'), /repository with same name already exist: main_repo/],
  ];
  for (const [work, message] of refusals) {
    const error = await expectSqlError(work, 5064, '42000', message);
    assert.ok(!error.message.includes(TEST_SECRETS.s3SecretKey), `no secret in: ${error.message}`);
  }
  assert.deepEqual(await rows(conn, 'SHOW REPOSITORIES'), before);
  await expectSqlError(conn.query('DROP REPOSITORY nothing_here'), 5064, '42000', /^Repository does not exist$/);
});

test('repositories survive an FE restart; the meta files hold no secret; the restarted FE still reaches the store', async () => {
  const before = await rows(conn, 'SHOW REPOSITORIES');
  await cluster.restartFrontend();
  await conn.end();
  conn = await connect(cluster);
  assert.deepEqual(await rows(conn, 'SHOW REPOSITORIES'), before);
  const metaDir = join(cluster.options.dir, 'fe', 'meta');
  for (const file of filesBelow(metaDir)) assert.ok(!readFileSync(file, 'utf8').includes(TEST_SECRETS.s3SecretKey), `${file} holds the secret`);
  await conn.query('CREATE DATABASE db');
  await createSampleTable(conn, 'db', 't');
  await conn.query('BACKUP SNAPSHOT db.after_restart TO main_repo');
  await finishedJob(conn, 'BACKUP', 'db');
  await expectSqlError(conn.query('BACKUP SNAPSHOT db.nope TO ro_repo'), 5064, '42000', /^Repository ro_repo is read only$/);
});

test('DROP REPOSITORY forgets the repository and leaves its objects; created again, it shows the same snapshots', async () => {
  const hold = cluster.fe.backupRestore.holdAt('BACKUP', 'UPLOADING');
  await conn.query('BACKUP SNAPSHOT db.busy TO main_repo');
  await hold.reached;
  await expectSqlError(conn.query('DROP REPOSITORY main_repo'), 5064, '42000', /^Backup or restore job is running on this repository. Can not drop it$/);
  hold.release();
  await finishedJob(conn, 'BACKUP', 'db');

  const objects = await s3.list('team/backups/');
  const created = (await rows(conn, 'SHOW REPOSITORIES')).find((r) => r.RepoName === 'main_repo')!.CreateTime;
  const timestamp = await snapshotTimestamp(conn, 'main_repo', 'after_restart');
  await conn.query('DROP REPOSITORY main_repo');
  assert.deepEqual((await rows(conn, 'SHOW REPOSITORIES')).map((r) => r.RepoName), ['ro_repo']);
  await expectSqlError(conn.query('SHOW SNAPSHOT ON main_repo'), 5064, '42000', /^Repository main_repo does not exist$/);
  assert.deepEqual(await s3.list('team/backups/'), objects, 'every object stays in the store');

  await createRepository(conn, s3, 'main_repo', { path: 'team/backups' });
  assert.equal((await rows(conn, 'SHOW REPOSITORIES')).find((r) => r.RepoName === 'main_repo')!.CreateTime, created, 'the creation time comes from __repo_info');
  assert.deepEqual((await rows(conn, 'SHOW SNAPSHOT ON main_repo')).map((r) => r.Snapshot), ['after_restart', 'busy']);
  assert.equal(await snapshotTimestamp(conn, 'main_repo', 'after_restart'), timestamp);
});
