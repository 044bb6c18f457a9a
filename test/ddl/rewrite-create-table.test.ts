import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rewriteCreateTable, type RewriteCreateTableOptions } from '../../src/ddl/rewrite-create-table.js';
import { StatementSyntaxError } from '../../src/ddl/sql-tokens.js';

const KEEP: RewriteCreateTableOptions = { replicationNum: -1, storageVolume: '', useBuiltinStorageVolumeOnly: false, enablePersistentIndex: null };

// As StarRocks prints it, with literals that hold parentheses, quotes and the word PROPERTIES.
const ORDERS = `CREATE TABLE \`orders\` (
  \`dt\` date NOT NULL COMMENT "",
  \`id\` bigint(20) NOT NULL COMMENT "",
  \`note\` varchar(65533) NULL DEFAULT "a (b) \\"c\\"" COMMENT "has ( and ) and PROPERTIES (\\"x\\" = \\"y\\")"
) ENGINE=OLAP 
DUPLICATE KEY(\`dt\`, \`id\`)
COMMENT "OLAP"
PARTITION BY RANGE(\`dt\`)
(PARTITION p20240101 VALUES [("2024-01-01"), ("2024-01-02")),
PARTITION p20240102 VALUES [("2024-01-02"), ("2024-01-03")))
DISTRIBUTED BY HASH(\`id\`) BUCKETS 3 
PROPERTIES (
"replication_num" = "3",
"in_memory" = "false",
"dynamic_partition.enable" = "true",
"compression" = "LZ4"
);`;

const HEADER = 'CREATE TABLE IF NOT EXISTS `orders` (';
/** What the target always gets for a dynamic-partition table: its own scheduler off. */
const TARGET_ORDERS = ORDERS.replace('CREATE TABLE `orders` (', HEADER).replace('"dynamic_partition.enable" = "true"', '"dynamic_partition.enable" = "false"');

test('replication_num is replaced in place, every other property and clause kept as printed', () => {
  const rewritten = rewriteCreateTable(ORDERS, { ...KEEP, replicationNum: 1 });
  const expected = TARGET_ORDERS.replace('"replication_num" = "3"', '"replication_num" = "1"');
  assert.equal(rewritten, expected);
});

test('with every option on "keep", only IF NOT EXISTS is added (and a dynamic-partition table gets its scheduler off)', () => {
  assert.equal(rewriteCreateTable(ORDERS, KEEP), TARGET_ORDERS);
  const plain = ORDERS.replace('"dynamic_partition.enable" = "true",\n', '');
  assert.equal(rewriteCreateTable(plain, KEEP), plain.replace('CREATE TABLE `orders` (', HEADER));
});

test("a dynamic-partition table is created with the target's scheduler off, whatever the source printed", () => {
  // The target mirrors the source's partitions; StarRocks refuses ADD / DROP PARTITION while
  // dynamic_partition.enable is true (common/util/DynamicPartitionUtil.java, checkAlterAllowed).
  const noEnable = ORDERS.replace('"dynamic_partition.enable" = "true",', '"dynamic_partition.time_unit" = "DAY",');
  assert.match(rewriteCreateTable(noEnable, KEEP), /"dynamic_partition\.time_unit" = "DAY",\n"compression" = "LZ4",\n"dynamic_partition\.enable" = "false"\n\);$/);
  const off = ORDERS.replace('"dynamic_partition.enable" = "true"', '"dynamic_partition.enable" = "false"');
  assert.equal(rewriteCreateTable(off, KEEP), TARGET_ORDERS);
});

test('a statement that already says IF NOT EXISTS keeps its header; a rewrite of a rewrite changes nothing', () => {
  const once = rewriteCreateTable(ORDERS, { ...KEEP, replicationNum: 2, storageVolume: 'vol_a' });
  assert.equal(rewriteCreateTable(once, { ...KEEP, replicationNum: 2, storageVolume: 'vol_a' }), once);
  assert.equal(once.split('IF NOT EXISTS').length, 2, 'IF NOT EXISTS once');
  const lower = rewriteCreateTable('create table if not exists `t` (`k` int) DUPLICATE KEY(`k`) DISTRIBUTED BY HASH(`k`)', KEEP);
  assert.equal(lower, 'create table if not exists `t` (`k` int) DUPLICATE KEY(`k`) DISTRIBUTED BY HASH(`k`)');
});

test('storage_volume is added when configured, builtin_storage_volume when only the builtin volume may be used', () => {
  const named = rewriteCreateTable(ORDERS, { ...KEEP, storageVolume: 'vol_a' });
  assert.match(named, /"compression" = "LZ4",\n"storage_volume" = "vol_a"\n\);$/);
  const builtin = rewriteCreateTable(ORDERS, { ...KEEP, storageVolume: 'vol_a', useBuiltinStorageVolumeOnly: true });
  assert.match(builtin, /"storage_volume" = "builtin_storage_volume"\n\);$/);
  assert.doesNotMatch(builtin, /vol_a/);
  const replaced = rewriteCreateTable(ORDERS.replace('"compression"', '"storage_volume" = "src_vol",\n"compression"'), { ...KEEP, storageVolume: 'vol_b' });
  assert.match(replaced, /"storage_volume" = "vol_b",\n"compression" = "LZ4"/);
});

test('a statement without PROPERTIES gets a clause, before the trailing semicolon', () => {
  const bare = 'CREATE TABLE `t` (\n  `k` int(11) NOT NULL COMMENT ""\n) ENGINE=OLAP \nDUPLICATE KEY(`k`)\nDISTRIBUTED BY HASH(`k`) BUCKETS 1 ;';
  assert.equal(
    rewriteCreateTable(bare, { ...KEEP, replicationNum: 1 }),
    'CREATE TABLE IF NOT EXISTS `t` (\n  `k` int(11) NOT NULL COMMENT ""\n) ENGINE=OLAP \nDUPLICATE KEY(`k`)\nDISTRIBUTED BY HASH(`k`) BUCKETS 1\nPROPERTIES (\n"replication_num" = "1"\n) ;',
  );
  const noSemicolon = 'CREATE TABLE `t` (`k` int) DUPLICATE KEY(`k`) DISTRIBUTED BY HASH(`k`)';
  assert.equal(rewriteCreateTable(noSemicolon, { ...KEEP, replicationNum: 2 }), 'CREATE TABLE IF NOT EXISTS `t` (`k` int) DUPLICATE KEY(`k`) DISTRIBUTED BY HASH(`k`)\nPROPERTIES (\n"replication_num" = "2"\n)');
  assert.equal(rewriteCreateTable(noSemicolon, KEEP), 'CREATE TABLE IF NOT EXISTS `t` (`k` int) DUPLICATE KEY(`k`) DISTRIBUTED BY HASH(`k`)', 'no empty clause');
});

test('enable_persistent_index is set on PRIMARY KEY tables, and replaced wherever it is already set', () => {
  const primary = 'CREATE TABLE `u` (\n  `id` int(11) NOT NULL COMMENT ""\n) ENGINE=OLAP \nPRIMARY KEY(`id`)\nDISTRIBUTED BY HASH(`id`) BUCKETS 1 \nPROPERTIES (\n"replication_num" = "3"\n);';
  assert.match(rewriteCreateTable(primary, { ...KEEP, enablePersistentIndex: true }), /"replication_num" = "3",\n"enable_persistent_index" = "true"\n\);$/);
  assert.equal(rewriteCreateTable(ORDERS, { ...KEEP, enablePersistentIndex: true }), rewriteCreateTable(ORDERS, KEEP), 'not added to a DUPLICATE KEY table');
  const withIndex = ORDERS.replace('"in_memory" = "false"', '"enable_persistent_index" = "true"');
  assert.match(rewriteCreateTable(withIndex, { ...KEEP, enablePersistentIndex: false }), /"enable_persistent_index" = "false"/);
});

test('properties of partitions (inside parentheses) are not the table properties', () => {
  const text = `CREATE TABLE \`t\` (\`k\` date) DUPLICATE KEY(\`k\`)
PARTITION BY RANGE(\`k\`) (PARTITION p1 VALUES LESS THAN ("2024-01-01") ("replication_num" = "3"))
DISTRIBUTED BY HASH(\`k\`) BUCKETS 1
PROPERTIES ("replication_num" = "3");`;
  assert.equal(
    rewriteCreateTable(text, { ...KEEP, replicationNum: 1 }),
    text.replace('CREATE TABLE', 'CREATE TABLE IF NOT EXISTS').replace('PROPERTIES ("replication_num" = "3")', 'PROPERTIES (\n"replication_num" = "1"\n)'),
  );
});

test('property values with escaped quotes and parentheses are kept byte for byte; keys match whatever their case', () => {
  const text = 'CREATE TABLE `t` (`k` int) DUPLICATE KEY(`k`) DISTRIBUTED BY HASH(`k`) PROPERTIES ("Replication_Num" = "3", \'note\' = "a \\"(x)\\" b");';
  assert.equal(
    rewriteCreateTable(text, { ...KEEP, replicationNum: 1, storageVolume: 'v"1' }),
    'CREATE TABLE IF NOT EXISTS `t` (`k` int) DUPLICATE KEY(`k`) DISTRIBUTED BY HASH(`k`) PROPERTIES (\n"Replication_Num" = "1",\n\'note\' = "a \\"(x)\\" b",\n"storage_volume" = "v\\"1"\n);',
  );
});

test('names with backticks, spaces and unicode are left as written', () => {
  const text = 'CREATE TABLE `销售 ``表`` PROPERTIES` (`列 (1)` int) DUPLICATE KEY(`列 (1)`) DISTRIBUTED BY HASH(`列 (1)`) PROPERTIES ("replication_num" = "3")';
  assert.equal(
    rewriteCreateTable(text, { ...KEEP, replicationNum: 2 }),
    'CREATE TABLE IF NOT EXISTS `销售 ``表`` PROPERTIES` (`列 (1)` int) DUPLICATE KEY(`列 (1)`) DISTRIBUTED BY HASH(`列 (1)`) PROPERTIES (\n"replication_num" = "2"\n)',
  );
});

test('what is not a CREATE TABLE, or not well formed, is refused', () => {
  assert.throws(() => rewriteCreateTable('CREATE VIEW `v` AS SELECT 1', KEEP), /expected a statement starting with CREATE TABLE/);
  assert.throws(() => rewriteCreateTable('CREATE TABLE `t` (`k` int COMMENT "open', KEEP), StatementSyntaxError);
  assert.throws(() => rewriteCreateTable('CREATE TABLE `t` (`k` int', KEEP), /unclosed/);
  assert.throws(() => rewriteCreateTable('CREATE TABLE `t` (`k` int) PROPERTIES ("a" = )', { ...KEEP, replicationNum: 1 }), /expected "key" = "value" in PROPERTIES/);
});
