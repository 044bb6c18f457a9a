// Fuzz: the BE's snapshot download (GET /api/_tablet/_download?token=...&file=... on the BE's
// http_port), which another cluster's BEs call. Random and mutated tokens, file paths (traversal,
// absolute paths, encodings) and endpoint paths: the BE answers 200 only with the listing or a file
// of one of its snapshots, otherwise a JSON error that says what was wrong; nothing outside the
// snapshot directory is ever served and no request changes what is on disk.
// StarRocks: be/src/http/action/download_action.cc (token check, file listing, path confinement).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import type { LocalCluster } from '../../src/storage-sim/cluster/local-cluster.js';
import type { Backend } from '../../src/storage-sim/be/backend.js';
import { connect, rows, startCluster } from '../helpers/sim-cluster.js';
import { budget } from './fuzz-budget.js';
import { mutatedText } from './mutations.js';

let cluster: LocalCluster;
let be: Backend;
let snapshot: string;
let tabletId: string;
let schemaHash: string;
/** Every file under the snapshot root, by name, with its bytes: all a download may serve. */
let servable: Map<string, Buffer>;
let secretPath: string;

/** name|size of every file below `dir`, to see that nothing changes. */
function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => `${name}|${statSync(join(dir, name)).size}`)
    .sort();
}

before(async () => {
  cluster = await startCluster('fuzz-snapshot-download', { backends: 1 });
  be = cluster.backends[0]!;
  const conn = await connect(cluster);
  await conn.query('CREATE DATABASE fuzz');
  await conn.query("CREATE TABLE fuzz.t (k INT, v VARCHAR(8)) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES ('replication_num' = '1')");
  await conn.query("INSERT INTO fuzz.t VALUES (1, 'a'), (2, 'b')");
  const [tablet] = await rows(conn, 'SHOW TABLETS FROM fuzz.t');
  await conn.end();
  tabletId = String(tablet!.TabletId);
  schemaHash = String(tablet!.SchemaHash);
  snapshot = be.store.makeSnapshot(Number(tabletId), { toVersion: Number(tablet!.Version) }).dir;
  servable = new Map(readdirSync(snapshot).map((name) => [name, readFileSync(join(snapshot, name))]));
  // A file next to the snapshot root that no download may reach.
  secretPath = join(dirname(be.store.snapshotRoot), 'not-for-download.txt');
  writeFileSync(secretPath, 'secret bytes outside the snapshot directory');
});
after(async () => {
  await cluster?.stop();
});

function validFiles(): string[] {
  const base = `${snapshot}/${tabletId}/${schemaHash}/`;
  return [base, ...[...servable.keys()].map((name) => base + name), `${base}../../not-for-download.txt`, `${base}..`, secretPath, `${snapshot}/../${tabletId}/${schemaHash}/`, `${dirname(snapshot)}/x/${tabletId}/${schemaHash}/`];
}

test('any download request gets a snapshot file, its listing, or a clear error; nothing outside is served, nothing changes', async () => {
  const token = cluster.fe.token;
  const files = validFiles();
  const before = tree(be.store.snapshotRoot);
  const request = fc.record({
    endpoint: fc.oneof({ weight: 5, arbitrary: fc.constant('/api/_tablet/_download') }, { weight: 1, arbitrary: mutatedText(['/api/_tablet/_download', '/api/_tablet/%5Fdownload']) }),
    token: fc.oneof(fc.constant(token), mutatedText([token]), fc.constant(undefined)),
    file: fc.oneof(fc.constantFrom(...files), mutatedText(files), fc.constant(undefined)),
    encode: fc.boolean(),
    extra: fc.oneof(fc.constant(''), mutatedText(['&type=V2', '&file=/etc/passwd', '&token=x', '&%zz=1'])),
  });
  await fc.assert(
    fc.asyncProperty(request, async ({ endpoint, token: given, file, encode, extra }) => {
      const query = [given === undefined ? '' : `token=${encodeURIComponent(given)}`, file === undefined ? '' : `file=${encode ? encodeURIComponent(file) : file.replace(/[#?&\s]/g, encodeURIComponent)}`].filter(Boolean).join('&');
      const path = '/' + endpoint.replace(/^\/+/, '').replace(/[^\x21-\x7e]/gu, encodeURIComponent).replace(/[?#]/g, encodeURIComponent);
      const response = await fetch(`http://127.0.0.1:${be.httpPort}${path}?${query}${extra.replace(/[^\x21-\x7e]/gu, encodeURIComponent).replace(/#/g, '%23')}`);
      const body = Buffer.from(await response.arrayBuffer());
      assert.ok(!body.includes('secret bytes'), 'nothing outside the snapshot directory is served');
      if (response.status === 200) {
        const listing = body.toString('utf8');
        const served = [...servable.values()].some((content) => content.equals(body));
        const isListing = listing === [...servable.entries()].map(([name, content]) => `${name}|${content.length}`).join('\n') + '\n';
        assert.ok(served || isListing, `a 200 answer is a snapshot file or the snapshot's listing, got ${listing.slice(0, 200)}`);
      } else {
        assert.ok([400, 401, 404, 405].includes(response.status), `a client error, not HTTP ${response.status}: ${body.toString('utf8')}`);
        const answer = JSON.parse(body.toString('utf8')) as { error?: unknown };
        assert.ok(typeof answer.error === 'string' && answer.error.length > 0, 'the answer says what was wrong');
      }
      assert.deepEqual(tree(be.store.snapshotRoot), before, 'a download changes nothing on disk');
    }),
    budget('snapshot download', 150, 0.1),
  );
});

// Found by the property above: a path inside the snapshot root that holds no snapshot
// ('<snapshot root>/x/<tablet>/<hash>/') was answered 500 with the BE's internal storage error;
// it is the caller's mistake, answered 404 like any other unknown snapshot.
test('regression: a snapshot directory that does not exist is a 404, not a server error', async () => {
  const file = `${be.store.snapshotRoot}/x/${tabletId}/0/`;
  const response = await fetch(`http://127.0.0.1:${be.httpPort}/api/_tablet/_download?token=${cluster.fe.token}&file=${file}`);
  assert.equal(response.status, 404);
  assert.deepEqual(await response.json(), { error: `no such snapshot: ${be.store.snapshotRoot}/x` });
});
