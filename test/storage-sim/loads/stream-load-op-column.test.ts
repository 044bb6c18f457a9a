// Stream Load into a PRIMARY KEY table with `__op` in the columns header: 0 upserts the record's
// key, 1 deletes it; any other value filters the record. A table of another key type has no such
// column, so naming it there is an unknown column.
// StarRocks: fe/fe-core/src/main/java/com/starrocks/load/Load.java (LOAD_OP_COLUMN = "__op")
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, connect, rows } from '../../helpers/sim-cluster.js';
import { streamLoad } from '../../helpers/stream-load.js';

test('Stream Load with __op upserts and deletes keys of a PRIMARY KEY table, and is an unknown column elsewhere', async (t) => {
  const cluster = await startCluster('stream-load-op', { backends: 1 });
  t.after(() => cluster.stop());
  const conn = await connect(cluster);
  t.after(() => conn.end());
  await conn.query('CREATE DATABASE db');
  await conn.query('CREATE TABLE db.users (id INT NOT NULL, name VARCHAR(16)) PRIMARY KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 2 PROPERTIES ("replication_num" = "1")');
  await conn.query('CREATE TABLE db.events (id INT NOT NULL, name VARCHAR(16)) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1 PROPERTIES ("replication_num" = "1")');
  await conn.query("INSERT INTO db.users VALUES (1, 'ann'), (2, 'bob'), (3, 'cy')");

  const load = (table: string, body: string, label: string) => streamLoad(cluster, `/api/db/${table}/_stream_load`, body, { label, column_separator: ',', columns: 'id, name, __op' });
  const applied = await load('users', '2,bea,0\n3,cy,1\n4,dan,0\n', 'ops-1');
  assert.equal(applied.Status, 'Success', JSON.stringify(applied));
  assert.equal(applied.NumberLoadedRows, 3);
  assert.deepEqual(await rows(conn, 'SELECT * FROM db.users ORDER BY id'), [
    { id: 1, name: 'ann' },
    { id: 2, name: 'bea' },
    { id: 4, name: 'dan' },
  ]);

  const bad = await load('users', '1,zed,2\n', 'ops-2');
  assert.equal(bad.Status, 'Fail');
  assert.equal(bad.NumberFilteredRows, 1);
  assert.deepEqual(await rows(conn, 'SELECT name FROM db.users WHERE id = 1'), [{ name: 'ann' }], 'a filtered load changes nothing');

  const elsewhere = await load('events', '1,x,0\n', 'ops-3');
  assert.equal(elsewhere.Status, 'Fail');
  assert.match(String(elsewhere.Message), /__op/);
  assert.deepEqual(await rows(conn, 'SELECT COUNT(*) AS n FROM db.events'), [{ n: '0' }]);
});
