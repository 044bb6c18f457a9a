import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, connect } from '../helpers/sim-cluster.js';
import { feClient } from '../helpers/replicate.js';
import { fetchCatalog, splitColumnList } from '../../src/meta/fetch-catalog.js';
import { parseSize } from '../../src/meta/partition-rows.js';
import { FeClient, FeError, type ResultField, type Row } from '../../src/cluster/fe-client.js';
import { capabilitiesOf } from '../../src/cluster/capability-probes.js';
import type { OlapTableModel } from '../../src/meta/catalog-model.js';

test('the catalogue is read with a fixed number of queries: tables, schemas, partitions with versions, views, MVs, backends', async (t) => {
  const cluster = await startCluster('fetch-catalog');
  t.after(() => cluster.stop());
  const conn = await connect(cluster);
  t.after(() => conn.end());
  await conn.query('CREATE DATABASE `销售 db`');
  await conn.query(`CREATE TABLE \`销售 db\`.\`or\`\`ders\` (dt DATE NOT NULL, id BIGINT NOT NULL, amount DECIMAL(10, 2) DEFAULT "0") DUPLICATE KEY(dt, id)
    PARTITION BY RANGE(dt) (PARTITION p1 VALUES LESS THAN ('2024-02-01'), PARTITION p2 VALUES LESS THAN ('2024-03-01'))
    DISTRIBUTED BY HASH(id) BUCKETS 2 PROPERTIES ("replication_num" = "2")`);
  await conn.query('CREATE TABLE `销售 db`.users (id INT NOT NULL, name VARCHAR(20)) PRIMARY KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1');
  await conn.query('CREATE VIEW `销售 db`.v AS SELECT id FROM `销售 db`.users');
  await conn.query('CREATE MATERIALIZED VIEW `销售 db`.mv REFRESH ASYNC AS SELECT id FROM `销售 db`.users');
  await conn.query("INSERT INTO `销售 db`.`or``ders` VALUES ('2024-01-05', 1, 1.5), ('2024-02-05', 2, 2.5)");
  await conn.query('CREATE DATABASE skipped');

  const client = feClient(cluster);
  t.after(() => client.close());
  // What the cluster has is learned once, before the first catalogue read (capabilities.ts).
  await capabilitiesOf(client);
  let queries = 0;
  const original = client.query.bind(client);
  client.query = (sql: string, action?: string) => {
    queries++;
    return original(sql, action);
  };
  const catalog = await fetchCatalog(client, 'source', (db) => db !== 'skipped');
  assert.equal(queries, 8, 'a fixed number of queries, whatever the number of tables');
  assert.deepEqual([...catalog.databases.keys()], ['销售 db']);
  const db = catalog.databases.get('销售 db')!;
  assert.deepEqual([...db.tables.keys()].sort(), ['mv', 'or`ders', 'users', 'v']);
  const orders = db.tables.get('or`ders') as OlapTableModel;
  assert.equal(orders.kind, 'table');
  assert.deepEqual(orders.schema.columns.map((c) => [c.name, c.type, c.nullable, c.isKey, c.defaultValue]), [
    ['dt', 'date', false, true, null],
    ['id', 'bigint(20)', false, true, null],
    ['amount', 'decimal(10, 2)', true, false, '0'],
  ]);
  assert.deepEqual(orders.schema.keyColumns, ['dt', 'id']);
  assert.deepEqual(orders.schema.partitionColumns, ['dt']);
  assert.deepEqual(orders.schema.distributionColumns, ['id']);
  assert.equal(orders.schema.keysType, 'DUP_KEYS');
  assert.deepEqual(orders.partitions.map((p) => [p.name, p.visibleVersion, p.rowCount, p.buckets, p.replicationNum]), [['p1', 2, 1, 2, 2], ['p2', 2, 1, 2, 2]]);
  assert.ok(orders.partitions.every((p) => p.versionEpoch > 0 && p.dataSize > 0 && p.range.includes('keys:')));
  assert.equal((db.tables.get('users') as OlapTableModel).schema.keysType, 'PRIMARY_KEYS');
  assert.equal(db.tables.get('v')!.kind, 'view');
  assert.equal(db.tables.get('mv')!.kind, 'materialized_view');
  assert.equal(catalog.backends.length, 3);
  assert.ok(catalog.backends.every((b) => b.alive && b.bePort > 0 && b.httpPort > 0));

  // An older cluster without partitions_meta: SHOW PARTITIONS (and SHOW TEMPORARY PARTITIONS) per table instead.
  const absent = (action: string | undefined, endpoint: FeClient['endpoint']) =>
    new FeError(endpoint, action ?? 'query', Object.assign(new Error("Unknown table 'partitions_meta'"), { errno: 1051, sqlMessage: "Unknown table 'partitions_meta'" }));
  class OldCluster extends FeClient {
    override async query(sql: string, action?: string): Promise<Row[]> {
      if (sql.includes('partitions_meta')) throw absent(action, this.endpoint);
      return super.query(sql, action);
    }
    override async queryWithFields(sql: string, action?: string): Promise<{ rows: Row[]; fields: ResultField[] }> {
      if (sql.includes('partitions_meta')) throw absent(action, this.endpoint);
      return super.queryWithFields(sql, action);
    }
  }
  const old = new OldCluster(client.endpoint, 2);
  t.after(() => old.close());
  const fallback = await fetchCatalog(old, 'source', (name) => name !== 'skipped');
  const oldOrders = fallback.databases.get('销售 db')!.tables.get('or`ders') as OlapTableModel;
  assert.deepEqual(oldOrders.partitions.map((p) => [p.name, p.visibleVersion, p.rowCount]), [['p1', 2, 1], ['p2', 2, 1]]);
  assert.ok(oldOrders.partitions.every((p) => p.dataSize > 0));
});

test('column lists and pretty sizes are parsed', () => {
  assert.deepEqual(splitColumnList('`a`, `b``c`, d'), ['a', 'b`c', 'd']);
  assert.deepEqual(splitColumnList(''), []);
  assert.equal(parseSize('0B'), 0);
  assert.equal(parseSize('1.500 KB'), 1536);
  assert.equal(parseSize('2.000 GB'), 2 * 2 ** 30);
});
