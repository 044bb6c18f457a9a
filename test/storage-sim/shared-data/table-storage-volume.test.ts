// Tables on a shared-data FE: the storage_volume property (a volume's name, or "default"),
// refused for an unknown or disabled volume, and printed by SHOW CREATE TABLE in the block
// StarRocks prints for a cloud-native table; a table without it takes its database's volume.
// StarRocks: fe/fe-core/src/main/java/com/starrocks/server/SharedDataStorageVolumeMgr.java (getStorageVolumeOfTable,
// bindTableToStorageVolume), fe/fe-core/src/main/java/com/starrocks/sql/ast/AstToStringBuilder.java (getDdlStmt:
// datacache.enable, storage_volume, enable_async_write_back for a cloud-native table)
import { test } from 'node:test';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import assert from 'node:assert/strict';
import { connect, rows, startCluster } from '../../helpers/sim-cluster.js';
import { startSharedDataCluster } from '../../helpers/shared-data-cluster.js';

const table = (name: string, properties = '') =>
  `CREATE TABLE d.${name} (k INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES ("replication_num" = "1"${properties})`;

test('CREATE TABLE takes storage_volume on a shared-data FE, and SHOW CREATE TABLE prints it', async () => {
  // Tables keep their data in their volume's object store: both volumes a table uses are on a real one.
  const { cluster, s3, volumeProperties, stop } = await startSharedDataCluster('sv-table', {}, ['bucket']);
  const conn = await connect(cluster);
  try {
    await conn.query(`CREATE STORAGE VOLUME hot TYPE = S3 LOCATIONS = ("s3://bucket/hot") PROPERTIES (${volumeProperties()})`);
    await conn.query('CREATE STORAGE VOLUME cold TYPE = S3 LOCATIONS = ("s3://bucket/cold") PROPERTIES ("aws.s3.use_aws_sdk_default_behavior" = "true", "enabled" = "false")');
    await conn.query('CREATE DATABASE d');
    await conn.query(table('on_hot', ', "storage_volume" = "hot"'));
    await conn.query(table('on_default', ', "storage_volume" = "default"'));
    await conn.query(table('plain'));
    await assert.rejects(conn.query(table('lost', ', "storage_volume" = "nowhere"')), { message: 'Unknown storage volume "nowhere"' });
    await assert.rejects(conn.query(table('frozen', ', "storage_volume" = "cold"')), { message: 'Storage volume cold is disabled' });
    assert.deepEqual((await rows(conn, 'SHOW TABLES FROM d')).map((r) => r.Tables_in_d), ['on_default', 'on_hot', 'plain']);

    const ddl = async (name: string) => String((await rows(conn, `SHOW CREATE TABLE d.${name}`))[0]!['Create Table']);
    const hot = await ddl('on_hot');
    assert.match(hot, /"datacache.enable" = "true",\n"storage_volume" = "hot",\n"enable_async_write_back" = "false"\n\);$/);
    assert.match(await ddl('on_default'), /"storage_volume" = "builtin_storage_volume"/);
    // Without the property: the database's volume (the default when the database was created).
    await conn.query('SET hot AS DEFAULT STORAGE VOLUME');
    assert.match(await ddl('plain'), /"storage_volume" = "builtin_storage_volume"/);
    await conn.query(table('later', ', "storage_volume" = "default"'));
    assert.match(await ddl('later'), /"storage_volume" = "hot"/);
    // The printed DDL creates the same table again.
    await conn.query('CREATE DATABASE e');
    await conn.query(`USE e`);
    await conn.query(hot);
    assert.match(String((await rows(conn, 'SHOW CREATE TABLE e.on_hot'))[0]!['Create Table']), /"storage_volume" = "hot"/);
    // Each table's data is where its volume says: in bucket "bucket" under hot/, or in the builtin volume's.
    const onHot = (await s3.client.send(new ListObjectsV2Command({ Bucket: 'bucket', Prefix: 'hot/' }))).Contents ?? [];
    assert.equal(onHot.filter((o) => o.Key!.includes('/meta/')).length, 3, 'the metadata of on_hot, later and e.on_hot (one tablet each)');
    assert.equal((await s3.list('')).filter((o) => o.key.includes('/meta/')).length, 2, 'on_default and plain in the builtin volume');
  } finally {
    await conn.end();
    await stop();
  }
});

test('a shared-nothing table prints no cloud-native properties', async () => {
  const cluster = await startCluster('sv-table-shared-nothing', { backends: 1 });
  const conn = await connect(cluster);
  try {
    await conn.query('CREATE DATABASE d');
    await conn.query(table('t'));
    assert.doesNotMatch(String((await rows(conn, 'SHOW CREATE TABLE d.t'))[0]!['Create Table']), /storage_volume|datacache/);
  } finally {
    await conn.end();
    await cluster.stop();
  }
});
