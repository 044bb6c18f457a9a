import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect as tcpConnect } from 'node:net';
import { startCluster, connect, rows } from '../../helpers/sim-cluster.js';
import { startTableReplication } from '../../../src/protocol/frontend-service-client.js';
import { TStatusCode, TTableType } from '../../../src/protocol/replication-types.js';

test("the FE's Thrift endpoint checks the login and the request, and survives malformed frames", async (t) => {
  const cluster = await startCluster('thrift-endpoint', { rootPassword: 'tpw' });
  t.after(() => cluster.stop());
  const conn = await connect(cluster);
  t.after(() => conn.end());
  await conn.query('CREATE DATABASE db');
  await conn.query('CREATE TABLE db.t (k INT, v INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES ("replication_num" = "1")');
  const [dbRow] = await rows(conn, "SHOW PROC '/dbs'");
  const [tableRow] = await rows(conn, `SHOW PROC '/dbs/${dbRow!.DbId}'`);
  const endpoint = { host: '127.0.0.1', port: cluster.fe.rpcPort, timeoutMs: 5000 };
  const base = { database_id: Number(dbRow!.DbId), table_id: Number(tableRow!.TableId), src_token: 'tok', src_table_type: TTableType.OLAP_TABLE };

  const denied = await startTableReplication(endpoint, { ...base, username: 'root', password: 'wrong' });
  assert.deepEqual(denied.status, { status_code: TStatusCode.RUNTIME_ERROR, error_msgs: ["Access denied for user 'root'"] });
  const noTable = await startTableReplication(endpoint, { ...base, username: 'root', password: 'tpw', table_id: 1 });
  assert.match(noTable.status!.error_msgs![0]!, /Table 1 does not exist in database db/);
  const noToken = await startTableReplication(endpoint, { ...base, username: 'root', password: 'tpw', src_token: '' });
  assert.match(noToken.status!.error_msgs![0]!, /src_token is required/);
  const notOlap = await startTableReplication(endpoint, { ...base, username: 'root', password: 'tpw', src_table_type: 0 });
  assert.match(notOlap.status!.error_msgs![0]!, /is not OLAP_TABLE/);
  const partitionId = Number((await rows(conn, 'SHOW PARTITIONS FROM db.t'))[0]!.PartitionId);
  const behind = await startTableReplication(endpoint, {
    ...base,
    username: 'root',
    password: 'tpw',
    partition_replication_infos: new Map([[partitionId, { partition_id: partitionId, src_version: 1, src_version_epoch: 1, index_replication_infos: new Map() }]]),
  });
  assert.deepEqual(behind.status?.error_msgs, ['No data need to replicate']);
  await conn.query('INSERT INTO db.t VALUES (1, 1)');
  const ahead = await startTableReplication(endpoint, {
    ...base,
    username: 'root',
    password: 'tpw',
    partition_replication_infos: new Map([[partitionId, { partition_id: partitionId, src_version: 1, src_version_epoch: 1, index_replication_infos: new Map() }]]),
  });
  assert.deepEqual(ahead.status?.error_msgs, ['Target visible version: 2 is larger than source visible version: 1']);

  for (const garbage of ['ffffffff', '800100010000000b', Buffer.alloc(64, 0x41).toString('hex')]) {
    await new Promise<void>((resolve) => {
      const socket = tcpConnect(cluster.fe.rpcPort, '127.0.0.1', () => socket.end(Buffer.from(garbage, 'hex')));
      socket.on('close', () => resolve());
      socket.on('error', () => resolve());
      socket.resume();
    });
  }
  const still = await startTableReplication(endpoint, { ...base, username: 'root', password: 'wrong' });
  assert.equal(still.status?.status_code, TStatusCode.RUNTIME_ERROR, 'the FE still answers after malformed frames');
  assert.deepEqual(await rows(conn, 'SELECT COUNT(*) AS n FROM db.t'), [{ n: '1' }]);
});
