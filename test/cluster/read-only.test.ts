import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertReadOnly, WriteRefused } from '../../src/cluster/read-only.js';
import { FeClient } from '../../src/cluster/fe-client.js';

test('only reads may be sent to the source cluster', async () => {
  for (const sql of ['SELECT 1', ' show partitions from t', "ADMIN SHOW FRONTEND CONFIG LIKE 'x'", 'DESC t']) assert.doesNotThrow(() => assertReadOnly(sql));
  for (const sql of ['INSERT INTO t VALUES (1)', 'CREATE TABLE t (k INT)', 'DROP DATABASE d', 'ADMIN SET FRONTEND CONFIG ("a" = "b")', 'SET GLOBAL x = 1', 'TRUNCATE TABLE t', 'selectx']) {
    assert.throws(() => assertReadOnly(sql), WriteRefused, sql);
  }
  // The client refuses before it even connects (nothing listens on port 1).
  const source = new FeClient({ side: 'source', configuredHost: '127.0.0.1', configuredPort: 1, host: '127.0.0.1', port: 1, user: 'root', password: '', connectTimeoutMs: 100, queryTimeoutMs: 100 });
  await assert.rejects(source.query('DROP TABLE t'), WriteRefused);
  await assert.rejects(source.runInDatabase('db', ['CREATE VIEW v AS SELECT 1']), WriteRefused);
  await source.close();
});
