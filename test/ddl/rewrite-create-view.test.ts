import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rewriteCreateMaterializedView, rewriteCreateView } from '../../src/ddl/rewrite-create-view.js';

test('CREATE VIEW gets IF NOT EXISTS, once', () => {
  const text = 'CREATE VIEW `v 1` (`id` COMMENT "the (id)") COMMENT "a view" AS SELECT `id` FROM `db`.`t` WHERE note = "AS (x)";';
  const rewritten = rewriteCreateView(text);
  assert.equal(rewritten, text.replace('CREATE VIEW', 'CREATE VIEW IF NOT EXISTS'));
  assert.equal(rewriteCreateView(rewritten), rewritten);
});

test('CREATE OR REPLACE VIEW is left as it is', () => {
  const text = 'CREATE OR REPLACE VIEW `v` AS SELECT 1';
  assert.equal(rewriteCreateView(text), text);
});

const MV = `CREATE MATERIALIZED VIEW \`mv\` (\`id\`)
DISTRIBUTED BY HASH(\`id\`) BUCKETS 2 
REFRESH ASYNC
PROPERTIES (
"replication_num" = "3",
"storage_medium" = "HDD"
)
AS SELECT \`id\` FROM \`db\`.\`t\`;`;

test('CREATE MATERIALIZED VIEW gets IF NOT EXISTS, and the target properties when asked', () => {
  assert.equal(rewriteCreateMaterializedView(MV), MV.replace('CREATE MATERIALIZED VIEW', 'CREATE MATERIALIZED VIEW IF NOT EXISTS'));
  const withTarget = rewriteCreateMaterializedView(MV, { replicationNum: 1, storageVolume: '', useBuiltinStorageVolumeOnly: false, enablePersistentIndex: true });
  assert.equal(
    withTarget,
    MV.replace('CREATE MATERIALIZED VIEW', 'CREATE MATERIALIZED VIEW IF NOT EXISTS').replace('"replication_num" = "3"', '"replication_num" = "1"'),
  );
  assert.equal(rewriteCreateMaterializedView(withTarget), withTarget);
});

test('a materialized view without PROPERTIES gets the clause before its query', () => {
  const text = 'CREATE MATERIALIZED VIEW `mv`\nREFRESH ASYNC\nAS SELECT CAST(x AS INT) FROM t;';
  assert.equal(
    rewriteCreateMaterializedView(text, { replicationNum: 2, storageVolume: '', useBuiltinStorageVolumeOnly: false, enablePersistentIndex: null }),
    'CREATE MATERIALIZED VIEW IF NOT EXISTS `mv`\nREFRESH ASYNC\nPROPERTIES (\n"replication_num" = "2"\n)\nAS SELECT CAST(x AS INT) FROM t;',
  );
});

test('a statement of another kind is refused', () => {
  assert.throws(() => rewriteCreateView('CREATE TABLE `t` (`k` int)'), /expected a statement starting with CREATE VIEW/);
  assert.throws(() => rewriteCreateMaterializedView('CREATE VIEW `v` AS SELECT 1'), /CREATE MATERIALIZED VIEW/);
});
