// persistent_index_type at CREATE TABLE of a PRIMARY KEY table, release by release: a shared-data
// FE of 3.3 and later takes LOCAL or CLOUD_NATIVE (in any case, kept upper case), 3.2 takes LOCAL
// only ("Invalid persistent index type: CLOUD_NATIVE"), 3.1 reads no such property ("Unknown
// properties") and refuses the persistent index itself on shared data (PR #25170); a
// shared-nothing FE reads it in no release. A refused statement creates nothing.
// StarRocks: fe/fe-core/src/main/java/com/starrocks/common/util/PropertyAnalyzer.java
// (analyzePersistentIndexType; PR #25925 for 3.2, PR #43517 for 3.3),
// fe/fe-core/src/main/java/com/starrocks/server/OlapTableFactory.java (read for cloud-native tables
// only; leftover properties refused as unknown)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, rows, startCluster } from '../../helpers/sim-cluster.js';
import { startS3Server } from '../../helpers/s3-server.js';
import type { Profile } from '../../../src/storage-sim/fe/starrocks-release.js';

const table = (name: string, type: string) =>
  `CREATE TABLE d.${name} (k INT NOT NULL, v INT) PRIMARY KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1
   PROPERTIES ("replication_num" = "1", "enable_persistent_index" = "true", "persistent_index_type" = "${type}")`;

const refused = (message: string) => ({ errno: 1064, sqlState: 'HY000', message });

const EXPECTED: Record<Profile, { accepted: string[]; refusedWith: (type: string) => string }> = {
  // The persistent index itself is refused first on 3.1 (see the test below).
  '3.1.8': { accepted: [], refusedWith: () => 'Cannot create cloud native table with persistent index yet' },
  '3.2.3': { accepted: ['LOCAL'], refusedWith: (type) => `Invalid persistent index type: ${type}` },
  '3.3': { accepted: ['LOCAL', 'CLOUD_NATIVE'], refusedWith: (type) => `Invalid persistent index type: ${type}` },
  '3.5': { accepted: ['LOCAL', 'CLOUD_NATIVE'], refusedWith: (type) => `Invalid persistent index type: ${type}` },
  '4.0': { accepted: ['LOCAL', 'CLOUD_NATIVE'], refusedWith: (type) => `Invalid persistent index type: ${type}` },
};

for (const version of ['3.1.8', '3.2.3', '3.3', '4.0'] as const) {
  const { accepted, refusedWith } = EXPECTED[version];
  test(`a shared-data ${version} FE takes persistent_index_type ${accepted.join(' or ') || 'in no form'} on a PRIMARY KEY table`, async (t) => {
    const s3 = await startS3Server(`sd-pindex-${version}`, 'starrocks');
    t.after(() => s3.stop());
    const cluster = await startCluster(`sd-pindex-${version}`, { runMode: 'shared_data', objectStore: `${s3.endpoint}/starrocks`, backends: 1, starrocksVersion: version });
    t.after(() => cluster.stop());
    const conn = await connect(cluster);
    t.after(() => conn.end());
    await conn.query('CREATE DATABASE d');
    for (const type of ['LOCAL', 'CLOUD_NATIVE']) {
      const name = type.toLowerCase();
      // Lower case: the value is compared without case and kept as StarRocks names it.
      if (accepted.includes(type)) {
        await conn.query(table(name, type.toLowerCase()));
        assert.match(String((await rows(conn, `SHOW CREATE TABLE d.${name}`))[0]!['Create Table']), new RegExp(`"persistent_index_type" = "${type}"`));
      } else {
        await assert.rejects(conn.query(table(name, type)), refused(refusedWith(type)));
      }
    }
    if (accepted.length > 0) await assert.rejects(conn.query(table('other', 'REMOTE')), refused('Invalid persistent index type: REMOTE'));
    assert.deepEqual((await rows(conn, 'SHOW TABLES FROM d')).map((r) => r.Tables_in_d), accepted.map((type) => type.toLowerCase()).sort());
  });
}

for (const version of ['3.1.8', '4.0'] as const) {
  test(`a shared-nothing ${version} FE refuses persistent_index_type as an unknown property`, async (t) => {
    const cluster = await startCluster(`sn-pindex-${version}`, { backends: 1, starrocksVersion: version });
    t.after(() => cluster.stop());
    const conn = await connect(cluster);
    t.after(() => conn.end());
    await conn.query('CREATE DATABASE d');
    await assert.rejects(conn.query(table('cloud', 'CLOUD_NATIVE')), refused('Unknown properties: {persistent_index_type=CLOUD_NATIVE}'));
    await assert.rejects(conn.query(table('local', 'LOCAL')), refused('Unknown properties: {persistent_index_type=LOCAL}'));
    assert.deepEqual(await rows(conn, 'SHOW TABLES FROM d'), []);
  });
}

test('a shared-data 3.1.8 FE refuses enable_persistent_index = true; false, and 3.2.3 with true, create the table', async (t) => {
  const s3 = await startS3Server('sd-pindex-enable', 'starrocks');
  t.after(() => s3.stop());
  for (const version of ['3.1.8', '3.2.3'] as const) {
    const cluster = await startCluster(`sd-pindex-enable-${version}`, { runMode: 'shared_data', objectStore: `${s3.endpoint}/starrocks`, backends: 1, starrocksVersion: version });
    t.after(() => cluster.stop());
    const conn = await connect(cluster);
    t.after(() => conn.end());
    await conn.query('CREATE DATABASE d');
    const create = (name: string, enable: string) =>
      conn.query(`CREATE TABLE d.${name} (k INT NOT NULL, v INT) PRIMARY KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES ("replication_num" = "1", "enable_persistent_index" = "${enable}")`);
    if (version === '3.1.8') {
      await assert.rejects(create('on', 'TRUE'), refused('Cannot create cloud native table with persistent index yet'));
      await create('off', 'false');
      await assert.rejects(conn.query(table('typed', 'LOCAL').replace('"enable_persistent_index" = "true"', '"enable_persistent_index" = "false"')), refused('Unknown properties: {persistent_index_type=LOCAL}'));
      assert.deepEqual((await rows(conn, 'SHOW TABLES FROM d')).map((r) => r.Tables_in_d), ['off']);
    } else {
      await create('on', 'true');
      assert.deepEqual((await rows(conn, 'SHOW TABLES FROM d')).map((r) => r.Tables_in_d), ['on']);
    }
  }
});
