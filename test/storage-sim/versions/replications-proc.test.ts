// SHOW PROC '/replications' by release: added by PR #50483 (2024-08, 3.3.4) and backported to 3.1
// and 3.2 only after 3.1.8 and 3.2.3. Where it is missing, the path fails as any unknown path does
// and SHOW PROC '/' does not list it.
// StarRocks: fe/fe-core/src/main/java/com/starrocks/common/proc/ReplicationsProcNode.java
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rows } from '../../helpers/sim-cluster.js';
import { failure, NEW_RELEASES, OLD_RELEASES, query, startRelease } from './release-helpers.js';

for (const version of OLD_RELEASES) {
  test(`${version}: SHOW PROC '/replications' does not exist`, async (t) => {
    const { conn, stop } = await startRelease('replications-proc', version);
    t.after(stop);
    const missing = await failure(conn.query("SHOW PROC '/replications'"));
    const unknown = await failure(conn.query("SHOW PROC '/no_such_node'"));
    assert.equal(missing.message, "Proc path '/replications' doesn't exist");
    assert.deepEqual([missing.errno, missing.sqlState], [unknown.errno, unknown.sqlState]);
    const nodes = (await rows(conn, "SHOW PROC '/'")).map((r) => r.name);
    assert.ok(nodes.includes('dbs') && !nodes.includes('replications'), nodes.join(', '));
  });
}

for (const version of NEW_RELEASES) {
  test(`${version}: SHOW PROC '/replications' lists the replication jobs`, async (t) => {
    const { conn, stop } = await startRelease('replications-proc', version);
    t.after(stop);
    const { columns, rows: jobs } = await query(conn, "SHOW PROC '/replications'");
    assert.deepEqual(columns, ['JobID', 'DatabaseID', 'TableID', 'TxnID', 'CreatedTime', 'FinishedTime', 'State', 'Progress', 'Error']);
    assert.deepEqual(jobs, []);
    assert.ok((await rows(conn, "SHOW PROC '/'")).some((r) => r.name === 'replications'));
  });
}
