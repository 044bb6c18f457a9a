import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster } from '../../helpers/sim-cluster.js';
import { REPLICATION_API } from '../../../src/storage-sim/common/replication-api.js';

// The FE sends a BE its replication tasks in batches; a malformed batch is refused with what was
// expected, and a batch of no tasks is answered with no results.
test('a BE refuses a malformed replication task batch and answers an empty one', async (t) => {
  const cluster = await startCluster('task-batch', { backends: 1 });
  t.after(() => cluster.stop());
  const be = cluster.backends[0]!;
  const post = (path: string, body: string) => fetch(`http://127.0.0.1:${be.bePort}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  for (const path of [REPLICATION_API.remoteSnapshot, REPLICATION_API.replicateSnapshot]) {
    for (const body of ['{}', '{"tasks": "t1"}', '[]']) {
      const res = await post(path, body);
      assert.equal(res.status, 400, `${path} ${body}`);
      assert.equal(((await res.json()) as { error: string }).error, 'a task batch must be a JSON object {"tasks": [...]}');
    }
    const empty = await post(path, '{"tasks": []}');
    assert.equal(empty.status, 200);
    assert.deepEqual(await empty.json(), { results: [] });
  }
});
