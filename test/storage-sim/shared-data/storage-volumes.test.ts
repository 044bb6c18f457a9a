// Storage volumes: every statement, its rules and its refusals, the builtin volume of a
// shared-data FE, persistence across an FE restart, and a shared-nothing FE (which keeps volumes
// but has no builtin one). Expected texts are those of StarRocks' SQL tests.
// StarRocks: fe/fe-core/src/main/java/com/starrocks/server/StorageVolumeMgr.java,
// fe/fe-core/src/main/java/com/starrocks/server/SharedDataStorageVolumeMgr.java,
// fe/fe-core/src/main/java/com/starrocks/server/SharedNothingStorageVolumeMgr.java,
// fe/fe-core/src/main/java/com/starrocks/sql/analyzer/StorageVolumeAnalyzer.java,
// fe/fe-core/src/main/java/com/starrocks/storagevolume/StorageVolume.java (DESC's row, masked params),
// test/sql/test_storage_volume/R/create_storage_volume, .../R/alter_storage_volume, .../R/set_as_default,
// .../R/drop_storage_volume
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, rows, startCluster } from '../../helpers/sim-cluster.js';
import { startSharedDataCluster } from '../../helpers/shared-data-cluster.js';
import { TEST_SECRETS } from '../../helpers/test-secrets.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const SHARED_DATA = { runMode: 'shared_data' as const, objectStore: 'http://127.0.0.1:9000/starrocks/data', backends: 1 };

const CREATE_KEYED =
  "CREATE STORAGE VOLUME storage_volume_create type = s3 LOCATIONS = ('s3://xxx') COMMENT 'comment' PROPERTIES (\"aws.s3.endpoint\"=\"endpoint\", \"aws.s3.region\"=\"us-west-2\", \"aws.s3.use_aws_sdk_default_behavior\" = \"false\", \"enabled\"=\"false\", \"aws.s3.secret_key\"=\"secret_key\", \"aws.s3.access_key\"=\"access_key\")";
const CREATE_SDK = (name: string, enabled = 'true') =>
  `CREATE STORAGE VOLUME ${name} TYPE = S3 LOCATIONS = ('s3://bucket/${name}') PROPERTIES ("aws.s3.endpoint" = "endpoint", "aws.s3.region" = "us-west-2", "aws.s3.use_aws_sdk_default_behavior" = "true", "enabled" = "${enabled}")`;

type Conn = Awaited<ReturnType<typeof connect>>;

async function refused(conn: Conn, sql: string, message: string): Promise<void> {
  await assert.rejects(conn.query(sql), (error: Error & { errno?: number }) => {
    assert.equal(error.message, message);
    return true;
  });
}

async function names(conn: Conn, like?: string): Promise<string[]> {
  return (await rows(conn, `SHOW STORAGE VOLUMES${like ? ` LIKE '${like}'` : ''}`)).map((r) => String(r['Storage Volume']));
}

test('a shared-data FE starts with builtin_storage_volume on its object store, as the default', async () => {
  const cluster = await startCluster('sv-builtin', SHARED_DATA);
  const conn = await connect(cluster);
  try {
    assert.deepEqual(await names(conn), ['builtin_storage_volume']);
    const [desc] = await rows(conn, 'DESC STORAGE VOLUME builtin_storage_volume');
    assert.deepEqual(Object.keys(desc!), ['Name', 'Type', 'IsDefault', 'Location', 'Params', 'Enabled', 'Comment']);
    assert.equal(desc!.Type, 'S3');
    assert.equal(desc!.IsDefault, 'true');
    assert.equal(desc!.Location, 's3://starrocks/data');
    assert.equal(desc!.Enabled, 'true');
    const params = JSON.parse(String(desc!.Params)) as Record<string, string>;
    assert.equal(params['aws.s3.endpoint'], 'http://127.0.0.1:9000');
    assert.equal(params['aws.s3.secret_key'], '******');
    await refused(conn, "CREATE STORAGE VOLUME builtin_storage_volume TYPE = S3 LOCATIONS = ('s3://b') PROPERTIES (\"aws.s3.use_aws_sdk_default_behavior\" = \"true\")",
      'Getting analyzing error. Detail message: builtin_storage_volume can not be created by SQL.');
    await refused(conn, 'DROP STORAGE VOLUME builtin_storage_volume', 'default storage volume can not be removed');
    await refused(conn, 'ALTER STORAGE VOLUME builtin_storage_volume SET ("enabled" = "false")', 'Default volume can not be disabled');
  } finally {
    await conn.end();
    await cluster.stop();
  }
});

test('CREATE, SHOW, DESC, ALTER, SET AS DEFAULT and DROP STORAGE VOLUME follow StarRocks, and survive an FE restart', async () => {
  const cluster = await startCluster('sv-statements', SHARED_DATA);
  let conn = await connect(cluster);
  try {
    await conn.query(CREATE_KEYED);
    assert.deepEqual(await names(conn, 'storage_volume_create'), ['storage_volume_create']);
    await refused(conn, CREATE_KEYED, "Storage volume 'storage_volume_create' already exists");
    await conn.query(CREATE_KEYED.replace('CREATE STORAGE VOLUME', 'CREATE STORAGE VOLUME IF NOT EXISTS'));
    // The masked parameters, in the order StarRocks' HashMap gives them (create_storage_volume's result).
    const [desc] = await conn.query({ sql: "DESC STORAGE VOLUME 'storage_volume_create'", rowsAsArray: true });
    assert.deepEqual((desc as unknown[][])[0], [
      'storage_volume_create', 'S3', 'false', 's3://xxx',
      '{"aws.s3.access_key":"******","aws.s3.secret_key":"******","aws.s3.endpoint":"endpoint","aws.s3.region":"us-west-2","aws.s3.use_instance_profile":"false","aws.s3.use_web_identity_token_file":"false","aws.s3.use_aws_sdk_default_behavior":"false"}',
      'false', 'comment',
    ]);
    await refused(conn, CREATE_SDK('bad').replace('"enabled"', '"aws.s3.unknown"'), 'Invalid properties aws.s3.unknown');
    assert.deepEqual(await names(conn, 'bad'), []);

    // A disabled volume cannot become the default; enabled, it can, and the old default can then go.
    await refused(conn, 'SET storage_volume_create AS DEFAULT STORAGE VOLUME', "Storage volume 'storage_volume_create' is disabled");
    await refused(conn, 'SET nowhere AS DEFAULT STORAGE VOLUME', "Storage volume 'nowhere' does not exist");
    await conn.query('ALTER STORAGE VOLUME storage_volume_create SET ("aws.s3.region" = "us-west-1", "enabled" = "true"), COMMENT = \'changed\'');
    await conn.query('SET storage_volume_create AS DEFAULT STORAGE VOLUME');
    const [after] = await rows(conn, 'DESC STORAGE VOLUME storage_volume_create');
    assert.equal(after!.IsDefault, 'true');
    assert.equal(after!.Enabled, 'true');
    assert.equal(after!.Comment, 'changed');
    assert.equal((JSON.parse(String(after!.Params)) as Record<string, string>)['aws.s3.region'], 'us-west-1');
    await refused(conn, 'ALTER STORAGE VOLUME nowhere SET ("aws.s3.region" = "x")', "Storage volume 'nowhere' does not exist");
    await refused(conn, 'DESC STORAGE VOLUME nowhere', 'Getting analyzing error. Detail message: Unknown storage volume: nowhere.');
    await refused(conn, 'DROP STORAGE VOLUME nowhere', "Storage volume 'nowhere' does not exist");
    await conn.query('DROP STORAGE VOLUME IF EXISTS nowhere');

    // The catalogue keeps volumes and the default across an FE restart.
    await conn.query(CREATE_SDK('spare'));
    await conn.end();
    await cluster.restartFrontend();
    conn = await connect(cluster);
    assert.deepEqual(await names(conn), ['builtin_storage_volume', 'storage_volume_create', 'spare']);
    assert.equal((await rows(conn, 'DESC STORAGE VOLUME storage_volume_create'))[0]!.IsDefault, 'true');
    assert.equal((await rows(conn, 'DESC STORAGE VOLUME builtin_storage_volume'))[0]!.IsDefault, 'false');

    await conn.query('DROP STORAGE VOLUME spare');
    await conn.query('DROP STORAGE VOLUME builtin_storage_volume');
    assert.deepEqual(await names(conn, '%volume%'), ['storage_volume_create']);
  } finally {
    await conn.end();
    await cluster.stop();
  }
});

test('a volume a database or table uses cannot be dropped', async () => {
  // The table keeps its data in its volume: "other" is on a real object store.
  const { cluster, volumeProperties, stop } = await startSharedDataCluster('sv-in-use');
  const conn = await connect(cluster);
  try {
    await conn.query(`CREATE STORAGE VOLUME other TYPE = S3 LOCATIONS = ('s3://starrocks/other') PROPERTIES (${volumeProperties()})`);
    await conn.query('CREATE DATABASE d');
    await conn.query('CREATE TABLE d.t (k INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES ("replication_num" = "1", "storage_volume" = "other")');
    const db = cluster.fe.ctx.store.state.databases.find((d) => d.name === 'd')!;
    const table = db.tables[0]!;
    await refused(conn, 'DROP STORAGE VOLUME other', `Storage volume 'other' is referenced by dbs or tables, dbs: [], tables: [${table.id}]`);
    await conn.query('SET other AS DEFAULT STORAGE VOLUME');
    await refused(conn, 'DROP STORAGE VOLUME builtin_storage_volume', `Storage volume 'builtin_storage_volume' is referenced by dbs or tables, dbs: [${db.id}], tables: []`);
    await conn.query('DROP DATABASE d');
    await conn.query('SET builtin_storage_volume AS DEFAULT STORAGE VOLUME');
    await conn.query('DROP STORAGE VOLUME other');
    // The volume's secret key is sealed at rest: the catalogue's files never hold it.
    const editLog = readFileSync(join(cluster.options.dir, 'fe', 'meta', 'edits', 'edit.log'), 'utf8');
    assert.ok(editLog.includes('other') && !editLog.includes(TEST_SECRETS.s3SecretKey), 'no secret in the edit log');
    assert.deepEqual(await names(conn), ['builtin_storage_volume']);
  } finally {
    await conn.end();
    await stop();
  }
});

test('a shared-nothing FE keeps storage volumes but has no builtin one', async () => {
  // test/sql/test_storage_volume/T/alter_storage_volume runs on shared-nothing clusters too.
  const cluster = await startCluster('sv-shared-nothing', { backends: 1 });
  const conn = await connect(cluster);
  try {
    assert.deepEqual(await names(conn), []);
    await conn.query(CREATE_SDK('storage_volume_alter', 'false'));
    const [desc] = await conn.query({ sql: 'DESC STORAGE VOLUME storage_volume_alter', rowsAsArray: true });
    assert.deepEqual((desc as unknown[][])[0], [
      'storage_volume_alter', 'S3', 'false', 's3://bucket/storage_volume_alter',
      '{"aws.s3.endpoint":"endpoint","aws.s3.region":"us-west-2","aws.s3.use_aws_sdk_default_behavior":"true"}', 'false', '',
    ]);
    await conn.query('DROP STORAGE VOLUME storage_volume_alter');
    assert.deepEqual(await names(conn), []);
  } finally {
    await conn.end();
    await cluster.stop();
  }
});
