import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHostsMapping, mapAddress } from '../../src/config/hosts-mapping.js';
import type { PropertiesFile } from '../../src/config/properties-file.js';
import { scratchDir } from '../helpers/scratch.js';
import { writeConf } from '../helpers/config-files.js';
import { runCli } from '../helpers/run-cli.js';

function file(lines: [string, string][]): PropertiesFile {
  return { path: 'hosts.properties', entries: lines.map(([key, value], i) => ({ key, value, line: i + 1 })), duplicates: [] };
}

test('addresses are mapped per side, with optional port mapping', () => {
  const { mapping, problems } = parseHostsMapping(
    file([
      ['SOURCE_192.1.1.1', '10.1.1.1'],
      ['SOURCE_192.1.1.2', '10.1.1.2'],
      ['TARGET_fe-0.starrocks.svc.cluster.local', '10.1.2.1;9030:19030'],
    ]),
  );
  assert.deepEqual(problems, []);
  assert.deepEqual(mapAddress(mapping, 'source', { host: '192.1.1.1', port: 9060 }), { host: '10.1.1.1', port: 9060 });
  assert.deepEqual(mapAddress(mapping, 'target', { host: 'fe-0.starrocks.svc.cluster.local', port: 9030 }), { host: '10.1.2.1', port: 19030 });
  assert.deepEqual(mapAddress(mapping, 'target', { host: 'fe-0.starrocks.svc.cluster.local', port: 9020 }), { host: '10.1.2.1', port: 9020 });
  assert.deepEqual(mapAddress(mapping, 'target', { host: '192.1.1.1', port: 1 }), { host: '192.1.1.1', port: 1 }, 'a SOURCE_ rule does not apply to the target');
  assert.deepEqual(mapAddress(mapping, 'source', { host: 'unmapped', port: 1 }), { host: 'unmapped', port: 1 });
});

test('bad rules name their line and what was expected', () => {
  const { problems } = parseHostsMapping(
    file([
      ['SOURCE_a', ''],
      ['TARGET_b', '10.0.0.1;9030'],
      ['TARGET_c', '10.0.0.1;9030:0'],
      ['source_d', 'ok.host'],
      ['NOPE', '1.2.3.4'],
    ]),
  );
  assert.deepEqual(problems.map((p) => p.line), [1, 2, 3, 5]);
  assert.match(problems[0]!.expected, /a host or IP/);
  assert.match(problems[3]!.expected, /SOURCE_<host> or TARGET_<host>/);
});

test('the daemon dials the mapped address of a configured FE host', async (t) => {
  // A plain TCP listener stands in for the FE: the mapping is proven by where the connection lands.
  const accepted: Socket[] = [];
  const server = createServer((socket) => {
    accepted.push(socket);
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const port = (server.address() as { port: number }).port;

  const dir = scratchDir('hosts-dial');
  const conf = writeConf(dir, {
    source_fe_host: 'fe-0.source.svc.cluster.local',
    target_fe_host: 'fe-0.target.svc.cluster.local',
    jdbc_connect_timeout_ms: '2000',
  });
  const hosts = join(dir, 'hosts.properties');
  writeFileSync(hosts, `SOURCE_fe-0.source.svc.cluster.local=127.0.0.1;9030:${port}\nTARGET_fe-0.target.svc.cluster.local=127.0.0.1;9030:${port}\n`);
  const logDir = join(dir, 'log');
  const run = await runCli(['start', '--once', '--connect-attempts', '2', '--conf', conf, '--hosts', hosts, '--log-dir', logDir]);
  assert.equal(run.code, 1, 'a one-time run that cannot log in fails');
  assert.ok(accepted.length >= 2, `both sides dialled the mapped address (accepted ${accepted.length})`);
  const warn = readFileSync(join(logDir, 'sync.WARN.log'), 'utf8');
  assert.match(warn, new RegExp(`source FE 127\\.0\\.0\\.1:${port} \\(mapped from fe-0\\.source\\.svc\\.cluster\\.local:9030\\)`));
  assert.match(warn, /giving up/);
});
