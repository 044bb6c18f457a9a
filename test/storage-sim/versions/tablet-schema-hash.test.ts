// The SchemaHash column of tablet listings by release: LocalTabletsProcDir printed
// replica.getSchemaHash(), a field that is not persisted (-1 on follower FEs and after any FE
// restart; the engine prints -1 always) until 3.3 printed Replica.DEPRECATED_PROP_SCHEMA_HASH (0).
// The real hash is in be_tablets.SCHEMA_HASH and the index schema only.
// StarRocks: fe/fe-core/src/main/java/com/starrocks/common/proc/LocalTabletsProcDir.java, fe/fe-core/src/main/java/com/starrocks/catalog/Replica.java
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rows } from '../../helpers/sim-cluster.js';
import { RELEASES, startRelease, tableLayout } from './release-helpers.js';

const EXPECTED: Record<(typeof RELEASES)[number], string> = { '3.1.8': '-1', '3.2.3': '-1', '3.3': '0', '3.5': '0', '4.0': '0' };

for (const version of RELEASES) {
  test(`${version}: SHOW PROC of an index's tablets and SHOW TABLET FROM print SchemaHash ${EXPECTED[version]}`, async (t) => {
    const { conn, stop } = await startRelease('tablet-schema-hash', version);
    t.after(stop);
    await conn.query('CREATE DATABASE db');
    await conn.query('CREATE TABLE db.t (k INT NOT NULL, v INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 2 PROPERTIES ("replication_num" = "1")');
    await conn.query('INSERT INTO db.t VALUES (1, 1), (2, 2), (3, 3)');
    const layout = await tableLayout(conn, 'db', 't');
    const partition = layout.partitions[0]!;
    const listed = await rows(conn, `SHOW PROC '/dbs/${layout.dbId}/${layout.tableId}/partitions/${partition.id}/${layout.indexId}'`);
    const shown = await rows(conn, 'SHOW TABLET FROM db.t');
    assert.equal(listed.length, 2);
    assert.deepEqual(listed.map((r) => r.SchemaHash), [EXPECTED[version], EXPECTED[version]]);
    assert.deepEqual(shown.map((r) => r.SchemaHash), [EXPECTED[version], EXPECTED[version]]);
    // SHOW TABLET <id> has no SchemaHash column in any release.
    const [byId] = await rows(conn, `SHOW TABLET ${partition.tablets[0]!.id}`);
    assert.ok(byId && !('SchemaHash' in byId));
    const [{ SCHEMA_HASH: real }] = (await rows(conn, `SELECT SCHEMA_HASH FROM information_schema.be_tablets WHERE TABLET_ID = ${partition.tablets[0]!.id}`)) as [{ SCHEMA_HASH: string }];
    assert.equal(Number(real), layout.schemaHash);
    assert.ok(![0, -1].includes(layout.schemaHash));
  });
}
