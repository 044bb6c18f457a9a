// A table printed by a source, created on a shared-data target: replication_num 1 (one copy, in
// the object store), persistent_index_type (which only a shared-data source prints) made
// CLOUD_NATIVE from 3.3, LOCAL on 3.2, left out on 3.1; the storage volume as configured; a
// shared-nothing target gets the statement as before.
// StarRocks: fe/fe-core/src/main/java/com/starrocks/common/util/PropertyAnalyzer.java
// (analyzePersistentIndexType: none on shared data in 3.1, LOCAL only in 3.2 (PR #25925), LOCAL or
// CLOUD_NATIVE from 3.3 (PR #43517)), fe/fe-core/src/main/java/com/starrocks/server/OlapTableFactory.java
// (a property nothing reads is refused as unknown),
// fe/fe-core/src/main/java/com/starrocks/catalog/TableProperty.java (buildPersistentIndexType),
// fe/fe-core/src/main/java/com/starrocks/server/RunMode.java (default replication number per run mode)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rewriteCreateTable, type RewriteCreateTableOptions } from '../../src/ddl/rewrite-create-table.js';
import { rewriteCreateMaterializedView } from '../../src/ddl/rewrite-create-view.js';

const KEEP: RewriteCreateTableOptions = { replicationNum: -1, storageVolume: '', useBuiltinStorageVolumeOnly: false, enablePersistentIndex: null };
const SHARED_DATA_3_3 = { ...KEEP, target: { runMode: 'shared_data' as const, localPersistentIndex: true, cloudNativePersistentIndex: true } };
const SHARED_DATA_3_2 = { ...KEEP, target: { runMode: 'shared_data' as const, localPersistentIndex: true, cloudNativePersistentIndex: false } };
const SHARED_DATA_3_1 = { ...KEEP, target: { runMode: 'shared_data' as const, localPersistentIndex: false, cloudNativePersistentIndex: false } };
const SHARED_NOTHING = { ...KEEP, target: { runMode: 'shared_nothing' as const, localPersistentIndex: false, cloudNativePersistentIndex: false } };

// As a shared-data 3.2 FE prints a PRIMARY KEY table with a persistent index (the storage volume
// and cache properties left out).
const USERS = `CREATE TABLE \`users\` (
  \`id\` bigint(20) NOT NULL COMMENT "",
  \`name\` varchar(64) NULL COMMENT "LOCAL \\"persistent_index_type\\""
) ENGINE=OLAP 
PRIMARY KEY(\`id\`)
DISTRIBUTED BY HASH(\`id\`) BUCKETS 4 
PROPERTIES (
"replication_num" = "3",
"in_memory" = "false",
"enable_persistent_index" = "true",
"persistent_index_type" = "LOCAL",
"compression" = "LZ4"
);`;
const HEADER = (ddl: string) => ddl.replace('CREATE TABLE `users` (', 'CREATE TABLE IF NOT EXISTS `users` (');

test('on a shared-data 3.3+ target: replication_num 1 and a LOCAL persistent index made CLOUD_NATIVE, the rest as printed', () => {
  assert.equal(
    rewriteCreateTable(USERS, SHARED_DATA_3_3),
    HEADER(USERS).replace('"replication_num" = "3"', '"replication_num" = "1"').replace('"persistent_index_type" = "LOCAL"', '"persistent_index_type" = "CLOUD_NATIVE"'),
  );
  // The value is matched whatever its case, as the FE reads it; the column comment holding the words is untouched.
  assert.match(rewriteCreateTable(USERS.replace('"LOCAL"', '"local"'), SHARED_DATA_3_3), /"persistent_index_type" = "CLOUD_NATIVE"/);
});

test('a shared-data 3.2 target knows LOCAL only: LOCAL is kept, CLOUD_NATIVE becomes LOCAL, replication_num still 1', () => {
  const local = HEADER(USERS).replace('"replication_num" = "3"', '"replication_num" = "1"');
  assert.equal(rewriteCreateTable(USERS, SHARED_DATA_3_2), local);
  assert.equal(rewriteCreateTable(USERS.replace('"LOCAL",', '"CLOUD_NATIVE",'), SHARED_DATA_3_2), local);
});

test('a shared-data 3.1 target has no persistent index: enable_persistent_index false, persistent_index_type left out, every other property kept', () => {
  // StarRocks: fe/fe-core/src/main/java/com/starrocks/server/OlapTableFactory.java ("Cannot create
  // cloud native table with persistent index yet", PR #25170 in 3.1)
  const expected = HEADER(USERS)
    .replace('"replication_num" = "3"', '"replication_num" = "1"')
    .replace('"enable_persistent_index" = "true"', '"enable_persistent_index" = "false"')
    .replace('"persistent_index_type" = "LOCAL",\n', '');
  assert.equal(rewriteCreateTable(USERS, SHARED_DATA_3_1), expected);
  assert.equal(rewriteCreateTable(USERS.replace('"LOCAL",', '"CLOUD_NATIVE",'), SHARED_DATA_3_1), expected);
  // The name in a comment is not a property: untouched.
  assert.match(rewriteCreateTable(USERS, SHARED_DATA_3_1), /COMMENT "LOCAL \\"persistent_index_type\\""/);
  // Even when target_cluster_enable_persistent_index asks for it: 3.1 would refuse the table.
  assert.equal(rewriteCreateTable(USERS, { ...SHARED_DATA_3_1, enablePersistentIndex: true }), expected);
  // A PRIMARY KEY table that does not print the property gets it, false.
  assert.match(rewriteCreateTable(USERS.replace('"enable_persistent_index" = "true",\n', ''), SHARED_DATA_3_1), /"enable_persistent_index" = "false"/);
});

test('replication_num 1 on shared-data whatever target_cluster_replication_num says; a table without the index type gets none', () => {
  const plain = 'CREATE TABLE `t` (\n  `k` int(11) NULL COMMENT ""\n) ENGINE=OLAP \nDUPLICATE KEY(`k`)\nDISTRIBUTED BY HASH(`k`) BUCKETS 1 \nPROPERTIES (\n"replication_num" = "2"\n);';
  const rewritten = rewriteCreateTable(plain, { ...SHARED_DATA_3_3, replicationNum: 3, storageVolume: 'hot' });
  assert.equal(rewritten, plain.replace('CREATE TABLE `t`', 'CREATE TABLE IF NOT EXISTS `t`').replace('"replication_num" = "2"', '"replication_num" = "1",\n"storage_volume" = "hot"'));
  assert.doesNotMatch(rewritten, /persistent_index_type/);
});

test('a shared-nothing target, or none known, gets the statement exactly as before', () => {
  assert.equal(rewriteCreateTable(USERS, SHARED_NOTHING), HEADER(USERS));
  assert.equal(rewriteCreateTable(USERS, KEEP), HEADER(USERS));
  assert.match(rewriteCreateTable(USERS, { ...SHARED_NOTHING, replicationNum: 2 }), /"replication_num" = "2"/);
});

test('a materialized view on a shared-data target gets replication_num 1 too', () => {
  const mv = 'CREATE MATERIALIZED VIEW `mv` (`k`)\nDISTRIBUTED BY HASH(`k`) BUCKETS 1\nREFRESH ASYNC\nPROPERTIES (\n"replication_num" = "3"\n)\nAS SELECT `k` FROM `t`;';
  assert.match(rewriteCreateMaterializedView(mv, SHARED_DATA_3_3), /"replication_num" = "1"\n\)\nAS SELECT/);
});
