// The metadata the migration tool and operators read, with StarRocks' column names in StarRocks'
// order (docs section 6 of starrocks-protocol.md): SHOW statements, SHOW PROC paths,
// information_schema.partitions_meta and be_tablets, and the FE configuration and variables seed 003 names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { Connection } from 'mysql2/promise';
import { startCluster, connect, rows, type Rows } from '../../helpers/sim-cluster.js';
import { expectSqlError } from './engine-helpers.js';

const PARTITION_COLUMNS = [
  'PartitionId', 'PartitionName', 'VisibleVersion', 'VisibleVersionTime', 'VisibleVersionHash', 'State', 'PartitionKey', 'Range',
  'DistributionKey', 'Buckets', 'ReplicationNum', 'StorageMedium', 'CooldownTime', 'LastConsistencyCheckTime', 'DataSize', 'IsInMemory', 'RowCount',
];
const TABLET_COLUMNS = [
  'TabletId', 'ReplicaId', 'BackendId', 'SchemaHash', 'Version', 'VersionHash', 'LstSuccessVersion', 'LstSuccessVersionHash',
  'LstFailedVersion', 'LstFailedVersionHash', 'LstFailedTime', 'DataSize', 'RowCount', 'State', 'LstConsistencyCheckTime',
  'CheckVersion', 'CheckVersionHash', 'VersionCount', 'PathHash', 'MetaUrl', 'CompactionStatus',
];
const BACKEND_COLUMNS = [
  'BackendId', 'IP', 'HeartbeatPort', 'BePort', 'HttpPort', 'BrpcPort', 'LastStartTime', 'LastHeartbeat', 'Alive', 'SystemDecommissioned',
  'ClusterDecommissioned', 'TabletNum', 'DataUsedCapacity', 'AvailCapacity', 'TotalCapacity', 'UsedPct', 'MaxDiskUsedPct', 'ErrMsg', 'Version',
  'Status', 'DataTotalCapacity', 'DataUsedPct', 'CpuCores', 'NumRunningQueries', 'MemUsedPct', 'CpuUsedPct',
];
const FRONTEND_COLUMNS = [
  'Name', 'IP', 'EditLogPort', 'HttpPort', 'QueryPort', 'RpcPort', 'Role', 'ClusterId', 'Join', 'Alive', 'ReplayedJournalId', 'LastHeartbeat',
  'IsHelper', 'ErrMsg', 'StartTime', 'Version',
];
const TRANSACTION_COLUMNS = [
  'TransactionId', 'Label', 'Coordinator', 'TransactionStatus', 'LoadJobSourceType', 'PrepareTime', 'CommitTime', 'PublishTime', 'FinishTime',
  'Reason', 'ErrorReplicasCount', 'ListenerId', 'TimeoutMs', 'ErrMsg',
];
const PARTITIONS_META_COLUMNS = [
  'DB_NAME', 'TABLE_NAME', 'PARTITION_NAME', 'PARTITION_ID', 'COMPACT_VERSION', 'VISIBLE_VERSION', 'VISIBLE_VERSION_TIME', 'NEXT_VERSION',
  'DATA_VERSION', 'VERSION_EPOCH', 'VERSION_TXN_TYPE', 'PARTITION_KEY', 'PARTITION_VALUE', 'DISTRIBUTION_KEY', 'BUCKETS', 'REPLICATION_NUM',
  'STORAGE_MEDIUM', 'COOLDOWN_TIME', 'LAST_CONSISTENCY_CHECK_TIME', 'IS_IN_MEMORY', 'IS_TEMP', 'DATA_SIZE', 'ROW_COUNT', 'ENABLE_DATACACHE',
  'AVG_CS', 'P50_CS', 'MAX_CS', 'STORAGE_PATH',
];

const BE_TABLETS_COLUMNS = [
  'BE_ID', 'TABLE_ID', 'PARTITION_ID', 'TABLET_ID', 'NUM_VERSION', 'MAX_VERSION', 'MIN_VERSION', 'NUM_ROWSET', 'NUM_ROW', 'DATA_SIZE', 'INDEX_MEM',
  'CREATE_TIME', 'STATE', 'TYPE', 'DATA_DIR', 'SHARD_ID', 'SCHEMA_HASH', 'INDEX_DISK', 'MEDIUM_TYPE', 'NUM_SEGMENT',
];

/** Rows and the result's column names, in order. */
async function query(conn: Connection, sql: string): Promise<{ columns: string[]; rows: Rows }> {
  const [result, fields] = await conn.query(sql);
  return { columns: (fields ?? []).map((f) => f.name), rows: result as Rows };
}

async function waitFor(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`timed out waiting for ${what}`);
}

test('metadata with StarRocks column names', async (t) => {
  const cluster = await startCluster('engine-metadata');
  t.after(() => cluster.stop());
  const conn = await connect(cluster);
  t.after(() => conn.end());
  await conn.query('CREATE DATABASE meta');
  await conn.query(`CREATE TABLE meta.orders (id BIGINT NOT NULL, dt DATE NOT NULL, v VARCHAR(20)) PRIMARY KEY(id, dt)
    PARTITION BY RANGE(dt) (PARTITION p1 VALUES LESS THAN ("2024-02-01"), PARTITION p2 VALUES LESS THAN ("2024-03-01"))
    DISTRIBUTED BY HASH(id) BUCKETS 2 PROPERTIES ("replication_num" = "2")`);
  await conn.query('CREATE VIEW meta.recent AS SELECT id FROM meta.orders');
  await conn.query("INSERT INTO meta.orders WITH LABEL first VALUES (1, '2024-01-01', 'a'), (2, '2024-01-02', 'b'), (3, '2024-02-01', 'c')");
  await conn.query("INSERT INTO meta.orders WITH LABEL second VALUES (1, '2024-01-01', 'A'), (4, '2024-01-04', 'd')");
  const [{ DbId: dbId }] = (await rows(conn, "SHOW PROC '/dbs'")).filter((r) => r.DbName === 'meta') as [{ DbId: string }];

  await t.test('SHOW DATABASES, SHOW [FULL] TABLES', async () => {
    assert.deepEqual(await query(conn, 'SHOW DATABASES'), { columns: ['Database'], rows: [{ Database: 'information_schema' }, { Database: 'meta' }] });
    assert.deepEqual(await query(conn, 'SHOW TABLES FROM meta'), { columns: ['Tables_in_meta'], rows: [{ Tables_in_meta: 'orders' }, { Tables_in_meta: 'recent' }] });
    assert.deepEqual(await query(conn, 'SHOW FULL TABLES FROM meta'), {
      columns: ['Tables_in_meta', 'Table_type'],
      rows: [{ Tables_in_meta: 'orders', Table_type: 'BASE TABLE' }, { Tables_in_meta: 'recent', Table_type: 'VIEW' }],
    });
    assert.deepEqual((await query(conn, "SHOW TABLES FROM meta LIKE 'ord%'")).rows, [{ Tables_in_meta: 'orders' }]);
  });

  await t.test('SHOW PARTITIONS after loads', async () => {
    const { columns, rows: partitions } = await query(conn, 'SHOW PARTITIONS FROM meta.orders');
    assert.deepEqual(columns, PARTITION_COLUMNS);
    // p1 got both loads, p2 only the first; the upsert of id 1 leaves p1 with 3 rows.
    assert.deepEqual(partitions.map((p) => [p.PartitionName, p.VisibleVersion, p.RowCount, p.State, p.Buckets, p.ReplicationNum]), [
      ['p1', '3', '3', 'NORMAL', '2', '2'],
      ['p2', '2', '1', 'NORMAL', '2', '2'],
    ]);
    for (const p of partitions) assert.match(String(p.DataSize), /^[1-9]\d*B$|^\d+\.\d{3} KB$/);
    assert.deepEqual((await rows(conn, "SHOW PARTITIONS FROM meta.orders WHERE PartitionName = 'p2'")).map((p) => p.PartitionName), ['p2']);
    assert.deepEqual((await rows(conn, 'SHOW PARTITIONS FROM meta.orders ORDER BY PartitionName DESC')).map((p) => p.PartitionName), ['p2', 'p1']);
    assert.deepEqual((await rows(conn, 'SHOW PARTITIONS FROM meta.orders ORDER BY VisibleVersion LIMIT 1')).map((p) => p.PartitionName), ['p2']);
    assert.deepEqual((await rows(conn, 'SHOW PARTITIONS FROM meta.orders WHERE RowCount > 0 ORDER BY RowCount DESC LIMIT 1 OFFSET 1')).map((p) => p.PartitionName), ['p2']);
  });

  await t.test('partitions_meta agrees with SHOW PARTITIONS, SHOW TABLET and COUNT(*)', async () => {
    const { columns, rows: meta } = await query(conn, "SELECT * FROM information_schema.partitions_meta WHERE DB_NAME = 'meta' ORDER BY PARTITION_NAME");
    assert.deepEqual(columns, PARTITIONS_META_COLUMNS);
    const shown = await rows(conn, 'SHOW PARTITIONS FROM meta.orders');
    const tablets = await rows(conn, 'SHOW TABLET FROM meta.orders');
    for (const [i, p] of meta.entries()) {
      const s = shown[i]!;
      assert.equal(p.PARTITION_NAME, s.PartitionName);
      assert.equal(p.PARTITION_ID, s.PartitionId);
      assert.equal(p.VISIBLE_VERSION, s.VisibleVersion);
      assert.equal(p.DATA_VERSION, s.VisibleVersion);
      assert.equal(Number(p.NEXT_VERSION), Number(s.VisibleVersion) + 1);
      assert.equal(p.PARTITION_VALUE, s.Range);
      assert.equal(p.VERSION_TXN_TYPE, 'TXN_NORMAL');
      assert.ok(Number(p.VERSION_EPOCH) > 0, 'a partition has a version epoch');
      // ROW_COUNT and DATA_SIZE are true: what a query counts, what the replicas hold.
      const [{ n }] = (await rows(conn, `SELECT COUNT(*) AS n FROM meta.orders PARTITION (${String(p.PARTITION_NAME)})`)) as [{ n: string }];
      assert.equal(p.ROW_COUNT, n);
      assert.equal(s.RowCount, n);
      assert.ok(Number(p.DATA_SIZE) > 0);
    }
    // Each tablet's replicas agree; one replica per tablet adds up to the partitions.
    const byTablet = new Map<string, Rows>();
    for (const tb of tablets) byTablet.set(String(tb.TabletId), [...(byTablet.get(String(tb.TabletId)) ?? []), tb]);
    assert.equal(byTablet.size, 4);
    let rowsInTablets = 0;
    let bytesInTablets = 0;
    for (const replicas of byTablet.values()) {
      assert.equal(replicas.length, 2);
      assert.equal(new Set(replicas.map((r) => `${r.RowCount}/${r.DataSize}/${r.Version}`)).size, 1, 'replicas of a tablet agree');
      rowsInTablets += Number(replicas[0]!.RowCount);
      bytesInTablets += Number(replicas[0]!.DataSize);
    }
    assert.equal(rowsInTablets, 4);
    assert.equal(bytesInTablets, meta.reduce((sum, p) => sum + Number(p.DATA_SIZE), 0));
    const [{ n: total }] = (await rows(conn, 'SELECT COUNT(*) AS n FROM meta.orders')) as [{ n: string }];
    assert.equal(total, '4');
  });

  await t.test('be_tablets: one row per replica, agreeing with SHOW TABLET and partitions_meta', async () => {
    const { columns, rows: replicas } = await query(conn, 'SELECT * FROM information_schema.be_tablets ORDER BY TABLET_ID, BE_ID');
    assert.deepEqual(columns, BE_TABLETS_COLUMNS);
    const tablets = await rows(conn, 'SHOW TABLET FROM meta.orders');
    assert.deepEqual(
      replicas.map((r) => [r.TABLET_ID, r.BE_ID, r.NUM_ROW, r.DATA_SIZE]),
      tablets.map((tb) => [tb.TabletId, tb.BackendId, tb.RowCount, tb.DataSize]).sort((a, b) => Number(a[0]) - Number(b[0]) || Number(a[1]) - Number(b[1])),
    );
    const partitions = await rows(conn, "SELECT PARTITION_ID FROM information_schema.partitions_meta WHERE DB_NAME = 'meta'");
    assert.deepEqual([...new Set(replicas.map((r) => r.PARTITION_ID))].sort(), partitions.map((p) => p.PARTITION_ID).sort());
    const [{ TableId: tableId }] = (await rows(conn, `SHOW PROC '/dbs/${dbId}'`)).filter((r) => r.TableName === 'orders') as [{ TableId: string }];
    // Only be_tablets (and the index schema) hold the real schema hash; tablet listings print a
    // constant (test/storage-sim/versions/tablet-schema-hash.test.ts).
    const [index] = await rows(conn, `SHOW PROC '/dbs/${dbId}/${tableId}/index_schema'`);
    assert.ok(!['0', '-1'].includes(String(index!.SchemaHash)));
    assert.ok(replicas.every((r) => String(r.SCHEMA_HASH) === String(index!.SchemaHash)));
    assert.ok(replicas.every((r) => r.TABLE_ID === tableId && r.STATE === 'RUNNING'));
    // Placement alone, filtered by table: what a client reads for a batch of tables in one statement.
    const placement = await rows(conn, `SELECT TABLET_ID, BE_ID FROM information_schema.be_tablets WHERE TABLE_ID IN (${tableId}, 999999) ORDER BY TABLET_ID, BE_ID`);
    assert.deepEqual(placement, replicas.map((r) => ({ TABLET_ID: r.TABLET_ID, BE_ID: r.BE_ID })));
    assert.deepEqual(await rows(conn, 'SELECT TABLET_ID FROM information_schema.be_tablets WHERE TABLE_ID = 999999'), []);
  });

  await t.test('VERSION_EPOCH: set per partition, kept by ordinary loads', async () => {
    const epochs = async () => Object.fromEntries((await rows(conn, "SELECT PARTITION_NAME, VERSION_EPOCH FROM information_schema.partitions_meta WHERE DB_NAME = 'meta'")).map((r) => [r.PARTITION_NAME, r.VERSION_EPOCH]));
    const before = await epochs();
    assert.notEqual(before.p1, before.p2);
    await conn.query("INSERT INTO meta.orders VALUES (5, '2024-01-05', 'e'), (6, '2024-02-06', 'f')");
    assert.deepEqual(await epochs(), before);
    const versions = await rows(conn, "SELECT PARTITION_NAME, VISIBLE_VERSION FROM information_schema.partitions_meta WHERE DB_NAME = 'meta' ORDER BY PARTITION_NAME");
    assert.deepEqual(versions, [{ PARTITION_NAME: 'p1', VISIBLE_VERSION: '4' }, { PARTITION_NAME: 'p2', VISIBLE_VERSION: '3' }]);
    assert.deepEqual((await rows(conn, 'SHOW PARTITIONS FROM meta.orders')).map((p) => p.VisibleVersion), ['4', '3']);
  });

  await t.test('SHOW TABLET FROM t and SHOW TABLET <id>', async () => {
    const { columns, rows: tablets } = await query(conn, 'SHOW TABLET FROM meta.orders PARTITION (p2)');
    assert.deepEqual(columns, TABLET_COLUMNS);
    assert.equal(tablets.length, 4); // 2 buckets x 2 replicas
    for (const tb of tablets) {
      assert.equal(tb.Version, '3');
      assert.equal(tb.State, 'NORMAL');
      assert.match(String(tb.MetaUrl), new RegExp(`/api/meta/header/${String(tb.TabletId)}$`));
    }
    const [partition] = await rows(conn, "SHOW PARTITIONS FROM meta.orders WHERE PartitionName = 'p2'");
    const { columns: byIdColumns, rows: byId } = await query(conn, `SHOW TABLET ${String(tablets[0]!.TabletId)}`);
    assert.deepEqual(byIdColumns, ['DbName', 'TableName', 'PartitionName', 'IndexName', 'DbId', 'TableId', 'PartitionId', 'IndexId', 'IsSync', 'DetailCmd']);
    assert.equal(byId.length, 1);
    const row = byId[0]!;
    assert.deepEqual([row.DbName, row.TableName, row.PartitionName, row.DbId, row.PartitionId], ['meta', 'orders', 'p2', dbId, partition!.PartitionId]);
    // DetailCmd is a statement that works.
    const detail = String(row.DetailCmd).replace(/;$/, '');
    assert.match(detail, /^SHOW PROC '\/dbs\/\d+\/\d+\/partitions\/\d+\/\d+\/\d+'$/);
    await expectSqlError(conn.query('SHOW TABLET 999999999'), 1064, 'HY000');
  });

  await t.test('SHOW BACKENDS and SHOW FRONTENDS', async () => {
    const backends = await query(conn, 'SHOW BACKENDS');
    assert.deepEqual(backends.columns, BACKEND_COLUMNS);
    assert.equal(backends.rows.length, 3);
    assert.deepEqual(backends.rows.map((b) => b.Alive), ['true', 'true', 'true']);
    assert.deepEqual(backends.rows.map((b) => Number(b.HttpPort)).sort(), cluster.backends.map((b) => b!.httpPort).sort());
    // Tablet counts arrive with the next heartbeat: 8 replicas, spread over the BEs.
    await waitFor('tablet counts in SHOW BACKENDS', async () => (await rows(conn, 'SHOW BACKENDS')).reduce((sum, b) => sum + Number(b.TabletNum), 0) === 8);
    const tabletBackends = new Set((await rows(conn, 'SHOW TABLET FROM meta.orders')).map((tb) => tb.BackendId));
    for (const id of tabletBackends) assert.ok(backends.rows.some((b) => b.BackendId === id), `backend ${String(id)} of a tablet is listed`);
    const frontends = await query(conn, 'SHOW FRONTENDS');
    assert.deepEqual(frontends.columns, FRONTEND_COLUMNS);
    assert.equal(frontends.rows.length, 1);
    const fe = frontends.rows[0]!;
    assert.deepEqual([fe.Role, fe.Alive, fe.QueryPort, fe.HttpPort, fe.RpcPort], ['LEADER', 'true', String(cluster.fe.queryPort), String(cluster.fe.httpPort), String(cluster.fe.rpcPort)]);
    assert.deepEqual((await query(conn, "SHOW PROC '/backends'")).columns, BACKEND_COLUMNS);
    assert.deepEqual((await query(conn, "SHOW PROC '/frontends'")).columns, FRONTEND_COLUMNS);
  });

  await t.test('SHOW DATA', async () => {
    await expectSqlError(conn.query('SHOW DATA'), 1046, '3D000');
    await conn.query('USE meta');
    const db = await query(conn, 'SHOW DATA');
    assert.deepEqual(db.columns, ['TableName', 'Size', 'ReplicaCount']);
    assert.deepEqual(db.rows.map((r) => [r.TableName, r.ReplicaCount]), [['orders', '8'], ['Total', '8'], ['Quota', '1073741824'], ['Left', '1073741816']]);
    assert.notEqual(db.rows[0]!.Size, '0B');
    const table = await query(conn, 'SHOW DATA FROM meta.orders');
    assert.deepEqual(table.columns, ['TableName', 'IndexName', 'Size', 'ReplicaCount', 'RowCount']);
    assert.deepEqual(table.rows.map((r) => [r.TableName, r.IndexName, r.ReplicaCount, r.RowCount]), [['orders', 'orders', '8', '6'], ['', 'Total', '8', '']]);
  });

  await t.test("SHOW PROC '/dbs' and the paths below it", async () => {
    const dbs = await query(conn, "SHOW PROC '/dbs'");
    assert.deepEqual(dbs.columns, ['DbId', 'DbName', 'TableNum', 'Quota', 'LastConsistencyCheckTime', 'ReplicaQuota']);
    assert.deepEqual(dbs.rows.map((r) => [r.DbName, r.TableNum]), [['meta', '2']]);
    const tables = await query(conn, `SHOW PROC '/dbs/${dbId}'`);
    assert.deepEqual(tables.columns, ['TableId', 'TableName', 'IndexNum', 'PartitionColumnName', 'DistributionColumnName', 'State', 'Type', 'LastConsistencyCheckTime', 'ReplicaCount', 'PartitionNum', 'StoragePath']);
    const orders = tables.rows.find((r) => r.TableName === 'orders')!;
    assert.deepEqual([orders.PartitionColumnName, orders.DistributionColumnName, orders.State, orders.Type, orders.ReplicaCount, orders.PartitionNum], ['dt', 'id', 'NORMAL', 'OLAP', '8', '2']);
    assert.equal(tables.rows.find((r) => r.TableName === 'recent')?.Type, 'VIEW');
    const tableId = String(orders.TableId);
    const partitions = await query(conn, `SHOW PROC '/dbs/${dbId}/${tableId}/partitions'`);
    assert.deepEqual(partitions.columns, PARTITION_COLUMNS);
    assert.deepEqual(partitions.rows, await rows(conn, 'SHOW PARTITIONS FROM meta.orders'));
    const partitionId = String(partitions.rows[1]!.PartitionId);
    const indexes = await query(conn, `SHOW PROC '/dbs/${dbId}/${tableId}/partitions/${partitionId}'`);
    assert.deepEqual(indexes.columns, ['IndexId', 'IndexName', 'State', 'LastConsistencyCheckTime']);
    assert.equal(indexes.rows.length, 1);
    assert.deepEqual([indexes.rows[0]!.IndexName, indexes.rows[0]!.State], ['orders', 'NORMAL']);
    const indexId = String(indexes.rows[0]!.IndexId);
    const tablets = await query(conn, `SHOW PROC '/dbs/${dbId}/${tableId}/partitions/${partitionId}/${indexId}'`);
    assert.deepEqual(tablets.columns, TABLET_COLUMNS);
    assert.deepEqual(tablets.rows.map((r) => r.ReplicaId), (await rows(conn, 'SHOW TABLET FROM meta.orders PARTITION (p2)')).map((r) => r.ReplicaId));
    // SHOW TABLET <id>'s DetailCmd points here.
    const [detail] = await rows(conn, `SHOW TABLET ${String(tablets.rows[0]!.TabletId)}`);
    assert.ok(String(detail!.DetailCmd).startsWith(`SHOW PROC '/dbs/${dbId}/${tableId}/partitions/${partitionId}/${indexId}/`));
    await expectSqlError(conn.query(`SHOW PROC '/dbs/${dbId}/999999'`), 1064, 'HY000', /doesn't exist/);
    await expectSqlError(conn.query("SHOW PROC 'dbs'"), 1064, 'HY000');
  });

  await t.test("SHOW PROC '/transactions/<db>/running' and '/finished'", async () => {
    const summary = await query(conn, "SHOW PROC '/transactions/meta'");
    assert.deepEqual(summary.columns, ['State', 'Number']);
    const running = await query(conn, `SHOW PROC '/transactions/${dbId}/running'`);
    assert.deepEqual(running.columns, TRANSACTION_COLUMNS);
    assert.deepEqual(running.rows, []);
    const finished = await query(conn, "SHOW PROC '/transactions/meta/finished'");
    assert.deepEqual(finished.columns, TRANSACTION_COLUMNS);
    assert.deepEqual(finished.rows.filter((r) => r.Label === 'first' || r.Label === 'second').map((r) => [r.Label, r.TransactionStatus, r.LoadJobSourceType]), [
      ['first', 'VISIBLE', 'INSERT_STREAMING'],
      ['second', 'VISIBLE', 'INSERT_STREAMING'],
    ]);
    assert.deepEqual(summary.rows, [{ State: 'running', Number: '0' }, { State: 'finished', Number: String(finished.rows.length) }]);
  });

  await t.test("a load in progress is listed in '/running' until it finishes", async () => {
    // A Stream Load whose body is still arriving holds its transaction open (PREPARE).
    const load = http.request({
      host: '127.0.0.1',
      port: cluster.fe.httpPort,
      method: 'PUT',
      path: '/api/meta/orders/_stream_load',
      headers: { Authorization: `Basic ${Buffer.from('root:').toString('base64')}`, label: 'slow_load', column_separator: ',' },
    });
    const response = new Promise<string>((resolve, reject) => {
      load.on('response', (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve(body));
      });
      load.on('error', reject);
    });
    load.write('7,2024-01-07,g\n');
    let running: Rows = [];
    await waitFor('the load in /running', async () => {
      running = await rows(conn, "SHOW PROC '/transactions/meta/running'");
      return running.length > 0;
    });
    assert.deepEqual(running.map((r) => [r.Label, r.TransactionStatus, r.LoadJobSourceType]), [['slow_load', 'PREPARE', 'BACKEND_STREAMING']]);
    assert.deepEqual(await rows(conn, "SHOW PROC '/transactions/meta'"), [
      { State: 'running', Number: '1' },
      { State: 'finished', Number: String((await rows(conn, "SHOW PROC '/transactions/meta/finished'")).length) },
    ]);
    load.end('8,2024-02-08,h\n');
    assert.equal(JSON.parse(await response).Status, 'Success');
    assert.deepEqual(await rows(conn, "SHOW PROC '/transactions/meta/running'"), []);
    const finished = (await rows(conn, "SHOW PROC '/transactions/meta/finished'")).find((r) => r.Label === 'slow_load');
    assert.equal(finished?.TransactionStatus, 'VISIBLE');
    assert.deepEqual(await rows(conn, 'SELECT id FROM meta.orders WHERE id >= 7 ORDER BY id'), [{ id: '7' }, { id: '8' }]);
  });

  await t.test('ADMIN SHOW FRONTEND CONFIG: the settings of seed 003 with their defaults', async () => {
    const all = await query(conn, 'ADMIN SHOW FRONTEND CONFIG');
    assert.deepEqual(all.columns, ['Key', 'AliasNames', 'Value', 'Type', 'IsMutable', 'Comment']);
    const value = (key: string) => all.rows.find((r) => r.Key === key)?.Value;
    assert.deepEqual(
      ['enable_legacy_compatibility_for_replication', 'lake_compaction_max_tasks', 'replication_max_parallel_table_count', 'replication_max_parallel_replica_count', 'replication_max_parallel_data_size_mb', 'replication_transaction_timeout_sec'].map(value),
      ['false', '-1', '100', '10240', '1048576', '86400'],
    );
    const like = await rows(conn, "ADMIN SHOW FRONTEND CONFIG LIKE 'replication_max_parallel%'");
    assert.deepEqual(like.map((r) => r.Key), ['replication_max_parallel_table_count', 'replication_max_parallel_replica_count', 'replication_max_parallel_data_size_mb']);
    assert.deepEqual(await rows(conn, "ADMIN SHOW FRONTEND CONFIG LIKE 'no_such_config'"), []);
  });

  await t.test('ADMIN SET FRONTEND CONFIG changes the value; bad keys and values are refused', async () => {
    const value = async (key: string) => (await rows(conn, `ADMIN SHOW FRONTEND CONFIG LIKE '${key}'`))[0]?.Value;
    await conn.query('ADMIN SET FRONTEND CONFIG ("replication_max_parallel_table_count" = "7")');
    assert.equal(await value('replication_max_parallel_table_count'), '7');
    const other = await connect(cluster);
    try {
      assert.equal((await rows(other, "ADMIN SHOW FRONTEND CONFIG LIKE 'replication_max_parallel_table_count'"))[0]?.Value, '7');
    } finally {
      await other.end();
    }
    await conn.query('ADMIN SET FRONTEND CONFIG ("replication_max_parallel_table_count" = "100")');
    assert.equal(await value('replication_max_parallel_table_count'), '100');
    await expectSqlError(conn.query('ADMIN SET FRONTEND CONFIG ("no_such_config" = "1")'), 1064, 'HY000', /no_such_config/);
    await expectSqlError(conn.query('ADMIN SET FRONTEND CONFIG ("replication_max_parallel_table_count" = "many")'), 1064, 'HY000');
    await expectSqlError(conn.query('ADMIN SET FRONTEND CONFIG ("enable_legacy_compatibility_for_replication" = "yes")'), 1064, 'HY000');
    await expectSqlError(conn.query('ADMIN SET FRONTEND CONFIG ("query_port" = "1234")'), 1064, 'HY000', /not mutable/);
    assert.equal(await value('enable_legacy_compatibility_for_replication'), 'false');
  });

  await t.test('SHOW PARTITIONS WHERE compares numeric columns as numbers', async () => {
    await conn.query('CREATE DATABASE meta_versions');
    await conn.query('CREATE TABLE meta_versions.t (id INT NOT NULL) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1 PROPERTIES ("replication_num" = "1")');
    for (let i = 0; i < 9; i++) await conn.query(`INSERT INTO meta_versions.t VALUES (${i})`);
    assert.deepEqual((await rows(conn, 'SHOW PARTITIONS FROM meta_versions.t WHERE VisibleVersion > 9')).map((p) => p.VisibleVersion), ['10']);
    assert.deepEqual(await rows(conn, 'SHOW PARTITIONS FROM meta_versions.t WHERE VisibleVersion < 9'), []);
    assert.deepEqual((await rows(conn, "SELECT VISIBLE_VERSION FROM information_schema.partitions_meta WHERE DB_NAME = 'meta_versions' AND VISIBLE_VERSION > 9")), [{ VISIBLE_VERSION: '10' }]);
  });

  await t.test('SHOW VARIABLES and SET GLOBAL', async () => {
    const all = await query(conn, 'SHOW VARIABLES');
    assert.deepEqual(all.columns, ['Variable_name', 'Value']);
    assert.equal(all.rows.find((r) => r.Variable_name === 'enable_filter_unused_columns_in_scan_stage')?.Value, 'true');
    await conn.query('SET GLOBAL enable_filter_unused_columns_in_scan_stage = false');
    assert.deepEqual(await rows(conn, "SHOW GLOBAL VARIABLES LIKE 'enable_filter_unused_columns_in_scan_stage'"), [{ Variable_name: 'enable_filter_unused_columns_in_scan_stage', Value: 'false' }]);
    assert.deepEqual(await rows(conn, "SHOW VARIABLES WHERE Variable_name = 'enable_filter_unused_columns_in_scan_stage'"), [{ Variable_name: 'enable_filter_unused_columns_in_scan_stage', Value: 'false' }]);
    await conn.query('SET GLOBAL enable_filter_unused_columns_in_scan_stage = true');
    assert.deepEqual((await rows(conn, "SHOW VARIABLES LIKE 'enable_filter_unused_columns_in_scan_stage'"))[0]?.Value, 'true');
  });
});
