// Fuzz: Stream Load on the engine FE's HTTP port (PUT /api/{db}/{table}/_stream_load), with random
// and mutated paths, headers and bodies. Every request gets StarRocks' JSON answer; a load that is
// refused (Status other than Success) says why in Message and changes nothing: the table's row
// count and its partitions' visible versions stay as they were. A load that succeeds adds exactly
// the rows it reports as loaded.
// StarRocks: fe/fe-core/src/main/java/com/starrocks/http/rest/LoadAction.java (the endpoint) and
// be/src/http/action/stream_load.cpp (the JSON answer: Status, Message, NumberLoadedRows, ...).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Connection } from 'mysql2/promise';
import type { LocalCluster } from '../../src/storage-sim/cluster/local-cluster.js';
import { connect, rows, startCluster } from '../helpers/sim-cluster.js';
import { budget } from './fuzz-budget.js';
import { mutatedText } from './mutations.js';

const PASSWORD = 'fuzz-pw';
let cluster: LocalCluster;
let conn: Connection;

before(async () => {
  cluster = await startCluster('fuzz-stream-load', { backends: 1, rootPassword: PASSWORD });
  conn = await connect(cluster);
  await conn.query('CREATE DATABASE fuzz');
  await conn.query(
    "CREATE TABLE fuzz.dup (k INT NOT NULL, v VARCHAR(8), d DATE) DUPLICATE KEY(k) PARTITION BY RANGE(d) (PARTITION p1 VALUES LESS THAN ('2024-01-01'), PARTITION p2 VALUES LESS THAN ('2025-01-01')) DISTRIBUTED BY HASH(k) BUCKETS 2 PROPERTIES ('replication_num' = '1')",
  );
  await conn.query("CREATE TABLE fuzz.pk (k INT NOT NULL, v VARCHAR(8)) PRIMARY KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES ('replication_num' = '1')");
});
after(async () => {
  await conn?.end();
  await cluster?.stop();
});

interface TableState {
  count: number;
  versions: string;
}

async function state(table: string): Promise<TableState> {
  const [count] = await rows(conn, `SELECT COUNT(*) AS n FROM fuzz.${table}`);
  const partitions = await rows(conn, `SHOW PARTITIONS FROM fuzz.${table}`);
  return { count: Number(count!.n), versions: partitions.map((p) => `${p.PartitionName}:${p.VisibleVersion}`).join(',') };
}

const TABLES = ['dup', 'pk'];
const VALID_BODIES = ['1\ta\t2023-05-01\n2\tb\t2024-06-30\n', '3,c,2023-01-01', '[{"k": 4, "v": "d", "d": "2024-02-29"}]', '{"k": 5, "v": "e"}', '1\tx\n', ''];

/** Header values as an HTTP client can send them: printable ASCII. */
const headerValue = (valid: string[]) =>
  fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...valid) }, { weight: 1, arbitrary: mutatedText(valid) }).map((v) => v.replace(/[^\x20-\x7e]/g, '').trim());

const headers = fc.record(
  {
    label: fc.oneof(fc.constantFrom('fuzz_label', 'l-1', ''), fc.string({ maxLength: 20 })).map((v) => v.replace(/[^\x21-\x7e]/g, '')),
    format: headerValue(['csv', 'csv', 'json', 'JSON', 'parquet']),
    column_separator: headerValue(['\\t', ',', '\\x01', '|', '']),
    row_delimiter: headerValue(['\\n', '\\r\\n', ';']),
    columns: headerValue(['k,v,d', 'k, v', '`k`,v', 'k', 'v=k', 'k,__op', 'nope']),
    partitions: headerValue(['p1,p2', 'p1', 'p3', ' ']),
    max_filter_ratio: headerValue(['0', '0.5', '1', '1', '2', '-1', 'NaN']),
    timeout: headerValue(['10', '60', '0', '1.5', '999999999', 'x']),
    strip_outer_array: headerValue(['true', 'false']),
    skip_header: headerValue(['0', '1', '-1', '1e9', 'x']),
    authorization: fc.oneof(
      { weight: 6, arbitrary: fc.constant(`Basic ${Buffer.from(`root:${PASSWORD}`).toString('base64')}`) },
      { weight: 1, arbitrary: fc.constantFrom(
      `Basic ${Buffer.from('root:wrong').toString('base64')}`,
      `Basic ${Buffer.from('root').toString('base64')}`,
      'Basic !!!',
      'Bearer x',
    ) },
    ),
  },
  { requiredKeys: ['authorization'] },
);

/** A load that passes every header check, so the rows themselves (mutated bodies) decide. */
const nearValidHeaders = fc.record({
  authorization: fc.constant(`Basic ${Buffer.from(`root:${PASSWORD}`).toString('base64')}`),
  label: fc.string({ minLength: 1, maxLength: 12 }).map((v) => `l_${Buffer.from(v).toString('hex')}`),
  format: fc.constantFrom('csv', 'json'),
  strip_outer_array: fc.constantFrom('true', 'false'),
  max_filter_ratio: fc.constantFrom('0', '0.5', '1'),
});

const pathOf = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...TABLES).map((t) => ({ table: t, path: `/api/fuzz/${t}/_stream_load` })) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(...TABLES), mutatedText(['/api/fuzz/dup/_stream_load', '/api/fuzz/pk/_stream_load', '/api/fuzz%2Fx/dup/_stream_load', '/api/%66uzz/%64up/_stream_load', '/api/fuzz/%E8%A1%A8/_stream_load']))
      .map(([table, path]) => ({ table, path: '/' + encodeURI(path.replace(/^\/+/, '')).replace(/%25/g, '%') })),
  },
);

test('any Stream Load gets a JSON answer; a refused one says why and changes nothing', async () => {
  await fc.assert(
    fc.asyncProperty(pathOf, fc.oneof(headers, nearValidHeaders), fc.oneof(fc.constantFrom(...VALID_BODIES), mutatedText(VALID_BODIES)), async ({ table, path }, requestHeaders, body) => {
      const before = await Promise.all(TABLES.map(state));
      const response = await fetch(`http://127.0.0.1:${cluster.fe.httpPort}${path}`, { method: 'PUT', headers: requestHeaders, body });
      const text = await response.text();
      assert.ok(response.status < 500, `no server error (HTTP ${response.status}) for ${path}: ${text}`);
      const answer = JSON.parse(text) as Record<string, unknown>;
      const after = await Promise.all(TABLES.map(state));
      if (answer.Status === 'Success') {
        const loaded = Number(answer.NumberLoadedRows);
        const index = TABLES.indexOf(table);
        // A primary key table may replace rows instead of adding them.
        if (table === 'dup') assert.equal(after[index]!.count, before[index]!.count + loaded, 'a successful load adds the rows it reports');
        else assert.ok(after[index]!.count <= before[index]!.count + loaded);
        TABLES.forEach((_, i) => i !== index && assert.deepEqual(after[i], before[i], 'the other table is untouched'));
        return;
      }
      // The router's own refusals (no such endpoint, a path it cannot decode) come before Stream Load.
      if ([400, 404, 405].includes(response.status)) assert.ok(typeof answer.error === 'string' && answer.error !== '', `a clear error: ${text}`);
      else {
        assert.ok(['Fail', 'Label Already Exists'].includes(String(answer.Status)), `a StarRocks status: ${text}`);
        assert.ok(typeof answer.Message === 'string' && answer.Message !== '', `the answer says why: ${text}`);
      }
      assert.deepEqual(after, before, `a refused load changes nothing: ${text}`);
    }),
    budget('stream load', 80, 0.05),
  );
});

// Found by the property above: a broken %-escape in the path ('/api/fu%zz/dup/_stream_load') made
// the router fail with an uncaught URIError, answered 500 "URI malformed"; it is a bad request.
test('regression: a malformed percent-escape in the path is a 400 naming the segment, and loads nothing', async () => {
  const before = await Promise.all(TABLES.map(state));
  for (const path of ['/api/fu%zz/dup/_stream_load', '/api/fuzz/%E8%A1/_stream_load']) {
    const response = await fetch(`http://127.0.0.1:${cluster.fe.httpPort}${path}`, {
      method: 'PUT',
      headers: { authorization: `Basic ${Buffer.from(`root:${PASSWORD}`).toString('base64')}` },
      body: '9\tz\t2023-05-01\n',
    });
    assert.equal(response.status, 400, path);
    const answer = (await response.json()) as { error: string };
    assert.match(answer.error, /^the path segment '.+' is not valid percent-encoded UTF-8$/);
  }
  assert.deepEqual(await Promise.all(TABLES.map(state)), before);
});
