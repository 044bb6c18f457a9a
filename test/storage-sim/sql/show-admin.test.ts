import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseStatement } from '../../../src/storage-sim/sql/parser.js';
import { parseAs, syntaxError, unsupported } from './parse-as.js';

test('SHOW DATABASES and SHOW TABLES', () => {
  assert.deepEqual(parseAs('SHOW DATABASES', 'show_databases'), { kind: 'show_databases', text: 'SHOW DATABASES' });
  assert.equal(parseAs("show databases like 'sal%'", 'show_databases').like, 'sal%');
  const tables = parseAs("SHOW FULL TABLES FROM sales LIKE 'o%'", 'show_tables');
  assert.deepEqual([tables.full, tables.db, tables.like], [true, 'sales', 'o%']);
  const inDb = parseAs("SHOW TABLES IN `sales` WHERE Table_type = 'VIEW'", 'show_tables');
  assert.deepEqual([inDb.full, inDb.db, inDb.where?.kind], [false, 'sales', 'binary']);
  assert.equal(parseAs('SHOW TABLES', 'show_tables').db, undefined);
});

test('SHOW PARTITIONS, TEMPORARY PARTITIONS, TABLET', () => {
  const parts = parseAs("SHOW PARTITIONS FROM db.t WHERE PartitionName = 'p1' ORDER BY PartitionId DESC LIMIT 2", 'show_partitions');
  assert.deepEqual(parts.table, { db: 'db', name: 't' });
  assert.equal(parts.temporary, false);
  assert.equal(parts.where?.kind, 'binary');
  assert.equal(parts.orderBy[0]?.desc, true);
  assert.deepEqual(parts.limit, { count: 2, offset: 0 });
  assert.equal(parseAs('SHOW TEMPORARY PARTITIONS FROM t', 'show_partitions').temporary, true);

  assert.deepEqual(parseAs('SHOW TABLET FROM db.t PARTITION (p1)', 'show_tablets'), {
    kind: 'show_tablets',
    text: 'SHOW TABLET FROM db.t PARTITION (p1)',
    table: { db: 'db', name: 't' },
    partitions: ['p1'],
  });
  assert.equal(parseAs('SHOW TABLETS FROM t', 'show_tablets').partitions, undefined);
  assert.equal(parseAs('SHOW TABLET 10086', 'show_tablet').tabletId, 10086);
});

test('cluster SHOWs', () => {
  for (const [sql, kind] of [
    ['SHOW BACKENDS', 'show_backends'],
    ['show frontends', 'show_frontends'],
    ['SHOW COMPUTE NODES', 'show_compute_nodes'],
    ['SHOW REPOSITORIES', 'show_repositories'],
    ['SHOW WARNINGS', 'show_warnings'],
    ['SHOW WARNINGS LIMIT 5', 'show_warnings'],
  ] as const) {
    assert.equal(parseStatement(sql).kind, kind, sql);
  }
  assert.equal(parseAs('SHOW PROCESSLIST', 'show_processlist').full, false);
  assert.equal(parseAs('SHOW FULL PROCESSLIST', 'show_processlist').full, true);
  assert.equal(parseAs('SHOW DATA', 'show_data').table, undefined);
  assert.deepEqual(parseAs('SHOW DATA FROM db.t', 'show_data').table, { db: 'db', name: 't' });
  assert.equal(parseAs("SHOW PROC '/backends'", 'show_proc').path, '/backends');
  assert.equal(parseAs('SHOW PROC "/dbs/10001"', 'show_proc').path, '/dbs/10001');
});

test('SHOW CREATE', () => {
  const table = parseAs('SHOW CREATE TABLE db.t', 'show_create_table');
  assert.deepEqual([table.objectType, table.table], ['TABLE', { db: 'db', name: 't' }]);
  assert.equal(parseAs('SHOW CREATE VIEW v', 'show_create_table').objectType, 'VIEW');
  assert.equal(parseAs('SHOW CREATE MATERIALIZED VIEW db.mv', 'show_create_table').objectType, 'MATERIALIZED VIEW');
  assert.equal(parseAs('SHOW CREATE DATABASE `sales`', 'show_create_database').name, 'sales');
});

test('SHOW VARIABLES and STATUS with scope and filter', () => {
  const v = parseAs("SHOW GLOBAL VARIABLES LIKE 'time%'", 'show_variables');
  assert.deepEqual([v.scope, v.like], ['GLOBAL', 'time%']);
  assert.equal(parseAs('SHOW SESSION VARIABLES', 'show_variables').scope, 'SESSION');
  assert.equal(parseAs('SHOW VARIABLES', 'show_variables').scope, undefined);
  const filtered = parseAs("SHOW VARIABLES WHERE Variable_name = 'version' OR Variable_name = 'version_comment'", 'show_variables');
  assert.equal(filtered.where?.kind === 'binary' && filtered.where.op, 'OR');
  assert.equal(parseAs('SHOW STATUS', 'show_status').scope, undefined);
  assert.equal(parseAs("SHOW GLOBAL STATUS LIKE 'Up%'", 'show_status').like, 'Up%');
});

test('SHOW COLUMNS, MATERIALIZED VIEWS, TRANSACTION', () => {
  const cols = parseAs('SHOW FULL COLUMNS FROM t FROM db', 'show_columns');
  assert.deepEqual([cols.full, cols.table], [true, { db: 'db', name: 't' }]);
  assert.deepEqual(parseAs('SHOW COLUMNS FROM db.t', 'show_columns').table, { db: 'db', name: 't' });
  assert.deepEqual(parseAs('SHOW FIELDS IN t', 'show_columns').table, { name: 't' });

  assert.equal(parseAs('SHOW MATERIALIZED VIEWS FROM db', 'show_materialized_views').db, 'db');
  assert.equal(parseAs('SHOW MATERIALIZED VIEWS', 'show_materialized_views').db, undefined);

  const txn = parseAs('SHOW TRANSACTION FROM db WHERE ID = 4005', 'show_transaction');
  assert.deepEqual([txn.db, txn.id], ['db', 4005]);
  assert.equal(parseAs('show transaction where id = 7', 'show_transaction').db, undefined);
  assert.equal(syntaxError("SHOW TRANSACTION WHERE ID = 'x'").near, "'x'");
});

test('SHOW SNAPSHOT, BACKUP, RESTORE', () => {
  assert.deepEqual(parseAs('SHOW SNAPSHOT ON repo', 'show_snapshot'), { kind: 'show_snapshot', text: 'SHOW SNAPSHOT ON repo', repository: 'repo' });
  const s = parseAs("SHOW SNAPSHOT ON `repo` WHERE SNAPSHOT = 'snap1' AND TIMESTAMP = '2024-01-01-10-00-00'", 'show_snapshot');
  assert.deepEqual([s.snapshot, s.timestamp], ['snap1', '2024-01-01-10-00-00']);
  assert.equal(parseAs("SHOW SNAPSHOT ON r WHERE TIMESTAMP = 't'", 'show_snapshot').timestamp, 't');
  assert.equal(syntaxError("SHOW SNAPSHOT ON r WHERE SNAPSHOT = 'a' AND SNAPSHOT = 'b'").near, "SNAPSHOT = 'b'");

  assert.equal(parseAs('SHOW BACKUP', 'show_backup').db, undefined);
  assert.equal(parseAs('SHOW BACKUP FROM db', 'show_backup').db, 'db');
  assert.equal(parseAs('SHOW RESTORE IN db', 'show_restore').db, 'db');
});

test('other StarRocks SHOWs are refused by name, typos are syntax errors', () => {
  assert.match(unsupported('SHOW GRANTS').message, /SHOW GRANTS/);
  assert.match(unsupported('SHOW ROUTINE LOAD').message, /SHOW ROUTINE/);
  assert.equal(syntaxError('SHOW DATABASE').near, 'DATABASE');
  assert.equal(syntaxError('SHOW FULL DATABASES').near, 'DATABASES');
});

test('SET variables: scopes carry over, @@ forms, user variables, bare keywords as values', () => {
  const s = parseAs("SET GLOBAL query_timeout = 600, time_zone = '+08:00', SESSION sql_mode = 'x', @@global.a = ON, @@b = DEFAULT, @u = 1 + 1", 'set_variables');
  assert.deepEqual(
    s.assignments.map((a) => a.target),
    [
      { kind: 'system', scope: 'GLOBAL', name: 'query_timeout' },
      { kind: 'system', scope: 'GLOBAL', name: 'time_zone' },
      { kind: 'system', scope: 'SESSION', name: 'sql_mode' },
      { kind: 'system', scope: 'GLOBAL', name: 'a' },
      { kind: 'system', scope: 'SESSION', name: 'b' },
      { kind: 'user', name: 'u' },
    ],
  );
  assert.deepEqual(
    s.assignments.map((a) => a.value),
    [
      { kind: 'number', text: '600' },
      { kind: 'string', value: '+08:00' },
      { kind: 'string', value: 'x' },
      { kind: 'column', name: 'ON' },
      { kind: 'column', name: 'DEFAULT' },
      { kind: 'binary', op: '+', left: { kind: 'number', text: '1' }, right: { kind: 'number', text: '1' } },
    ],
  );
  const plain = parseAs('set autocommit=1', 'set_variables');
  assert.deepEqual(plain.assignments[0]!.target, { kind: 'system', scope: 'SESSION', name: 'autocommit' });
  assert.deepEqual(parseAs('SET LOCAL x = OFF', 'set_variables').assignments[0], {
    target: { kind: 'system', scope: 'SESSION', name: 'x' },
    value: { kind: 'column', name: 'OFF' },
  });
});

test('SET NAMES and SET CHARACTER SET', () => {
  assert.deepEqual(parseAs('SET NAMES utf8mb4', 'set_names'), { kind: 'set_names', text: 'SET NAMES utf8mb4', charset: 'utf8mb4' });
  const collated = parseAs("SET NAMES 'utf8mb4' COLLATE 'utf8mb4_general_ci'", 'set_names');
  assert.deepEqual([collated.charset, collated.collation], ['utf8mb4', 'utf8mb4_general_ci']);
  assert.equal(parseAs('SET CHARACTER SET utf8', 'set_charset').charset, 'utf8');
  assert.equal(parseAs('SET CHARSET latin1', 'set_charset').charset, 'latin1');
  assert.match(unsupported("SET PASSWORD = PASSWORD('x')").message, /SET PASSWORD/);
  assert.match(unsupported('SET ROLE admin').message, /SET ROLE/);
  assert.match(unsupported('SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED').message, /SET TRANSACTION/);
  assert.equal(syntaxError('SET x').near, '');
});

test('ADMIN SHOW / SET FRONTEND and BACKEND CONFIG', () => {
  const show = parseAs("ADMIN SHOW FRONTEND CONFIG LIKE 'replication_%'", 'admin_show_config');
  assert.deepEqual([show.target, show.like], ['FRONTEND', 'replication_%']);
  assert.equal(parseAs('ADMIN SHOW BACKEND CONFIG', 'admin_show_config').like, undefined);
  const set = parseAs('ADMIN SET FRONTEND CONFIG ("replication_max_parallel_table_count" = "7")', 'admin_set_config');
  assert.deepEqual([set.target, set.properties], ['FRONTEND', { replication_max_parallel_table_count: '7' }]);
  assert.equal(parseAs('admin set backend config ("a" = "1")', 'admin_set_config').target, 'BACKEND');
  assert.match(unsupported('ADMIN REPAIR TABLE t').message, /ADMIN REPAIR/);
});

test('UPDATE information_schema.be_configs', () => {
  const u = parseAs("UPDATE information_schema.be_configs SET value = '100' WHERE name = 'replication_max_speed_limit_kbps'", 'update_be_config');
  assert.deepEqual([u.name, u.value, u.backendId], ['replication_max_speed_limit_kbps', '100', undefined]);
  const one = parseAs("UPDATE INFORMATION_SCHEMA.BE_CONFIGS SET VALUE = 5 WHERE BE_ID = 10002 AND NAME = 'x'", 'update_be_config');
  assert.deepEqual([one.name, one.value, one.backendId], ['x', '5', 10002]);
  assert.match(unsupported("UPDATE t SET a = 1 WHERE b = 2").message, /UPDATE/);
  assert.equal(syntaxError("UPDATE information_schema.be_configs SET value = '1' WHERE be_id = 1").near, '');
});

test('KILL and transaction control', () => {
  assert.deepEqual(parseAs('KILL 12', 'kill'), { kind: 'kill', text: 'KILL 12', target: 'CONNECTION', id: 12 });
  assert.equal(parseAs('KILL QUERY 12', 'kill').target, 'QUERY');
  assert.equal(parseAs('KILL CONNECTION 3', 'kill').target, 'CONNECTION');
  assert.equal(parseAs('BEGIN', 'begin').text, 'BEGIN');
  assert.equal(parseAs('START TRANSACTION', 'begin').text, 'START TRANSACTION');
  assert.equal(parseAs('commit work', 'commit').text, 'commit work');
  assert.equal(parseAs('ROLLBACK', 'rollback').text, 'ROLLBACK');
});

test('CREATE [READ ONLY] REPOSITORY and DROP REPOSITORY', () => {
  const repo = parseAs(
    'CREATE REPOSITORY `repo` WITH BROKER ON LOCATION "s3a://bucket/backups" PROPERTIES ("aws.s3.access_key" = "ak", "aws.s3.endpoint" = "http://127.0.0.1:9000")',
    'create_repository',
  );
  assert.deepEqual([repo.name, repo.readOnly, repo.broker, repo.location], ['repo', false, undefined, 's3a://bucket/backups']);
  assert.deepEqual(repo.properties, { 'aws.s3.access_key': 'ak', 'aws.s3.endpoint': 'http://127.0.0.1:9000' });
  const ro = parseAs("CREATE READ ONLY REPOSITORY r WITH BROKER hdfs_broker ON LOCATION 's3a://b/p'", 'create_repository');
  assert.deepEqual([ro.readOnly, ro.broker, ro.properties], [true, 'hdfs_broker', {}]);
  assert.deepEqual(parseAs('DROP REPOSITORY `r`', 'drop_repository'), { kind: 'drop_repository', text: 'DROP REPOSITORY `r`', name: 'r' });
  assert.equal(syntaxError('CREATE REPOSITORY r ON LOCATION "x"').near, 'ON LOCATION "x"');
});

test('BACKUP SNAPSHOT', () => {
  const b = parseAs(
    'BACKUP SNAPSHOT sales.snap_1 TO repo ON (orders PARTITION (p1, p2), items) PROPERTIES ("type" = "full")',
    'backup',
  );
  assert.deepEqual([b.db, b.snapshot, b.repository], ['sales', 'snap_1', 'repo']);
  assert.deepEqual(b.tables, [{ name: 'orders', partitions: ['p1', 'p2'] }, { name: 'items' }]);
  assert.deepEqual(b.properties, { type: 'full' });
  const whole = parseAs('BACKUP SNAPSHOT snap TO repo', 'backup');
  assert.deepEqual([whole.db, whole.tables, whole.properties], [undefined, [], {}]);
  assert.deepEqual(parseAs('BACKUP SNAPSHOT s TO r ON (TABLE t)', 'backup').tables, [{ name: 't' }]);
});

test('RESTORE SNAPSHOT', () => {
  const r = parseAs(
    'RESTORE SNAPSHOT sales.`snap_1` FROM repo ON (orders PARTITION (p1) AS orders_copy, items) PROPERTIES ("backup_timestamp" = "2024-01-01-10-00-00", "replication_num" = "1")',
    'restore',
  );
  assert.deepEqual([r.db, r.snapshot, r.repository], ['sales', 'snap_1', 'repo']);
  assert.deepEqual(r.tables, [{ name: 'orders', partitions: ['p1'], alias: 'orders_copy' }, { name: 'items' }]);
  assert.equal(r.properties.backup_timestamp, '2024-01-01-10-00-00');
  assert.match(unsupported('RESTORE SNAPSHOT s FROM r ON (MATERIALIZED VIEW mv)').message, /materialized/);
});

test('CANCEL BACKUP / RESTORE', () => {
  assert.deepEqual(parseAs('CANCEL BACKUP FROM sales', 'cancel_backup'), { kind: 'cancel_backup', text: 'CANCEL BACKUP FROM sales', db: 'sales' });
  assert.equal(parseAs('CANCEL RESTORE', 'cancel_restore').db, undefined);
  assert.match(unsupported('CANCEL EXPORT FROM db').message, /CANCEL EXPORT/);
});
