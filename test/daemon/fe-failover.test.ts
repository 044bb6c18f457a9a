import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startCluster, syncSettings, connect, rows } from '../helpers/sim-cluster.js';
import { eventually } from '../helpers/eventually.js';
import { startDaemon } from '../helpers/run-daemon.js';


test('the configured FEs of both clusters go down: the daemon moves to the other FEs and keeps syncing', async (t) => {
  const source = await startCluster('failover-source', { backends: 2, frontend: { followers: 1 } });
  const target = await startCluster('failover-target', { backends: 2, frontend: { followers: 1 } });
  t.after(() => Promise.all([source.stop(), target.stop()]));
  const src = await connect(source);
  const dst = await connect(target);
  t.after(() => Promise.all([src.end(), dst.end()]));
  const frontends = await rows(src, 'SHOW FRONTENDS');
  assert.deepEqual(frontends.map((f) => [f.Role, f.Alive]), [['LEADER', 'true'], ['FOLLOWER', 'true']]);
  await src.query('CREATE DATABASE app');
  await src.query('CREATE TABLE app.t (k INT NOT NULL, v VARCHAR(10)) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 2 PROPERTIES ("replication_num" = "2")');
  await src.query("INSERT INTO app.t VALUES (1, 'a'), (2, 'b')");

  // The daemon is pointed at each cluster's follower, not at its leader.
  const { logDir } = startDaemon(
    t,
    'failover',
    syncSettings(source, target, {
      source_fe_query_port: String(source.fe.followers[0]!.queryPort),
      target_fe_query_port: String(target.fe.followers[0]!.queryPort),
      jdbc_connect_timeout_ms: '2000',
    }),
  );

  const synced = async () => JSON.stringify(await rows(src, 'SELECT * FROM app.t ORDER BY k')) === JSON.stringify(await rows(dst, 'SELECT * FROM app.t ORDER BY k').catch(() => []));
  await eventually('the table is synced through the followers', synced);

  await Promise.all([source.fe.followers[0]!.stop(), target.fe.followers[0]!.stop()]);
  assert.deepEqual((await rows(src, 'SHOW FRONTENDS')).map((f) => f.Alive), ['true', 'false']);
  await src.query("INSERT INTO app.t VALUES (3, 'c'), (4, 'd')");
  await eventually('loads made after the followers stopped are synced through the leaders', synced);

  const warnings = readFileSync(join(logDir, 'sync.WARN.log'), 'utf8');
  for (const side of ['source', 'target']) {
    const follower = (side === 'source' ? source : target).fe.followers[0]!.queryPort;
    const leader = (side === 'source' ? source : target).fe.queryPort;
    assert.match(warnings, new RegExp(`${side} FE 127\\.0\\.0\\.1:${follower} is not answering \\(.*\\); using ${side} FE 127\\.0\\.0\\.1:${leader}, another FE of the cluster`));
  }
  const status = JSON.parse(readFileSync(join(logDir, 'status.json'), 'utf8')) as { source: { fe: string }; target: { fe: string } };
  assert.equal(status.source.fe, `source FE 127.0.0.1:${source.fe.queryPort}`);
  assert.equal(status.target.fe, `target FE 127.0.0.1:${target.fe.queryPort}`);
});
